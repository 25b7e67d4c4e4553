"""Body readers, one per framing of RFC 9112 §6.3.

Each reader (but ``NoBody``) offers ``read(n)`` (exactly ``n`` bytes unless the body ends),
``read_all()``, ``peek()`` (bytes available now, without consuming) and
``done``. Premature end of stream raises ``IncompleteRead``.
"""

import re
from typing import List

from ._errors import IncompleteRead
from ._headers import read_section
from ._reader import Reader

_HEXDIG = b"0123456789abcdefABCDEF"
# A short, regular chunk-size line (RFC 9112 §7.1), for the fast path.
_CHUNK_HEAD = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]{0,1024})?\r\n")


class NoBody:
    """HEAD, 1xx, 204, 304 and 2xx to CONNECT (RFC 9112 §6.3, items 1-2):
    complete as soon as the head is read, so it is never read from."""

    done = True


class LengthBody:
    """A body of Content-Length bytes (RFC 9112 §6.3 item 6, §8)."""

    def __init__(self, reader: Reader, length: int) -> None:
        self._reader = reader
        self.remaining = length

    @property
    def done(self) -> bool:
        return self.remaining == 0

    def read(self, n: int) -> bytes:
        want = min(n, self.remaining)
        data = self._reader.read(want)
        self.remaining -= len(data)
        if len(data) < want:
            raise IncompleteRead(data, self.remaining)
        return data

    def read_all(self) -> bytes:
        return self.read(self.remaining)

    def peek(self) -> bytes:
        data = self._reader.peek()
        if not data:
            raise IncompleteRead(b"", self.remaining)
        return data[: self.remaining]


class CloseBody:
    """A body delimited by the server closing (RFC 9112 §6.3 item 8)."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader

    @property
    def done(self) -> bool:
        return self._reader.eof and not self._reader.buffered()

    def read(self, n: int) -> bytes:
        data = self._reader.read(n)
        if self._reader.reset:
            # Only an orderly close ends this body; a reset may have cut it.
            raise ConnectionResetError("connection reset before the end of the body")
        return data

    def read_all(self) -> bytes:
        return self._reader.read_to_eof()

    def peek(self) -> bytes:
        return self._reader.peek()


def chunk_size(line: bytes) -> int:
    """The size on a chunk-size line (RFC 9112 §7.1): 1*HEXDIG, then
    optional BWS and chunk extensions, which are ignored. -1 if invalid."""
    size = line.rstrip(b"\r\n").split(b";", 1)[0].rstrip(b" \t")
    if not size or size.strip(_HEXDIG):
        return -1
    return int(size, 16)


class ChunkedBody:
    """The chunked transfer coding (RFC 9112 §7.1); trailers are read,
    bounded and dropped (§7.1.2)."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._left = 0  # bytes left in the current chunk
        self.done = False

    def _chunk_left(self) -> int:
        """Bytes left in the current chunk, reading the next chunk-size line
        when the current one is used up; 0 once the last chunk is read."""
        if self._left or self.done:
            return self._left
        line = self._reader.readline("chunk size line")
        size = chunk_size(line)
        if size < 0 or not line.endswith(b"\n"):
            raise IncompleteRead(b"")
        if size == 0:
            # RFC 9112 §7.1.2: trailer section, same limits as the header;
            # the stream ending inside it leaves the message incomplete (§8).
            _, cut = read_section(lambda: self._reader.readline("trailer line"), "trailer line")
            if cut:
                raise IncompleteRead(b"")
            self.done = True
        self._left = size
        return size

    def _consume(self, n: int) -> bytes:
        """``n`` bytes of the current chunk, then its CRLF when it ends."""
        data = self._reader.read(n)
        self._left -= len(data)
        if len(data) < n:
            raise IncompleteRead(data, self._left)
        if not self._left and not self._reader.skip_crlf():
            raise IncompleteRead(data)
        return data

    def read(self, n: int) -> bytes:
        parts: List[bytes] = []
        got = 0
        try:
            while got < n and self._chunk_left():
                parts.append(self._consume(min(self._left, n - got)))
                got += len(parts[-1])
        except IncompleteRead as exc:
            raise IncompleteRead(b"".join(parts) + exc.partial, exc.expected) from None
        return b"".join(parts)

    def _whole_buffered_chunks(self, parts: List[bytes]) -> None:
        """Fast path: take every complete, regular chunk already buffered.

        A chunk-size line equal to the previous one is not parsed again.
        Anything else (the last chunk, a partial chunk, an odd line) is left
        to the general path."""
        buf, pos = self._reader.window()
        startswith = buf.startswith
        head, size = b"", 0
        while True:
            if not (head and startswith(head, pos)):
                match = _CHUNK_HEAD.match(buf, pos)
                if match is None:
                    break
                head, size = match.group(), int(match.group(1), 16)
                if not size:
                    break
            start = pos + len(head)
            end = start + size
            if not startswith(b"\r\n", end):
                break
            parts.append(buf[start:end])
            pos = end + 2
        self._reader.advance(pos)

    def read_all(self) -> bytes:
        parts: List[bytes] = []
        try:
            while True:
                if not self._left:
                    self._whole_buffered_chunks(parts)
                if not self._chunk_left():
                    break
                parts.append(self._consume(self._left))
        except IncompleteRead as exc:
            raise IncompleteRead(b"".join(parts) + exc.partial, exc.expected) from None
        return b"".join(parts)

    def peek(self) -> bytes:
        left = self._chunk_left()
        if not left:
            return b""
        data = self._reader.peek()
        if not data:
            raise IncompleteRead(b"", left)
        return data[:left]
