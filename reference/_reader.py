"""The receive buffer: every byte a response reads comes through here.

One ``Reader`` wraps one socket for one response. It keeps the unread bytes
as an immutable ``bytes`` plus a position, so lines and small bodies are
plain slices. Large reads go straight from the socket into the result
object (through a one-byte ``io.BufferedReader`` over ``_Drain``), so a
body is never copied twice and never allocated beyond ``BLOCK`` bytes ahead
of what has arrived.
"""

import io
import socket
import ssl
from typing import List, Tuple

from ._errors import LineTooLong

RECV_SIZE = 65536  # one recv() when we need more bytes for a line or a peek
MAX_LINE = 65536  # longest status, field, chunk-size or trailer line
BLOCK = 16 * 1024 * 1024  # largest single allocation made ahead of arrival
_WAITALL = getattr(socket, "MSG_WAITALL", 0)


class Reader:
    """Buffered, bounded reads from one socket."""

    __slots__ = ("sock", "_buf", "_pos", "eof", "reset", "waitall")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._buf = b""
        self._pos = 0
        self.eof = False
        self.reset = False  # the end of stream was a reset, not a close
        # Exact reads ask the kernel for every byte at once (fewer wake-ups on
        # a blocking socket; a socket with a timeout still returns what has
        # arrived). TLS sockets take no flags.
        self.waitall = 0 if isinstance(sock, ssl.SSLSocket) else _WAITALL

    def buffered(self) -> int:
        """How many received bytes are not consumed yet."""
        return len(self._buf) - self._pos

    def fill(self) -> bool:
        """Receive once more (at most ``RECV_SIZE``); False at end of stream."""
        if self.eof:
            return False
        data = self.sock.recv(RECV_SIZE)
        if not data:
            self.eof = True
            return False
        if self._pos < len(self._buf):
            data = self._buf[self._pos :] + data
        self._buf = data
        self._pos = 0
        return True

    def ensure(self, n: int) -> int:
        """Receive until ``n`` bytes are buffered or the stream ends."""
        while self.buffered() < n and self.fill():
            pass
        return self.buffered()

    def startswith(self, prefix: bytes) -> bool:
        """Whether the unread bytes start with ``prefix``."""
        return self._buf.startswith(prefix, self._pos)

    def readline(self, kind: str) -> bytes:
        """One line with its LF (a bare LF ends a line: RFC 9112 §2.2).

        Returns the unterminated rest at end of stream (b"" if nothing is
        left); raises ``LineTooLong`` past ``MAX_LINE`` bytes."""
        scanned = 0
        while True:
            end = self._buf.find(b"\n", self._pos + scanned)
            if end >= 0:
                end += 1
                if end - self._pos > MAX_LINE:
                    raise LineTooLong(kind, MAX_LINE)
                line = self._buf[self._pos : end]
                self._pos = end
                return line
            scanned = self.buffered()
            if scanned > MAX_LINE:
                raise LineTooLong(kind, MAX_LINE)
            if not self.fill():
                line = self._buf[self._pos :]
                self._pos = len(self._buf)
                return line

    def skip_crlf(self) -> bool:
        """Consume one CRLF (or bare LF); False if something else comes."""
        self.ensure(2)
        if self.startswith(b"\r\n"):
            self._pos += 2
            return True
        if self.startswith(b"\n"):
            self._pos += 1
            return True
        return False

    def peek(self) -> bytes:
        """The unread bytes, receiving once if there are none (b"" at end)."""
        if self._pos == len(self._buf):
            self.fill()
        return self._buf[self._pos :]

    def window(self) -> Tuple[bytes, int]:
        """The raw buffer and position, for parsers that scan it in place."""
        return self._buf, self._pos

    def advance(self, pos: int) -> None:
        """Mark everything before ``pos`` of ``window()``'s buffer consumed."""
        self._pos = pos

    def read(self, n: int) -> bytes:
        """Up to ``n`` bytes: exactly ``n`` unless the stream ends first."""
        start = self._pos
        if n <= len(self._buf) - start:
            self._pos = start + n
            if start == 0 and n == len(self._buf):
                return self._buf
            return self._buf[start : start + n]
        parts: List[bytes] = []
        got = 0
        while got < n:
            # At most BLOCK bytes are allocated before they arrive.
            want = min(n - got, BLOCK)
            piece = io.BufferedReader(_Drain(self), 1).read(want)
            parts.append(piece)
            got += len(piece)
            if len(piece) < want:
                break
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def read_to_eof(self) -> bytes:
        """Everything until the peer closes."""
        parts = [self._buf[self._pos :]]
        self._buf, self._pos = b"", 0
        while not self.eof:
            data = self.sock.recv(RECV_SIZE)
            if data:
                parts.append(data)
            else:
                self.eof = True
        return b"".join(parts)

    def close(self) -> None:
        """Close the socket: the connection cannot carry another message."""
        self._buf, self._pos = b"", 0
        self.sock.close()


class _Drain(io.RawIOBase):
    """Raw stream view of a ``Reader``: buffered bytes first, then the
    socket, never more than the caller's buffer holds."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader

    def readable(self) -> bool:
        return True

    def readinto(self, b: "memoryview") -> int:  # type: ignore[override]
        r = self._reader
        avail = len(r._buf) - r._pos
        if avail:
            n = min(avail, len(b))
            b[:n] = memoryview(r._buf)[r._pos : r._pos + n]
            r._pos += n
            return n
        if r.eof:
            return 0
        try:
            n = r.sock.recv_into(b, 0, r.waitall)
        except ConnectionResetError:
            # The bytes received so far still reach the caller, who decides
            # whether a reset leaves the message incomplete.
            r.reset = True
            n = 0
        if not n:
            r.eof = True
        return n
