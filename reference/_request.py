"""Request writing: validation of what goes on the wire, and body framing.

Everything here runs before the first byte is sent, so bad input never
leaves a half-written request behind.
"""

import os
import re
from typing import Any, Iterable, Iterator, List, Optional, Set, Tuple
from urllib.parse import urlsplit

from ._errors import InvalidURL
from ._grammar import is_token

# RFC 9110 §5.5: a field value holds no CTL but HTAB.
_BAD_VALUE = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
# rfc9112:3.2:request-target-no-whitespace: no whitespace or CTL.
_BAD_TARGET = re.compile(r"[\x00-\x20\x7f]")
# RFC 3986 3.1: scheme ":" starts an absolute URI (absolute-form, RFC 9112 §3.2.2)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def split_host_port(host: str, port: Optional[int], default: int) -> Tuple[str, int]:
    """``host`` and ``port`` as the constructor documents them (seed 20.10):
    ``host:port`` (or ``[v6]:port``) when ``port`` is None, else ``default``.
    The host must be non-empty, without whitespace or CTL."""
    if not isinstance(host, str):
        raise InvalidURL(f"invalid host: {host!r}")
    if port is None:
        colon = host.rfind(":")
        if colon > host.rfind("]"):
            digits = host[colon + 1 :]
            if not (digits.isascii() and digits.isdigit()):
                # seed 20.10 InvalidURL: "a port ... non-numeric or empty"
                # (modern:HTTPConnection:empty-port too: 'host:' is refused).
                raise InvalidURL(f"nonnumeric port: {digits!r}")
            host, port = host[:colon], int(digits)
        else:
            port = default
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise InvalidURL(f"port must be an integer in 0..65535, not {port!r}")
    if host[:1] == "[" and host[-1:] == "]":
        host = host[1:-1]
    if not host or _BAD_TARGET.search(host):
        raise InvalidURL(f"invalid host: {host!r}")
    return host, port


def authority(host: str, port: int, default: Optional[int]) -> bytes:
    """``host[:port]`` for Host and CONNECT (rfc9112:3.2:host-ipv6-brackets,
    rfc9112:3.2:host-default-port-omitted); IPv6 in
    brackets; the port only when it differs from ``default``."""
    name = f"[{host}]" if ":" in host else host
    if port != default:
        name = f"{name}:{port}"
    try:
        return name.encode("ascii")
    except UnicodeEncodeError:
        return name.encode("idna")


def request_line(method: str, url: str) -> bytes:
    """``method SP request-target SP HTTP/1.1`` (rfc9112:3:request-line-syntax,
    rfc9112:3.1:method-token, seed:20.10.1:putrequest-request-line)."""
    if not isinstance(method, str) or not is_token(method.encode("latin-1", "replace")):
        raise ValueError(f"invalid method: {method!r} (must be an RFC 9110 token)")
    if not isinstance(url, str) or _BAD_TARGET.search(url) or not url.isascii():
        raise InvalidURL(f"invalid URL: {url!r} (no whitespace, CTL or non-ASCII allowed)")
    return b"%s %s HTTP/1.1" % (method.encode("ascii"), (url or "/").encode("ascii"))


def absolute_authority(url: str) -> Optional[bytes]:
    """The Host value an absolute-form target dictates (RFC 9112 §3.2): its
    authority without userinfo, empty when it has none ('urn:...'); None for
    the other forms."""
    if not _SCHEME.match(url):
        return None
    return urlsplit(url).netloc.rpartition("@")[2].encode("ascii")


def field_name(name: Any) -> bytes:
    """A field name to send: an RFC 9110 token (rfc9112:5:field-name-token)."""
    raw = name.encode("latin-1", "replace") if isinstance(name, str) else name
    if not isinstance(raw, bytes) or not is_token(raw):
        raise ValueError(f"invalid header name: {name!r}")
    return raw


def field_value(value: Any) -> bytes:
    """A field value to send: str (ISO-8859-1), bytes-like or int; no CTL
    but HTAB (rfc9112:5:field-value-crlf-nul, cpython:HTTPConnection:header-invalid)."""
    if isinstance(value, str):
        raw = value.encode("latin-1")
    elif isinstance(value, int):
        raw = str(value).encode("ascii")
    else:
        try:
            raw = bytes(memoryview(value))
        except TypeError:
            raise TypeError(f"invalid header value type: {value!r}") from None
    if _BAD_VALUE.search(raw):
        raise ValueError(f"invalid header value: {value!r}")
    return raw


def encode_text(text: str, what: str) -> bytes:
    """A str body part as ISO-8859-1, "the default charset for HTTP"
    (seed:20.10.1:request-str-iso-8859-1)."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise UnicodeEncodeError(
            exc.encoding,
            exc.object,
            exc.start,
            exc.end,
            f"{what} {text[:40]!r} is not ISO-8859-1; pass bytes to use another encoding",
        ) from None


def as_bytes(data: Any) -> Optional[bytes]:
    """``data`` as bytes if it is str or bytes-like, else None."""
    if isinstance(data, str):
        return encode_text(data, "body")
    try:
        view = memoryview(data)
    except TypeError:
        return None
    return data if isinstance(data, bytes) else view.tobytes()


def file_blocks(body: Any, blocksize: int) -> Iterator[bytes]:
    """A file body in blocks; text files are encoded as ISO-8859-1."""
    while True:
        block = body.read(blocksize)
        if not block:
            return
        yield encode_text(block, "body") if isinstance(block, str) else block


def body_blocks(body: Any, blocksize: int) -> Iterator[bytes]:
    """Any body (bytes-like, str, file, iterable of bytes/str) as bytes
    blocks; a body of no usable type fails here, before anything is sent."""
    data = as_bytes(body)
    if data is not None:
        return iter((data,))
    if hasattr(body, "read"):
        return file_blocks(body, blocksize)
    return _items(_iterate(body))


def _items(items: Iterable[Any]) -> Iterator[bytes]:
    for item in items:
        block = as_bytes(item)
        if block is None:
            raise TypeError(f"body iterable yielded {item!r}; expected bytes or str")
        yield block


def _iterate(body: Any) -> Iterable[Any]:
    try:
        return iter(body)
    except TypeError:
        raise TypeError(
            f"body must be str, bytes-like, a file or an iterable, not {type(body).__name__}"
        ) from None


def chunked(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunked coding of ``blocks`` (RFC 9112 §7.1); empty blocks are
    skipped so they never end the body early."""
    for block in blocks:
        if block:
            yield b"%X\r\n%s\r\n" % (len(block), block)
    yield b"0\r\n\r\n"


def seed_body_fields(body: Any, names: Set[str]) -> List[Tuple[str, str]]:
    """seed 20.10.1: a body is str, bytes or an open file; Content-Length is
    its length (from stat for a file) unless the caller gave one."""
    if body is None:
        return []
    data = as_bytes(body)
    if data is None and not hasattr(body, "read"):
        raise TypeError(
            f"body must be str, bytes or an open file (seed 20.10.1), not {type(body).__name__}"
        )
    if "content-length" in names:
        return []
    if data is not None:
        return [("Content-Length", str(len(data)))]
    try:
        size = os.fstat(body.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        raise TypeError(
            f"file body {body!r} has no fileno() to stat for Content-Length (seed 20.10.1)"
        ) from None
    return [("Content-Length", str(size))]


METHODS_EXPECTING_BODY = ("PATCH", "POST", "PUT")


def modern_body_fields(
    method: str, body: Any, names: Set[str], encode_chunked: bool
) -> Tuple[List[Tuple[str, str]], bool]:
    """Modern ``request``: the framing fields to add and whether to chunk.

    Caller-given Content-Length or Transfer-Encoding wins (then
    ``encode_chunked`` decides for Transfer-Encoding); no body means
    ``Content-Length: 0`` for PATCH/POST/PUT; str and bytes-like bodies
    that are not files get Content-Length; anything else is chunked."""
    if "content-length" in names or "transfer-encoding" in names:
        return [], encode_chunked and "transfer-encoding" in names
    if body is None:
        if str(method).upper() in METHODS_EXPECTING_BODY:
            return [("Content-Length", "0")], False
        return [], False
    data = as_bytes(body)
    if data is not None and not hasattr(body, "read"):
        return [("Content-Length", str(len(data)))], False
    return [("Transfer-Encoding", "chunked")], True
