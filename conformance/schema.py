"""The grade record: the ONE place its format is defined.

A run writes JSON Lines, one record per check and edition. Records carry no
host name or path, so records of the same implementation made on different
machines merge: a record's identity is ``(impl.name, impl.version,
interpreter.implementation, interpreter.version, edition, check)``.

Fields of schema version 4 (``"schema": "httpclient-conformance/4"``; version 3
had no ``example``; version 2 had a list ``clauses`` in place of ``clause``,
``level`` and ``related``; version 1 had no ``outcome``, a one-line
``message`` and no transcript on a pass):

=============  ==============  ================================================
field          type            meaning
=============  ==============  ================================================
schema         str             ``SCHEMA`` (readers reject other values)
run_id         str             32 hex digits, shared by every record of a run
started        str             UTC start of the run, ``YYYY-MM-DDTHH:MM:SSZ``
check          str             stable check id, e.g. ``wire[status-line-http-1-10]``
nodeid         str             pytest node id of the check
clause         str             the one clause id the check grades in this edition
                               (``seed:...``, ``modern:...``, ``rfc9112:...``, ``cpython:...``)
level          str             that clause's level (``MUST``, ``SHOULD``, ``MAY``, ``INFO``,
                               ``de-facto``): what the grade weighed
related        list of str     clause ids the check touches but does not grade
edition        str             the documentation graded against: ``seed`` or ``modern``
                               (rfc9112 and cpython clauses bind both)
grade          str             one of ``GRADES``, after the level (``grading.by_level``)
impl           object          ``name`` (what ``--impl`` said), ``module`` (its
                               ``__name__``), ``version``
interpreter    object          ``implementation`` (CPython, PyPy...), ``version``
duration       number          seconds the check took (>= 0)
message        str             the whole reason (several lines for a property's falsifying
                               example); empty on a pass
outcome        list of str     what was observed, normalised (one entry per request of a
                               case: the exception type and the call that raised it, or
                               status, reason, version, headers, body length and digest;
                               else the message with ports and addresses masked): what a
                               baseline compares
script         str or null     the (last) script the check played (a case's name, or the
                               name of a check's own script), if any
transcript     str or null     rendered wire transcript of every script played, pass
                               included (long payloads abridged); null when none was
reproduce      str             a command that re-runs just this check (for a failed
                               property check with ``--results R``: ``python -m
                               conformance replay R ...``, which replays ``example``)
example        object or null  a property check's reported (shrunk) example:
                               ``property`` (its check id), ``edition``, ``input``
                               (plain JSON; bytes as ``{"latin-1": text}``); null
                               for every other record
=============  ==============  ================================================
"""

import re
from typing import Any, Dict, List, Mapping

from conformance.clauses import EDITIONS, LEVELS
from conformance.grading import GRADES

SCHEMA = "httpclient-conformance/4"
RECORD_EDITIONS = EDITIONS  # one definition: the clause catalogue's

_STR = (str,)
FIELDS: Dict[str, tuple] = {
    "schema": _STR,
    "run_id": _STR,
    "started": _STR,
    "check": _STR,
    "nodeid": _STR,
    "clause": _STR,
    "level": _STR,
    "related": (list,),
    "edition": _STR,
    "grade": _STR,
    "impl": (dict,),
    "interpreter": (dict,),
    "duration": (int, float),
    "message": _STR,
    "outcome": (list,),
    "script": (str, type(None)),
    "transcript": (str, type(None)),
    "reproduce": _STR,
    "example": (dict, type(None)),
}
_RUN_ID = re.compile(r"^[0-9a-f]{32}$")
_STARTED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
_CLAUSE = re.compile(r"^(seed|modern|rfc9112|cpython):[^:\s]+:[^:\s]+$")


class SchemaError(ValueError):
    """A record that does not follow the schema; the message names field and value."""


def validate_record(record: Any) -> Dict[str, Any]:
    """Check ``record`` against schema version 4 and return it; raise ``SchemaError``."""
    if not isinstance(record, dict):
        raise SchemaError(f"record must be a JSON object, got {type(record).__name__}")
    if record.get("schema") != SCHEMA:
        raise SchemaError(f"record schema {record.get('schema')!r} is not {SCHEMA!r}")
    missing = [name for name in FIELDS if name not in record]
    if missing:
        raise SchemaError(f"record lacks field(s) {', '.join(missing)}")
    extra = sorted(set(record) - set(FIELDS))
    if extra:
        raise SchemaError(f"record has unknown field(s) {', '.join(extra)}")
    for name, types in FIELDS.items():
        value = record[name]
        if isinstance(value, bool) or not isinstance(value, types):
            raise SchemaError(f"record field {name!r} has bad type: {value!r}")
    _check(_RUN_ID.match(record["run_id"]), "run_id", record["run_id"])
    _check(_STARTED.match(record["started"]), "started", record["started"])
    _check(record["check"], "check", record["check"])
    _check(record["edition"] in RECORD_EDITIONS, "edition", record["edition"])
    _check(record["grade"] in GRADES, "grade", record["grade"])
    _check(record["duration"] >= 0, "duration", record["duration"])
    _check(all(isinstance(o, str) for o in record["outcome"]), "outcome", record["outcome"])
    _check(_CLAUSE.match(record["clause"]), "clause", record["clause"])
    _check(record["level"] in LEVELS, "level", record["level"])
    related = record["related"]
    _check(all(isinstance(c, str) and _CLAUSE.match(c) for c in related), "related", related)
    _check_object(record, "impl", ("name", "module", "version"))
    _check_object(record, "interpreter", ("implementation", "version"))
    example = record["example"]
    if example is not None:
        _check(sorted(example) == ["edition", "input", "property"]
               and isinstance(example["property"], str)
               and example["edition"] in RECORD_EDITIONS, "example", example)
    return record


def _check(ok: Any, name: str, value: Any) -> None:
    if not ok:
        raise SchemaError(f"record field {name!r} has bad value: {value!r}")


def _check_object(record: Mapping[str, Any], name: str, keys: List[str]) -> None:
    value = record[name]
    if sorted(value) != sorted(keys) or not all(isinstance(value[k], str) for k in keys):
        raise SchemaError(
            f"record field {name!r} must hold string keys {', '.join(keys)}: {value!r}"
        )
