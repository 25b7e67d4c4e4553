"""Baselines: the deviations one implementation on one interpreter is known to have.

A baseline file is JSON::

    {"schema": "httpclient-conformance-baseline/3",
     "impl": {"name": "http.client", "module": "http.client", "version": "CPython 3.11.7"},
     "interpreter": {"implementation": "CPython", "version": "3.11.7"},
     "known": [{"check": "wire[...]", "edition": "seed", "clause": "...",
                "seen": [{"grade": "fail", "outcome": ["IncompleteRead at read"]}]}]}

Each entry holds every outcome seen for the check (more than one only where
the behaviour truly varies between runs; ``--repeat`` collects them). A run
compared with a baseline sorts its records into:

* ``known``: a deviation whose grade and outcome the entry lists;
* ``new``: a deviation of a check the baseline does not list;
* ``changed``: a deviation the baseline lists with another grade or outcome
  (the check still fails, but differently: a response desync that turns
  ``third`` into ``stale`` is a change, not the known failure);
* ``fixed``: a check the baseline lists that no longer deviates.

``new`` and ``changed`` fail the run; ``fixed`` is reported. ``error`` (the
kit failed) is never baselined. A baseline names the implementation and the
interpreter it was made from: using it for another is a usage error unless
the caller says so (``--baseline-from-other-impl``).
"""

import json
import platform
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from conformance.grading import DEVIATION_GRADES, ERROR

BASELINE_SCHEMA = "httpclient-conformance-baseline/3"

Key = Tuple[str, str]
Record = Dict[str, Any]
Seen = Tuple[str, Tuple[str, ...]]  # (grade, outcome)


class BaselineError(Exception):
    """An unreadable or malformed baseline file; the message names the path."""


class ForeignBaseline(BaselineError):
    """A baseline made from another implementation or interpreter."""


@dataclass
class Baseline:
    """A loaded baseline: who it was made from and what it knows."""

    path: str
    impl: Dict[str, str]
    interpreter: Dict[str, str]
    known: Dict[Key, List[Seen]]


@dataclass
class Comparison:
    """A run's records sorted against a baseline (see the module docstring)."""

    known: List[Record] = field(default_factory=list)
    new: List[Record] = field(default_factory=list)
    changed: List[Record] = field(default_factory=list)
    fixed: List[Record] = field(default_factory=list)
    errors: List[Record] = field(default_factory=list)

    @property
    def failing(self) -> bool:
        """Whether the run has new or changed deviations."""
        return bool(self.new or self.changed)


def _seen(record: Record) -> Seen:
    return record["grade"], tuple(record["outcome"])


def make_baseline(records: Sequence[Record]) -> Dict[str, Any]:
    """The baseline listing every deviating record of ``records`` (records of one
    implementation on one interpreter, possibly from several runs)."""
    if not records:
        raise BaselineError("no records to make a baseline from")
    entries: Dict[Key, Dict[str, Any]] = {}
    for record in records:
        if record["grade"] not in DEVIATION_GRADES:
            continue
        key = (record["check"], record["edition"])
        entry = entries.setdefault(key, {"check": key[0], "edition": key[1],
                                         "clause": record["clause"], "seen": []})
        seen = {"grade": record["grade"], "outcome": list(record["outcome"])}
        if seen not in entry["seen"]:
            entry["seen"].append(seen)
    for entry in entries.values():
        entry["seen"].sort(key=lambda s: (s["grade"], s["outcome"]))
    first = records[0]
    return {"schema": BASELINE_SCHEMA, "impl": dict(first["impl"]),
            "interpreter": dict(first["interpreter"]),
            "known": [entries[key] for key in sorted(entries)]}


def load_baseline(path: str) -> Baseline:
    """Read and validate ``path``; raise ``BaselineError`` naming what is wrong."""
    try:
        with open(path, encoding="utf-8") as src:
            data = json.load(src)
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read baseline {path!r}: {exc}") from None
    except ValueError as exc:
        raise BaselineError(f"baseline {path!r} is not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else None
        raise BaselineError(f"baseline {path!r} has schema {found!r}, expected "
                            f"{BASELINE_SCHEMA!r} (regenerate it with "
                            "'python -m conformance baseline')")
    impl, interpreter = data.get("impl"), data.get("interpreter")
    if not _strings(impl, ("name", "module", "version")) or not _strings(
            interpreter, ("implementation", "version")):
        raise BaselineError(f"baseline {path!r} lacks \"impl\" (name, module, version) or "
                            "\"interpreter\" (implementation, version)")
    entries = data.get("known")
    if not isinstance(entries, list):
        raise BaselineError(f"baseline {path!r} lacks a \"known\" list")
    known: Dict[Key, List[Seen]] = {}
    for index, entry in enumerate(entries):
        seen = _entry_seen(entry)
        if seen is None:
            raise BaselineError(f"baseline {path!r} entry {index} is malformed: {entry!r}")
        known[(entry["check"], entry["edition"])] = seen
    return Baseline(path, impl, interpreter, known)


def _strings(value: Any, keys: Sequence[str]) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(k), str) for k in keys)


def _entry_seen(entry: Any) -> Optional[List[Seen]]:
    if not (isinstance(entry, dict) and isinstance(entry.get("check"), str)
            and isinstance(entry.get("edition"), str)
            and isinstance(entry.get("seen"), list) and entry["seen"]):
        return None
    seen: List[Seen] = []
    for item in entry["seen"]:
        if not (isinstance(item, dict) and item.get("grade") in DEVIATION_GRADES
                and isinstance(item.get("outcome"), list)
                and all(isinstance(o, str) for o in item["outcome"])):
            return None
        seen.append((item["grade"], tuple(item["outcome"])))
    return seen


def interpreter_here() -> Dict[str, str]:
    """This interpreter as a baseline names it."""
    return {"implementation": platform.python_implementation(),
            "version": platform.python_version()}


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def check_origin(baseline: Baseline, impl_name: str,
                 interpreter: Optional[Dict[str, str]] = None) -> None:
    """Raise ``ForeignBaseline`` unless ``baseline`` was made from ``impl_name`` (as
    given to ``--impl``) on this kind of interpreter (same implementation and
    major.minor version)."""
    here = interpreter or interpreter_here()
    theirs = baseline.interpreter
    same_impl = baseline.impl["name"] == impl_name
    same_interp = (theirs["implementation"] == here["implementation"]
                   and _minor(theirs["version"]) == _minor(here["version"]))
    if not (same_impl and same_interp):
        raise ForeignBaseline(
            f"baseline {baseline.path!r} was made from --impl {baseline.impl['name']!r} on "
            f"{theirs['implementation']} {theirs['version']}, not --impl {impl_name!r} on "
            f"{here['implementation']} {here['version']}; pass --baseline-from-other-impl "
            "to use it anyway")


def compare(records: Iterable[Record], known: Dict[Key, List[Seen]]) -> Comparison:
    """Sort ``records`` against the ``known`` deviations of a baseline."""
    result = Comparison()
    for record in records:
        grade = record["grade"]
        entry = known.get((record["check"], record["edition"]))
        if grade == ERROR:
            result.errors.append(record)
        elif grade not in DEVIATION_GRADES:
            if entry is not None:
                result.fixed.append(record)
        elif entry is None:
            result.new.append(record)
        elif _seen(record) in entry:
            result.known.append(record)
        else:
            result.changed.append(record)
    return result


def expected_outcomes(known: Dict[Key, List[Seen]], record: Record) -> List[str]:
    """How the baseline's outcomes for ``record``'s check read, one line each."""
    return [f"{grade}: {' / '.join(outcome) or '(no outcome)'}"
            for grade, outcome in known.get((record["check"], record["edition"]), [])]
