"""Playing a scenario against the implementation under test.

``run_scenario`` starts a ``servers.runtime.ScenarioServer``, runs the client
in a worker thread with a socket timeout, and enforces a deadline: a client
still blocked then is released by tearing the server down, joined, and the
check is graded ``hang``. The wire transcript goes into the check's record.
"""

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Union

from conformance import context
from conformance.grading import Hang
from conformance.impl import Implementation
from servers.scenario import Request, Response, Scenario

# How long a released client thread may take to notice the teardown.
JOIN_GRACE = 1.0

Client = Callable[[Implementation, Any, float], Any]


@dataclass
class Observed:
    """What the client made of one request: a response, or an exception raised
    ``at`` one of ``request``, ``getresponse``, ``read``."""

    request: Request
    status: Optional[int] = None
    reason: Optional[str] = None
    version: Optional[int] = None
    body: Optional[bytes] = None
    headers: Dict[str, Optional[str]] = field(default_factory=dict)
    error: Optional[BaseException] = None
    at: Optional[str] = None

    def describe(self) -> str:
        """One line for a failure message."""
        if self.error is not None:
            return f"{type(self.error).__name__}({_short(str(self.error))!r}) at {self.at}"
        body = self.body if self.body is not None else b""
        return (f"response {self.status} {self.reason!r} version {self.version} "
                f"body {body[:40]!r}{'...' if len(body) > 40 else ''} ({len(body)} bytes)")


@dataclass
class Played:
    """The outcome of one scenario run."""

    scenario: Scenario
    result: Any
    requests: List[Any]
    transcripts: List[Any]
    errors: List[str]
    elapsed: float
    error: Optional[BaseException] = None  # what the client raised, if anything
    hang: Optional[Hang] = None  # set when the client missed the deadline

    @property
    def observed(self) -> List[Observed]:
        """The generic client's observations (one per request)."""
        return list(self.result)

    def received(self) -> bytes:
        """Every byte the server received, over all connections."""
        return b"".join(t.received() for t in self.transcripts)

    def render(self) -> str:
        """Human-readable transcript of every connection."""
        parts = [f"-- connection {i + 1} --\n{t.render()}" for i, t in enumerate(self.transcripts)]
        parts.extend(f"-- server error: {e}" for e in self.errors)
        return "\n".join(parts) if parts else "(no connection was made)"


def resolve(scenario: Union[str, Scenario]) -> Scenario:
    """The scenario object for a name (from the catalogue) or the object itself."""
    if isinstance(scenario, Scenario):
        return scenario
    from servers.catalogue import get

    return get(scenario)


def header_names(scenario: Scenario) -> List[str]:
    """Names whose ``getheader`` any expectation of ``scenario`` compares."""
    names: List[str] = []
    for expectation in scenario.expect.values():
        for outcome in tuple(expectation.outcomes) + tuple(expectation.lenient or ()):
            if isinstance(outcome, Response):
                names.extend(n for n, _ in outcome.headers if n not in names)
    return names


def generic_client(scenario: Scenario) -> Client:
    """The ``generic`` driver: every request of ``scenario`` on ONE HTTPConnection."""
    names = header_names(scenario)

    def client(impl: Implementation, srv: Any, timeout: float) -> List[Observed]:
        conn = impl.attr("HTTPConnection")(srv.host, srv.port, timeout=timeout)
        try:
            return [observe(conn, request, names) for request in scenario.requests]
        finally:
            conn.close()

    return client


def observe(conn: Any, request: Request, names: List[str], body: Any = None,
            amt: Optional[int] = None) -> Observed:
    """Make ``request`` on ``conn`` and note the response (``getheader`` of ``names``)
    or the exception and the phase it came from. ``body`` replaces the request's
    body (a str, a file, an iterable...); ``amt`` reads with ``read(amt)``."""
    seen = Observed(request)
    phase = "request"
    try:
        payload = request.body if body is None else body
        conn.request(request.method, request.url, payload, dict(request.headers))
        phase = "getresponse"
        response = conn.getresponse()
        seen.status, seen.reason, seen.version = response.status, response.reason, response.version
        phase = "read"
        seen.headers = {name: response.getheader(name) for name in names}
        seen.body = response.read() if amt is None else response.read(amt)
    except Exception as exc:  # graded by the caller against the expectation
        seen.error, seen.at = exc, phase
    return seen


def run_scenario(
    impl: Implementation,
    scenario: Union[str, Scenario],
    edition: Optional[str] = None,
    client: Optional[Client] = None,
    deadline: Optional[float] = None,
    timeout: Optional[float] = None,
    host: str = "127.0.0.1",
) -> Played:
    """Play ``scenario`` with ``client(impl, srv, timeout)`` (default: the generic
    driver), note its transcript in the check's record and return what happened;
    raise ``Hang`` past the deadline. Exceptions the client raises propagate.

    ``edition`` is accepted for symmetry with the grading helpers; the run
    itself does not depend on it.
    """
    earlier = context.current().hang
    if earlier is not None:
        raise earlier
    return attach(play(impl, scenario, client, deadline, timeout, host))


def attach(played: "Played") -> "Played":
    """Note ``played`` in the running check's record; re-raise its hang or client error."""
    ctx = context.current()
    ctx.note(played.scenario.name, played.render())
    if played.hang is not None:
        ctx.hang = played.hang
        raise played.hang
    if played.error is not None:
        raise played.error
    return played


def play(
    impl: Implementation,
    scenario: Union[str, Scenario],
    client: Optional[Client] = None,
    deadline: Optional[float] = None,
    timeout: Optional[float] = None,
    host: str = "127.0.0.1",
) -> Played:
    """Play ``scenario`` and return what happened, raising nothing: a hang or an
    exception from the client is kept in the result (safe to call from any thread)."""
    from servers.runtime import ScenarioServer

    scenario = resolve(scenario)
    client = client or generic_client(scenario)
    deadline = context.settings.deadline if deadline is None else deadline
    if timeout is None:
        timeout = scenario.client_timeout or context.settings.client_timeout
    box: Dict[str, Any] = {}
    start = time.monotonic()
    with ScenarioServer(scenario, host=host) as srv:
        worker = threading.Thread(
            target=_run_client, args=(client, impl, srv, timeout, box),
            name=f"conformance-client-{scenario.name}", daemon=True,
        )
        worker.start()
        worker.join(deadline)
        hung = worker.is_alive()
        if not hung:
            srv.wait(timeout=max(1.0, deadline - (time.monotonic() - start)))
    # Leaving the block tore the server down, which releases a blocked client.
    worker.join(JOIN_GRACE)
    played = Played(scenario, box.get("result"), list(srv.requests), list(srv.transcripts),
                    list(srv.errors), time.monotonic() - start, error=box.get("error"))
    if hung:
        still = " and was still running after the teardown" if worker.is_alive() else ""
        played.hang = Hang(f"{scenario.name}: client did not finish within {deadline:g}s{still}")
    return played


def _run_client(client: Client, impl: Implementation, srv: Any, timeout: float,
                box: Dict[str, Any]) -> None:
    try:
        box["result"] = client(impl, srv, timeout)
    except BaseException as exc:  # handed to the check's thread
        box["error"] = exc


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def with_connection(action: Callable[[Any, Any], Any], **options: Any) -> Client:
    """A client that opens one HTTPConnection to the server (``options`` are extra
    constructor arguments), runs ``action(conn, srv)`` and closes it."""

    def client(impl: Implementation, srv: Any, timeout: float) -> Any:
        conn = impl.attr("HTTPConnection")(srv.host, srv.port, timeout=timeout, **options)
        try:
            return action(conn, srv)
        finally:
            conn.close()

    return client


def exchange(conn: Any, method: str = "GET", url: str = "/", body: Any = None,
             headers: Optional[Dict[str, str]] = None, **options: Any) -> Any:
    """``request`` then ``getresponse`` then ``read``; returns ``(response, body)``."""
    conn.request(method, url, body, dict(headers or {}), **options)
    response = conn.getresponse()
    return response, response.read()


def bounded(action: Callable[[], Any], *sockets: Any) -> Any:
    """Run ``action`` in a worker thread within the check deadline. A client
    still blocked then is released by closing ``sockets`` (the listener resets
    connections it has not accepted), joined, and graded hang."""
    box: Dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = action()
        except BaseException as exc:  # handed to the check's thread
            box["error"] = exc

    worker = threading.Thread(target=run, name="conformance-api-client", daemon=True)
    worker.start()
    worker.join(context.settings.deadline)
    if worker.is_alive():
        for sock in sockets:
            sock.close()
        worker.join(JOIN_GRACE)
        raise Hang(f"the client did not return within {context.settings.deadline:g} s")
    if "error" in box:
        raise box["error"]
    return box.get("result")
