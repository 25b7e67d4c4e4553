"""Request side: how bodies are framed (seed 20.10.1 request; modern request
body types; RFC 9112 sections 6.2, 6.3 and 7.1)."""

import os
import tempfile
from typing import Any, List

import pytest

from conformance import drive, drivers, local
from conformance.grading import Info
from conformance.impl import Implementation


def _captured(impl: Implementation, name: str, action) -> Any:
    script = local.answering(name)
    played = drive.run_script(impl, script, client=drivers.with_connection(action))
    assert played.requests, f"the server received no complete request: {played.errors}"
    return played.requests[0]


def _field(request, name: str) -> List[bytes]:
    return [v for n, v in request.headers if n.lower() == name.lower().encode("ascii")]


@pytest.mark.parametrize("aspect", [
    pytest.param("content-length", marks=pytest.mark.clauses(
        "seed:20.10.1:request-content-length", "modern:HTTPConnection:request-content-length",
        related=("rfc9112:6.2:content-length-request-body",))),
    pytest.param("empty", marks=pytest.mark.clauses(
        "seed:20.10.1:request-content-length", "modern:HTTPConnection:request-content-length",
        related=("rfc9112:6.2:content-length-request-body",))),
    pytest.param("bytes", marks=pytest.mark.clauses(
        "seed:20.10.1:request-bytes", related=("seed:20.10.1:request-content-length",))),
])
def test_bytes_body_content_length(impl: Implementation, aspect: str) -> None:
    """seed:20.10.1:request-content-length: a bytes body is sent as is with
    Content-Length its length (0 for an empty one). seed:20.10.1:request-bytes (INFO, "to use other
    encodings, pass a bytes object") records whether octets that are not
    ISO-8859-1 text (UTF-8 here) went out unchanged."""
    body = {"content-length": b"spam=1&eggs=2\x00\xff", "empty": b""}.get(
        aspect, "caf\u00e9".encode())
    request = _captured(impl, f"capture-bytes-body-{aspect}",
                        lambda c, s: drivers.exchange(c, "POST", "/form", body))
    if aspect == "bytes":
        raise Info(f"the UTF-8 bytes {body!r} arrived as {request.body!r}")
    assert _field(request, "Content-Length") == [b"%d" % len(body)], (
        f"a {len(body)}-byte body went with Content-Length {_field(request, 'Content-Length')!r} "
        f"and Transfer-Encoding {_field(request, 'Transfer-Encoding')!r}")
    assert request.body == body, f"body received {request.body!r}"


@pytest.mark.clauses("seed:20.10.1:request-headers-mapping")
def test_headers_mapping_sent(impl: Implementation) -> None:
    """seed:20.10.1:request-headers-mapping: the headers mapping holds extra fields
    sent with the request: each arrives once, with its value."""
    headers = {"X-One": "1", "Accept": "text/plain", "X-Long-Name-Field": "a b c"}
    request = _captured(impl, "capture-headers-mapping",
                        lambda c, s: drivers.exchange(c, "GET", "/", None, headers))
    found = {name: _field(request, name) for name in headers}
    expected = {name: [value.encode("latin-1")] for name, value in headers.items()}
    assert found == expected, f"the extra fields arrived as {found!r}, expected {expected!r}"


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


@pytest.mark.editions("modern")  # iterable bodies are a modern addition
@pytest.mark.parametrize("aspect", [
    pytest.param("chunked", marks=pytest.mark.clauses(
        "modern:HTTPConnection:request-chunked-unknown-length",
        related=("modern:HTTPConnection:request-empty-chunks-skipped",))),
    pytest.param("no-content-length", marks=pytest.mark.clauses(
        "rfc9112:6.2:no-content-length-with-te",
        related=("modern:HTTPConnection:request-chunked-unknown-length",))),
])
def test_iterable_body_is_chunked(impl: Implementation, aspect: str) -> None:
    """modern:HTTPConnection:request-chunked-unknown-length: an iterable body goes
    out chunked (empty pieces do not end it early); rfc9112:6.2:no-content-length-with-te:
    a request with Transfer-Encoding carries no Content-Length."""
    pieces = [b"abc", b"", b"defgh", b"i"]
    request = _captured(impl, "capture-chunked-iterable",
                        lambda c, s: drivers.exchange(c, "PUT", "/", iter(pieces)))
    if aspect == "no-content-length":
        assert _field(request, "Transfer-Encoding"), f"no Transfer-Encoding: {request.raw!r}"
        assert _field(request, "Content-Length") == [], (
            f"Content-Length {_field(request, 'Content-Length')!r} sent with Transfer-Encoding")
        return
    assert request.chunked, f"body was not chunked: {request.raw!r}"
    assert request.body == b"abcdefghi", f"chunked body decoded to {request.body!r}"


@pytest.mark.clauses("modern:HTTPConnection:request-encode-chunked")
def test_encode_chunked(impl: Implementation) -> None:
    """With Transfer-Encoding given, ``encode_chunked=True`` makes the library chunk."""
    request = _captured(impl, "capture-encode-chunked", lambda c, s: drivers.exchange(
        c, "POST", "/", [b"12", b"345"], {"Transfer-Encoding": "chunked"}, encode_chunked=True))
    assert request.chunked and request.body == b"12345", f"received {request.raw!r}"


@pytest.mark.parametrize("aspect", [
    pytest.param("content", marks=pytest.mark.clauses(
        "seed:20.10.1:request-file-body", "modern:HTTPConnection:request-body-types",
        related=("seed:20.10.1:request-file-content-length",))),
    pytest.param("framing", marks=pytest.mark.clauses(
        "seed:20.10.1:request-file-content-length", "modern:HTTPConnection:request-file-no-stat",
        related=("modern:HTTPConnection:request-chunked-unknown-length",))),
])
def test_file_body(impl: Implementation, edition: str, aspect: str) -> None:
    """seed:20.10.1:request-file-body: the contents of a file body are sent whole.
    Its framing: seed:20.10.1:request-file-content-length sets Content-Length from
    stat; modern:HTTPConnection:request-file-no-stat chunk-encodes it (no stat since
    3.6)."""
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
    if aspect == "content":
        assert request.body == data, f"received {len(request.body)} body bytes, sent {len(data)}"
        return
    if edition == "seed":
        assert _field(request, "Content-Length") == [b"%d" % len(data)], \
            f"expected Content-Length {len(data)}, framing was {request.raw[:200]!r}"
    else:
        assert request.chunked, f"expected a chunked body, framing was {request.raw[:200]!r}"
