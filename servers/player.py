"""Plays one connection script (a tuple of steps) on one accepted connection.

Every way a script can fail to run is a ``ServerError`` of one of two kinds:
``client`` when the client did not do what the script waits for (a malformed
request, a request that never came, an extra connection, a failed TLS
handshake) and ``kit`` when the script or the server itself is at fault (a
step that cannot be played, an exception in the runtime). Checks grade the
first as the client's failure and the second as ``error``.
"""

import socket
import ssl
import time
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence

from servers import tls
from servers.channel import (
    POLL,
    Channel,
    Oversized,
    PeerClosed,
    Stopped,
    TimedOut,
    deadline_in,
)
from servers.script import (
    Close,
    ExpectBody,
    ExpectClose,
    ExpectNothing,
    ExpectRequest,
    HalfClose,
    Pause,
    Receive,
    Reset,
    Send,
    Stall,
    StartTLS,
    Step,
)
from servers.transcript import Transcript
from servers.wire import BadRequest, ParsedRequest, read_body, read_head

SEND_TIMEOUT = 10.0

CLIENT = "client"  # the client did not do what the script waits for
KIT = "kit"  # the script or the server could not run: not the client's doing
ERROR_KINDS = (CLIENT, KIT)


@dataclass(frozen=True)
class ServerError:
    """One thing that went wrong on the server side, and whose doing it was."""

    kind: str
    message: str

    def __str__(self) -> str:
        return self.message


class ScriptError(ValueError):
    """A step that cannot be played as written (a fault of the script, not the client)."""


def pieces(step: Send) -> List[bytes]:
    """The fragments a Send step writes, in order."""
    data = step.data
    if step.split is None or not data:
        return [data]
    if isinstance(step.split, int):
        if step.split <= 0:
            raise ScriptError(f"Send.split must be a positive int, not {step.split!r}")
        return [data[i : i + step.split] for i in range(0, len(data), step.split)]
    cuts = [0] + [c for c in step.split if 0 < c < len(data)] + [len(data)]
    return [data[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


class _Finished(Exception):
    """The script cannot go on (connection closed); not an error."""


class Player:
    """Runs ``steps`` on ``channel``; failures go to ``report_error``."""

    def __init__(
        self,
        channel: Channel,
        steps: Sequence[Step],
        index: int,
        add_request: Callable[[ParsedRequest], None],
        report_error: Callable[[ServerError], None],
        preread: Optional[ParsedRequest] = None,
    ):
        """``preread`` is a request head already read from ``channel``; the
        first ExpectRequest takes it (and reads its body if asked to)."""
        self.ch = channel
        self.steps = steps
        self.index = index
        self.add_request = add_request
        self.report_error = report_error
        self.preread = preread
        self.pending: Optional[ParsedRequest] = None
        self.closed = False

    @property
    def transcript(self) -> Transcript:
        """The transcript of this connection."""
        return self.ch.transcript

    def run(self) -> None:
        """Play every step, then close (FIN) if the script did not."""
        step_no = -1
        step: Optional[Step] = None
        try:
            for step_no, step in enumerate(self.steps):
                if self.closed:
                    self.transcript.note(f"step {step_no} ignored: connection already closed")
                    continue
                self.transcript.note(f"step {step_no}: {type(step).__name__}")
                self._do(step)
        except _Finished:
            pass
        except Stopped:
            self.transcript.note("server stopped")
        except TimedOut as exc:
            self._fail(step_no, step, CLIENT, f"timed out waiting for {exc}")
            self.transcript.closed("server", "timeout")
        except PeerClosed as exc:
            self._fail(step_no, step, CLIENT, str(exc))
        except (BadRequest, Oversized) as exc:
            self._fail(step_no, step, CLIENT, f"bad request: {exc}")
        except ScriptError as exc:
            self._fail(step_no, step, KIT, f"the script cannot be played: {exc}")
        except Exception as exc:  # a bug in the kit: reported as such, never a hang
            self._fail(step_no, step, KIT, f"internal error: {exc!r}")
        finally:
            if not self.closed:
                self._close("fin")

    def _fail(self, step_no: int, step: Optional[Step], kind: str, message: str) -> None:
        text = f"connection #{self.index}, step {step_no} ({type(step).__name__}): {message}"
        self.transcript.note(f"error ({kind}): {message}")
        self.report_error(ServerError(kind, text))

    def _close(self, how: str) -> None:
        self.closed = True
        self.transcript.closed("server", how)
        try:
            self.ch.close(how)
        except OSError:
            pass

    # -- one step ------------------------------------------------------
    def _do(self, step: Step) -> None:
        ch = self.ch
        if isinstance(step, ExpectRequest):
            self._expect_request(step)
        elif isinstance(step, ExpectBody):
            if self.pending is None:
                raise ScriptError("ExpectBody without a request head read by ExpectRequest")
            request, self.pending = self.pending, None
            read_body(ch, request, deadline_in(step.timeout))
        elif isinstance(step, Receive):
            ch.read_some(deadline_in(step.timeout), "any bytes")
            ch.drain_now()
        elif isinstance(step, Send):
            self._send(step)
        elif isinstance(step, Pause):
            ch.sleep(step.seconds)
        elif isinstance(step, ExpectNothing):
            self._expect_nothing(step)
        elif isinstance(step, Stall):
            self._stall(step)
        elif isinstance(step, ExpectClose):
            self._expect_close(step)
        elif isinstance(step, HalfClose):
            ch.half_close()
        elif isinstance(step, Close):
            self._close("fin")
        elif isinstance(step, Reset):
            self._close("rst")
        elif isinstance(step, StartTLS):
            self._start_tls(step)
        else:
            raise ScriptError(f"unknown step {step!r}")

    def _expect_request(self, step: ExpectRequest) -> None:
        deadline = deadline_in(step.timeout)
        if self.preread is not None:
            request, self.preread = self.preread, None
            self.transcript.note(f"request head already read by the dispatcher: {request.target}")
        else:
            if not self.ch.buffer:
                self._await_request(step, deadline)
            request = read_head(self.ch, deadline)
        request.connection = self.index
        self.add_request(request)
        if step.read_body:
            read_body(self.ch, request, deadline)
        else:
            self.pending = request

    def _await_request(self, step: ExpectRequest, deadline: float) -> None:
        """Wait for the first bytes of a request. An ``optional`` request that
        does not come (the client closed, or sent nothing in time) ends the
        script quietly: a client may stop there."""
        try:
            if self.ch.fill(deadline, "the request line"):
                return
            missing = "the client closed instead"
        except TimedOut:
            if not step.optional:
                raise
            missing = "none came in time"
        if not step.optional:
            raise PeerClosed("client closed the connection without sending a request")
        self.transcript.note(f"optional request: {missing}; script ends")
        raise _Finished()

    def _send(self, step: Send) -> None:
        parts = pieces(step)
        for number, part in enumerate(parts):
            if number and step.interval:
                self.ch.sleep(step.interval)
            try:
                self.ch.send(part, deadline_in(SEND_TIMEOUT))
            except PeerClosed as exc:
                # A client may stop reading at any point (it rejected what it
                # read so far): its outcome says whether that was right.
                self.transcript.note(f"{exc}; script ends")
                raise _Finished() from None

    def _expect_close(self, step: ExpectClose) -> None:
        """Hold the connection open until the client closes it. A client still
        there after ``timeout`` is noted, not reported: the step only keeps the
        server from closing first; what the client made of the exchange is
        already decided."""
        try:
            self.ch.wait_eof(deadline_in(step.timeout))
        except TimedOut:
            self.transcript.note(f"the client kept the connection open past {step.timeout:g}s; "
                                 "the server closes it")

    def _expect_nothing(self, step: ExpectNothing) -> None:
        """Nothing may arrive for ``step.seconds``: bytes (buffered or new) are the
        client's failure; the client closing is left to the next step."""
        if not self.ch.buffer:
            try:
                self.ch.fill(deadline_in(step.seconds), "silence")
            except TimedOut:
                return
        if self.ch.buffer:
            raise PeerClosed("the client sent more before the response it was waiting for: "
                             f"{bytes(self.ch.buffer[:80])!r}")

    def _stall(self, step: Stall) -> None:
        try:
            self.ch.wait_eof(deadline_in(step.limit))
        except TimedOut:
            self.transcript.note(f"stall limit of {step.limit:g}s reached")
            return
        self.transcript.note("client closed during the stall")
        raise _Finished()

    def _start_tls(self, step: StartTLS) -> None:
        context = tls.server_context(step.cert)
        raw = self.ch.sock
        if self.ch.buffer:
            raise PeerClosed("the client sent plain bytes where the TLS handshake belongs: "
                             f"{bytes(self.ch.buffer[:40])!r}")
        # Ragged EOFs raise, so the channel tells a closure alert from a bare FIN.
        sock = context.wrap_socket(raw, server_side=True, do_handshake_on_connect=False,
                                   suppress_ragged_eofs=False)
        self.ch.sock = sock
        sock.settimeout(POLL)
        deadline = time.monotonic() + 5.0
        while True:
            if self.ch.stop.is_set():
                raise Stopped()
            if time.monotonic() >= deadline:
                raise TimedOut("the TLS handshake")
            try:
                sock.do_handshake()
                break
            except (socket.timeout, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                continue
            except (ssl.SSLError, OSError) as exc:
                self.transcript.note(f"TLS handshake failed ({step.cert} certificate): {exc}")
                self.transcript.closed("client", "fin")
                if step.cert == "valid" and not step.refusable:
                    raise PeerClosed(f"TLS handshake failed: {exc}") from None
                raise _Finished() from None
        self.transcript.tls_server_name = tls.server_name(sock)
        self.transcript.note(f"TLS established ({step.cert} certificate, {sock.version()}, "
                             f"SNI {self.transcript.tls_server_name!r})")
