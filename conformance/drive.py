"""Playing a case against the implementation under test.

``play`` starts a ``servers.runtime.ScenarioServer`` for the case's script,
runs the client (a driver of ``conformance.drivers``) under the scenario
deadline, and returns everything that happened as ``Played``: what the client
observed, what the server received, the transcript and every server-side
error. ``attach`` notes a run in the check's record and turns what went wrong
into a grade, in this order:

1. a ``kit`` error on the server side (a script that cannot be played, a bug
   in scenario code) is ``error``: nothing is known about the client;
2. a client past the deadline is ``hang``;
3. a grading signal raised by the driver (``Missing`` ...) keeps its grade;
4. a ``client`` error on the server side (a malformed request, a request that
   never came, an extra connection) fails the check with the server's
   complaint: a case whose script did not run to its end proved nothing, so
   its expectation is not even compared;
5. any other exception from the driver propagates (``crash``).
"""

import time
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Union

from conformance import context
from conformance.deadline import run_in_thread, within
from conformance.drivers import Client, Observed, generic_client
from conformance.grading import Hang, KitError, Signal
from conformance.impl import Implementation
from servers.player import CLIENT, KIT, ServerError
from servers.scenario import Scenario


@dataclass
class Played:
    """The outcome of one scenario run."""

    scenario: Scenario
    result: Any
    requests: List[Any]
    transcripts: List[Any]
    errors: List[ServerError]
    elapsed: float
    error: Optional[BaseException] = None  # what the client raised, if anything
    hang: Optional[Hang] = None  # set when the client missed the deadline

    @property
    def observed(self) -> List[Observed]:
        """The driver's observations (one per request of the case)."""
        return list(self.result)

    def received(self) -> bytes:
        """Every byte the server received, over all connections."""
        return b"".join(t.received() for t in self.transcripts)

    def client_view(self) -> str:
        """``; the client observed ...`` for a failure message, or "" when the
        driver observed nothing (or returned something other than observations)."""
        seen = [o.describe() for o in self.result or () if isinstance(o, Observed)] if isinstance(
            self.result, list) else []
        return f"; the client observed {' / '.join(seen)}" if seen else ""

    def render(self) -> str:
        """Human-readable transcript of every connection, then the server's errors."""
        parts = [f"-- connection {i + 1} --\n{t.render()}" for i, t in enumerate(self.transcripts)]
        parts.extend(f"-- server error ({e.kind}): {e.message}" for e in self.errors)
        return "\n".join(parts) if parts else "(no connection was made)"


def resolve(scenario: Union[str, Scenario]) -> Scenario:
    """The scenario object for a name (from the catalogue) or the object itself."""
    if isinstance(scenario, Scenario):
        return scenario
    from servers.catalogue import get

    return get(scenario)


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
    driver), note it in the check's record and return it; raise its grade
    (see the module docstring) when something went wrong.

    ``edition`` is accepted for symmetry with the grading helpers; the run
    itself does not depend on it.
    """
    earlier = context.current().hang
    if earlier is not None:
        raise earlier
    return attach(play(impl, scenario, client, deadline, timeout, host))


def attach(played: Played) -> Played:
    """Note ``played`` in the running check's record; raise what went wrong."""
    ctx = context.current()
    ctx.note(played.scenario.name, played.render())
    kit = [e.message for e in played.errors if e.kind == KIT]
    if kit:
        raise KitError(f"the kit could not play {played.scenario.name}: {'; '.join(kit)}")
    if played.hang is not None:
        ctx.hang = played.hang
        raise played.hang
    if isinstance(played.error, Signal):
        raise played.error
    complaints = [e.message for e in played.errors if e.kind == CLIENT]
    if complaints:
        raise AssertionError(f"the server could not play {played.scenario.name} to its end: "
                             f"{'; '.join(complaints)}{played.client_view()}")
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
    start = time.monotonic()
    with ScenarioServer(scenario, host=host) as srv:
        outcome = run_in_thread(lambda: client(impl, srv, timeout), deadline,
                                f"conformance-client-{scenario.name}", release=srv.close)
        if not outcome.timed_out:
            srv.wait(timeout=max(1.0, deadline - (time.monotonic() - start)))
    # Leaving the block tore the server down, which releases a blocked client.
    played = Played(scenario, outcome.result, list(srv.requests), list(srv.transcripts),
                    list(srv.errors), time.monotonic() - start, error=outcome.error)
    if outcome.timed_out:
        still = " and was still running after the teardown" if outcome.running else ""
        played.hang = Hang(f"{scenario.name}: client did not finish within {deadline:g}s{still}")
    return played


def bounded(action: Callable[[], Any], *sockets: Any) -> Any:
    """Run ``action`` within the scenario deadline. A client still blocked then
    is released by closing ``sockets`` (the listener resets connections it has
    not accepted) and graded ``hang``."""

    def release() -> None:
        for sock in sockets:
            sock.close()

    return within(action, context.settings.deadline, "conformance-api-client", "the client",
                  release)
