"""The catalogue as data: counts, names, clause ids, expectations, limits,
lookup errors and the human-readable views."""

import builtins
import http.client
import re
from collections import Counter

import pytest

from conformance.clauses import CLAUSES
from servers import render
from servers.case import EDITIONS, Expectation, Raises, Response
from servers.catalogue import CASES, CATEGORIES, UnknownCase, closest, get
from servers.script import ExpectClose, ExpectRequest, Send, Stall
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
    "encode-chunked", "buffer-body", "unread-body", "endheaders-body", "chunked-pieces",
    "ipv6-bracketed", "tunnel", "tls-localhost",
}
# Drivers of APIs the seed does not document (iterables, encode_chunked, buffers,
# set_tunnel, SNI): their cases grade the modern edition only.
MODERN_DRIVERS = {
    "chunked-request", "inject-tunnel", "tunnel", "encode-chunked", "buffer-body",
    "endheaders-body", "chunked-pieces", "tls-localhost",
}
# Generic cases about one edition's own text.
ONE_EDITION = {
    "capture-seed-post-example": "seed",  # the seed's example
    "status-http-4-2": "modern",  # the modern docs on UnknownProtocol
    "capture-options-asterisk": "modern",  # the modern docs' url forms
    "capture-caller-host": "modern",  # the modern docs' Host advice
}
# Documented in the seed or the modern edition, or builtins a client may raise.
EXCEPTIONS = {
    "HTTPException", "NotConnected", "InvalidURL", "UnknownProtocol", "UnknownTransferEncoding",
    "UnimplementedFileMode", "IncompleteRead", "ImproperConnectionState", "CannotSendRequest",
    "CannotSendHeader", "ResponseNotReady", "BadStatusLine", "LineTooLong", "RemoteDisconnected",
    "OSError", "ConnectionError", "ValueError",
}


def test_at_least_150_cases_and_each_category_minimum() -> None:
    assert len(CASES) >= 150
    counts = Counter(s.category for s in CASES.values())
    assert set(counts) == set(MINIMUM) == set(CATEGORIES)
    for category, minimum in MINIMUM.items():
        assert counts[category] >= minimum, category


@pytest.mark.parametrize("name", list(CASES))
def test_case_is_well_formed(name: str) -> None:
    case = CASES[name]
    assert case.name == name
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
    assert case.description and "\n" not in case.description
    assert case.clauses and len(set(case.clauses)) == len(case.clauses)
    unknown = [c for c in case.clauses if c not in CLAUSES]
    assert unknown == []
    assert case.driver in DRIVERS
    assert case.script.connections and all(case.script.connections)
    assert case.expect and set(case.expect) <= set(EDITIONS)
    if case.driver in MODERN_DRIVERS:
        assert set(case.expect) == {"modern"}  # APIs the seed does not document
    elif name in ONE_EDITION:
        assert set(case.expect) == {ONE_EDITION[name]}
    else:
        assert set(case.expect) == set(EDITIONS)
    for expectation in case.expect.values():
        for outcomes in (expectation.outcomes, expectation.lenient, *expectation.also):
            if outcomes is None:
                continue
            assert len(outcomes) == len(case.requests)
            for outcome in outcomes:
                assert isinstance(outcome, (Response, Raises))
                if isinstance(outcome, Raises):
                    assert outcome.error in EXCEPTIONS
                    assert outcome.at in ("request", "getresponse", "read", "any")
                    cls = getattr(http.client, outcome.error, None) or getattr(
                        builtins, outcome.error)
                    assert issubclass(cls, Exception)
                elif name == "status-code-099":  # 099 delivered as a final response
                    assert outcome.status == 99
                else:
                    assert 100 <= outcome.status <= 999


@pytest.mark.parametrize("name", [n for n, c in CASES.items()
                                  if any(e.lenient for e in c.expect.values())])
def test_lenient_only_accepts_an_invalid_message(name: str) -> None:
    """Lenient is defined once (``Expectation.lenient_problems``): a lenient
    outcome reads a response where the documented outcome refuses an invalid
    message; it never replaces the documented response of a valid message
    and never swaps one exception for another."""
    for edition, expectation in CASES[name].expect.items():
        assert expectation.lenient_problems() == [], edition


@pytest.mark.parametrize("documented, lenient, problem", [
    (Raises("IncompleteRead"), Response(200), None),
    (Response(200), Raises("HTTPException"), "replaces the documented response"),
    (Raises("UnknownProtocol"), Raises("BadStatusLine"), "swaps the documented exception"),
])
def test_the_lenient_rule_can_fail(documented, lenient, problem) -> None:
    found = Expectation((documented,), (lenient,)).lenient_problems()
    assert (problem is None and found == []) or (problem in found[0])
    assert Expectation((documented,), (lenient, lenient)).lenient_problems() == [
        "lenient has 2 outcome(s) for 1 request(s)"]


@pytest.mark.parametrize("name", list(CASES))
def test_case_is_bounded(name: str) -> None:
    """Nothing waits long: stalls end within 3 s, slow sends within 5 s."""
    case = CASES[name]
    steps = [s for script in case.script.connections for s in script]
    for step in steps:
        if isinstance(step, Stall):
            assert step.limit <= 3.0
            if case.driver == "generic":
                assert case.client_timeout is not None
        if isinstance(step, (ExpectRequest, ExpectClose)):
            assert step.timeout <= 5.0
        if isinstance(step, Send) and step.interval:
            pieces = len(render.pieces(step))
            assert (pieces - 1) * step.interval <= 5.0
    if case.driver == "tls":
        assert case.script.uses_tls() or name == "tls-plain-http-on-tls-port"


def test_unknown_name_names_the_value_and_the_closest() -> None:
    with pytest.raises(UnknownCase) as info:
        get("chunked-basik")
    assert isinstance(info.value, LookupError)
    assert str(info.value) == "unknown case 'chunked-basik'; closest: " + ", ".join(
        closest("chunked-basik"))
    assert closest("chunked-basik")[0] == "chunked-basic"
    with pytest.raises(UnknownCase, match="see `python -m servers list`"):
        get("zzzzzzzzzzzzzzzzzzzzzzzz")
    assert get("tls-valid") is CASES["tls-valid"]


def test_listing_has_one_line_per_case() -> None:
    lines = render.listing(CASES.values()).splitlines()
    assert len(lines) == len(CASES)
    for line, case in zip(lines, CASES.values()):
        assert line.split()[:2] == [case.name, case.category]
        assert line.endswith(case.description)


def test_show_has_every_step_and_the_exact_bytes() -> None:
    for case in CASES.values():
        text = render.show(case)
        assert text.startswith(f"name:        {case.name}\n")
        for number in range(len(case.script.connections)):
            assert f"connection #{number}:" in text
    text = render.show(get("status-bare-lf"))
    assert 'send 40 bytes: "HTTP/1.1 200 OK\\nContent-Length: 5\\n\\nhello"' in text
    assert "or 1. raises HTTPException at getresponse" in text
    large = get("cl-large-body")
    data = large.script.connections[0][1].data
    short = render.show(large, max_bytes=10)
    assert f'"{escape(data[:10])}" ... ({len(data) - 10} more bytes)' in short
