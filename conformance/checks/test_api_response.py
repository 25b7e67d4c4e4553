"""API-shape checks of the response object: the members an edition documents
on HTTPResponse, exercised on a real response from a local server (one
well-formed HTTP/1.1 exchange per check, played through ``conformance.drive``).
"""

import contextlib
import io
import os
import stat
from typing import Any, Callable, Dict, List

import pytest

from conformance import drive, drivers, local
from conformance.grading import Info, Missing
from conformance.impl import Implementation

BODY = b"line1\nline2\n"
FIELDS = (("X-Dup", "a"), ("X-Dup", "b"), ("X-One", "1"))
ANSWER = local.response(200, "OK", BODY, FIELDS)


def _with_response(impl: Implementation, name: str,
                   action: Callable[[Any, Any], Any], **options: Any) -> Any:
    """Send GET /name on a fresh connection, pass ``(conn, response)`` to
    ``action`` (in the client thread) and return what it returns."""

    def client(conn: Any, srv: Any) -> Any:
        conn.request("GET", f"/{name}")
        return action(conn, conn.getresponse())

    return _play(impl, name, client, **options).result


def _play(impl: Implementation, name: str, client: Callable[[Any, Any], Any],
          **options: Any) -> drive.Played:
    script = local.answering(f"api-response-{name}", (ANSWER,))
    return drive.run_script(impl, script, client=drivers.with_connection(client, **options))


def _member(response: Any, name: str) -> Any:
    if not hasattr(response, name):
        raise Missing(f"HTTPResponse.{name}")
    return getattr(response, name)


@pytest.mark.clauses("seed:20.10:HTTPResponse-returned", "modern:HTTPResponse:status",
                     related=("seed:20.10.1:getresponse-returns-HTTPResponse",
                              "seed:20.10.2:HTTPResponse-wraps", "seed:20.10.1:request-sends",
                              "modern:HTTPConnection:getresponse", "modern:HTTPResponse:reason",
                              "modern:HTTPResponse:version", "modern:HTTPResponse:read"))
def test_getresponse_returns_a_response(impl: Implementation) -> None:
    """getresponse() returns an HTTPResponse with status, reason, version, body."""
    response_class = impl.attr("HTTPResponse")

    def action(conn: Any, response: Any) -> Dict[str, Any]:
        return {"is_response": isinstance(response, response_class),
                "type": type(response).__name__, "status": response.status,
                "reason": response.reason, "version": response.version,
                "body": response.read()}

    def client(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/plain")
        return action(conn, conn.getresponse())

    played = _play(impl, "plain", client)
    sent = [(r.method, r.target) for r in played.requests]
    assert sent == [("GET", "/plain")], f"the server received {sent!r}, expected GET /plain"
    seen = played.result
    assert seen["is_response"], f"getresponse() returned a {seen['type']}, not an HTTPResponse"
    found = (seen["status"], seen["reason"], seen["version"], seen["body"])
    assert found == (200, "OK", 11, BODY), f"got status, reason, version, body {found!r}"


@pytest.mark.clauses("seed:20.10.2:getheader-default", "modern:HTTPResponse:getheader")
def test_getheader_default(impl: Implementation) -> None:
    """getheader(name) is None (or default) without such a field; duplicates
    are joined by ', '."""

    def action(conn: Any, response: Any) -> List[Any]:
        found = [response.getheader("X-Missing"), response.getheader("X-Missing", "d"),
                 response.getheader("x-one"), response.getheader("X-DUP")]
        response.read()
        return found

    found = _with_response(impl, "getheader", action)
    assert found == [None, "d", "1", "a, b"], (
        f"getheader gave {found!r}, expected [None, 'd', '1', 'a, b']")


@pytest.mark.clauses("seed:20.10.2:getheader-iterable-default", "modern:HTTPResponse:getheader")
def test_getheader_iterable_default(impl: Implementation) -> None:
    """An iterable default other than a string is returned joined by ', '."""

    def action(conn: Any, response: Any) -> List[Any]:
        found = [response.getheader("X-Missing", ["a", "b"]),
                 response.getheader("X-Missing", ("only",))]
        response.read()
        return found

    found = _with_response(impl, "getheader-iterable", action)
    assert found == ["a, b", "only"], (
        f"getheader with iterable defaults gave {found!r}, expected ['a, b', 'only']")


@pytest.mark.clauses("modern:HTTPResponse:getheaders")
def test_getheaders(impl: Implementation) -> None:
    """getheaders() is a list of (header, value) tuples, in order."""

    def action(conn: Any, response: Any) -> Any:
        found = response.getheaders()
        response.read()
        return found

    found = _with_response(impl, "getheaders", action)
    assert isinstance(found, list), f"getheaders() returned a {type(found).__name__}"
    assert all(isinstance(item, tuple) and len(item) == 2 for item in found), (
        f"getheaders() items are not pairs: {found!r}")
    dup = [value for name, value in found if name.lower() == "x-dup"]
    assert dup == ["a", "b"], f"getheaders() gave X-Dup values {dup!r}, expected ['a', 'b']"


@pytest.mark.clauses("seed:20.10.2:msg", "modern:HTTPResponse:msg")
def test_msg(impl: Implementation) -> None:
    """msg is an HTTPMessage holding the response headers."""
    message_class = impl.attr("HTTPMessage")

    def action(conn: Any, response: Any) -> Dict[str, Any]:
        msg = _member(response, "msg")
        seen = {"type": type(msg).__name__, "is_message": isinstance(msg, message_class),
                "dup": msg.get_all("X-Dup"), "one": msg["x-one"]}
        response.read()
        return seen

    seen = _with_response(impl, "msg", action)
    assert seen["is_message"], f"msg is a {seen['type']}, not an HTTPMessage"
    assert seen["dup"] == ["a", "b"], f"msg.get_all('X-Dup') is {seen['dup']!r}"
    assert seen["one"] == "1", f"msg['x-one'] is {seen['one']!r}"


@pytest.mark.clauses("modern:HTTPResponse:headers",
                     related=("modern:HTTPResponse:info",))
def test_headers_and_info(impl: Implementation) -> None:
    """Modern: headers and info() give the response headers."""

    def action(conn: Any, response: Any) -> Dict[str, Any]:
        seen = {"headers": _member(response, "headers").get_all("X-Dup"),
                "info": _member(response, "info")().get_all("X-Dup")}
        response.read()
        return seen

    seen = _with_response(impl, "headers", action)
    assert seen["headers"] == ["a", "b"], f"headers.get_all('X-Dup') is {seen['headers']!r}"
    assert seen["info"] == ["a", "b"], f"info().get_all('X-Dup') is {seen['info']!r}"


@pytest.mark.clauses("seed:20.10.2:fileno", "modern:HTTPResponse:fileno")
def test_fileno(impl: Implementation) -> None:
    """fileno() is the file descriptor of the connection's socket."""

    def action(conn: Any, response: Any) -> Any:
        number = response.fileno()
        is_socket = isinstance(number, int) and stat.S_ISSOCK(os.fstat(number).st_mode)
        sock = getattr(conn, "sock", None)
        same = sock.fileno() == number if sock is not None else None
        response.read()
        return number, is_socket, same

    number, is_socket, same = _with_response(impl, "fileno", action)
    assert is_socket, f"fileno() returned {number!r}, which is not an open socket"
    assert same is not False, f"fileno() returned {number}, not the connection's socket"


@pytest.mark.clauses("seed:20.10.2:HTTPResponse-iterable", "modern:HTTPResponse:iterable")
def test_iterate_lines(impl: Implementation) -> None:
    """The response is iterable: it yields the body's lines."""
    found = _with_response(impl, "iterate", lambda conn, response: list(response))
    assert found == [b"line1\n", b"line2\n"], f"iterating gave {found!r}"


@pytest.mark.clauses("seed:20.10.2:HTTPResponse-with", "modern:HTTPResponse:iterable")
def test_with_statement(impl: Implementation) -> None:
    """The response works as a context manager and is closed after it."""

    def action(conn: Any, response: Any) -> Any:
        with response as entered:
            data = entered.read()
        return data, getattr(response, "closed", None)

    data, closed = _with_response(impl, "with", action)
    assert data == BODY, f"read() inside the with block gave {data!r}"
    assert closed is not False, "the response is not closed after the with block"


@pytest.mark.clauses("modern:HTTPResponse:readinto",
                     related=("modern:HTTPResponse:bufferediobase",))
def test_readinto(impl: Implementation) -> None:
    """readinto(b) fills b with body bytes and returns their number: the
    buffer's size while the body lasts, fewer at its end, 0 after it."""

    def action(conn: Any, response: Any) -> Any:
        readinto = _member(response, "readinto")
        buffer = bytearray(5)
        first = readinto(buffer)
        head = bytes(buffer)
        larger = bytearray(len(BODY) + 16)
        counts: List[int] = []
        rest = b""
        for _ in range(len(BODY) + 2):  # bounded: a client that never returns 0
            count = readinto(larger)
            if not count:
                break
            counts.append(count)
            rest += bytes(larger[:count])
        return first, head, counts, rest

    first, head, counts, rest = _with_response(impl, "readinto", action)
    assert first == 5 and head == BODY[:5], f"readinto(5 bytes) gave {first!r}, {head!r}"
    assert rest == BODY[5:], (
        f"readinto into a {len(BODY) + 16}-byte buffer past the first 5 bytes returned "
        f"counts {counts[:4]} and bytes {rest[:40]!r}; expected {BODY[5:]!r} then 0")


@pytest.mark.clauses("modern:HTTPResponse:read1",
                     related=("modern:HTTPResponse:bufferediobase",))
def test_read1(impl: Implementation) -> None:
    """read1(n) returns at most n body bytes; repeated calls give the whole body."""

    def action(conn: Any, response: Any) -> Any:
        read1 = _member(response, "read1")
        pieces = []
        for _ in range(len(BODY) + 2):
            piece = read1(4)
            if not piece:
                break
            pieces.append(piece)
        return pieces

    pieces = _with_response(impl, "read1", action)
    assert all(0 < len(piece) <= 4 for piece in pieces), f"read1(4) gave pieces {pieces!r}"
    assert b"".join(pieces) == BODY, f"read1 pieces join to {b''.join(pieces)!r}"


@pytest.mark.clauses("modern:HTTPResponse:peek")
def test_peek(impl: Implementation) -> None:
    """peek() shows body bytes without consuming them."""

    def action(conn: Any, response: Any) -> Any:
        peek = getattr(response, "peek", None)
        if peek is None:
            response.read()
            return None
        return peek(), response.read()

    seen = _with_response(impl, "peek", action)
    if seen is None:
        raise Info("HTTPResponse has no peek() (optional)")
    peeked, data = seen
    assert data == BODY, f"read() after peek() gave {data!r}"
    assert BODY.startswith(peeked[: len(BODY)]), f"peek() gave {peeked!r}, not the body's start"


@pytest.mark.clauses("modern:HTTPResponse:readline",
                     related=("modern:HTTPResponse:bufferediobase",))
def test_readline(impl: Implementation) -> None:
    """readline() returns one body line; readline(limit) at most limit bytes."""

    def action(conn: Any, response: Any) -> Any:
        readline = _member(response, "readline")
        return readline(), readline(3), readline(), readline()

    found = _with_response(impl, "readline", action)
    assert found == (b"line1\n", b"lin", b"e2\n", b""), f"readline calls gave {found!r}"


@pytest.mark.clauses("modern:HTTPResponse:closed",
                     related=("modern:HTTPResponse:isclosed",))
def test_closed(impl: Implementation) -> None:
    """closed is False while the body is unread and True after close()."""

    def action(conn: Any, response: Any) -> Any:
        before = _member(response, "closed")
        isclosed = getattr(response, "isclosed", None)
        before_is = isclosed() if isclosed is not None else None
        response.read()
        response.close()
        after_is = isclosed() if isclosed is not None else None
        return before, response.closed, before_is, after_is

    before, after, before_is, after_is = _with_response(impl, "closed", action)
    assert (before, after) == (False, True), f"closed was {before!r} then {after!r}"
    if before_is is None:
        raise Info("HTTPResponse has no isclosed() (undocumented; closed works)")
    assert (before_is, after_is) == (False, True), (
        f"isclosed() was {before_is!r} then {after_is!r}")


@pytest.mark.clauses("modern:HTTPResponse:url",
                     related=("modern:HTTPResponse:geturl",))
def test_url_and_geturl(impl: Implementation) -> None:
    """modern:HTTPResponse:url: url is the URL of the resource retrieved: the URL
    given to request() (or its absolute form); geturl() returns url."""
    ports: List[int] = []

    def action(conn: Any, response: Any) -> Any:
        ports.append(conn.port if isinstance(getattr(conn, "port", None), int) else 0)
        url = _member(response, "url")
        seen = (url, _member(response, "geturl")())
        response.read()
        return seen

    url, geturl = _with_response(impl, "url", action)
    accepted = ["/url", f"http://127.0.0.1:{ports[0]}/url"]
    assert url in accepted, f"url is {url!r}, expected the URL retrieved, one of {accepted}"
    assert geturl == url, f"geturl() is {geturl!r} but url is {url!r}"


@pytest.mark.clauses("modern:HTTPResponse:getcode")
def test_getcode(impl: Implementation) -> None:
    """getcode() returns status."""

    def action(conn: Any, response: Any) -> Any:
        seen = (response.status, _member(response, "getcode")())
        response.read()
        return seen

    status, code = _with_response(impl, "getcode", action)
    assert code == status == 200, f"getcode() is {code!r}, status {status!r}"


@pytest.mark.clauses("seed:20.10.1:set_debuglevel-passed-to-response",
                     "modern:HTTPResponse:debuglevel",
                     related=("seed:20.10.2:debuglevel", "modern:HTTPConnection:set_debuglevel"))
def test_debuglevel_reaches_the_response(impl: Implementation) -> None:
    """The connection's debug level is passed to the response, which prints
    messages to stdout while it is read and parsed."""

    def client(conn: Any, srv: Any) -> Any:
        conn.set_debuglevel(1)
        with contextlib.redirect_stdout(io.StringIO()):
            conn.request("GET", "/debuglevel")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            response = conn.getresponse()
            response.read()
        return getattr(response, "debuglevel", None), out.getvalue()

    script = local.answering("api-response-debuglevel", (ANSWER,))
    played = drive.run_script(impl, script, client=drivers.with_connection(client))
    level, printed = played.result
    assert level == 1, f"the response's debuglevel is {level!r}, expected 1"
    assert printed.strip(), "nothing was printed to stdout while the response was parsed"


@pytest.mark.clauses("seed:20.10:HTTPConnection-one-transaction")
def test_connections_per_instance(impl: Implementation) -> None:
    """Seed 20.10 calls an HTTPConnection "one transaction" with a server: record
    how many TCP connections one instance uses for two keep-alive exchanges."""

    def client(conn: Any, srv: Any) -> Any:
        for path in ("/one", "/two"):
            conn.request("GET", path)
            conn.getresponse().read()

    script = local.answering("api-one-transaction", (ANSWER, ANSWER))
    played = drive.run_script(impl, script, client=drivers.with_connection(client))
    raise Info(f"two keep-alive exchanges on one HTTPConnection used "
               f"{len(played.transcripts)} TCP connection(s)")


@pytest.mark.clauses("rfc9112:7.1.2:trailer-not-merged",
                     related=("rfc9112:7.1.2:trailer-section",))
def test_trailer_not_merged_into_headers(impl: Implementation) -> None:
    """A trailer field of a chunked body is not merged into the header section:
    getheader() and msg do not show it."""
    data = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Head: h\r\n\r\n"
            b"5\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n")
    script = local.sending("api-response-trailer", data)

    def client(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/trailer")
        response = conn.getresponse()
        body = response.read()
        return (body, response.getheader("X-Head"), response.getheader("X-Trailer"),
                response.msg.get_all("X-Trailer"))

    played = drive.run_script(impl, script, client=drivers.with_connection(client))
    body, head, trailer, in_msg = played.result
    assert body == b"hello" and head == "h", f"read {body!r} with X-Head {head!r}"
    assert trailer is None and not in_msg, (
        f"the trailer field was merged into the headers: getheader gives {trailer!r}")


@pytest.mark.clauses("modern:exceptions:BadStatusLine",
                     related=("rfc9112:2.2:invalid-message-rejected",))
@pytest.mark.editions("modern")
def test_binary_reply_is_not_a_response(impl: Implementation) -> None:
    """A reply that is not HTTP at all (a TLS record, as from a TLS-only port)
    is not delivered as a response: getresponse() raises BadStatusLine.
    Modern only: the seed's default non-strict mode reads it as HTTP/0.9."""
    data = bytes.fromhex("160303002a020000260303") + bytes(range(32)) + b"\x00\x00\x00"
    script = local.sending("api-response-binary", data)
    http_error = impl.exception("HTTPException")

    def client(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/binary")
        try:
            response = conn.getresponse()
        except http_error as exc:
            return exc
        return response.status, response.read()

    played = drive.run_script(impl, script, client=drivers.with_connection(client))
    assert isinstance(played.result, BaseException), (
        f"a binary reply was delivered as a response: {played.result!r}")
    assert isinstance(played.result, impl.exception("BadStatusLine")), (
        f"a binary reply raised {type(played.result).__name__}({played.result}), "
        "expected BadStatusLine")


@pytest.mark.clauses("modern:HTTPConnection:close",
                     related=("modern:HTTPConnection:connect",))
def test_request_after_close_connects_again(impl: Implementation) -> None:
    """close() ends the connection; the next request() connects again, as
    request() does whenever the client is not connected."""
    script = local.answering("api-request-after-close", (ANSWER,), connections=2)

    def client(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/one")
        first = conn.getresponse().read()
        conn.close()
        conn.request("GET", "/two")
        return first, conn.getresponse().read()

    played = drive.run_script(impl, script, client=drivers.with_connection(client))
    assert played.result == (BODY, BODY), f"the two bodies were {played.result!r}"
    assert len(played.transcripts) == 2, (
        f"expected a second connection after close(), saw {len(played.transcripts)}")
