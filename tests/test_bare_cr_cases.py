"""The bare-CR cases of the catalogue (RFC 9112 2.2, one per line type): each
passes a client that rejects the element or reads it with each bare CR
replaced by SP, and fails one that keeps the CR in what it reports or lets
the CR move the framing. Graded here on observations made up for the purpose
(what a client with each fault reports), so no implementation is needed."""

import http.client
from typing import Dict, Optional, Sequence, Tuple

import pytest

from conformance import context, grading
from conformance.clauses import attribute
from conformance.drivers import Observed
from conformance.expect import grade_observed
from conformance.impl import Implementation
from servers.case import Request
from servers.catalogue import CASES

IMPL = Implementation("http.client", http.client)
BARE_CR = "rfc9112:2.2:bare-cr-invalid"
NAMES = ["status-bare-cr-before-code", "status-bare-cr-in-reason", "header-bare-cr-in-name",
         "header-bare-cr-in-value", "chunked-bare-cr-after-size", "chunked-bare-cr-in-extension",
         "chunked-bare-cr-in-trailer"]


def response(body: bytes = b"hello", reason: str = "OK", version: int = 11,
             headers: Optional[Dict[str, Optional[str]]] = None) -> Observed:
    return Observed(Request(), status=200, reason=reason, version=version, body=body,
                    headers=dict(headers or {}))


def raised(name: str, at: str) -> Observed:
    return Observed(Request(), error=getattr(http.client, name)("x"), at=at)


def grade(name: str, observed: Sequence[Observed]) -> str:
    """The grade the case ``name`` gives ``observed`` (the same in both editions)."""
    case = CASES[name]
    found = set()
    for edition in ("seed", "modern"):
        expectation = case.expectation(edition)
        assert expectation is not None
        context.begin()
        try:
            grade_observed(IMPL, observed, expectation)
            found.add(grading.PASS)
        except grading.Signal as signal:
            found.add(signal.grade)
        except AssertionError:
            found.add(grading.FAIL)
    assert len(found) == 1, f"{name}: the editions disagree: {found}"
    return found.pop()


def test_one_case_per_line_type_grading_the_bare_cr_clause() -> None:
    for name in NAMES:
        case = CASES[name]
        assert attribute(case.clauses) == {"seed": BARE_CR, "modern": BARE_CR}, name
        assert case.expectation("seed") == case.expectation("modern"), name


# (case, what the client reported, the grade): the rejection and the reading with
# SP pass; keeping the CR or losing the framing fails.
OUTCOMES: Tuple[Tuple[str, Sequence[Observed], str], ...] = (
    ("status-bare-cr-before-code", [raised("BadStatusLine", "getresponse")], "pass"),
    ("status-bare-cr-before-code", [response()], "pass"),
    ("status-bare-cr-before-code", [response(b"helloSTRAY")], "fail"),
    ("status-bare-cr-before-code", [response(version=10)], "fail"),
    ("status-bare-cr-in-reason", [raised("BadStatusLine", "getresponse")], "pass"),
    ("status-bare-cr-in-reason", [response(reason="O K")], "pass"),
    ("status-bare-cr-in-reason", [response(reason="O\rK")], "fail"),
    ("status-bare-cr-in-reason", [response(reason="O")], "fail"),
    ("status-bare-cr-in-reason", [response(b"helloSTRAY", reason="O K")], "fail"),
    ("header-bare-cr-in-name", [raised("HTTPException", "getresponse")], "pass"),
    ("header-bare-cr-in-name", [response()], "lenient"),
    ("header-bare-cr-in-name", [response(headers={"X-C\rr": "v"})], "fail"),
    ("header-bare-cr-in-name", [response(headers={"X-C r": "v"})], "fail"),
    ("header-bare-cr-in-name", [response(headers={"r": "v"})], "fail"),
    ("header-bare-cr-in-name", [response(b"helloSTRAY")], "fail"),  # Content-Length lost
    ("header-bare-cr-in-value", [raised("HTTPException", "getresponse")], "pass"),
    ("header-bare-cr-in-value", [response(headers={"X-Cr": "a b"})], "pass"),
    ("header-bare-cr-in-value", [response(headers={"X-Cr": "a\rb"})], "fail"),
    ("header-bare-cr-in-value", [response(headers={"X-Cr": "a"})], "fail"),
    ("chunked-bare-cr-after-size", [raised("IncompleteRead", "read")], "pass"),
    ("chunked-bare-cr-after-size", [raised("HTTPException", "getresponse")], "pass"),
    ("chunked-bare-cr-after-size", [response()], "fail"),
    ("chunked-bare-cr-in-extension", [raised("IncompleteRead", "read")], "pass"),
    ("chunked-bare-cr-in-extension", [response()], "lenient"),
    ("chunked-bare-cr-in-extension", [response(b"b\r\nhe")], "fail"),
    ("chunked-bare-cr-in-trailer", [response(), response(b"second")], "pass"),
    ("chunked-bare-cr-in-trailer",
     [raised("IncompleteRead", "read"), response(b"second")], "pass"),
    ("chunked-bare-cr-in-trailer",
     [raised("HTTPException", "read"), raised("ResponseNotReady", "getresponse")], "pass"),
    ("chunked-bare-cr-in-trailer",
     [raised("HTTPException", "read"), raised("CannotSendRequest", "request")], "pass"),
    # the section ended at the bare CR: 'X-U: b' is then read as the next status line
    ("chunked-bare-cr-in-trailer",
     [response(), raised("BadStatusLine", "getresponse")], "fail"),
    ("chunked-bare-cr-in-trailer",
     [raised("IncompleteRead", "read"), raised("BadStatusLine", "getresponse")], "fail"),
    ("chunked-bare-cr-in-trailer", [response(), response(b"X-U: b\r\n\r\nHTTP/1.1 2")], "fail"),
)


@pytest.mark.parametrize("name, observed, expected", OUTCOMES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(OUTCOMES)])
def test_outcomes_are_graded(name: str, observed: Sequence[Observed], expected: str) -> None:
    assert grade(name, observed) == expected


def test_every_case_can_fail() -> None:
    assert {name for name, _, expected in OUTCOMES if expected == "fail"} == set(NAMES)
