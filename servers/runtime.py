"""``ScriptServer``: plays a script on a loopback port, one thread per
connection, and keeps what it received.

    with ScriptServer(script) as srv:   # or the name of a case of the catalogue
        ...connect to srv.host, srv.port...
        srv.wait(timeout=5.0)
        srv.requests, srv.transcripts, srv.errors

Leaving the ``with`` block stops the accept loop and every connection
thread (they poll a stop flag every few tens of milliseconds), joins them
and closes every socket, even if a client is still connected or stalled.
"""

import ipaddress
import select
import socket
import threading
import time
from typing import Callable, List, Optional, Sequence, Tuple, Union

from servers import tls
from servers.channel import POLL, Channel, deadline_in, peer_name
from servers.player import CLIENT, KIT, Player, ServerError
from servers.script import Script, Step
from servers.transcript import Transcript
from servers.wire import ParsedRequest

# A router picks the script for a connection: (index, channel) ->
# (steps, a request it already read or None). Used by ``serve``.
Router = Callable[[int, Channel], Tuple[Sequence[Step], Optional[ParsedRequest]]]

JOIN_TIMEOUT = 3.0


def check_host(host: str, allow_remote: bool) -> None:
    """Refuse a non-loopback bind address unless ``allow_remote``."""
    if allow_remote:
        return
    try:
        infos = socket.getaddrinfo(host, 0, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ValueError(f"cannot resolve host {host!r}: {exc}") from None
    for info in infos:
        address = info[4][0].split("%", 1)[0]
        if not ipaddress.ip_address(address).is_loopback:
            raise ValueError(
                f"host {host!r} is not a loopback address ({address}); servers bind to loopback "
                "only unless allow_remote is set"
            )


def _resolve(script: Union[Script, str, None]) -> Optional[Script]:
    if script is None or isinstance(script, Script):
        return script
    if isinstance(script, str):
        from servers.catalogue import get

        return get(script).script
    raise TypeError(f"expected a Script or the name of a case, not {script!r}")


class ScriptServer:
    """An in-process scripted server on an ephemeral loopback port."""

    def __init__(
        self,
        script: Union[Script, str, None],
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        cycle: bool = False,
        router: Optional[Router] = None,
        allow_remote: bool = False,
        keep_records: bool = True,
    ):
        self.script = _resolve(script)
        if self.script is None and router is None:
            raise ValueError("ScriptServer needs a script or a router")
        if not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError(f"port must be an int in 0..65535, not {port!r}")
        check_host(host, allow_remote)
        self.host = host
        self.port = port
        self.cycle = cycle
        self.router = router
        self.keep_records = keep_records
        self.requests: List[ParsedRequest] = []
        self.transcripts: List[Transcript] = []
        self.errors: List[ServerError] = []
        self.ca = tls.test_ca() if self.script is not None and self.script.uses_tls() else None
        self.ca_path: Optional[str] = tls.ca_path() if self.ca is not None else None
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._listener: Optional[socket.socket] = None
        self._acceptor: Optional[threading.Thread] = None
        self._threads: List[threading.Thread] = []
        self._channels: List[Channel] = []
        self._active = 0
        self._accepted = 0

    # -- life cycle ----------------------------------------------------
    def start(self) -> "ScriptServer":
        """Bind, listen and start accepting."""
        if self._listener is not None:
            raise RuntimeError("server already started")
        family, kind, proto, _, address = socket.getaddrinfo(
            self.host, self.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        listener = socket.socket(family, kind, proto)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(address)
            listener.listen(64)
            listener.setblocking(False)
        except OSError:
            listener.close()
            raise
        self._listener = listener
        self.port = listener.getsockname()[1]
        self._acceptor = threading.Thread(
            target=self._accept_loop, name=f"script-accept:{self.port}", daemon=True
        )
        self._acceptor.start()
        return self

    def __enter__(self) -> "ScriptServer":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self, timeout: float = JOIN_TIMEOUT) -> None:
        """Stop accepting, end every connection, join every thread."""
        self._stop.set()
        deadline = deadline_in(timeout)
        if self._listener is not None:
            try:  # wakes a blocked accept() at once on Linux
                self._listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._acceptor is not None:
            self._acceptor.join(max(0.0, deadline - time.monotonic()))
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with self._lock:
            leftovers = list(self._channels)
        for channel in leftovers:  # only if a thread missed the deadline
            try:
                channel.sock.close()
            except OSError:
                pass

    @property
    def url(self) -> str:
        """``http://host:port`` (brackets around an IPv6 literal)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    # -- observing -----------------------------------------------------
    def wait(self, timeout: float = 5.0) -> bool:
        """Wait until every accepted connection finished its script and no
        connection waits to be accepted; False if ``timeout`` passed first."""
        deadline = deadline_in(timeout)
        with self._lock:
            while True:
                if self._active == 0 and not self._pending_accept():
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(min(remaining, POLL))

    def _pending_accept(self) -> bool:
        listener = self._listener
        if listener is None or self._stop.is_set():
            return False
        try:
            readable, _, _ = select.select([listener], [], [], 0)
        except (OSError, ValueError):
            return False
        return bool(readable)

    # -- threads -------------------------------------------------------
    def _accept_loop(self) -> None:
        listener = self._listener
        assert listener is not None
        while not self._stop.is_set():
            try:
                readable, _, _ = select.select([listener], [], [], POLL)
            except (OSError, ValueError):
                return
            if not readable or self._stop.is_set():
                continue
            # Accept only under the lock, so that wait() sees a connection
            # either still queued in the kernel or already counted as active.
            with self._lock:
                try:
                    sock, _ = listener.accept()
                except (BlockingIOError, socket.timeout, InterruptedError):
                    continue
                except OSError:
                    return
                thread = self._register(sock)
            thread.start()

    def _register(self, sock: socket.socket) -> threading.Thread:
        """Book-keeping for a new connection (called with the lock held)."""
        index = self._accepted
        self._accepted += 1
        self._active += 1
        self._threads = [t for t in self._threads if t.is_alive()]
        transcript = Transcript(index=index, peer=peer_name(sock) or "")
        if self.keep_records:
            self.transcripts.append(transcript)
        channel = Channel(sock, transcript, self._stop)
        self._channels.append(channel)
        thread = threading.Thread(
            target=self._serve_one,
            args=(index, channel),
            name=f"script-conn:{self.port}#{index}",
            daemon=True,
        )
        self._threads.append(thread)
        return thread

    def _serve_one(self, index: int, channel: Channel) -> None:
        try:
            steps, preread = self._script_for(index, channel)
            if steps is None:
                return
            Player(channel, steps, index, self._add_request, self._add_error, preread).run()
        except Exception as exc:  # a bug in a router or step: report, never hang
            self._add_error(ServerError(KIT, f"connection #{index}: internal error: {exc!r}"))
        finally:
            try:
                channel.sock.close()
            except OSError:
                pass
            with self._lock:
                self._channels.remove(channel)
                self._active -= 1
                self._lock.notify_all()

    def _script_for(
        self, index: int, channel: Channel
    ) -> Tuple[Optional[Sequence[Step]], Optional[ParsedRequest]]:
        if self.router is not None:
            return self.router(index, channel)
        assert self.script is not None
        scripts = self.script.connections
        if index < len(scripts):
            return scripts[index], None
        if self.cycle and scripts:
            return scripts[index % len(scripts)], None
        self._add_error(ServerError(
            CLIENT,
            f"connection #{index}: script {self.script.name!r} has steps for only "
            f"{len(scripts)} connection(s); closed it",
        ))
        channel.transcript.note("no script for this connection")
        channel.transcript.closed("server", "fin")
        channel.close("fin")
        return None, None

    def _add_request(self, request: ParsedRequest) -> None:
        if self.keep_records:
            with self._lock:
                self.requests.append(request)

    def _add_error(self, error: ServerError) -> None:
        with self._lock:
            self.errors.append(error)
