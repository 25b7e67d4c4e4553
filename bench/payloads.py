"""The bytes the benchmark server sends, built once and ahead of time.

Bodies carry a pattern in which every 8-byte word holds its own index, so
a truncated, shifted or duplicated body never compares equal to the
expected one.
"""

from array import array
from typing import List

BLOCK_SIZE = 65536  # one block of the streamed (memory) body


def pattern(size: int) -> bytes:
    """``size`` bytes in which the 8-byte word at offset ``8*i`` encodes ``i``."""
    if size < 0:
        raise ValueError(f"body size must be >= 0, got {size!r}")
    words = array("Q", range(size // 8 + 1))
    return words.tobytes()[:size]


def content_length_response(body: bytes, extra: int = 0) -> bytes:
    """An HTTP/1.1 200 response framed by Content-Length (RFC 9112 section 6.2).

    ``extra`` adds filler field lines so the head holds ``extra + 2`` lines
    in all (Content-Length and Content-Type included).
    """
    lines = [b"HTTP/1.1 200 OK"]
    lines.extend(filler_fields(extra))
    lines.append(b"Content-Type: application/octet-stream")
    lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def chunked_response(body: bytes, chunk_size: int) -> bytes:
    """A 200 response whose body is sent in ``chunk_size`` chunks
    (chunked transfer coding, RFC 9112 section 7.1), with an empty trailer."""
    if chunk_size < 1:
        raise ValueError(f"chunk size must be >= 1, got {chunk_size!r}")
    parts = [b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n"]
    for start in range(0, len(body), chunk_size):
        piece = body[start:start + chunk_size]
        parts.append(b"%x\r\n" % len(piece))
        parts.append(piece)
        parts.append(b"\r\n")
    parts.append(b"0\r\n\r\n")
    return b"".join(parts)


PROBE_NAME = "X-Bench-Probe"
PROBE_VALUE = "found-it"


def filler_fields(count: int) -> List[bytes]:
    """``count`` plausible response field lines; the middle one is the probe
    field that the header workload looks up with ``getheader()``."""
    if count < 0:
        raise ValueError(f"field count must be >= 0, got {count!r}")
    common = [
        b"Date: Fri, 27 Nov 2026 12:00:00 GMT",
        b"Server: bench/1",
        b"Cache-Control: no-cache, no-store, must-revalidate",
        b"Vary: Accept-Encoding",
        b"Set-Cookie: session=0123456789abcdef; Path=/; HttpOnly",
        b"Set-Cookie: theme=dark; Path=/",
        b"X-Content-Type-Options: nosniff",
        b"Strict-Transport-Security: max-age=31536000",
    ]
    fields = []
    for i in range(count):
        if i == count // 2:
            fields.append(f"{PROBE_NAME}: {PROBE_VALUE}".encode("ascii"))
        elif i < len(common):
            fields.append(common[i])
        else:
            fields.append(b"X-Filler-%02d: value number %d of the padding" % (i, i))
    return fields


def stream_head(size: int) -> bytes:
    """The head of a ``size``-byte body that the server streams block by
    block instead of holding it in memory."""
    return (b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Length: %d\r\n\r\n" % size)


def stream_block() -> bytes:
    """The block repeated to make a streamed body."""
    return pattern(BLOCK_SIZE)
