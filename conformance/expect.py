"""Grading what a driver observed against a case's expectation.

A match with ``Expectation.outcomes`` passes; a match with ``lenient`` is
``lenient``; an undocumented exception type is a ``crash``; anything else
fails with a one-line message naming expected and observed. The normalised
observations become the check's recorded outcome (what a baseline compares).
"""

from typing import Any, List, Optional, Sequence

from conformance import context
from conformance.drivers import Observed
from conformance.grading import Crash, Lenient
from conformance.impl import Implementation
from servers.case import Expectation, Outcome, Raises, Response, Sent

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


def grade_case(impl: Implementation, played: Any, expectation: Expectation) -> None:
    """Grade a played case: what the client observed (``grade_observed``), then
    what the server received against ``expectation.sent``."""
    grade_observed(impl, played.observed, expectation)
    if expectation.sent is None:
        return
    if not played.requests:
        raise AssertionError("the server received no complete request")
    problem = sent_problem(expectation.sent, played.requests[0], played.port)
    if problem is None and expectation.sent.close_unless_kept:
        problem = close_problem(played.requests)
    if problem is None:
        problem = tls_problem(expectation.sent, played.transcripts, played.requests[0])
    if problem is not None:
        raise AssertionError(problem)


def tls_problem(sent: Sent, transcripts: Sequence[Any], request: Any) -> Optional[str]:
    """How the TLS handshake and closure on the first request's connection differ from
    ``sent.tls_server_name`` and ``sent.tls_close_notify`` (None: they match)."""
    if sent.tls_server_name is None and sent.tls_close_notify is None:
        return None
    index = getattr(request, "connection", 0)
    transcript = transcripts[index] if 0 <= index < len(transcripts) else None
    if transcript is None:
        return "no transcript of the TLS connection"
    if sent.tls_server_name is not None and transcript.tls_server_name != sent.tls_server_name:
        return (f"expected the TLS handshake to name {sent.tls_server_name!r} (SNI), got "
                f"{transcript.tls_server_name!r}")
    if sent.tls_close_notify is not None and transcript.tls_close_notify != sent.tls_close_notify:
        seen = {True: "a closure alert", False: "a TCP close without a closure alert",
                None: "no end of stream (the client left the connection open)"}
        return (f"expected the client to close with{'' if sent.tls_close_notify else 'out'} a "
                f"TLS closure alert (close_notify), got {seen[transcript.tls_close_notify]}")
    return None


def close_problem(requests: Sequence[Any]) -> Optional[str]:
    """RFC 9112 9.3 (``Sent.close_unless_kept``): a client that sent its requests
    on as many connections as requests does not keep connections, so each request
    must carry the 'close' connection option. None: it kept one, or it did."""
    if len(requests) < 2 or len({r.connection for r in requests}) < len(requests):
        return None
    for number, request in enumerate(requests, 1):
        tokens = {t.strip().lower() for v in request.values("Connection") for t in v.split(b",")}
        if b"close" not in tokens:
            return (f"the client opened a connection per request (no persistent connections) "
                    f"but request {number} has no 'Connection: close': {request.raw[:160]!r}")
    return None


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


def sent_problem(sent: Sent, request: Any, port: int) -> Optional[str]:
    """How the request the server captured differs from ``sent`` (None: it matches).
    ``request`` is a ``servers.wire.ParsedRequest``; ``{port}`` in ``sent.fields``
    values is the server's port."""
    line = [(label, want, got) for label, want, got in (
        ("method", sent.method, request.method), ("target", sent.target, request.target),
        ("version", sent.version, request.version)) if want is not None]
    for label, want, got in line:
        if want != got:
            return f"expected request {label} {want!r}, got {got!r} ({request.raw[:80]!r})"
    for name, accepted in sent.fields:
        wants = [v.replace("{port}", str(port)).encode("latin-1") for v in accepted]
        got = request.values(name)
        if len(got) != 1 or got[0] not in wants:
            return f"expected one {name}: {' or '.join(map(repr, wants))}, got {got!r}"
    present = [(name, request.values(name)) for name in sent.absent if request.values(name)]
    if present:
        return f"expected no {', '.join(n for n, _ in present)} field, got {present!r}"
    if sent.body is not None and request.body != sent.body:
        return f"expected body {_show(sent.body)}, got {_show(request.body)}"
    if sent.content_length is not None:
        got = request.values("Content-Length")
        if got != [b"%d" % sent.content_length]:
            return f"expected Content-Length: {sent.content_length}, got {got!r}"
    if sent.chunks is not None and tuple(request.chunks) != sent.chunks:
        return f"expected the chunks {list(sent.chunks)!r}, got {request.chunks!r}"
    if sent.chunked is not None and request.chunked != sent.chunked:
        return (f"expected {'a chunked' if sent.chunked else 'an unchunked'} body, got "
                f"{request.raw[:160]!r}")
    return None


def _show(value: object) -> str:
    if isinstance(value, bytes):
        text = repr(value[:60]) + ("..." if len(value) > 60 else "")
        return f"{text} ({len(value)} bytes)"
    return repr(value)
