"""Baselines: the deviations an implementation is known to have.

A baseline file is JSON::

    {"schema": "httpclient-conformance-baseline/1", "impl": "http.client",
     "known": [{"check": "wire[...]", "edition": "seed", "clauses": [...], "grade": "fail"}]}

A failing record (``fail``, ``missing``, ``hang``, ``crash``; ``lenient`` and
``info`` do not fail a run) is *known* when the baseline lists the same check
and edition with the same grade; otherwise it is *new*.
"""

import json
from typing import Any, Dict, Iterable, List, Tuple

from conformance.grading import GRADES, OK_GRADES

BASELINE_SCHEMA = "httpclient-conformance-baseline/1"

Key = Tuple[str, str]


class BaselineError(Exception):
    """An unreadable or malformed baseline file; the message names the path."""


def make_baseline(impl_name: str, records: Iterable[Dict[str, Any]]) -> Dict[str, Any]:
    """The baseline listing every deviating record of ``records``."""
    known = [
        {"check": r["check"], "edition": r["edition"], "clauses": r["clauses"], "grade": r["grade"]}
        for r in records
        if r["grade"] not in OK_GRADES
    ]
    known.sort(key=lambda entry: (entry["check"], entry["edition"]))
    return {"schema": BASELINE_SCHEMA, "impl": impl_name, "known": known}


def load_baseline(path: str) -> Dict[Key, str]:
    """Read ``path`` into ``{(check, edition): grade}``; raise ``BaselineError``."""
    try:
        with open(path, encoding="utf-8") as src:
            data = json.load(src)
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot read baseline {path!r}: {exc}") from None
    except ValueError as exc:
        raise BaselineError(f"baseline {path!r} is not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
        raise BaselineError(f"baseline {path!r} lacks \"schema\": {BASELINE_SCHEMA!r}")
    entries = data.get("known")
    if not isinstance(entries, list):
        raise BaselineError(f"baseline {path!r} lacks a \"known\" list")
    known: Dict[Key, str] = {}
    for index, entry in enumerate(entries):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("check"), str)
            and isinstance(entry.get("edition"), str)
            and entry.get("grade") in GRADES
        ):
            raise BaselineError(f"baseline {path!r} entry {index} is malformed: {entry!r}")
        known[(entry["check"], entry["edition"])] = entry["grade"]
    return known


def split_new(
    records: Iterable[Dict[str, Any]], known: Dict[Key, str]
) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """Split the deviating records into ``(known, new)``."""
    old: List[Dict[str, Any]] = []
    new: List[Dict[str, Any]] = []
    for record in records:
        if record["grade"] in OK_GRADES:
            continue
        if known.get((record["check"], record["edition"])) == record["grade"]:
            old.append(record)
        else:
            new.append(record)
    return old, new
