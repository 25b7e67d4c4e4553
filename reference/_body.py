"""Body readers, one per framing of RFC 9112 §6.3, over the response's ``Reader``.

Each reader (but ``NoBody``) offers ``read(n)`` (exactly ``n`` bytes unless
the body ends), ``read_all()``, ``readline(limit)``, ``read1(n)`` (one read
of the socket at most), ``peek()`` (bytes available now, without consuming)
and ``done``. A body cut short raises ``IncompleteRead``
(``rfc9112:8:incomplete-response``).
"""

from typing import List

from ._errors import HTTPException, IncompleteRead
from ._grammar import (
    chunk_size,
    parse_fields,
    read_chunk_end,
    read_line,
    read_section,
    whole_chunks,
)
from ._reader import Reader


class NoBody:
    """HEAD, 1xx, 204, 304 and 2xx to CONNECT (RFC 9112 §6.3, items 1-2):
    complete as soon as the head is read, so it is never read from."""

    done = True


class LengthBody:
    """A body of Content-Length bytes (``rfc9112:6.3:content-length-valid``,
    ``rfc9112:6.3:content-length-incomplete``)."""

    def __init__(self, reader: Reader, length: int) -> None:
        self._reader = reader
        self.remaining = length

    @property
    def done(self) -> bool:
        return self.remaining == 0

    def _took(self, data: bytes, wanted: int) -> bytes:
        """Count ``data`` as read; fewer than ``wanted`` bytes is the stream ending."""
        self.remaining -= len(data)
        if len(data) < wanted:
            raise IncompleteRead(data, self.remaining)
        return data

    def read(self, n: int) -> bytes:
        want = min(n, self.remaining)
        return self._took(self._reader.read(want), want)

    def read_all(self) -> bytes:
        return self.read(self.remaining)

    def readline(self, limit: int) -> bytes:
        bound = self.remaining if limit < 0 else min(limit, self.remaining)
        line = self._reader.readline(bound)
        return self._took(line, len(line) if line[-1:] == b"\n" else bound)

    def read1(self, n: int) -> bytes:
        want = min(n, self.remaining)
        return self._took(self._reader.read_some(want), 1) if want else b""

    def peek(self) -> bytes:
        data = self._reader.peek()
        if not data:
            raise IncompleteRead(b"", self.remaining)
        return data[: self.remaining]


class CloseBody:
    """A body delimited by the server closing (``rfc9112:6.3:until-close``);
    only an orderly close ends it (``rfc9112:9.6:connection-reset``)."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader

    @property
    def done(self) -> bool:
        return self._reader.eof and not self._reader.buffered()

    def _checked(self, data: bytes) -> bytes:
        if self._reader.reset:
            raise ConnectionResetError("connection reset before the end of the body")
        return data

    def read(self, n: int) -> bytes:
        return self._checked(self._reader.read(n))

    def read_all(self) -> bytes:
        return self._checked(self._reader.read_to_eof())

    def readline(self, limit: int) -> bytes:
        return self._checked(self._reader.readline(limit))

    def read1(self, n: int) -> bytes:
        return self._checked(self._reader.read_some(n))

    def peek(self) -> bytes:
        return self._checked(self._reader.peek())


class ChunkedBody:
    """The chunked transfer coding (``rfc9112:7.1.3:chunked-decoding``);
    trailers are read, bounded, checked and dropped
    (``rfc9112:7.1.2:trailer-not-merged``)."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._left = 0  # bytes left in the current chunk
        self.done = False

    def _chunk_left(self) -> int:
        """Bytes left in the current chunk, reading the next chunk-size line
        when the current one is used up; 0 once the last chunk is read."""
        if self._left or self.done:
            return self._left
        line, ended = read_line(self._reader, "chunk size line")
        size = chunk_size(line) if ended else None
        if size is None:
            # rfc9112:7.1:chunk-size-invalid, rfc9112:7.1:chunked-incomplete
            raise IncompleteRead(b"")
        if size == 0:
            self._read_trailer()
        self._left = size
        return size

    def _read_trailer(self) -> None:
        """``rfc9112:7.1.2:trailer-section``: read with the header's limits;
        the stream ending inside it leaves the message incomplete."""
        lines, cut = read_section(self._reader, "trailer line")
        if cut:
            raise IncompleteRead(b"")
        if parse_fields(lines) is None:
            raise HTTPException(f"malformed trailer section: {lines!r}")
        self.done = True

    def _took(self, data: bytes, wanted: int) -> bytes:
        """Count ``data`` as read from the current chunk and, at its end,
        the CRLF after the chunk data (``rfc9112:7.1:chunk-data-crlf``)."""
        self._left -= len(data)
        if len(data) < wanted:
            raise IncompleteRead(data, self._left)
        if not self._left and not read_chunk_end(self._reader):
            raise IncompleteRead(data)
        return data

    def _collect(self, limit: int, line: bool) -> bytes:
        """Chunk data across chunks: ``limit`` bytes (all when < 0) or, for a
        ``line``, up to and including the first LF."""
        parts: List[bytes] = []
        got = 0
        try:
            while got != limit:
                if limit < 0 and not line and not self._left:
                    whole_chunks(self._reader, parts)  # the fast path, for read_all only
                if not self._chunk_left():
                    break
                want = self._left if limit < 0 else min(self._left, limit - got)
                if line:
                    piece = self._reader.readline(want)
                    ends_line = piece[-1:] == b"\n"
                    parts.append(self._took(piece, len(piece) if ends_line else want))
                    if ends_line:
                        break
                else:
                    parts.append(self._took(self._reader.read(want), want))
                got += len(parts[-1])
        except IncompleteRead as exc:
            raise IncompleteRead(b"".join(parts) + exc.partial, exc.expected) from None
        return b"".join(parts)

    def read(self, n: int) -> bytes:
        return self._collect(n, line=False)

    def read_all(self) -> bytes:
        return self._collect(-1, line=False)

    def readline(self, limit: int) -> bytes:
        return self._collect(limit, line=True)

    def read1(self, n: int) -> bytes:
        if not self._chunk_left():
            return b""
        want = min(n, self._left)
        return self._took(self._reader.read_some(want), 1)

    def peek(self) -> bytes:
        left = self._chunk_left()
        if not left:
            return b""
        data = self._reader.peek()
        if not data:
            raise IncompleteRead(b"", left)
        return data[:left]
