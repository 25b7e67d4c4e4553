"""Request side: how bodies are framed (seed 20.10.1 request; modern request
body types; RFC 9112 sections 6.2, 6.3 and 7.1)."""

import os
import tempfile
from typing import Any, List

import pytest

from conformance import drive, drivers, local
from conformance.impl import Implementation


def _captured(impl: Implementation, name: str, action) -> Any:
    script = local.answering(name)
    played = drive.run_script(impl, script, client=drivers.with_connection(action))
    assert played.requests, f"the server received no complete request: {played.errors}"
    return played.requests[0]


def _field(request, name: str) -> List[bytes]:
    return [v for n, v in request.headers if n.lower() == name.lower().encode("ascii")]


@pytest.mark.clauses("seed:20.10.1:request-bytes", "modern:HTTPConnection:request-content-length",
                     related=("seed:20.10.1:request-content-length",
                              "rfc9112:6.2:content-length-request-body"))
def test_bytes_body_content_length(impl: Implementation) -> None:
    """A bytes body is sent as is with ``Content-Length`` its length."""
    body = b"spam=1&eggs=2\x00\xff"
    request = _captured(impl, "capture-bytes-body",
                        lambda c, s: drivers.exchange(c, "POST", "/form", body))
    assert _field(request, "Content-Length") == [b"%d" % len(body)], \
        f"Content-Length was {_field(request, 'Content-Length')!r}"
    assert request.body == body, f"body received {request.body!r}"


@pytest.mark.clauses("seed:20.10.1:request-body", "modern:HTTPConnection:request-body-types")
def test_str_body_latin1(impl: Implementation) -> None:
    """A str body is encoded as ISO-8859-1."""
    request = _captured(impl, "capture-str-body",
                        lambda c, s: drivers.exchange(c, "POST", "/", "caf\u00e9"))
    assert request.body == b"caf\xe9", f"body received {request.body!r}"
    assert _field(request, "Content-Length") == [b"4"]


@pytest.mark.clauses("modern:HTTPConnection:request-content-length-zero")
def test_post_without_body_sends_zero_length(impl: Implementation) -> None:
    """POST without a body carries ``Content-Length: 0``."""
    request = _captured(impl, "capture-post-no-body",
                        lambda c, s: drivers.exchange(c, "POST", "/"))
    assert _field(request, "Content-Length") == [b"0"], \
        f"Content-Length was {_field(request, 'Content-Length')!r}"


@pytest.mark.clauses("rfc9112:6.2:no-content-length-without-body")
def test_get_without_body_has_no_length(impl: Implementation) -> None:
    """GET without a body carries neither Content-Length nor Transfer-Encoding."""
    request = _captured(impl, "capture-get-no-body", lambda c, s: drivers.exchange(c))
    assert _field(request, "Content-Length") == [] and _field(request, "Transfer-Encoding") == [], \
        f"framing fields sent: {request.raw!r}"


@pytest.mark.clauses("modern:HTTPConnection:request-chunked-unknown-length",
                     related=("rfc9112:7.1:chunked-request-syntax",
                              "modern:HTTPConnection:request-empty-chunks-skipped",
                              "rfc9112:6.2:no-content-length-with-te"))
@pytest.mark.editions("modern")  # iterable bodies are a modern addition
def test_iterable_body_is_chunked(impl: Implementation) -> None:
    """An iterable body goes out chunked; empty pieces do not end it early."""
    pieces = [b"abc", b"", b"defgh", b"i"]
    request = _captured(impl, "capture-chunked-iterable",
                        lambda c, s: drivers.exchange(c, "PUT", "/", iter(pieces)))
    assert request.chunked, f"body was not chunked: {request.raw!r}"
    assert _field(request, "Content-Length") == [], "Content-Length sent with chunked"
    assert request.body == b"abcdefghi", f"chunked body decoded to {request.body!r}"


@pytest.mark.clauses("modern:HTTPConnection:request-encode-chunked")
def test_encode_chunked(impl: Implementation) -> None:
    """With Transfer-Encoding given, ``encode_chunked=True`` makes the library chunk."""
    request = _captured(impl, "capture-encode-chunked", lambda c, s: drivers.exchange(
        c, "POST", "/", [b"12", b"345"], {"Transfer-Encoding": "chunked"}, encode_chunked=True))
    assert request.chunked and request.body == b"12345", f"received {request.raw!r}"


@pytest.mark.clauses("seed:20.10.1:request-file-body", "modern:HTTPConnection:request-file-no-stat",
                     related=("seed:20.10.1:request-file-content-length",
                              "modern:HTTPConnection:request-chunked-unknown-length"))
def test_file_body(impl: Implementation, edition: str) -> None:
    """A file body is sent whole: seed sets Content-Length from stat; modern
    chunk-encodes it (no stat since 3.6)."""
    data = b"file body\n" * 50
    fd, path = tempfile.mkstemp(prefix="conformance-body-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        with open(path, "rb") as body:
            request = _captured(impl, "capture-file-body",
                                lambda c, s: drivers.exchange(c, "PUT", "/", body))
    finally:
        os.unlink(path)
    assert request.body == data, f"received {len(request.body)} body bytes, sent {len(data)}"
    if edition == "seed":
        assert _field(request, "Content-Length") == [b"%d" % len(data)], \
            f"expected Content-Length {len(data)}, framing was {request.raw[:200]!r}"
    else:
        assert request.chunked, f"expected a chunked body, framing was {request.raw[:200]!r}"
