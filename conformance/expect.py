"""Grading what a driver observed against a case's expectation.

A match with ``Expectation.outcomes`` passes; a match with ``lenient`` is
``lenient``; an undocumented exception type is a ``crash``; anything else
fails with a one-line message naming expected and observed. The normalised
observations become the check's recorded outcome (what a baseline compares).
"""

from typing import List, Optional, Sequence

from conformance import context
from conformance.drivers import Observed
from conformance.grading import Crash, Lenient
from conformance.impl import Implementation
from servers.scenario import Expectation, Outcome, Raises, Response

AT_ANY = "any"


def grade_observed(impl: Implementation, observed: Sequence[Observed],
                   expectation: Expectation, what: str = "") -> None:
    """Return on a match; raise ``AssertionError``, ``Lenient``, ``Crash`` or ``Missing``."""
    context.current().outcome = [seen.normalised() for seen in observed]
    problem = mismatch(impl, observed, expectation.outcomes)
    if problem is None:
        return
    if any(mismatch(impl, observed, other) is None for other in expectation.also):
        return
    if expectation.lenient is not None and mismatch(impl, observed, expectation.lenient) is None:
        note = f" ({expectation.note})" if expectation.note else ""
        raise Lenient(f"{what}{problem}; matches the lenient alternative{note}")
    for seen in observed:
        if seen.error is not None and not documented(impl, seen.error):
            raise Crash(f"{what}undocumented {seen.describe()}; {problem}")
    raise AssertionError(f"{what}{problem}")


def documented(impl: Implementation, error: BaseException) -> bool:
    """Whether ``error`` is a type the documentation lets a client raise:
    the module's HTTPException family, OSError (sockets, TLS, timeouts) or ValueError."""
    allowed: List[type] = [OSError, ValueError]
    base = getattr(impl.module, "HTTPException", None)
    if isinstance(base, type):
        allowed.append(base)
    return isinstance(error, tuple(allowed))


def mismatch(impl: Implementation, observed: Sequence[Observed],
             outcomes: Sequence[Outcome]) -> Optional[str]:
    """The first difference between ``observed`` and ``outcomes``, or None."""
    if len(observed) != len(outcomes):
        return f"expected {len(outcomes)} outcome(s), observed {len(observed)}"
    for index, (seen, outcome) in enumerate(zip(observed, outcomes)):
        prefix = f"request {index + 1} ({seen.request.method} {seen.request.url}): " if len(
            outcomes) > 1 else ""
        problem = _compare(impl, seen, outcome)
        if problem is not None:
            return prefix + problem
    return None


def _compare(impl: Implementation, seen: Observed, outcome: Outcome) -> Optional[str]:
    if isinstance(outcome, Raises):
        expected = impl.exception(outcome.error)
        where = "" if outcome.at == AT_ANY else f" at {outcome.at}"
        if seen.error is None:
            return f"expected {outcome.error}{where}, got {seen.describe()}"
        if not isinstance(seen.error, expected):
            return f"expected {outcome.error}{where}, got {seen.describe()}"
        if outcome.at != AT_ANY and seen.at != outcome.at:
            return f"expected {outcome.error}{where}, got it at {seen.at}"
        return None
    return _compare_response(seen, outcome)


def _compare_response(seen: Observed, outcome: Response) -> Optional[str]:
    if seen.error is not None:
        return f"expected a {outcome.status} response, got {seen.describe()}"
    checks = [("status", outcome.status, seen.status)]
    if outcome.reason is not None:
        checks.append(("reason", outcome.reason, seen.reason))
    if outcome.version is not None:
        checks.append(("version", outcome.version, seen.version))
    for name, value in outcome.headers:
        checks.append((f"getheader({name!r})", value, seen.headers.get(name)))
    if outcome.body is not None:
        checks.append(("body", outcome.body, seen.body))
    for label, want, got in checks:
        if want != got:
            return f"expected {label} {_show(want)}, got {_show(got)}"
    return None


def _show(value: object) -> str:
    if isinstance(value, bytes):
        text = repr(value[:60]) + ("..." if len(value) > 60 else "")
        return f"{text} ({len(value)} bytes)"
    return repr(value)
