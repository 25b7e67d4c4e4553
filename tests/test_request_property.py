"""Property 4 (issue 10) finds the fault it was built for, and shrinks it.

The mutant ``header_value_crlf_allowed`` (tests/mutants/catalogue.py) lets CR
and LF through in header values. The invalid-request property, run by the
property framework under the ci profile, must fail on it and report the
smallest request that smuggles a CR: a GET of "/" with one field whose value
is a bare CR. Every request property passes on the reference in both
editions, and the reported example replays the failure without Hypothesis.
"""

from typing import Any, Iterator, Optional

import pytest
from hypothesis import settings
from mutants import loader

from conformance import context, profiles
from conformance.checks import test_property_requests as checks
from conformance.impl import Implementation
from conformance.properties import Property, check, replay
from reference import client, seed

SMUGGLED_CR = {
    "api": "request", "method": "GET", "target": "/", "host": None,
    "accept_encoding": None, "headers": [["0", "\r", "str"]], "body": {"type": "none"},
    "framing": "auto", "invalid": {"part": "value", "bad": "\r"},
}
PROPERTIES = [checks.REQUEST_ON_THE_WIRE, *checks.INVALID_REQUEST.values()]


@pytest.fixture(autouse=True)
def ci_profile() -> Iterator[None]:
    """The ci profile for the test, the previous one restored afterwards."""
    previous = settings._current_profile  # type: ignore[attr-defined]
    settings.load_profile("ci")
    try:
        yield
    finally:
        settings.load_profile(previous)


def reported(prop: Property, impl: Implementation, edition: str) -> Optional[Any]:
    """The example the framework reports for ``prop`` (None when it holds)."""
    ctx = context.begin()
    try:
        check(prop, impl, edition)
    except AssertionError:
        assert ctx.example is not None and ctx.example["property"] == prop.name
        return ctx.example
    return None


def test_smuggled_cr_caught_and_shrunk() -> None:
    assert profiles.current() == "ci"
    mutant = loader.build(loader.find("header_value_crlf_allowed"))
    impl = Implementation("mutant:header_value_crlf_allowed", mutant)
    example = reported(checks.INVALID_REQUEST["value"], impl, "modern")
    assert example is not None and example["input"] == SMUGGLED_CR
    context.begin()
    with pytest.raises(AssertionError, match=r"not refused \('\\r' in the value\)"):
        replay(example, impl)
    context.begin()
    replay(example, Implementation("reference.client", client))  # the reference refuses it


@pytest.mark.parametrize("prop", PROPERTIES, ids=[p.name for p in PROPERTIES])
@pytest.mark.parametrize("edition, module", [("seed", seed), ("modern", client)])
def test_reference_holds(edition: str, module: Any, prop: Property) -> None:
    impl = Implementation(module.__name__, module)
    assert reported(prop, impl, edition) is None
