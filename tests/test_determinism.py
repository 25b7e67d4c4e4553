"""tests/determinism.py: which checks changed grade or message between runs."""

import io
import json
from pathlib import Path
from typing import Any, Dict, List

from conformance.schema import SCHEMA
from tests import determinism


def record(check: str, grade: str, message: str = "", edition: str = "modern") -> Dict[str, Any]:
    """A valid record of ``check`` with ``grade`` and ``message``."""
    return {
        "schema": SCHEMA, "run_id": "0" * 32, "started": "2026-11-28T07:00:00Z",
        "check": check, "nodeid": f"x.py::{check}", "clause": "rfc9112:9.6:connection-reset",
        "level": "MUST", "related": [],
        "edition": edition, "grade": grade,
        "impl": {"name": "toy", "module": "toy", "version": "1"},
        "interpreter": {"implementation": "CPython", "version": "3.11"},
        "duration": 0.1, "message": message, "outcome": [message] if message else [],
        "script": None, "transcript": None,
        "reproduce": "python -m conformance run --impl toy", "example": None,
    }


def write_run(folder: Path, name: str, records: List[Dict[str, Any]]) -> str:
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_ports_are_masked() -> None:
    text = "Host: 127.0.0.1:41234, HTTPConnection(host='127.0.0.1', port=39065)"
    assert determinism.normalise(text) == (
        "Host: 127.0.0.1:PORT, HTTPConnection(host='127.0.0.1', port=PORT)")


def test_grade_message_and_missing_records_differ(tmp_path: Path) -> None:
    one = write_run(tmp_path, "one", [
        record("steady", "pass"), record("flips", "pass"), record("wording", "fail", "a"),
        record("port", "fail", "at 127.0.0.1:1111"), record("gone", "pass"),
    ])
    two = write_run(tmp_path, "two", [
        record("steady", "pass"), record("flips", "lenient", "b"), record("wording", "fail", "c"),
        record("port", "fail", "at 127.0.0.1:2222"),
    ])
    out = io.StringIO()
    assert determinism.report([one, two], out) == 3
    text = out.getvalue()
    assert "flips [modern]" in text and "wording [modern]" in text and "gone [modern]" in text
    assert "steady" not in text and "port [modern]" not in text
    assert "runs two" in text
    assert text.endswith("5 checks x editions, 2 runs, 3 differing\n")


def test_exit_status(tmp_path: Path, capsys: Any) -> None:
    same = [write_run(tmp_path, f"r{n}", [record("steady", "pass")]) for n in (1, 2)]
    assert determinism.main(same) == 0
    assert determinism.main([str(tmp_path / "absent.jsonl")]) == 2
    assert "absent.jsonl" in capsys.readouterr().err
