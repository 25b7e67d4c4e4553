"""A tiny scripted loopback server for the reference client's tests.

Each accepted connection plays the next script: a sequence of steps run in
one thread. Every socket wait has a timeout and the thread is joined on exit.
"""

import io
import socket
import ssl
import struct
import threading
import time
from contextlib import contextmanager
from typing import List, Optional, Sequence, Tuple, Union

TIMEOUT = 5.0

# Steps of a script.
REQUEST = "request"  # read one request (head, then body by Content-Length or chunked)
CLOSE = "close"  # orderly close (the end of a script closes too)
RESET = "reset"  # abort with RST
DRAIN = "drain"  # read until the client closes
SHUT_WR = "shut_wr"  # half-close: the client reads EOF
STARTTLS = "starttls"  # wrap the connection with the server's TLS context
TLS_CLOSE = "tls_close"  # send close_notify, then close


class Sleep:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


class Trickle:
    """Send ``data`` in pieces of ``size`` bytes, ``interval`` seconds apart."""

    def __init__(self, data: bytes, size: int = 1, interval: float = 0.0) -> None:
        self.data, self.size, self.interval = data, size, interval


Step = Union[str, bytes, Sleep, Trickle]


def _read_request(conn: socket.socket, pending: bytearray) -> bytes:
    """One request off ``conn``; ``pending`` keeps bytes read past it."""

    def need(pred) -> int:
        while True:
            at = pred()
            if at >= 0:
                return at
            data = conn.recv(65536)
            if not data:
                raise EOFError(f"client closed mid-request: {bytes(pending)!r}")
            pending.extend(data)

    end = need(lambda: pending.find(b"\r\n\r\n")) + 4
    head = bytes(pending[:end]).lower()
    length = 0
    for line in head.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if b"transfer-encoding: chunked" in head:
        stop = need(lambda: pending.find(b"\r\n0\r\n\r\n", end - 2)) + 7
    else:
        need(lambda: 0 if len(pending) >= end + length else -1)
        stop = end + length
    raw = bytes(pending[:stop])
    del pending[:stop]
    return raw


class Server:
    """``with Server([script, ...]) as srv``: ``srv.port``, ``srv.requests``
    (raw bytes of each request read), ``srv.errors``."""

    def __init__(
        self,
        scripts: Sequence[Sequence[Step]],
        tls: Optional[ssl.SSLContext] = None,
        family: int = socket.AF_INET,
        starttls: Optional[ssl.SSLContext] = None,
    ) -> None:
        self.scripts = scripts
        self.tls = tls
        self.starttls = starttls
        self.host = "127.0.0.1" if family == socket.AF_INET else "::1"
        self.listener = socket.socket(family, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((self.host, 0))
        self.listener.listen(8)
        self.listener.settimeout(TIMEOUT)
        self.port = self.listener.getsockname()[1]
        self.requests: List[bytes] = []
        self.errors: List[str] = []
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "Server":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.listener.close()
        self._thread.join(TIMEOUT + 1)
        assert not self._thread.is_alive(), "server thread did not stop"

    def wait(self, timeout: float = TIMEOUT) -> bool:
        """Wait until every script has finished."""
        return self.done.wait(timeout)

    def _run(self) -> None:
        try:
            for script in self.scripts:
                try:
                    conn, _ = self.listener.accept()
                except OSError as exc:
                    self.errors.append(f"accept: {exc}")
                    return
                conn.settimeout(TIMEOUT)
                try:
                    self._play(conn, script)
                except (OSError, EOFError, ValueError) as exc:
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                finally:
                    conn.close()
        finally:
            self.done.set()

    def _play(self, conn: socket.socket, script: Sequence[Step]) -> None:
        opened = [conn]  # every socket object made from this connection
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
                opened.append(conn)
            self._steps(conn, script, opened)
        finally:
            for sock in opened:
                sock.close()

    def _steps(self, conn: socket.socket, script: Sequence[Step], opened: list) -> None:
        pending = bytearray()
        for step in script:
            if isinstance(step, bytes):
                conn.sendall(step)
            elif isinstance(step, Sleep):
                time.sleep(step.seconds)
            elif isinstance(step, Trickle):
                for i in range(0, len(step.data), step.size):
                    conn.sendall(step.data[i : i + step.size])
                    time.sleep(step.interval)
            elif step == REQUEST:
                self.requests.append(_read_request(conn, pending))
            elif step == DRAIN:
                while conn.recv(65536):
                    pass
            elif step == SHUT_WR:
                conn.shutdown(socket.SHUT_WR)
            elif step == RESET:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
            elif step == STARTTLS:
                assert self.starttls is not None
                conn = self.starttls.wrap_socket(conn, server_side=True)
                opened.append(conn)
            elif step == TLS_CLOSE:
                opened.append(conn.unwrap())
                return
            elif step == CLOSE:
                return


def response(
    body: bytes = b"", status: str = "200 OK", headers: Tuple[str, ...] = (), length: bool = True
) -> bytes:
    """An HTTP/1.1 response with Content-Length (unless ``length`` is False)."""
    lines = ["HTTP/1.1 " + status, *headers]
    if length:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@contextmanager
def wire_response(mod, wire: bytes, method: str = "GET", begin: bool = True, **kw):
    """An ``HTTPResponse`` of ``mod`` reading ``wire`` from a socketpair
    (the peer closes after writing unless ``wire`` ends with KEEP_OPEN)."""
    client, peer = socket.socketpair()
    client.settimeout(TIMEOUT)
    try:
        keep = wire.endswith(KEEP_OPEN)
        peer.sendall(wire[: -len(KEEP_OPEN)] if keep else wire)
        if not keep:
            peer.shutdown(socket.SHUT_WR)
        resp = mod.HTTPResponse(client, method=method, **kw)
        if begin:
            resp.begin()
        yield resp
    finally:
        client.close()
        peer.close()


KEEP_OPEN = b"<keep-open>"


class PiecesRaw(io.RawIOBase):
    """A raw stream that returns ``data`` in pieces of the sizes given, cycled."""

    def __init__(self, data: bytes, sizes: Sequence[int]) -> None:
        self._data = data
        self._sizes = sizes
        self._turn = 0
        self._pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "memoryview") -> int:  # type: ignore[override]
        size = self._sizes[self._turn % len(self._sizes)]
        self._turn += 1
        piece = self._data[self._pos : self._pos + min(size, len(buffer))]
        buffer[: len(piece)] = piece
        self._pos += len(piece)
        return len(piece)


class SocketDouble:
    """Only what CPython's http.client uses on a socket it did not create:
    ``sendall`` (kept in ``sent``), ``makefile("rb")`` (files kept in
    ``files``, each handing ``data`` over in pieces of ``sizes``) and ``close``."""

    def __init__(self, data: bytes, sizes: Sequence[int] = (1 << 20,)) -> None:
        self.data, self.sizes = data, sizes
        self.sent: List[bytes] = []
        self.files: List[io.BufferedReader] = []

    def sendall(self, data: bytes) -> None:
        self.sent.append(bytes(data))

    def makefile(self, mode: str) -> io.BufferedReader:
        assert mode == "rb", mode
        self.files.append(io.BufferedReader(PiecesRaw(self.data, self.sizes)))
        return self.files[-1]

    def close(self) -> None:
        pass
