"""API-shape checks of the response object: the members an edition documents
on HTTPResponse, exercised on a real response from a local server (one
well-formed HTTP/1.1 exchange per check, played through ``conformance.drive``).
"""

import contextlib
import io
import os
import stat
from typing import Any, Callable, Dict, List, Tuple

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


def _aspect(name: str, *graded: str, related: Tuple[str, ...] = ()) -> Any:
    return pytest.param(name, marks=pytest.mark.clauses(*graded, related=related))


@pytest.mark.parametrize("aspect", [
    _aspect("instance", "seed:20.10.1:getresponse-returns-HTTPResponse",
            "modern:HTTPConnection:getresponse", related=("seed:20.10:HTTPResponse-returned",)),
    _aspect("returned", "seed:20.10:HTTPResponse-returned",
            related=("seed:20.10.1:getresponse-returns-HTTPResponse",)),
    _aspect("not-instantiated", "seed:20.10:HTTPResponse-not-instantiated"),
    _aspect("request-sends", "seed:20.10.1:request-sends",
            related=("modern:HTTPConnection:putrequest",)),
    _aspect("wraps", "seed:20.10.2:HTTPResponse-wraps"),
    _aspect("status", "modern:HTTPResponse:status",
            related=("modern:HTTPResponse:reason", "modern:HTTPResponse:version",
                     "modern:HTTPResponse:read")),
])
def test_getresponse_returns_a_response(impl: Implementation, aspect: str) -> None:
    """One GET /plain answered 200 OK, seen from several clauses:
    seed:20.10.1:getresponse-returns-HTTPResponse and seed:20.10:HTTPResponse-returned
    (an instance of the module's HTTPResponse is returned); seed:20.10.1:request-sends
    (the request went out with the method and selector given); modern:HTTPResponse:status
    (status, with reason, version and body); and two INFO clauses recorded:
    seed:20.10:HTTPResponse-not-instantiated (the caller made no HTTPResponse) and
    seed:20.10.2:HTTPResponse-wraps (it gives access to headers and body)."""
    response_class = impl.attr("HTTPResponse")

    def action(conn: Any, response: Any) -> Dict[str, Any]:
        return {"is_response": isinstance(response, response_class),
                "type": type(response).__name__, "status": response.status,
                "reason": response.reason, "version": response.version,
                "fields": response.getheader("X-One"), "body": response.read()}

    def client(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/plain")
        return action(conn, conn.getresponse())

    played = _play(impl, "plain", client)
    seen = played.result
    if aspect == "request-sends":
        sent = [(r.method, r.target) for r in played.requests]
        assert sent == [("GET", "/plain")], f"the server received {sent!r}, expected GET /plain"
    elif aspect in ("instance", "returned"):
        assert seen["is_response"], (
            f"getresponse() returned a {seen['type']}, not an HTTPResponse")
    elif aspect == "not-instantiated":
        raise Info(f"getresponse() made the response itself: a {seen['type']}")
    elif aspect == "wraps":
        raise Info(f"the response gave field X-One={seen['fields']!r} and body "
                   f"{seen['body']!r}")
    else:
        found = (seen["status"], seen["reason"], seen["version"], seen["body"])
        assert found == (200, "OK", 11, BODY), f"got status, reason, version, body {found!r}"


GETHEADER_CALLS = {
    "default": ((("X-Missing",), None), (("X-Missing", "d"), "d")),
    "value": ((("x-one",), "1"), (("X-One", "d"), "1")),
    "join": ((("X-DUP",), "a, b"),),
}


@pytest.mark.parametrize("aspect", [
    pytest.param("default", marks=pytest.mark.clauses(
        "seed:20.10.2:getheader-default", "modern:HTTPResponse:getheader")),
    pytest.param("value", marks=pytest.mark.clauses(
        "seed:20.10.2:getheader", "modern:HTTPResponse:getheader")),
    pytest.param("join", marks=pytest.mark.clauses(
        "seed:20.10.2:getheader-join", "modern:HTTPResponse:getheader")),
])
def test_getheader_default(impl: Implementation, aspect: str) -> None:
    """seed:20.10.2:getheader-default: without such a field getheader(name) is
    None, or the default given; seed:20.10.2:getheader: the value of the field
    (any letter case of its name); seed:20.10.2:getheader-join: repeated fields
    joined by ', '."""
    calls = GETHEADER_CALLS[aspect]

    def action(conn: Any, response: Any) -> List[Any]:
        found = [response.getheader(*args) for args, _expected in calls]
        response.read()
        return found

    found = _with_response(impl, "getheader", action)
    expected = [value for _args, value in calls]
    assert found == expected, (
        f"getheader{'/'.join(repr(args) for args, _ in calls)} gave {found!r}, "
        f"expected {expected!r}")


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


@pytest.mark.clauses("seed:20.10.4:HTTPMessage", related=("seed:20.10.2:msg",))
def test_http_message_holds_the_headers(impl: Implementation) -> None:
    """seed:20.10.4:HTTPMessage: the HTTPMessage of a response holds its headers
    and is implemented with email.message.Message: its Message methods (items,
    get_all, keys) give the fields."""
    import email.message

    def action(conn: Any, response: Any) -> Dict[str, Any]:
        msg = _member(response, "msg")
        seen = {"type": type(msg).__name__, "is_message": isinstance(msg, email.message.Message),
                "items": [tuple(pair) for pair in msg.items()] if hasattr(msg, "items") else None}
        response.read()
        return seen

    seen = _with_response(impl, "http-message", action)
    assert seen["is_message"], f"msg is a {seen['type']}, not an email.message.Message"
    expected = [("Content-Length", str(len(BODY))), *FIELDS]
    assert seen["items"] == expected, f"msg.items() is {seen['items']!r}, expected {expected!r}"


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


@pytest.mark.parametrize("member", [
    pytest.param("headers", marks=pytest.mark.clauses("modern:HTTPResponse:headers")),
    pytest.param("info", marks=pytest.mark.clauses("modern:HTTPResponse:info",
                                                   related=("modern:HTTPResponse:headers",))),
])
def test_headers_and_info(impl: Implementation, member: str) -> None:
    """modern:HTTPResponse:headers: headers holds the response fields;
    modern:HTTPResponse:info: info() returns headers."""

    def action(conn: Any, response: Any) -> Any:
        found = _member(response, member)
        message = found() if member == "info" else found
        seen = message.get_all("X-Dup"), message is getattr(response, "headers", message)
        response.read()
        return seen

    dup, same = _with_response(impl, member, action)
    call = "info()" if member == "info" else "headers"
    assert dup == ["a", "b"], f"{call}.get_all('X-Dup') is {dup!r}, expected ['a', 'b']"
    assert same, f"{call} is not the object headers holds"


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


@pytest.mark.clauses("modern:HTTPResponse:closed")
def test_closed(impl: Implementation) -> None:
    """closed is False while the body is unread and True after close()."""

    def action(conn: Any, response: Any) -> Any:
        before = _member(response, "closed")
        response.read()
        response.close()
        return before, response.closed

    before, after = _with_response(impl, "closed", action)
    assert (before, after) == (False, True), f"closed was {before!r} then {after!r}"


def _isclosed_states(impl: Implementation, name: str) -> Any:
    """isclosed() before reading, after reading the body to its end, after
    close(); None when the response has no isclosed()."""

    def action(conn: Any, response: Any) -> Any:
        isclosed = getattr(response, "isclosed", None)
        if isclosed is None:
            response.read()
            return None
        before = isclosed()
        response.read()
        read = isclosed()
        response.close()
        return before, read, isclosed()

    return _with_response(impl, name, action)


@pytest.mark.clauses("cpython:HTTPResponse:isclosed", related=("modern:HTTPResponse:isclosed",))
def test_isclosed(impl: Implementation) -> None:
    """cpython:HTTPResponse:isclosed: isclosed() exists; it is False while the
    body is unread and True once it was read to its end, and after close()."""
    states = _isclosed_states(impl, "isclosed")
    if states is None:
        raise Missing("HTTPResponse.isclosed")
    assert states == (False, True, True), (
        f"isclosed() was {states[0]!r} before reading, {states[1]!r} after reading the body, "
        f"{states[2]!r} after close(); expected False, True, True")


@pytest.mark.clauses("modern:HTTPResponse:isclosed", related=("cpython:HTTPResponse:isclosed",))
@pytest.mark.editions("modern")
def test_isclosed_documented(impl: Implementation) -> None:
    """modern:HTTPResponse:isclosed (INFO): not documented; what it does is recorded."""
    states = _isclosed_states(impl, "isclosed-docs")
    if states is None:
        raise Info("HTTPResponse has no isclosed() (undocumented)")
    raise Info(f"isclosed() is {states[0]!r} before reading, {states[1]!r} after reading the "
               f"body, {states[2]!r} after close()")


@pytest.mark.parametrize("member", [
    pytest.param("url", marks=pytest.mark.clauses("modern:HTTPResponse:url")),
    pytest.param("geturl", marks=pytest.mark.clauses("modern:HTTPResponse:geturl",
                                                     related=("modern:HTTPResponse:url",))),
])
def test_url_and_geturl(impl: Implementation, member: str) -> None:
    """modern:HTTPResponse:url: url is the URL of the resource retrieved: the URL
    given to request() (or its absolute form); modern:HTTPResponse:geturl:
    geturl() returns url."""
    ports: List[int] = []

    def action(conn: Any, response: Any) -> Any:
        ports.append(conn.port if isinstance(getattr(conn, "port", None), int) else 0)
        found = _member(response, member)
        seen = found() if member == "geturl" else found, getattr(response, "url", None)
        response.read()
        return seen

    found, url = _with_response(impl, "url", action)
    accepted = ["/url", f"http://127.0.0.1:{ports[0]}/url"]
    call = "geturl()" if member == "geturl" else "url"
    assert found in accepted, f"{call} is {found!r}, expected the URL retrieved, one of {accepted}"
    assert found == url, f"{call} is {found!r} but url is {url!r}"


@pytest.mark.clauses("modern:HTTPResponse:getcode")
def test_getcode(impl: Implementation) -> None:
    """getcode() returns status."""

    def action(conn: Any, response: Any) -> Any:
        seen = (response.status, _member(response, "getcode")())
        response.read()
        return seen

    status, code = _with_response(impl, "getcode", action)
    assert code == status == 200, f"getcode() is {code!r}, status {status!r}"


@pytest.mark.parametrize("aspect", [
    pytest.param("passed", marks=pytest.mark.clauses(
        "seed:20.10.1:set_debuglevel-passed-to-response", "modern:HTTPConnection:set_debuglevel",
        related=("seed:20.10.2:debuglevel", "modern:HTTPResponse:debuglevel"))),
    pytest.param("prints", marks=pytest.mark.clauses(
        "seed:20.10.2:debuglevel", "modern:HTTPResponse:debuglevel",
        related=("seed:20.10.1:set_debuglevel-passed-to-response",))),
])
def test_debuglevel_reaches_the_response(impl: Implementation, aspect: str) -> None:
    """seed:20.10.1:set_debuglevel-passed-to-response: the connection's debug
    level is passed to the response (its debuglevel is 1); seed:20.10.2:debuglevel:
    a response whose debuglevel is above 0 prints messages to stdout while it is
    read and parsed."""

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
    if aspect == "passed":
        assert level == 1, f"the response's debuglevel is {level!r}, expected 1"
    else:
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
                     related=("rfc9112:4:status-line-syntax",
                              "rfc9112:2.2:invalid-message-rejected"))
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


@pytest.mark.parametrize("aspect", [
    pytest.param("connect", marks=pytest.mark.clauses(
        "modern:HTTPConnection:connect", related=("modern:HTTPConnection:close",))),
    pytest.param("reconnect", marks=pytest.mark.clauses(
        "rfc9112:9.3:reconnect-after-close", related=("modern:HTTPConnection:close",))),
])
def test_request_after_close_connects_again(impl: Implementation, aspect: str) -> None:
    """modern:HTTPConnection:connect: request() connects whenever the client is not
    connected, so after close() the next request() opens a new connection;
    rfc9112:9.3:reconnect-after-close: no request goes on the ended connection,
    a new one carries it."""
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
    assert b"/two" not in played.transcripts[0].received(), (
        "the request after close() went on the closed connection")
