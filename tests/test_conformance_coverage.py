"""The checks cover the catalogue: every case is played by a check, every
request-capture case says what the server must receive, every check names
known clauses, and the catalogue listing shows the coverage."""

import json

from conformance_support import ROOT, run_cli, run_pytest

from conformance.clauses import attribute
from conformance.drivers import DRIVERS
from servers.catalogue import CASES


def _check_for(name: str) -> str:
    return f"wire[{name}]" if CASES[name].driver == "generic" else f"wire_driver[{name}]"


def test_every_case_is_played_by_a_check(tmp_path) -> None:
    listing_path = str(tmp_path / "checks.json")
    result = run_pytest(["--collect-only", "-q", "--pyargs", "conformance.checks",
                         "--impl", "http.client", "--list-checks", listing_path], cwd=ROOT)
    assert result.code == 0, result.out[-2000:] + result.err[-2000:]
    with open(listing_path, encoding="utf-8") as src:
        listing = json.load(src)
    unused = []
    for name, case in CASES.items():
        if case.driver not in DRIVERS:
            unused.append(f"{name} (driver {case.driver!r} has no client)")
        elif _check_for(name) not in listing:
            unused.append(f"{name} (no {_check_for(name)} collected)")
    assert not unused, f"cases no check plays: {', '.join(unused)}"
    assert all(entry["graded"] for entry in listing.values())


def test_every_capture_case_says_what_must_be_sent() -> None:
    captures = [c for c in CASES.values() if c.category == "request-capture"]
    assert captures, "the catalogue has no request-capture cases"
    missing = [(c.name, edition) for c in captures for edition, e in c.expect.items()
               if e.sent is None]
    assert missing == []


def test_checks_command_lists_every_check_id_with_its_clauses() -> None:
    result = run_cli(["checks"])
    assert result.code == 0, result.err
    rows = dict(line.split("  ", 1) for line in result.out.splitlines())
    case = CASES["chunked-basic"]
    graded, _, related = rows["wire[chunked-basic]"].partition("  related: ")
    assert graded.split() == [f"{e}={c}" for e, c in attribute(case.clauses).items()]
    assert related.split() == list(case.related)
    assert "read_amt_at_most_amt" in rows and len(rows) > 600


def test_clauses_command_shows_coverage() -> None:
    result = run_cli(["clauses"])
    assert result.code == 0, result.err
    line = [ln for ln in result.out.splitlines() if "rfc9112:6.3:content-length-valid" in ln]
    assert line, result.out[:500]
    assert "wire[" in line[0] or "valid_content_length" in line[0], line[0]
    assert "clauses graded" in result.out
    figures = [ln for ln in result.out.splitlines() if ln.startswith(("graded:", "proven:"))]
    assert [f.split(":")[0] for f in figures] == ["graded", "proven"], result.out[-600:]
    assert "MUST clauses" in figures[1] and "tests/mutants" in figures[1]
