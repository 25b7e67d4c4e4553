"""``python -m conformance replay``: one example, once, from an example object or a
records file; usage errors exit 2 with one line naming the value."""

import json
from typing import Any, Dict

from conformance_support import run_cli

from conformance import context, properties
from conformance.checks import test_properties  # noqa: F401  (registers the properties)
from conformance.impl import load

# A valid response the reference reads back as its model.
EXAMPLE: Dict[str, Any] = {
    "property": "valid_content_length", "edition": "modern",
    "input": {"pattern": [["read_amt", 3]], "segmentation": {"split": 1, "pause": 0.0},
              "response": {"method": "GET", "interim": [], "version": "HTTP/1.1",
                           "status": 200, "reason": "OK", "fields": [["X-A", "b"]],
                           "framing": "length", "body": {"size": 7, "motif": {"latin-1": "ab"}},
                           "close": False, "framing_name": "canonical", "framing_at": 0}},
}


def _write(tmp_path: Any, name: str, data: str) -> str:
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    return str(path)


def test_an_example_object_replays_and_passes(tmp_path: Any) -> None:
    path = _write(tmp_path, "example.json", json.dumps(EXAMPLE))
    done = run_cli(["replay", path, "--impl", "reference.client"])
    assert done.code == 0, done.out + done.err
    assert "verdict: pass (rfc9112:6.3:content-length-valid, MUST)" in done.out
    assert '"body": "b\'abababa\' (7 bytes)"' in done.out  # the outcome is printed


def test_records_select_one_example(tmp_path: Any) -> None:
    records = [{"check": "valid_content_length", "edition": "modern", "example": EXAMPLE},
               {"check": "keep_alive", "edition": "seed",
                "example": dict(EXAMPLE, property="keep_alive", edition="seed")},
               {"check": "wire[x]", "edition": "seed", "example": None}]
    lines = _write(tmp_path, "r.jsonl", "\n".join(json.dumps(r) for r in records))
    array = _write(tmp_path, "results.json", json.dumps(records))
    for path in (lines, array):
        done = run_cli(["replay", path, "--impl", "reference.client", "--check",
                        "valid_content_length"])
        assert done.code == 0, done.out + done.err
    done = run_cli(["replay", lines, "--impl", "reference.client"])
    assert done.code == 2 and "2 record(s) with an example" in done.err, done.err
    assert "choose one with --check and --edition" in done.err


def test_usage_errors_name_the_value(tmp_path: Any) -> None:
    missing = str(tmp_path / "none.json")
    done = run_cli(["replay", missing, "--impl", "reference.client"])
    assert done.code == 2 and "none.json" in done.err
    bad = _write(tmp_path, "bad.json", json.dumps(dict(EXAMPLE, property="nope")))
    done = run_cli(["replay", bad, "--impl", "reference.client"])
    assert done.code == 2 and "unknown property 'nope'" in done.err
    path = _write(tmp_path, "example.json", json.dumps(EXAMPLE))
    done = run_cli(["replay", path, "--impl", "no.such.module"])
    assert done.code == 2 and "no.such.module" in done.err
    done = run_cli(["replay", path, "--impl", "reference.client", "--edition", "seed"])
    assert done.code == 2 and "not 'seed'" in done.err


def test_bytes_round_trip_through_json() -> None:
    value = {"a": b"\x00\xff", "b": [b"x", 1, None], "c": "text"}
    assert properties.decode(json.loads(json.dumps(properties.encode(value)))) == {
        "a": b"\x00\xff", "b": [b"x", 1, None], "c": "text"}


def test_a_hang_ends_the_example_not_the_check() -> None:
    """After an example hangs, the next one runs normally (the context forgets it)."""
    ctx = context.begin()
    ctx.hang = Exception("an earlier example hung")
    ctx.transcripts.append("old")
    properties.replay(EXAMPLE, load("reference.client"))
    assert ctx.hang is None and ctx.transcripts and "old" not in ctx.transcripts
    assert ctx.example == EXAMPLE


def test_a_hanging_example_still_shrinks_to_the_smallest() -> None:
    """Examples hang from 37 up (the per-example context is reset each time):
    shrinking still reaches 37 exactly, and the record's example says so."""
    from hypothesis import strategies as st

    from conformance.grading import Hang

    ran = []

    def run(impl: Any, edition: str, data: Any) -> None:
        ran.append(data)
        assert context.current().hang is None
        if data["n"] >= 37:
            context.current().hang = Hang("stuck")
            raise context.current().hang

    prop = properties.Property("toy_hang", lambda e: st.fixed_dictionaries(
        {"n": st.integers(0, 1000)}), run)
    ctx = context.begin()
    try:
        properties.check(prop, load("reference.client"), "seed")
    except Hang:
        pass
    assert ctx.example == {"property": "toy_hang", "edition": "seed", "input": {"n": 37}}
    assert len(ran) > 2 and any(d["n"] < 37 for d in ran)


def test_shrinking_stops_at_its_bound(monkeypatch: Any) -> None:
    """Past the bound, only examples already seen failing fail again."""
    from hypothesis import strategies as st

    from conformance import profiles

    monkeypatch.setitem(profiles.SHRINK_EXAMPLES, "ci", 2)

    def run(impl: Any, edition: str, data: Any) -> None:
        assert data["n"] < 500, f"n={data['n']}"

    prop = properties.Property("toy_bound", lambda e: st.fixed_dictionaries(
        {"n": st.integers(0, 10 ** 6)}), run)
    ctx = context.begin()
    try:
        properties.check(prop, load("reference.client"), "seed")
    except AssertionError as exc:
        assert "shrinking stopped at its bound" in "\n".join(exc.__notes__)
    assert ctx.example is not None and ctx.example["input"]["n"] >= 500
