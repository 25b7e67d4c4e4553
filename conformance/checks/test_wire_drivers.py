"""Catalogue scenarios that need more than the generic driver (TLS, injection,
tunnel, pipelining, read sizes), graded like ``test_wire`` against their
expectation. Injection scenarios must also leave the server with nothing: a
refusal after the hostile bytes went out is no refusal."""

from typing import Any, List

import pytest

from conformance import drive, expect
from conformance.checks.test_wire import CAPTURE, scenario_params
from conformance.drivers import DRIVERS, HOSTS
from conformance.impl import Implementation
from servers.scenario import Scenario


def _params() -> List[Any]:
    params: List[Any] = []
    for driver in DRIVERS:
        if driver != "generic":
            params.extend(scenario_params(driver, exclude_category=CAPTURE))
    return params


@pytest.mark.parametrize("scenario", _params())
def test_wire_driver(impl: Implementation, edition: str, scenario: Scenario) -> None:
    """Play the scenario with its driver's client; compare with the expectation."""
    expectation = scenario.expectation(edition)
    assert expectation is not None, f"{scenario.name} has no {edition} expectation"
    client = DRIVERS[scenario.driver](scenario, edition)
    played = drive.run_scenario(impl, scenario, edition, client=client,
                                host=HOSTS.get(scenario.driver, "127.0.0.1"))
    if scenario.driver.startswith("inject-"):
        leaked = played.received()
        refused = all(seen.at == "request" for seen in played.observed)
        assert not (refused and leaked), \
            f"refused only after sending {leaked[:160]!r}"
    expect.grade_observed(impl, played.observed, expectation)
