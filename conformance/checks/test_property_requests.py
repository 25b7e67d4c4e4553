"""Property 4 (issue 10): generated requests, read back from the wire by h11.

A valid request (any method, target form, field set and body type the
edition documents) arrives as asked; an invalid one (a control character,
whitespace or a delimiter where the grammar forbids it) is refused before
any byte is sent. The bodies live in ``conformance.request_property``; the
generators in ``conformance.strategies``.
"""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance import request_property, strategies
from conformance.impl import Implementation

# Examples per property by profile (CONFORMANCE_PROFILE, default ci); derandomised,
# so a record's example is drawn again on every run.
EXAMPLES = {"ci": 25, "dev": 200, "thorough": 10000}
# One body in RARE is large (64 KiB to 1 MiB): rarely in ci.
RARE = {"ci": 10, "dev": 4, "thorough": 4}
PROFILE = os.environ.get("CONFORMANCE_PROFILE", "ci")
SETTINGS = settings(max_examples=EXAMPLES.get(PROFILE, EXAMPLES["ci"]), deadline=None,
                    database=None, derandomize=PROFILE == "ci",
                    suppress_health_check=list(HealthCheck))

VALID_RELATED = (
    "rfc9112:3:request-line-syntax", "rfc9112:3.1:method-case-sensitive",
    "rfc9112:3.2:host-required", "rfc9112:3.2:host-once", "rfc9112:3.2:host-matches-authority",
    "rfc9112:5:field-line-syntax", "rfc9112:5:field-value-obs-text",
    "rfc9112:6.2:no-content-length-with-te", "rfc9112:6.2:content-length-octets",
    "rfc9112:7.1:chunked-request-syntax", "seed:20.10.1:request-headers-mapping",
    "seed:20.10.1:request-content-length", "seed:20.10.1:request-file-content-length",
    "seed:20.10.1:putrequest-auto-host", "seed:20.10.1:putrequest-auto-accept-encoding",
    "modern:HTTPConnection:request-content-length",
    "modern:HTTPConnection:request-content-length-zero",
    "modern:HTTPConnection:request-chunked-unknown-length",
    "modern:HTTPConnection:request-encode-chunked",
    "modern:HTTPConnection:request-empty-chunks-skipped",
    "modern:HTTPConnection:putrequest", "modern:HTTPConnection:putheader",
)


@pytest.mark.clauses("seed:20.10.1:request-sends", "modern:HTTPConnection:request-body-types",
                     related=VALID_RELATED)
@SETTINGS
@given(data=st.data())
def test_generated_request_on_the_wire(impl: Implementation, edition: str, data) -> None:
    """seed:20.10.1:request-sends: the request goes out with the method and the
    selector asked for (and its fields and body); modern:HTTPConnection:request-body-types:
    every documented body type arrives whole. h11 parses what the server received."""
    example = data.draw(strategies.valid_requests(edition, RARE.get(PROFILE, 10)),
                        label="request")
    request_property.check_valid(impl, edition, example)


INVALID = {
    "method": "rfc9112:3.1:method-token",
    "target": "rfc9112:3.2:request-target-no-whitespace",
    "name": "rfc9112:5:field-name-token",
    "value": "rfc9112:5:field-value-crlf-nul",
}


@pytest.mark.parametrize("part", [
    pytest.param(part, id=part, marks=pytest.mark.clauses(
        clause, related=("modern:HTTPConnection:request-control-characters",)))
    for part, clause in INVALID.items()
])
@SETTINGS
@given(data=st.data())
def test_generated_invalid_request_refused(impl: Implementation, edition: str, part: str,
                                           data) -> None:
    """A request with an octet its grammar forbids in the method, the target, a
    field name or a field value is refused with ValueError or InvalidURL before
    anything is sent (RFC 9112 3.1, 3.2, 5)."""
    example = data.draw(strategies.invalid_requests(edition, part), label="request")
    request_property.check_invalid(impl, edition, example)
