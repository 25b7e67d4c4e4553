"""The generic wire check: every ``driver="generic"`` scenario of the catalogue,
graded against its expectation for the edition (RFC 9112 message parsing,
framing, connection handling).

A scenario's run does not depend on the edition, so each is played once, and
all of them are played ahead in a few threads (the first check starts them);
each check then grades its own run.
"""

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Dict, Iterator, List

import pytest

from conformance import drive, expect
from conformance.impl import Implementation
from servers.catalogue import SCENARIOS
from servers.scenario import EDITIONS, Scenario

WORKERS = 6
# Scenarios that capture the request are graded by ``test_capture``.
CAPTURE = "request-capture"


def scenario_params(driver: str, exclude_category: str = "",
                    category: str = "") -> List[Any]:
    """One ``pytest.param`` per scenario of ``driver`` (and ``category`` when given,
    not ``exclude_category``), carrying its clauses and the editions it has an
    expectation for."""
    params = []
    for scenario in SCENARIOS.values():
        if scenario.driver != driver or scenario.category == exclude_category:
            continue
        if category and scenario.category != category:
            continue
        editions = [e for e in EDITIONS if scenario.expectation(e) is not None]
        params.append(pytest.param(scenario, id=scenario.name, marks=[
            pytest.mark.clauses(*scenario.clauses), pytest.mark.editions(*editions)]))
    return params


@pytest.fixture(scope="session")
def wire_runs(impl: Implementation, request: pytest.FixtureRequest) -> Iterator[Dict[str, Future]]:
    """Start playing every scenario the session's wire checks need; name -> Future."""
    wanted: Dict[str, Scenario] = {}
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        if getattr(item, "originalname", None) == "test_wire" and callspec is not None:
            scenario = callspec.params["scenario"]
            wanted.setdefault(scenario.name, scenario)
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="conformance-wire")
    try:
        yield {name: pool.submit(drive.play, impl, scenario) for name, scenario in wanted.items()}
    finally:
        pool.shutdown(wait=True)


@pytest.mark.parametrize("scenario", scenario_params("generic", exclude_category=CAPTURE))
def test_wire(impl: Implementation, edition: str, scenario: Scenario,
              wire_runs: Dict[str, Future]) -> None:
    """Play the scenario with the generic driver; compare with the expectation."""
    expectation = scenario.expectation(edition)
    assert expectation is not None, f"{scenario.name} has no {edition} expectation"
    future = wire_runs.get(scenario.name)
    played = future.result() if future is not None else drive.play(impl, scenario)
    drive.attach(played)
    expect.grade_observed(impl, played.observed, expectation)
