"""The benchmark server: a separate process that answers from pre-built bytes.

It must never be the bottleneck, so it does as little as possible: read a
request head up to the blank line (RFC 9112 section 2.1; the benchmark sends
no request bodies), look the target up in a table of complete responses and
``sendall`` them; connections stay open (persistent, RFC 9112 section 9.3).

A target ``/stream/N`` answers with an N-byte body sent as the same 64 KiB
block over and over, so a huge body costs the server no memory.
"""

import multiprocessing
import socket
import threading
from multiprocessing.connection import Connection
from typing import Any, Callable, Dict, List, Optional, Tuple

from bench import payloads

Routes = Dict[str, bytes]
Address = Tuple[str, int]

STREAM_PREFIX = "/stream/"
POLL = 0.2  # how often blocked waits look at the stop flag (seconds)
IDLE_LIMIT = 30.0  # a connection silent this long is closed (seconds)
SEND_TIMEOUT = 30.0  # bound on one sendall (seconds)
MAX_HEAD = 65536  # a request head larger than this closes the connection
START_TIMEOUT = 20.0  # bound on the server process start-up (seconds)
STOP_GRACE = POLL * 10 + 1  # the process's time to stop by itself once asked (seconds)
END_WAIT = 5.0  # then bound on each of terminate() and kill() (seconds)
# How long ServerProcess.stop() may take in all.
STOP_BOUND = STOP_GRACE + 2 * END_WAIT

NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


def request_target(head: bytes) -> str:
    """The request-target of a request head (RFC 9112 section 3)."""
    line = head.split(b"\r\n", 1)[0]
    parts = line.split(b" ")
    if len(parts) != 3:
        return ""
    return parts[1].decode("latin-1")


class _Responder:
    """Answers requests on accepted connections, one thread per connection."""

    def __init__(self, routes: Routes, stop: Any) -> None:
        self._routes = routes
        self._stop = stop
        self._block = payloads.stream_block()
        self._lock = threading.Lock()
        self._open: List[socket.socket] = []

    def serve_connection(self, conn: socket.socket) -> None:
        """Answer every request on ``conn`` until the peer closes it, it idles
        past ``IDLE_LIMIT``, or the server stops."""
        with self._lock:
            self._open.append(conn)
        try:
            self._loop(conn)
        except OSError:
            pass  # the client went away mid-response; nothing to report
        finally:
            with self._lock:
                self._open.remove(conn)
            conn.close()

    def abort_all(self) -> None:
        """Shut down every open connection, so blocked sends return at once."""
        with self._lock:
            for conn in self._open:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _loop(self, conn: socket.socket) -> None:
        buffered = b""
        idle = 0.0
        while not self._stop.is_set():
            conn.settimeout(POLL)
            try:
                data = conn.recv(65536)
            except socket.timeout:
                idle += POLL
                if idle >= IDLE_LIMIT:
                    return
                continue
            if not data:
                return
            idle = 0.0
            buffered += data
            while True:
                end = buffered.find(b"\r\n\r\n")
                if end < 0:
                    break
                head, buffered = buffered[:end], buffered[end + 4:]
                conn.settimeout(SEND_TIMEOUT)
                self._answer(conn, request_target(head))
            if len(buffered) > MAX_HEAD:
                return

    def _answer(self, conn: socket.socket, target: str) -> None:
        response = self._routes.get(target)
        if response is not None:
            conn.sendall(response)
            return
        size = _stream_size(target)
        if size is None:
            conn.sendall(NOT_FOUND)
            return
        conn.sendall(payloads.stream_head(size))
        block = self._block
        whole, rest = divmod(size, len(block))
        for _ in range(whole):
            conn.sendall(block)
        if rest:
            conn.sendall(block[:rest])


def _stream_size(target: str) -> Optional[int]:
    """N for a ``/stream/N`` target, else None."""
    if not target.startswith(STREAM_PREFIX):
        return None
    digits = target[len(STREAM_PREFIX):]
    if not digits.isdigit():
        return None
    return int(digits)


def serve(
    listener: socket.socket,
    routes: Routes,
    stop: Any,
    parent_alive: Optional[Callable[[], bool]] = None,
) -> None:
    """Accept and answer connections on ``listener`` until ``stop`` (an
    Event, of threading or multiprocessing) is set, or ``parent_alive``
    says the process that wanted the server is gone; then close every
    connection and join every thread."""
    responder = _Responder(routes, stop)
    threads: List[threading.Thread] = []
    listener.settimeout(POLL)
    try:
        while not stop.is_set() and (parent_alive is None or parent_alive()):
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                continue
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            thread = threading.Thread(target=responder.serve_connection, args=(conn,))
            thread.start()
            threads = [t for t in threads if t.is_alive()]
            threads.append(thread)
    finally:
        stop.set()
        responder.abort_all()
        for thread in threads:
            thread.join(SEND_TIMEOUT)


def _process_main(routes: Routes, report: Connection, stop: Any) -> None:
    """Entry point of the server process: bind, report the port, serve."""
    try:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
    except OSError as exc:
        report.send(f"cannot listen on 127.0.0.1: {exc}")
        report.close()
        return
    try:
        report.send(listener.getsockname()[1])
        report.close()
        parent = multiprocessing.parent_process()
        serve(listener, routes, stop, parent.is_alive if parent is not None else None)
    finally:
        listener.close()


class ServerProcess:
    """Runs ``serve`` in a child process; use as a context manager.

    The child is always stopped and joined on exit (terminated, then killed,
    if it does not stop by itself in time).
    """

    def __init__(self, routes: Routes) -> None:
        self._routes = routes
        self._context = multiprocessing.get_context("spawn")
        self._stop = self._context.Event()
        self._process: Optional[multiprocessing.process.BaseProcess] = None
        self.address: Address = ("127.0.0.1", 0)

    def __enter__(self) -> "ServerProcess":
        receiver, sender = self._context.Pipe(duplex=False)
        self._process = self._context.Process(
            target=_process_main, args=(self._routes, sender, self._stop), daemon=True
        )
        try:
            self._process.start()
            sender.close()
            if not receiver.poll(START_TIMEOUT):
                raise RuntimeError(f"benchmark server did not start within {START_TIMEOUT}s")
            message = receiver.recv()
            if not isinstance(message, int):
                raise RuntimeError(f"benchmark server failed: {message}")
            self.address = ("127.0.0.1", message)
        except BaseException:
            self.stop()
            raise
        finally:
            receiver.close()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Ask the child to stop, and make sure it is gone."""
        process = self._process
        if process is None:
            return
        self._process = None
        self._stop.set()
        if process.pid is None:  # start() was interrupted (SIGTERM): nothing to join
            return
        process.join(STOP_GRACE)
        if process.is_alive():
            process.terminate()
            process.join(END_WAIT)
        if process.is_alive():
            process.kill()
            process.join(END_WAIT)
