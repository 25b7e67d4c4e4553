"""The catalogue as data: counts, names, clause ids, expectations, limits,
lookup errors and the human-readable views."""

import builtins
import http.client
import re
from collections import Counter

import pytest

from conformance.clauses import CLAUSES
from servers import render
from servers.catalogue import CATEGORIES, SCENARIOS, UnknownScenario, closest, get
from servers.runtime import uses_tls
from servers.scenario import (
    EDITIONS,
    ExpectClose,
    ExpectRequest,
    Raises,
    Response,
    Send,
    Stall,
)
from servers.transcript import escape

MINIMUM = {
    "status-line": 20,
    "header-fields": 25,
    "content-length": 15,
    "chunked": 25,
    "empty-or-close-delimited": 15,
    "connection-reuse": 15,
    "connection-faults": 15,
    "request-capture": 10,
    "tls": 8,
    "cve": 10,
}
DRIVERS = {
    "generic", "tls", "pipeline", "ipv6", "str-body", "file-body", "chunked-request",
    "inject-header", "inject-url", "inject-host", "inject-method", "inject-tunnel", "read-amt",
}
# Documented in the seed or the modern edition, or builtins a client may raise.
EXCEPTIONS = {
    "HTTPException", "NotConnected", "InvalidURL", "UnknownProtocol", "UnknownTransferEncoding",
    "UnimplementedFileMode", "IncompleteRead", "ImproperConnectionState", "CannotSendRequest",
    "CannotSendHeader", "ResponseNotReady", "BadStatusLine", "LineTooLong", "RemoteDisconnected",
    "OSError", "ConnectionError", "ValueError",
}


def test_at_least_150_scenarios_and_each_category_minimum() -> None:
    assert len(SCENARIOS) >= 150
    counts = Counter(s.category for s in SCENARIOS.values())
    assert set(counts) == set(MINIMUM) == set(CATEGORIES)
    for category, minimum in MINIMUM.items():
        assert counts[category] >= minimum, category


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario_is_well_formed(name: str) -> None:
    scenario = SCENARIOS[name]
    assert scenario.name == name
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
    assert scenario.description and "\n" not in scenario.description
    assert scenario.clauses and len(set(scenario.clauses)) == len(scenario.clauses)
    unknown = [c for c in scenario.clauses if c not in CLAUSES]
    assert unknown == []
    assert scenario.driver in DRIVERS
    assert scenario.connections and all(scenario.connections)
    assert scenario.expect and set(scenario.expect) <= set(EDITIONS)
    if scenario.driver in ("chunked-request", "inject-tunnel"):
        assert set(scenario.expect) == {"modern"}  # APIs the seed does not document
    else:
        assert set(scenario.expect) == set(EDITIONS)
    for expectation in scenario.expect.values():
        for outcomes in (expectation.outcomes, expectation.lenient):
            if outcomes is None:
                continue
            assert len(outcomes) == len(scenario.requests)
            for outcome in outcomes:
                assert isinstance(outcome, (Response, Raises))
                if isinstance(outcome, Raises):
                    assert outcome.error in EXCEPTIONS
                    assert outcome.at in ("request", "getresponse", "read", "any")
                    cls = getattr(http.client, outcome.error, None) or getattr(
                        builtins, outcome.error)
                    assert issubclass(cls, Exception)
                else:
                    assert 100 <= outcome.status <= 999


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario_is_bounded(name: str) -> None:
    """Nothing waits long: stalls end within 3 s, slow sends within 5 s."""
    scenario = SCENARIOS[name]
    steps = [s for script in scenario.connections for s in script]
    for step in steps:
        if isinstance(step, Stall):
            assert step.limit <= 3.0
            if scenario.driver == "generic":
                assert scenario.client_timeout is not None
        if isinstance(step, (ExpectRequest, ExpectClose)):
            assert step.timeout <= 5.0
        if isinstance(step, Send) and step.interval:
            pieces = len(render.pieces(step))
            assert (pieces - 1) * step.interval <= 5.0
    if scenario.driver == "tls":
        assert uses_tls(scenario) or name == "tls-plain-http-on-tls-port"


def test_unknown_name_names_the_value_and_the_closest() -> None:
    with pytest.raises(UnknownScenario) as info:
        get("chunked-basik")
    assert isinstance(info.value, LookupError)
    assert str(info.value) == "unknown scenario 'chunked-basik'; closest: " + ", ".join(
        closest("chunked-basik"))
    assert closest("chunked-basik")[0] == "chunked-basic"
    with pytest.raises(UnknownScenario, match="see `python -m servers list`"):
        get("zzzzzzzzzzzzzzzzzzzzzzzz")
    assert get("tls-valid") is SCENARIOS["tls-valid"]


def test_listing_has_one_line_per_scenario() -> None:
    lines = render.listing(SCENARIOS.values()).splitlines()
    assert len(lines) == len(SCENARIOS)
    for line, scenario in zip(lines, SCENARIOS.values()):
        assert line.split()[:2] == [scenario.name, scenario.category]
        assert line.endswith(scenario.description)


def test_show_has_every_step_and_the_exact_bytes() -> None:
    for scenario in SCENARIOS.values():
        text = render.show(scenario)
        assert text.startswith(f"name:        {scenario.name}\n")
        for number in range(len(scenario.connections)):
            assert f"connection #{number}:" in text
    text = render.show(get("status-bare-lf"))
    assert 'send 40 bytes: "HTTP/1.1 200 OK\\nContent-Length: 5\\n\\nhello"' in text
    assert "lenient 1. raises HTTPException at getresponse" in text
    large = get("cl-large-body")
    data = large.connections[0][1].data
    short = render.show(large, max_bytes=10)
    assert f'"{escape(data[:10])}" ... ({len(data) - 10} more bytes)' in short
