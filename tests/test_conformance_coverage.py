"""The checks cover the catalogue: every scenario is played by a check, every
capture scenario has a request rule, every check names known clauses, and the
catalogue listing shows the coverage."""

import json

from conformance_support import ROOT, run_cli, run_pytest

from conformance.checks.test_capture import CAPTURE, RULES
from conformance.drivers import DRIVERS
from servers.catalogue import SCENARIOS


def _check_for(name: str) -> str:
    scenario = SCENARIOS[name]
    if scenario.category == CAPTURE:
        return f"capture[{name}]"
    return f"wire[{name}]" if scenario.driver == "generic" else f"wire_driver[{name}]"


def test_every_scenario_is_used_by_a_check(tmp_path) -> None:
    listing_path = str(tmp_path / "checks.json")
    result = run_pytest(["--collect-only", "-q", "--pyargs", "conformance.checks",
                         "--impl", "http.client", "--list-checks", listing_path], cwd=ROOT)
    assert result.code == 0, result.out[-2000:] + result.err[-2000:]
    with open(listing_path, encoding="utf-8") as src:
        listing = json.load(src)
    unused = []
    for name, scenario in SCENARIOS.items():
        if scenario.driver not in DRIVERS:
            unused.append(f"{name} (driver {scenario.driver!r} has no client)")
        elif _check_for(name) not in listing:
            unused.append(f"{name} (no {_check_for(name)} collected)")
    assert not unused, f"scenarios no check plays: {', '.join(unused)}"
    assert all(clauses for clauses in listing.values())


def test_every_capture_scenario_has_a_request_rule() -> None:
    captures = [n for n, s in SCENARIOS.items() if s.category == CAPTURE]
    assert captures, "the catalogue has no request-capture scenarios"
    assert sorted(set(captures) - set(RULES)) == []
    assert sorted(set(RULES) - set(captures)) == [], "rules for scenarios that do not exist"


def test_clauses_command_shows_coverage() -> None:
    result = run_cli(["clauses"])
    assert result.code == 0, result.err
    line = [ln for ln in result.out.splitlines() if "rfc9112:6.3:content-length-valid" in ln]
    assert line, result.out[:500]
    assert "wire[" in line[0] or "content_length_any_split" in line[0], line[0]
    assert "clauses covered" in result.out
