"""Property 4 (issue 10) finds the fault it was built for, and shrinks it.

The mutant ``header_value_crlf_allowed`` (tests/mutants/catalogue.py) lets CR
and LF through in header values. The invalid-request property, run as the
ci profile runs it, must fail on it with the smallest request that smuggles
a CR: a GET of "/" with one field whose value is a bare CR. The valid-request
property and the invalid one pass on the reference in both editions.
"""

from typing import Any, Callable, List, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from mutants import loader

from conformance import request_property, strategies
from conformance.impl import Implementation
from reference import client, seed

CI = settings(max_examples=25, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))


def falsified(check: Callable[[Implementation, str, Any], None], impl: Implementation,
              edition: str, strategy: Any) -> Optional[Any]:
    """Run the property ``check`` over ``strategy``; the shrunk counterexample
    (the last example that failed: Hypothesis replays the minimal one last), or
    None when every example passed."""
    failing: List[Any] = []

    @CI
    @given(strategy)
    def run(example: Any) -> None:
        try:
            check(impl, edition, example)
        except AssertionError:
            failing.append(example)
            raise

    try:
        run()
    except AssertionError:
        return failing[-1]
    return None


def test_smuggled_cr_caught_and_shrunk() -> None:
    mutant = loader.build(loader.find("header_value_crlf_allowed"))
    impl = Implementation("mutant:header_value_crlf_allowed", mutant)
    found = falsified(request_property.check_invalid, impl, "modern",
                      strategies.invalid_requests("modern", "value"))
    assert found == {
        "api": "request", "method": "GET", "target": "/", "host": None,
        "accept_encoding": None, "headers": [["0", "\r", "str"]], "body": {"type": "none"},
        "framing": "auto", "invalid": {"part": "value", "bad": "\r"},
    }


@pytest.mark.parametrize("part", strategies.INVALID_PARTS)
@pytest.mark.parametrize("edition, module", [("seed", seed), ("modern", client)])
def test_reference_refuses_invalid(edition: str, module: Any, part: str) -> None:
    impl = Implementation(module.__name__, module)
    assert falsified(request_property.check_invalid, impl, edition,
                     strategies.invalid_requests(edition, part)) is None


@pytest.mark.parametrize("edition, module", [("seed", seed), ("modern", client)])
def test_reference_sends_valid(edition: str, module: Any) -> None:
    impl = Implementation(module.__name__, module)
    assert falsified(request_property.check_valid, impl, edition,
                     strategies.valid_requests(edition)) is None
