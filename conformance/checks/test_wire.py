"""The wire checks: every case of the catalogue, played with its driver and
graded against its expectation for the edition (RFC 9112 message parsing,
framing, connection handling, request capture, TLS, injection).

A case's run does not depend on the edition, except through its driver, so
the generic cases are played once, all of them ahead in a few threads (the
first check starts them); each check then grades its own run. Cases with a
special driver are played by their own check.
"""

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Dict, Iterator, List

import pytest

from conformance import drive, expect
from conformance.impl import Implementation
from servers.case import EDITIONS, Case
from servers.catalogue import CASES

WORKERS = 6


def case_params(generic: bool) -> List[Any]:
    """One ``pytest.param`` per case whose driver is (or is not) ``generic``,
    carrying the clauses it grades and relates to, and the editions it has an
    expectation for."""
    params = []
    for case in CASES.values():
        if (case.driver == "generic") != generic:
            continue
        editions = [e for e in EDITIONS if case.expectation(e) is not None]
        params.append(pytest.param(case, id=case.name, marks=[
            pytest.mark.clauses(*case.clauses, related=case.related),
            pytest.mark.editions(*editions)]))
    return params


@pytest.fixture(scope="session")
def generic_runs(impl: Implementation,
                 request: pytest.FixtureRequest) -> Iterator[Dict[str, "Future[Any]"]]:
    """Start playing every generic case the session's wire checks need; name -> Future."""
    wanted: Dict[str, Case] = {}
    for item in request.session.items:
        if getattr(item, "originalname", None) == "test_wire":
            # the id is "<edition>-<case name>" (the plugin parametrizes the edition first)
            name = item.name[len("test_wire["):-1].partition("-")[2]
            wanted.setdefault(name, CASES[name])
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="conformance-wire")
    try:
        # the generic driver builds the same client for both editions
        yield {name: pool.submit(drive.play_case, impl, case, "modern")
               for name, case in wanted.items()}
    finally:
        pool.shutdown(wait=True)


@pytest.mark.parametrize("case", case_params(generic=True))
def test_wire(impl: Implementation, edition: str, case: Case,
              generic_runs: Dict[str, "Future[Any]"]) -> None:
    """Play the case with the generic driver; compare with the expectation."""
    expectation = case.expectation(edition)
    assert expectation is not None, f"{case.name} has no {edition} expectation"
    future = generic_runs.get(case.name)
    played = future.result() if future is not None else drive.play_case(impl, case, edition)
    drive.attach(played)
    expect.grade_case(impl, played, expectation)


@pytest.mark.parametrize("case", case_params(generic=False))
def test_wire_driver(impl: Implementation, edition: str, case: Case) -> None:
    """Play the case with its driver's client; compare with the expectation.
    Injection cases must also leave the server with nothing: a refusal after
    the hostile bytes went out is no refusal."""
    expectation = case.expectation(edition)
    assert expectation is not None, f"{case.name} has no {edition} expectation"
    played = drive.run_case(impl, case, edition)
    if case.driver.startswith("inject-"):
        leaked = played.received()
        refused = all(seen.at == "request" for seen in played.observed)
        assert not (refused and leaked), f"refused only after sending {leaked[:160]!r}"
    expect.grade_case(impl, played, expectation)
