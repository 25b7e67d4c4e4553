"""The clause data model: one testable statement from one origin, with a stable id.

A clause's origin is the document it comes from: ``seed`` (the seed edition
of the documentation), ``modern`` (what current CPython documents) or
``rfc9112`` (HTTP/1.1, binding both editions) or ``cpython`` (behaviour
observed on CPython where its documentation is silent or says otherwise,
level ``de-facto``, binding both editions only on request). "Edition" names
only what an implementation is graded against (``seed`` or ``modern``).

A clause's level is its source's: ``MUST`` (MUST NOT too), ``SHOULD`` (SHOULD
NOT too), ``MAY``, ``INFO`` (a statement that binds nobody: a note, an
instruction to the caller, a documented limitation) or ``de-facto``.

An id reads ``<origin>:<section>:<slug>``, for example
``seed:20.10:HTTPConnection-port-from-host`` or ``rfc9112:6.3:head-no-body``.
Ids are stable: once published they are never renamed, only added.
"""

import re
from dataclasses import dataclass
from typing import Iterable, List, Tuple

ORIGINS: Tuple[str, ...] = ("seed", "modern", "rfc9112", "cpython")
DE_FACTO = "de-facto"
LEVELS: Tuple[str, ...] = ("MUST", "SHOULD", "MAY", "INFO", DE_FACTO)
# Origins whose clauses bind both editions (the others bind their own).
BOTH_EDITIONS: Tuple[str, ...] = ("rfc9112", "cpython")
KINDS: Tuple[str, ...] = ("api", "behaviour", "wire", "example")

ID_PATTERN = re.compile(
    r"^(?P<origin>seed|modern|rfc9112|cpython)"
    r":(?P<section>[A-Za-z0-9][A-Za-z0-9.\-]*)"
    r":(?P<slug>[A-Za-z0-9][A-Za-z0-9_.\-]*)$"
)


class InvalidClause(ValueError):
    """A clause whose fields break the catalogue's rules (bad id, level...)."""


@dataclass(frozen=True)
class Clause:
    """One testable statement.

    ``text`` is quoted verbatim from the document for the ``seed`` origin and
    paraphrased for the others. ``kind`` says how a check reaches it: ``api``
    (names, values, signatures), ``behaviour`` (no server needed), ``wire``
    (needs a scripted server) or ``example``. ``observed`` names the CPython
    versions a ``cpython`` clause was observed on (required there, empty
    elsewhere).
    """

    id: str
    origin: str
    level: str
    section: str
    text: str
    kind: str = "wire"
    observed: str = ""

    def __post_init__(self) -> None:
        match = ID_PATTERN.match(self.id)
        if match is None:
            raise InvalidClause(
                f"clause id {self.id!r} is not '<origin>:<section>:<slug>' "
                f"with origin one of {', '.join(ORIGINS)}"
            )
        if match.group("origin") != self.origin:
            raise InvalidClause(
                f"clause id {self.id!r} has origin prefix {match.group('origin')!r} "
                f"but origin {self.origin!r}"
            )
        if match.group("section") != self.section:
            raise InvalidClause(
                f"clause id {self.id!r} names section {match.group('section')!r} "
                f"but section {self.section!r}"
            )
        if self.level not in LEVELS:
            raise InvalidClause(
                f"clause {self.id!r} has level {self.level!r}; expected one of {', '.join(LEVELS)}"
            )
        if self.kind not in KINDS:
            raise InvalidClause(
                f"clause {self.id!r} has kind {self.kind!r}; expected one of {', '.join(KINDS)}"
            )
        if (self.origin == "cpython") != (self.level == DE_FACTO):
            raise InvalidClause(
                f"clause {self.id!r}: level {DE_FACTO!r} goes with origin 'cpython' and only "
                f"with it (got level {self.level!r}, origin {self.origin!r})"
            )
        if (self.origin == "cpython") != bool(self.observed.strip()):
            raise InvalidClause(
                f"clause {self.id!r}: 'observed' (the CPython versions) is required for "
                "origin 'cpython' and only there"
            )
        if not self.text.strip():
            raise InvalidClause(f"clause {self.id!r} has an empty text")

    @property
    def slug(self) -> str:
        """The last part of the id."""
        return self.id.rsplit(":", 1)[1]


    def binds(self, edition: str) -> bool:
        """True when the clause applies to an implementation graded in ``edition``."""
        return self.origin == edition or self.origin in BOTH_EDITIONS


def build(origin: str, rows: Iterable[Tuple[str, str, str, str, str]]) -> List[Clause]:
    """Make clauses of ``origin`` from ``(section, slug, level, kind, text)`` rows."""
    return [
        Clause(f"{origin}:{section}:{slug}", origin, level, section, text, kind)
        for section, slug, level, kind, text in rows
    ]


def build_de_facto(rows: Iterable[Tuple[str, str, str, str, str]]) -> List[Clause]:
    """Make ``cpython`` clauses (level de-facto) from ``(section, slug, kind,
    observed, text)`` rows."""
    return [
        Clause(f"cpython:{section}:{slug}", "cpython", DE_FACTO, section, text, kind, observed)
        for section, slug, kind, observed, text in rows
    ]
