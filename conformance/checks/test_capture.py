"""The request-capture scenarios: the response is graded like any scenario, and
the request the server captured is checked against the scenario's rule below
(RFC 9112 sections 3, 3.2, 6.2, 7.1; seed 20.10.1 request and putrequest)."""

from typing import Any, Callable, Dict, List, Optional

import pytest

from conformance import drive, expect
from conformance.drivers import DRIVERS, HOSTS
from conformance.impl import Implementation
from servers.catalogue import SCENARIOS
from servers.scenario import EDITIONS, Scenario

CAPTURE = "request-capture"
# A rule gets (captured request, server port, edition) and returns a problem or None.
Rule = Callable[[Any, int, str], Optional[str]]


def fields(request: Any, name: str) -> List[bytes]:
    """Every value of the field ``name`` (case-insensitive) in the captured request."""
    key = name.lower().encode("ascii")
    return [value for field, value in request.headers if field.lower() == key]


def field_is(name: str, value: Callable[[int], bytes], *others: bytes) -> Rule:
    """Exactly one ``name`` field, equal to ``value(port)`` (or one of ``others``)."""

    def rule(request: Any, port: int, edition: str) -> Optional[str]:
        want = value(port)
        got = fields(request, name)
        ok = len(got) == 1 and (got[0] == want or got[0] in others)
        return None if ok else f"expected one {name}: {want!r}, got {got!r}"

    return rule


def no_body_framing(request: Any, port: int, edition: str) -> Optional[str]:
    framing = fields(request, "Content-Length") + fields(request, "Transfer-Encoding")
    return None if not framing else f"a request without body carried framing fields {framing!r}"


def request_line(method: str, target: str) -> Rule:
    def rule(request: Any, port: int, edition: str) -> Optional[str]:
        got = (request.method, request.target, request.version)
        want = (method, target, "HTTP/1.1")
        return None if got == want else f"expected request line {want!r}, got {got!r}"

    return rule


def body_is(body: bytes, length: Optional[int] = None, chunked: Optional[bool] = None) -> Rule:
    def rule(request: Any, port: int, edition: str) -> Optional[str]:
        if request.body != body:
            return f"expected body {body!r}, got {request.body!r}"
        if length is not None and fields(request, "Content-Length") != [b"%d" % length]:
            return f"expected Content-Length: {length}, got {fields(request, 'Content-Length')!r}"
        if chunked is not None and request.chunked != chunked:
            return f"expected {'a chunked' if chunked else 'an unchunked'} body: {request.raw!r}"
        return None

    return rule


def file_framing(request: Any, port: int, edition: str) -> Optional[str]:
    """Seed: Content-Length from stat; modern: any framing (chunked since 3.6)."""
    if request.body != b"file contents\n":
        return f"file body arrived as {request.body!r}"
    if edition == "seed" and fields(request, "Content-Length") != [b"14"]:
        return f"seed sets Content-Length from the file size; framing was {request.raw[:160]!r}"
    return None


def all_of(*rules: Rule) -> Rule:
    def rule(request: Any, port: int, edition: str) -> Optional[str]:
        for one in rules:
            problem = one(request, port, edition)
            if problem:
                return problem
        return None

    return rule


HOST_PORT = field_is("Host", lambda port: b"127.0.0.1:%d" % port)

RULES: Dict[str, Rule] = {
    "capture-get-root": all_of(request_line("GET", "/"), HOST_PORT, no_body_framing),
    "capture-empty-path": request_line("GET", "/"),
    "capture-query-string": request_line("GET", "/search?q=a%20b&x=1"),
    "capture-host-nondefault-port": HOST_PORT,
    # RFC 9112 3.2: the default port MAY be omitted, so both forms are right.
    "capture-host-default-port-omitted": field_is("Host", lambda port: b"example.com",
                                                  b"example.com:80"),
    "capture-host-from-absolute-url": field_is("Host", lambda port: b"example.com:8080"),
    "capture-host-ipv6-url": field_is("Host", lambda port: b"[::1]:8080"),
    "capture-host-ipv6-connect": field_is("Host", lambda port: b"[::1]:%d" % port),
    "capture-host-supplied-once": field_is("Host", lambda port: b"example.org"),
    "capture-accept-encoding": field_is("Accept-Encoding", lambda port: b"identity"),
    "capture-get-no-content-length": no_body_framing,
    "capture-post-content-length": body_is(b"abc", length=3),
    "capture-post-empty-body": body_is(b"", length=0),
    "capture-seed-post-example": all_of(
        body_is(b"spam=1&eggs=2&bacon=0", length=21),
        field_is("Content-type", lambda port: b"application/x-www-form-urlencoded"),
        field_is("Accept", lambda port: b"text/plain")),
    "capture-custom-headers": all_of(
        field_is("X-Custom", lambda port: b"one two"),
        field_is("User-Agent", lambda port: b"conformance-kit")),
    "capture-method-case": request_line("get", "/"),
    "capture-str-body-latin1": body_is(b"caf\xe9", length=4),
    "capture-file-body": file_framing,
    "capture-chunked-request-body": all_of(body_is(b"hello", chunked=True),
                                           lambda r, p, e: "Content-Length sent with chunked"
                                           if fields(r, "Content-Length") else None),
}


def _params() -> List[Any]:
    params = []
    for scenario in SCENARIOS.values():
        if scenario.category != CAPTURE:
            continue
        editions = [e for e in EDITIONS if scenario.expectation(e) is not None]
        params.append(pytest.param(scenario, id=scenario.name, marks=[
            pytest.mark.clauses(*scenario.clauses), pytest.mark.editions(*editions)]))
    return params


@pytest.mark.parametrize("scenario", _params())
def test_capture(impl: Implementation, edition: str, scenario: Scenario) -> None:
    """Grade the response, then what the client sent."""
    expectation = scenario.expectation(edition)
    assert expectation is not None, f"{scenario.name} has no {edition} expectation"
    client = DRIVERS[scenario.driver](scenario, edition)
    ports: List[int] = []

    def recording(impl_: Implementation, srv: Any, timeout: float) -> Any:
        ports.append(srv.port)
        return client(impl_, srv, timeout)

    played = drive.run_scenario(impl, scenario, edition, client=recording,
                                host=HOSTS.get(scenario.driver, "127.0.0.1"))
    expect.grade_observed(impl, played.observed, expectation)
    rule = RULES.get(scenario.name)
    if rule is not None:
        assert played.requests, f"the server captured no complete request: {played.errors}"
        problem = rule(played.requests[0], ports[0], edition)
        assert problem is None, problem
