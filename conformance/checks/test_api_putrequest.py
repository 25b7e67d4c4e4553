"""API checks of the step-by-step request calls (putrequest, putheader,
endheaders, send) and of what request() puts on the wire around them: framing
of bodies, no folding, nothing before or after a request. Each check plays a
tiny local server through ``conformance.drive`` and reads what it received.
"""

import tempfile
from typing import Any, Callable, List, Tuple

import pytest

from conformance import drive, drivers, local
from conformance.grading import Info
from conformance.impl import Implementation
from servers.script import ExpectClose, Script

ANSWER = local.response(200, "OK", b"done")


def _answered(impl: Implementation, name: str, client: Callable[[Any, Any], Any],
              answers: int = 1) -> drive.Played:
    """Play a server that answers ``answers`` requests; ``client(conn, srv)``
    runs on one connection."""
    script = local.answering(f"api-put-{name}", (ANSWER,) * answers)
    return drive.run_script(impl, script, client=drivers.with_connection(client))


def _captured(impl: Implementation, name: str, client: Callable[[Any, Any], Any]) -> bytes:
    """Every byte the client sends before closing, unparsed (for output the
    strict request parser would refuse)."""
    script = Script(f"api-put-{name}", ((ExpectClose(timeout=3.0),),))
    played = drive.run_script(impl, script, client=drivers.with_connection(client))
    return played.received()


def _header_lines(raw: bytes) -> List[bytes]:
    head = raw.split(b"\r\n\r\n", 1)[0]
    return head.split(b"\r\n")[1:]


@pytest.mark.parametrize("aspect", [
    pytest.param("step-by-step", marks=pytest.mark.clauses(
        "seed:20.10.1:step-by-step", related=("seed:20.10.1:send",))),
    pytest.param("send", marks=pytest.mark.clauses(
        "seed:20.10.1:send", "modern:HTTPConnection:send",
        related=("seed:20.10.1:step-by-step",))),
    pytest.param("send-after-endheaders", marks=pytest.mark.clauses(
        "seed:20.10.1:send-after-endheaders", related=("seed:20.10.1:send",))),
])
def test_step_by_step_request(impl: Implementation, aspect: str) -> None:
    """seed:20.10.1:step-by-step: putrequest, putheader, endheaders then
    getresponse make one request; seed:20.10.1:send: send(data) sends the data
    (here the body, in two calls); seed:20.10.1:send-after-endheaders (INFO, the
    order the caller is told to keep) records the exchange."""

    def client(conn: Any, srv: Any) -> Any:
        conn.putrequest("POST", "/steps")
        conn.putheader("Content-Length", "11")
        conn.endheaders()
        conn.send(b"hello ")
        conn.send(b"world")
        response = conn.getresponse()
        return response.status, response.read()

    played = _answered(impl, "steps", client)
    (request,) = played.requests
    if aspect == "send-after-endheaders":
        raise Info(f"send() after endheaders() and before getresponse(): the server read "
                   f"the body {request.body!r}; the response was {played.result!r}")
    if aspect == "send":
        assert request.body == b"hello world", (
            f"send(b'hello ') then send(b'world') gave the body {request.body!r}")
        return
    assert (request.method, request.target) == ("POST", "/steps"), (
        f"the server received {request.method} {request.target}")
    assert request.body == b"hello world", f"the body received was {request.body!r}"
    assert played.result == (200, b"done"), f"the response read was {played.result!r}"


@pytest.mark.clauses("seed:20.10.1:endheaders", "modern:HTTPConnection:endheaders")
def test_endheaders_ends_the_head(impl: Implementation, edition: str) -> None:
    """seed:20.10.1:endheaders: endheaders() sends the blank line that ends the
    header section: before getresponse() the server has the whole head, ending
    in CRLF CRLF, and nothing else. modern:HTTPConnection:endheaders: its
    message_body is sent after that line."""
    body = b"after the head" if edition == "modern" else b""

    def client(conn: Any, srv: Any) -> Any:
        conn.putrequest("POST", "/ended")
        conn.putheader("Content-Length", str(len(body)))
        if body:
            conn.endheaders(body)
        else:
            conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()

    played = _answered(impl, "endheaders", client)
    sent = played.received()
    head, blank, rest = sent.partition(b"\r\n\r\n")
    assert blank, f"no blank line ended the header section: {sent[:200]!r}"
    assert b"\r\n\r\n" not in head and rest == body, (
        f"after the blank line the client sent {rest!r}, expected {body!r}")
    assert played.result == (200, b"done"), f"the response read was {played.result!r}"


def _chunks(raw: bytes) -> Tuple[List[int], bytes]:
    """The chunk sizes of the chunked body of ``raw`` (a request), the last
    one's 0 included, and what follows the body. A body that breaks the chunked
    syntax (hex size CRLF data CRLF ... 0 CRLF [trailer fields] CRLF) fails."""
    _head, _, rest = raw.partition(b"\r\n\r\n")
    sizes: List[int] = []
    while True:
        line, crlf, rest = rest.partition(b"\r\n")
        assert crlf and line and not line.strip(b"0123456789abcdefABCDEF"), (
            f"chunk-size line {line[:20]!r} after {len(sizes)} chunks is not hex digits "
            "then CRLF")
        size = int(line, 16)
        sizes.append(size)
        if size == 0:  # then any trailer field lines, and CRLF
            if rest.startswith(b"\r\n"):
                return sizes, rest[2:]
            _trailer, end, after = rest.partition(b"\r\n\r\n")
            assert end, f"the last chunk is not followed by CRLF: {rest[:40]!r}"
            return sizes, after
        assert rest[size:size + 2] == b"\r\n", (
            f"chunk {len(sizes)} of {size} bytes is not followed by CRLF")
        rest = rest[size + 2:]


class _Reads:
    """A file-like body whose read() returns the given pieces, then b''."""

    def __init__(self, pieces: List[bytes]) -> None:
        self._pieces = list(pieces)

    def read(self, size: int = -1) -> bytes:
        return self._pieces.pop(0) if self._pieces else b""


@pytest.mark.editions("modern")  # endheaders(message_body, encode_chunked) is modern
@pytest.mark.parametrize("make_body, sizes", [
    pytest.param(lambda: b"hello world", [11, 0], id="buffer",
                 marks=pytest.mark.clauses("modern:HTTPConnection:endheaders-chunk-buffer")),
    pytest.param(lambda: iter([b"abc", b"defgh", b"i"]), [3, 5, 1, 0], id="iterable",
                 marks=pytest.mark.clauses("modern:HTTPConnection:endheaders-chunk-iterable")),
    pytest.param(lambda: _Reads([b"abc", b"defgh", b"i"]), [3, 5, 1, 0], id="file",
                 marks=pytest.mark.clauses("modern:HTTPConnection:endheaders-chunk-file")),
])
def test_endheaders_chunk_boundaries(impl: Implementation, make_body: Callable[[], Any],
                                     sizes: List[int]) -> None:
    """modern:HTTPConnection:endheaders-chunk-*: with encode_chunked=True a
    buffer is one chunk, each item of an iterable one chunk, each read() of a
    file one chunk, then the last chunk."""

    def client(conn: Any, srv: Any) -> None:
        conn.putrequest("PUT", "/chunks")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders(make_body(), encode_chunked=True)

    raw = _captured(impl, "chunk-boundaries", client)
    found, after = _chunks(raw)
    assert found == sizes, f"the body went in chunks of {found} bytes, expected {sizes}"
    assert after == b"", f"after the last chunk the client sent {after!r}"


@pytest.mark.editions("modern")  # iterable bodies are modern
@pytest.mark.parametrize("aspect", [
    pytest.param("skipped", marks=pytest.mark.clauses(
        "modern:HTTPConnection:request-empty-chunks-skipped",
        related=("modern:HTTPConnection:request-chunked-unknown-length",))),
    pytest.param("syntax", marks=pytest.mark.clauses(
        "rfc9112:7.1:chunked-request-syntax",
        related=("modern:HTTPConnection:request-chunked-unknown-length",))),
])
def test_empty_chunks_skipped(impl: Implementation, aspect: str) -> None:
    """modern:HTTPConnection:request-empty-chunks-skipped: an empty item of an
    iterable body is skipped: no zero-size chunk ends the body before its last
    item. rfc9112:7.1:chunked-request-syntax: each chunk is hex size CRLF data
    CRLF, the body ends with 0 CRLF CRLF and nothing follows it."""

    def client(conn: Any, srv: Any) -> Any:
        conn.request("PUT", "/skip", iter([b"abc", b"", b"de", b""]))
        return conn.getresponse().read()

    played = _answered(impl, "empty-chunks", client)
    found, after = _chunks(played.received())
    if aspect == "syntax":
        assert after == b"", f"after the last chunk the client sent {after[:40]!r}"
        return
    assert found == [3, 2, 0], f"the body went in chunks of {found} bytes, expected [3, 2, 0]"
    assert played.requests[0].body == b"abcde", (
        f"the server read the body {played.requests[0].body!r}")


@pytest.mark.clauses("seed:20.10.1:putheader-continuation", "modern:HTTPConnection:putheader")
def test_putheader_continuation_lines(impl: Implementation) -> None:
    """putheader(name, a, b) sends 'name: a' then a continuation line TAB b."""

    def client(conn: Any, srv: Any) -> None:
        conn.putrequest("GET", "/multi")
        conn.putheader("X-Multi", "first", "second", "third")
        conn.endheaders()

    raw = _captured(impl, "continuation", client)
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nX-Multi: first\r\n\tsecond\r\n\tthird" in head + b"\r\n", (
        f"the header section sent was {head!r}")


@pytest.mark.clauses("rfc9112:5.2:no-obs-fold-sent")
def test_request_does_not_fold_long_fields(impl: Implementation) -> None:
    """request() with a long field value and many fields sends every field on
    one line: no line of the header section starts with SP or HTAB."""
    headers = {"X-Long": "v" * 3000, "X-Spaces": " ".join(["word"] * 400)}
    headers.update({f"X-Field-{i}": f"value {i}" for i in range(40)})

    def client(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/long", headers=headers)
        return conn.getresponse().read()

    played = _answered(impl, "no-fold", client)
    lines = _header_lines(played.received())
    folded = [line[:30] for line in lines if line[:1] in (b" ", b"\t")]
    assert not folded, f"{len(folded)} folded (obs-fold) lines were sent, e.g. {folded[0]!r}"
    sent = {name.lower(): value for name, value in played.requests[0].headers}
    assert sent.get(b"x-long") == b"v" * 3000, "X-Long did not arrive whole"


@pytest.mark.clauses("rfc9112:2.2:no-extra-crlf-around-request")
def test_no_extra_crlf_around_requests(impl: Implementation) -> None:
    """Two requests (one with a body) on one connection: the bytes sent are
    exactly the two messages, no CRLF before, between or after them."""

    def client(conn: Any, srv: Any) -> None:
        conn.request("POST", "/one", b"abc", {"Content-Type": "text/plain"})
        conn.getresponse().read()
        conn.request("GET", "/two")
        conn.getresponse().read()

    played = _answered(impl, "no-extra-crlf", client, answers=2)
    sent = played.received()
    messages = b"".join(request.raw for request in played.requests)
    assert len(played.requests) == 2, f"the server parsed {len(played.requests)} requests"
    assert sent == messages, (
        f"the client sent {len(sent) - len(messages)} bytes beyond the two requests "
        f"(starts {sent[:12]!r}, ends {sent[-12:]!r})")


def _file_body() -> Any:
    handle = tempfile.TemporaryFile()
    handle.write(b"from a file")
    handle.seek(0)
    return handle


@pytest.mark.clauses("rfc9112:6.3:request-body-framed")
@pytest.mark.parametrize("make_body, expected", [
    pytest.param(lambda: b"bytes body", b"bytes body", id="bytes"),
    pytest.param(lambda: "str body", b"str body", id="str"),
    pytest.param(lambda: b"", b"", id="empty-bytes"),
    pytest.param(_file_body, b"from a file", id="file"),
])
def test_request_body_is_framed(impl: Implementation, make_body: Callable[[], Any],
                                expected: bytes) -> None:
    """A request with a body carries Content-Length or chunked framing, and the
    server reads exactly that body."""
    body = make_body()

    def client(conn: Any, srv: Any) -> Any:
        conn.request("POST", "/framed", body)
        return conn.getresponse().read()

    try:
        played = _answered(impl, "framed", client)
    finally:
        if hasattr(body, "close"):
            body.close()
    (request,) = played.requests
    length = request.header("Content-Length")
    assert length is not None or request.chunked, (
        "the request body was sent with neither Content-Length nor chunked framing")
    assert request.body == expected, f"the server read the body {request.body!r}"


@pytest.mark.clauses("rfc9112:6.1:no-te-unless-http11")
@pytest.mark.parametrize("body", [b"known length", "known length"], ids=["bytes", "str"])
def test_no_chunked_for_known_length(impl: Implementation, body: Any) -> None:
    """On a fresh connection (the server's version unknown) a body of known
    length goes with Content-Length, not Transfer-Encoding."""

    def client(conn: Any, srv: Any) -> Any:
        conn.request("PUT", "/known", body)
        return conn.getresponse().read()

    (request,) = _answered(impl, "known-length", client).requests
    assert request.header("Transfer-Encoding") is None, (
        f"Transfer-Encoding {request.header('Transfer-Encoding')!r} sent for a "
        f"{type(body).__name__} body of known length")
    assert request.header("Content-Length") == b"12", (
        f"Content-Length was {request.header('Content-Length')!r}, expected b'12'")

