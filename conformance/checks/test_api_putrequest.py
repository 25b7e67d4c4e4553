"""API checks of the step-by-step request calls (putrequest, putheader,
endheaders, send) and of what request() puts on the wire around them: framing
of bodies, no folding, nothing before or after a request. Each check plays a
tiny local server through ``conformance.drive`` and reads what it received.
"""

import tempfile
from typing import Any, Callable, List

import pytest

from conformance import drive, drivers, local
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


@pytest.mark.clauses("seed:20.10.1:step-by-step", "modern:HTTPConnection:send",
                     related=("seed:20.10.1:send",))
def test_step_by_step_request(impl: Implementation) -> None:
    """putrequest, putheader, endheaders then send(data) make one request whose
    body is the data sent; getresponse() then reads the answer."""

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
    assert (request.method, request.target) == ("POST", "/steps"), (
        f"the server received {request.method} {request.target}")
    assert request.body == b"hello world", f"the body received was {request.body!r}"
    assert played.result == (200, b"done"), f"the response read was {played.result!r}"


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

