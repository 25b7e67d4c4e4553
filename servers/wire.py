"""Strict parsing of the requests a client sends (RFC 9112).

The servers are scripted to misbehave, but what they *receive* is checked
strictly: a client that sends a malformed request is told so in
``ScriptServer.errors``, with the exact bytes kept in the transcript.
"""

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from servers.channel import Channel

MAX_LINE = 1 << 20
MAX_FIELDS = 1000
MAX_BODY = 64 << 20

# RFC 9110 5.6.2: token = 1*tchar
_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
# RFC 9112 3: request-line = method SP request-target SP HTTP-version
_REQUEST_LINE = re.compile(rb"([^ ]+) ([\x21-\x7e\x80-\xff]+) (HTTP/[0-9]\.[0-9])\Z")
# RFC 9110 5.5: field-value = *field-content; no CR, LF or NUL
_FIELD_VALUE = re.compile(rb"[\t\x20-\x7e\x80-\xff]*\Z")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})(;[^\r\n]*)?\Z")


class BadRequest(ValueError):
    """The client sent bytes that are not a valid HTTP/1.1 request."""


@dataclass
class ParsedRequest:
    """One request as received (contract: method, target, version, headers,
    body, raw, chunked)."""

    method: str
    target: str
    version: str
    headers: List[Tuple[bytes, bytes]]
    body: bytes = b""
    raw: bytes = b""
    chunked: bool = False
    trailers: List[Tuple[bytes, bytes]] = field(default_factory=list)
    connection: int = 0
    chunks: List[bytes] = field(default_factory=list)  # a chunked body's chunk data, in order

    def values(self, name: str) -> List[bytes]:
        """Every value of field ``name`` (case-insensitive), in the order received."""
        key = name.lower().encode("ascii")
        return [v for k, v in self.headers if k.lower() == key]

    def header(self, name: str) -> Optional[bytes]:
        """Values of field ``name`` (case-insensitive) joined by ", ", or None."""
        values = self.values(name)
        return b", ".join(values) if values else None

    def header_names(self) -> List[bytes]:
        """Field names in the order received, as sent."""
        return [k for k, _ in self.headers]


def _strip_crlf(line: bytes, what: str) -> bytes:
    """RFC 9112 2.2: lines end in CRLF; a bare CR anywhere is invalid."""
    if not line.endswith(b"\r\n"):
        raise BadRequest(f"{what} does not end in CRLF: {line[-40:]!r}")
    body = line[:-2]
    if b"\r" in body:
        raise BadRequest(f"bare CR in {what}: {body[:200]!r}")
    return body


def _read_fields(ch: Channel, deadline: float, raw: List[bytes], what: str):
    """Field lines up to the empty line (RFC 9112 5): name ":" OWS value OWS."""
    fields: List[Tuple[bytes, bytes]] = []
    while True:
        line = ch.read_line(deadline, MAX_LINE, what)
        raw.append(line)
        text = _strip_crlf(line, what)
        if not text:
            return fields
        if len(fields) >= MAX_FIELDS:
            raise BadRequest(f"more than {MAX_FIELDS} {what}")
        if text[:1] in (b" ", b"\t"):
            raise BadRequest(f"obs-fold (line starts with whitespace) in {what}: {text[:200]!r}")
        name, colon, value = text.partition(b":")
        if not colon:
            raise BadRequest(f"{what} line without a colon: {text[:200]!r}")
        if not _TOKEN.match(name):
            raise BadRequest(f"invalid field name {name[:200]!r} (RFC 9110 5.1)")
        value = value.strip(b" \t")
        if not _FIELD_VALUE.match(value):
            raise BadRequest(f"invalid byte in value of {name!r}: {value[:200]!r}")
        fields.append((name, value))


def read_head(ch: Channel, deadline: float) -> ParsedRequest:
    """Read and check a request line and its fields (RFC 9112 3, 5)."""
    raw: List[bytes] = []
    line = ch.read_line(deadline, MAX_LINE, "request line")
    raw.append(line)
    text = _strip_crlf(line, "request line")
    match = _REQUEST_LINE.match(text)
    if not match or not _TOKEN.match(match.group(1)):
        raise BadRequest(f"malformed request line: {text[:200]!r}")
    headers = _read_fields(ch, deadline, raw, "header field")
    method, target, version = (g.decode("latin-1") for g in match.groups())
    return ParsedRequest(method, target, version, headers, raw=b"".join(raw))


def _content_length(request: ParsedRequest) -> Optional[int]:
    values = [v for k, v in request.headers if k.lower() == b"content-length"]
    if not values:
        return None
    if len(set(values)) != 1 or not values[0].isdigit():
        raise BadRequest(f"invalid Content-Length {b', '.join(values)!r} (RFC 9112 6.3)")
    length = int(values[0])
    if length > MAX_BODY:
        raise BadRequest(f"Content-Length {length} above the server limit {MAX_BODY}")
    return length


def read_body(ch: Channel, request: ParsedRequest, deadline: float) -> None:
    """Read the body that the request's framing announces (RFC 9112 6)."""
    coding = request.header("Transfer-Encoding")
    length = _content_length(request)
    if coding is not None:
        if length is not None:
            raise BadRequest("both Transfer-Encoding and Content-Length (RFC 9112 6.1)")
        codings = [c.strip().lower() for c in coding.split(b",")]
        if codings[-1] != b"chunked":
            raise BadRequest(f"Transfer-Encoding {coding!r} does not end in chunked")
        request.chunked = True
        _read_chunked(ch, request, deadline)
    elif length:
        data = ch.read_exact(length, deadline, "request body")
        request.body = data
        request.raw += data


def _read_chunked(ch: Channel, request: ParsedRequest, deadline: float) -> None:
    """RFC 9112 7.1: chunk = size [ext] CRLF data CRLF; last-chunk; trailers."""
    raw: List[bytes] = []
    body: List[bytes] = []
    total = 0
    while True:
        line = ch.read_line(deadline, MAX_LINE, "chunk size line")
        raw.append(line)
        match = _CHUNK_SIZE.match(_strip_crlf(line, "chunk size line"))
        if not match:
            raise BadRequest(f"malformed chunk size line: {line[:200]!r}")
        size = int(match.group(1), 16)
        total += size
        if total > MAX_BODY:
            raise BadRequest(f"chunked body above the server limit {MAX_BODY}")
        if size == 0:
            break
        data = ch.read_exact(size + 2, deadline, "chunk data")
        raw.append(data)
        if data[-2:] != b"\r\n":
            raise BadRequest(f"chunk data not followed by CRLF: {data[-20:]!r}")
        body.append(data[:-2])
    request.trailers = _read_fields(ch, deadline, raw, "trailer field")
    request.chunks = body
    request.body = b"".join(body)
    request.raw += b"".join(raw)
