"""The clause catalogue: every testable statement of every origin, by id.

``CLAUSES`` maps each id (``<origin>:<section>:<slug>``) to its
:class:`~conformance.clauses.model.Clause`, seed first, then modern, then
rfc9112, then the de-facto cpython clauses, each in document order.
"""

from typing import Dict, List, Mapping, Sequence, Tuple

from . import cpython, modern, rfc9112, seed
from .model import BOTH_EDITIONS, DE_FACTO, KINDS, LEVELS, ORIGINS, Clause, InvalidClause

EDITIONS: Tuple[str, ...] = ("seed", "modern")


class UnknownOrigin(LookupError):
    """An origin name outside ``ORIGINS``."""


class InvalidAttribution(ValueError):
    """A check or case whose graded clauses do not give one clause per edition."""


def _index(*groups: Sequence[Clause]) -> Dict[str, Clause]:
    index: Dict[str, Clause] = {}
    for group in groups:
        for clause in group:
            if clause.id in index:
                raise InvalidClause(f"clause id {clause.id!r} is defined twice")
            index[clause.id] = clause
    return index


CLAUSES: Dict[str, Clause] = _index(seed.CLAUSES, modern.CLAUSES, rfc9112.CLAUSES, cpython.CLAUSES)


def by_origin(origin: str) -> List[Clause]:
    """The clauses of ``origin`` (one of ``ORIGINS``), in order."""
    if origin not in ORIGINS:
        raise UnknownOrigin(
            f"unknown origin {origin!r}; expected one of {', '.join(ORIGINS)}"
        )
    return [clause for clause in CLAUSES.values() if clause.origin == origin]


def get(clause_id: str) -> Clause:
    """The clause named ``clause_id``; ``KeyError`` naming the id otherwise."""
    try:
        return CLAUSES[clause_id]
    except KeyError:
        raise KeyError(f"unknown clause id {clause_id!r}") from None


def attribute(graded: Sequence[str],
              editions: Sequence[str] = EDITIONS) -> Dict[str, str]:
    """The clause each edition grades, ``{edition: clause id}``, from the ids a
    check or case grades (its other clauses are related, not graded).

    An edition grades its own document's clause when one is given, else the
    one clause of an origin binding both editions (rfc9112, cpython); an edition
    with neither is not graded. Two candidates for one edition, or a graded id
    that no edition of ``editions`` grades, raise ``InvalidAttribution``."""
    for clause_id in graded:
        get(clause_id)
    shared = [c for c in graded if CLAUSES[c].origin in BOTH_EDITIONS]
    result: Dict[str, str] = {}
    for edition in editions:
        own = [c for c in graded if CLAUSES[c].origin == edition]
        candidates = own or shared
        if len(candidates) > 1:
            raise InvalidAttribution(
                f"{edition} would grade {len(candidates)} clauses ({', '.join(candidates)}); "
                "grade one per edition and list the others as related")
        if candidates:
            result[edition] = candidates[0]
    unused = [c for c in graded if c not in result.values()]
    if unused:
        raise InvalidAttribution(
            f"{', '.join(unused)} would be graded in no edition of {', '.join(editions)}; "
            "list it as related")
    return result


def _truncate(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "\u2026"


def render_catalogue(
    coverage: Mapping[str, Sequence[str]],
    origins: Sequence[str] = ORIGINS,
    text_width: int = 60,
) -> str:
    """A plain-text table of the catalogue, one row per clause: id, level, text
    (truncated to ``text_width``) and the checks grading it.

    ``coverage`` maps a clause id to the ids of the checks that grade it (a
    check that only relates to a clause does not count); a clause with none
    shows ``NOT GRADED``. Each origin gets a heading and a closing count of
    graded clauses.
    """
    lines: List[str] = []
    for origin in origins:
        clauses = by_origin(origin)
        width = max(len(clause.id) for clause in clauses)
        covered = sum(1 for clause in clauses if coverage.get(clause.id))
        lines.append(f"== {origin}: {len(clauses)} clauses ==")
        lines.append(f"{'ID':<{width}}  {'LEVEL':<8}  {'TEXT':<{text_width}}  GRADED BY")
        for clause in clauses:
            checks = list(coverage.get(clause.id, ()))
            covered_by = ", ".join(checks) if checks else "NOT GRADED"
            text = _truncate(clause.text, text_width)
            lines.append(f"{clause.id:<{width}}  {clause.level:<8}  {text:<{text_width}}  "
                         f"{covered_by}")
        lines.append(f"-- {origin}: {covered}/{len(clauses)} clauses graded --")
        lines.append("")
    return "\n".join(lines)


__all__ = [
    "BOTH_EDITIONS",
    "CLAUSES",
    "DE_FACTO",
    "KINDS",
    "LEVELS",
    "ORIGINS",
    "Clause",
    "EDITIONS",
    "InvalidAttribution",
    "InvalidClause",
    "UnknownOrigin",
    "attribute",
    "by_origin",
    "get",
    "render_catalogue",
]
