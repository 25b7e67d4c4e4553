"""Building grade records for the reports tests: every field comes from
``conformance.schema`` (so a schema version bump flows through), with values
a test may override."""

import json
from typing import Any, Dict, Iterable, Optional

from conformance import clauses
from conformance.schema import FIELDS, SCHEMA, validate_record

Record = Dict[str, Any]
SEED_CLAUSE = clauses.by_origin("seed")[0].id
MODERN_CLAUSE = clauses.by_origin("modern")[0].id
RFC_CLAUSE = clauses.by_origin("rfc9112")[0].id

_DEFAULTS: Record = {
    "schema": SCHEMA,
    "run_id": "0123456789abcdef0123456789abcdef",
    "started": "2026-01-02T03:04:05Z",
    "check": "a_check",
    "nodeid": "conformance/checks/test_x.py::test_a_check",
    "clause": RFC_CLAUSE,
    "level": clauses.get(RFC_CLAUSE).level,
    "related": [],
    "edition": "modern",
    "grade": "pass",
    "impl": {"name": "http.client", "module": "http.client", "version": "CPython 3.11.7"},
    "interpreter": {"implementation": "CPython", "version": "3.11.7"},
    "duration": 0.01,
    "message": "",
    "outcome": [],
    "script": None,
    "transcript": None,
    "reproduce": "python -m conformance run --impl http.client --check a_check",
}


def record(impl: str = "http.client", version: Optional[str] = None, interpreter: str = "3.11.7",
           **fields: Any) -> Record:
    """A valid record of ``impl`` on CPython ``interpreter``; ``fields`` override the rest
    (``clause`` also sets ``level`` from the catalogue unless ``level`` is given)."""
    made: Record = {}
    for name, types in FIELDS.items():
        if name in _DEFAULTS:
            made[name] = json.loads(json.dumps(_DEFAULTS[name]))
        else:  # a field of a newer schema version (e.g. ``example``): its empty value
            made[name] = None if type(None) in types else types[0]()
    made["impl"] = {"name": impl, "module": impl,
                    "version": version or f"CPython {interpreter}"}
    made["interpreter"] = {"implementation": "CPython", "version": interpreter}
    if "clause" in fields and "level" not in fields:
        made["level"] = clauses.get(fields["clause"]).level
    made.update(fields)
    return validate_record(made)


def write_jsonl(path: Any, records: Iterable[Record]) -> str:
    with open(path, "w", encoding="utf-8") as out:
        for item in records:
            out.write(json.dumps(item) + "\n")
    return str(path)
