"""Playing a case (or a bare script) against the implementation under test.

``play`` starts a ``servers.runtime.ScriptServer`` for a script, runs the
client (a driver of ``conformance.drivers``) under the run deadline (``--deadline``), and
returns everything that happened as ``Played``: what the client observed,
what the server received, the transcript and every server-side error.
``play_case`` does so for a case of the catalogue with the case's driver.
``attach`` notes a run in the check's record and turns what went wrong into
a grade, in this order:

1. a ``kit`` error on the server side (a script that cannot be played, a bug
   in the runtime) is ``error``: nothing is known about the client;
2. a client past the deadline is ``hang``;
3. a grading signal raised by the driver (``Missing`` ...) keeps its grade;
4. a ``client`` error on the server side (a malformed request, a request that
   never came, an extra connection) fails the check with the server's
   complaint: a script that did not run to its end proved nothing, so the
   expectation is not even compared;
5. any other exception from the driver propagates (``crash``).

``run_case`` and ``run_script`` are ``play_case`` and ``play`` then ``attach``.
"""

import time
from dataclasses import dataclass
from typing import Any, Callable, List, Optional

from conformance import context
from conformance.deadline import run_in_thread, within
from conformance.drivers import DRIVERS, HOSTS, Client, Observed
from conformance.grading import Hang, KitError, Signal
from conformance.impl import Implementation
from servers.case import Case
from servers.player import CLIENT, KIT, ServerError
from servers.script import Script


@dataclass
class Played:
    """The outcome of one run of a script."""

    script: Script
    result: Any
    requests: List[Any]
    transcripts: List[Any]
    errors: List[ServerError]
    elapsed: float
    port: int = 0  # the server's port (a ``Sent`` field value may name it)
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
        if not isinstance(self.result, list):
            return ""
        seen = [o.describe() for o in self.result if isinstance(o, Observed)]
        return f"; the client observed {' / '.join(seen)}" if seen else ""

    def render(self) -> str:
        """Human-readable transcript of every connection, then the server's errors."""
        parts = [f"-- connection {i + 1} --\n{t.render()}" for i, t in enumerate(self.transcripts)]
        parts.extend(f"-- server error ({e.kind}): {e.message}" for e in self.errors)
        return "\n".join(parts) if parts else "(no connection was made)"


def run_case(impl: Implementation, case: Case, edition: str) -> Played:
    """Play ``case`` with its driver for ``edition``, note it in the check's record
    and return it; raise its grade (see the module docstring) when something
    went wrong."""
    return _attach_once(lambda: play_case(impl, case, edition))


def run_script(impl: Implementation, script: Script, client: Client,
               timeout: Optional[float] = None, host: str = "127.0.0.1") -> Played:
    """Play ``script`` with ``client(impl, srv, timeout)``, note it in the check's
    record and return it; raise its grade when something went wrong."""
    return _attach_once(lambda: play(impl, script, client, timeout=timeout, host=host))


def _attach_once(run: Callable[[], Played]) -> Played:
    earlier = context.current().hang
    if earlier is not None:  # a check that hung once does not wait again
        raise earlier
    return attach(run())


def attach(played: Played) -> Played:
    """Note ``played`` in the running check's record; raise what went wrong."""
    ctx = context.current()
    ctx.note(played.script.name, played.render())
    # sorted: complaints from several connections arrive in any order
    kit = sorted(e.message for e in played.errors if e.kind == KIT)
    if kit:
        raise KitError(f"the kit could not play {played.script.name}: {'; '.join(kit)}")
    if played.hang is not None:
        ctx.hang = played.hang
        raise played.hang
    if isinstance(played.error, Signal):
        raise played.error
    complaints = sorted(e.message for e in played.errors if e.kind == CLIENT)
    if complaints:
        raise AssertionError(f"the server could not play {played.script.name} to its end: "
                             f"{'; '.join(complaints)}{played.client_view()}")
    if played.error is not None:
        raise played.error
    return played


def play_case(impl: Implementation, case: Case, edition: str) -> Played:
    """Play ``case`` with the client its driver builds for ``edition``, on the
    host the driver needs (raising nothing, like ``play``)."""
    client = DRIVERS[case.driver](case, edition)
    return play(impl, case.script, client, timeout=case.client_timeout,
                host=HOSTS.get(case.driver, "127.0.0.1"))


def play(
    impl: Implementation,
    script: Script,
    client: Client,
    deadline: Optional[float] = None,
    timeout: Optional[float] = None,
    host: str = "127.0.0.1",
) -> Played:
    """Play ``script`` with ``client`` and return what happened, raising nothing: a
    hang or an exception from the client is kept in the result (safe to call
    from any thread)."""
    from servers.runtime import ScriptServer

    deadline = context.settings.deadline if deadline is None else deadline
    timeout = timeout or context.settings.client_timeout
    start = time.monotonic()
    with ScriptServer(script, host=host) as srv:
        outcome = run_in_thread(lambda: client(impl, srv, timeout), deadline,
                                f"conformance-client-{script.name}", release=srv.close)
        if not outcome.timed_out:
            srv.wait(timeout=max(1.0, deadline - (time.monotonic() - start)))
    # Leaving the block tore the server down, which releases a blocked client.
    played = Played(script, outcome.result, list(srv.requests), list(srv.transcripts),
                    list(srv.errors), time.monotonic() - start, srv.port, error=outcome.error)
    if outcome.timed_out:
        still = " and was still running after the teardown" if outcome.running else ""
        played.hang = Hang(f"{script.name}: client did not finish within {deadline:g}s{still}")
    return played


def bounded(action: Callable[[], Any], *sockets: Any) -> Any:
    """Run ``action`` within the run deadline (``--deadline``). A client still
    blocked then is released by closing ``sockets`` (the listener resets
    connections it has not accepted) and graded ``hang``."""

    def release() -> None:
        for sock in sockets:
            sock.close()

    return within(action, context.settings.deadline, "conformance-api-client", "the client",
                  release)
