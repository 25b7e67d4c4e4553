"""Property 4 (issue 10): generated requests, read back from the wire by h11.

A valid request (any method, target form, field set and body type the
edition documents) arrives as asked; an invalid one (a control character,
whitespace or a delimiter where the grammar forbids it) is refused before
any byte is sent. The runs live in ``conformance.request_property``, the
generators in ``conformance.strategies``; the framework
(``conformance.properties``) runs them under the loaded profile and keeps
the shrunk example for ``python -m conformance replay``.
"""

from typing import Any

import pytest

from conformance import request_property
from conformance import strategies as gen
from conformance.properties import Property, property_check, register

REQUEST_ON_THE_WIRE = register("request_on_the_wire", gen.valid_requests,
                               request_property.check_valid)
INVALID_REQUEST = {
    part: register(f"invalid_request_{part}",
                   lambda edition, part=part: gen.invalid_requests(edition, part),
                   request_property.check_invalid)
    for part in gen.INVALID_PARTS
}



def _check(prop: Property) -> Any:
    return property_check(prop, "conformance.request_property")


# seed:20.10.1:request-sends: the request goes out with the method and the selector
# asked for (with its fields and body); modern:HTTPConnection:request-body-types:
# every documented body type arrives whole, framed as documented.
test_request_on_the_wire = pytest.mark.clauses(
    "seed:20.10.1:request-sends", "modern:HTTPConnection:request-body-types",
    related=(
        "rfc9112:3:request-line-syntax", "rfc9112:3.1:method-case-sensitive",
        "rfc9112:3.2:host-required", "rfc9112:3.2:host-once",
        "rfc9112:3.2:host-matches-authority", "rfc9112:5:field-line-syntax",
        "rfc9112:5:field-value-obs-text", "rfc9112:6.2:no-content-length-with-te",
        "rfc9112:6.2:content-length-octets", "rfc9112:7.1:chunked-request-syntax",
        "seed:20.10.1:request-headers-mapping", "seed:20.10.1:request-content-length",
        "seed:20.10.1:request-file-content-length", "seed:20.10.1:putrequest-auto-host",
        "seed:20.10.1:putrequest-auto-accept-encoding",
        "modern:HTTPConnection:request-content-length",
        "modern:HTTPConnection:request-content-length-zero",
        "modern:HTTPConnection:request-chunked-unknown-length",
        "modern:HTTPConnection:request-encode-chunked",
        "modern:HTTPConnection:request-empty-chunks-skipped",
        "modern:HTTPConnection:putrequest", "modern:HTTPConnection:putheader",
    ))(_check(REQUEST_ON_THE_WIRE))

# An octet the grammar forbids in the method, the target, a field name or a field
# value: refused with ValueError or InvalidURL before anything is sent.
_REFUSAL = ("modern:HTTPConnection:request-control-characters",)
test_invalid_request_method = pytest.mark.clauses(
    "rfc9112:3.1:method-token", related=_REFUSAL)(_check(INVALID_REQUEST["method"]))
test_invalid_request_target = pytest.mark.clauses(
    "rfc9112:3.2:request-target-no-whitespace",
    related=_REFUSAL)(_check(INVALID_REQUEST["target"]))
test_invalid_request_name = pytest.mark.clauses(
    "rfc9112:5:field-name-token", related=_REFUSAL)(_check(INVALID_REQUEST["name"]))
test_invalid_request_value = pytest.mark.clauses(
    "rfc9112:5:field-value-crlf-nul", related=_REFUSAL)(_check(INVALID_REQUEST["value"]))
