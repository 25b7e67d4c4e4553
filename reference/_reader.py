"""The receive buffer: every byte a response reads comes through here.

One ``Reader`` wraps the file a response got from ``sock.makefile("rb")``
(``cpython:HTTPResponse:sock-makefile``) and pulls from it with ``read1``
(one read of the socket each; ``read`` where the file has no ``read1``),
asking for ``RECV_SIZE`` bytes at a time, so whatever arrived sits in this
buffer and nowhere else: the bytes left after a response are known. It keeps
them as an immutable ``bytes`` plus a position, so lines and small bodies are
plain slices. Large reads go from the file straight into the result object
(through a one-byte ``io.BufferedReader`` over ``_Drain``), so a body is
never copied twice and never allocated beyond ``BLOCK`` bytes ahead of what
has arrived. This module moves bytes; ``_grammar`` says what they mean.
"""

import io
import sys
from typing import IO, Any, List

RECV_SIZE = 65536  # one read of the file when we need more bytes
BLOCK = 16 * 1024 * 1024  # largest single allocation made ahead of arrival


class Reader:
    """Buffered, bounded reads from one response's file."""

    __slots__ = ("fp", "_pull", "_pull_into", "buf", "pos", "eof", "reset")

    def __init__(self, fp: IO[bytes]) -> None:
        self.fp = fp
        self._pull = getattr(fp, "read1", None) or fp.read
        self._pull_into = getattr(fp, "readinto1", None) or fp.readinto
        self.buf = b""  # received bytes; those from ``pos`` on are unread
        self.pos = 0
        self.eof = False
        self.reset = False  # the end of stream was a reset, not a close

    def buffered(self) -> int:
        """How many received bytes are not consumed yet."""
        return len(self.buf) - self.pos

    def fill(self) -> bool:
        """Receive once more (at most ``RECV_SIZE``); False at end of stream."""
        if self.eof:
            return False
        try:
            data = self._pull(RECV_SIZE)
        except ConnectionResetError:
            # What was received still counts; the reader of it decides
            # whether a reset leaves the message incomplete.
            data = b""
            self.reset = True
        if not data:
            self.eof = True
            return False
        if self.pos < len(self.buf):
            data = self.buf[self.pos :] + data
        self.buf = data
        self.pos = 0
        return True

    def ensure(self, n: int) -> int:
        """Receive until ``n`` bytes are buffered or the stream ends."""
        while self.buffered() < n and self.fill():
            pass
        return self.buffered()

    def startswith(self, prefix: Any) -> bool:
        """Whether the unread bytes start with ``prefix`` (or one of a tuple)."""
        return self.buf.startswith(prefix, self.pos)

    def readline(self, limit: int) -> bytes:
        """Up to and including the next LF, at most ``limit`` bytes (less
        only at the end of stream; no bound when < 0), like a file's
        ``readline(limit)``."""
        if limit < 0:
            limit = sys.maxsize
        scanned = 0
        while True:
            end = self.buf.find(b"\n", self.pos + scanned, self.pos + limit)
            if end >= 0 or self.buffered() >= limit:
                stop = end + 1 if end >= 0 else self.pos + limit
                line = self.buf[self.pos : stop]
                self.pos = stop
                return line
            scanned = self.buffered()
            if not self.fill():
                line = self.buf[self.pos :]
                self.pos = len(self.buf)
                return line

    def read(self, n: int) -> bytes:
        """Up to ``n`` bytes: exactly ``n`` unless the stream ends first."""
        start = self.pos
        if n <= len(self.buf) - start:
            self.pos = start + n
            return self.buf[start : start + n]
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

    def read_some(self, n: int) -> bytes:
        """1 to ``n`` bytes (b"" at end of stream) with at most one read of the file."""
        if not self.buffered():
            self.fill()
        return self.read(min(n, self.buffered()))

    def peek(self) -> bytes:
        """The unread bytes, receiving once if there are none (b"" at end)."""
        if not self.buffered():
            self.fill()
        return self.buf[self.pos :]

    def read_to_eof(self) -> bytes:
        """Everything until the peer closes."""
        parts = [self.buf[self.pos :]]
        self.buf, self.pos = b"", 0
        while self.fill():
            parts.append(self.buf)
            self.buf = b""
        return b"".join(parts)

    def close(self) -> None:
        """Close the file (the socket is not this reader's to close)."""
        self.buf, self.pos = b"", 0
        self.fp.close()


class _Drain(io.RawIOBase):
    """Raw stream view of a ``Reader``: buffered bytes first, then the
    file, never more than the caller's buffer holds."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        r = self._reader
        avail = len(r.buf) - r.pos
        if not avail and len(b) < RECV_SIZE and r.fill():
            avail = len(r.buf)  # a small read: through the buffer, never past it
        if avail:
            n = min(avail, len(b))
            b[:n] = memoryview(r.buf)[r.pos : r.pos + n]
            r.pos += n
            return n
        if r.eof:
            return 0
        try:
            n = r._pull_into(b) or 0
        except ConnectionResetError:
            r.reset = True
            n = 0
        if not n:
            r.eof = True
        return n
