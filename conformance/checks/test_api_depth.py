"""Depth checks where the suite was thin: the attributes of the exceptions a
client raises, the read API beyond ``read()`` held to the body's framing,
the Host field against the default port, a caller's Host in any letter case,
Content-Length of wide buffers, the state errors around an unread response,
getheaders() as received, trailers on a kept connection, Connection tokens
in any case, the modern status constants and received obs-text.

Every case here is a small local script; every wait is bounded by the client
timeout and the drive deadline.
"""

import array
import http
import socket
from typing import Any, Callable, List, Optional, Sequence, Tuple

import pytest

from conformance import drive, drivers, local
from conformance.grading import Info, Lenient, Missing
from conformance.impl import Implementation
from servers.script import Close, ExpectClose, ExpectRequest, Script, Send, Stall, Step

CHUNKED_HEAD = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
# A complete response sent right after the body under test: no read of the
# body under test may return any of it.
STRAY = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstray"
SECOND = b"second"


def _chunked(chunks: Sequence[bytes], trailer: bytes = b"") -> bytes:
    """A chunked response of ``chunks``, then the last chunk, ``trailer`` and CRLF."""
    data = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks)
    return CHUNKED_HEAD + data + b"0\r\n" + trailer + b"\r\n"


def _script(name: str, *connections: Tuple[Step, ...]) -> Script:
    return Script(name, tuple(connections))


def _play(impl: Implementation, script: Script,
          action: Callable[[Any, Any], Any]) -> drive.Played:
    return drive.run_script(impl, script, client=drivers.with_connection(action))


def _field(request: Any, name: str) -> List[bytes]:
    return [v for n, v in request.headers if n.lower() == name.lower().encode("ascii")]


# -- attributes of exceptions -----------------------------------------------------


def _incomplete(impl: Implementation, name: str, wire: bytes) -> Any:
    """The IncompleteRead that read() raises on ``wire`` (then close)."""
    incomplete = impl.exception("IncompleteRead")

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", f"/{name}")
        response = conn.getresponse()
        try:
            return response.read()
        except incomplete as exc:
            return exc

    played = _play(impl, local.sending(f"depth-{name}", wire), action)
    assert isinstance(played.result, incomplete), (
        f"read() of a body cut short returned {played.result!r} instead of raising "
        "IncompleteRead")
    return played.result


def _documented_or_de_facto(de_facto: str, documented: str, *related: str) -> Any:
    """Two aspects of one check: ``de-facto`` grades the cpython clause (what
    CPython has), ``documented`` the INFO clause of the docs, which name no such
    attribute (the attributes found are recorded)."""
    return pytest.mark.parametrize("aspect", [
        pytest.param("de-facto", marks=pytest.mark.clauses(
            de_facto, related=(documented,) + related)),
        pytest.param("documented", marks=[pytest.mark.clauses(
            documented, related=(de_facto,) + related), pytest.mark.editions("modern")]),
    ])


def _attributes(exc: BaseException, *names: str) -> str:
    """The attributes ``names`` of ``exc`` as found, for an INFO record."""
    found = ", ".join(f"{name}={getattr(exc, name)!r}" if hasattr(exc, name)
                      else f"no {name}" for name in names)
    return f"{type(exc).__name__}({exc}) has {found}"


@_documented_or_de_facto("cpython:exceptions:IncompleteRead-partial",
                         "modern:exceptions:IncompleteRead-partial",
                         "rfc9112:6.3:content-length-incomplete")
def test_incomplete_read_attributes_content_length(impl: Implementation, aspect: str) -> None:
    """cpython:exceptions:IncompleteRead-partial: Content-Length 10, five bytes,
    close: partial is the five bytes received, expected the five still announced."""
    exc = _incomplete(impl, "incomplete-length",
                      b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello")
    if aspect == "documented":
        raise Info(_attributes(exc, "partial", "expected"))
    found = (getattr(exc, "partial", None), getattr(exc, "expected", None))
    assert found == (b"hello", 5), (
        f"IncompleteRead has partial, expected {found!r}; expected (b'hello', 5)")


@_documented_or_de_facto("cpython:exceptions:IncompleteRead-partial",
                         "modern:exceptions:IncompleteRead-partial",
                         "rfc9112:7.1:chunked-incomplete")
def test_incomplete_read_attributes_chunked(impl: Implementation, aspect: str) -> None:
    """cpython:exceptions:IncompleteRead-partial: a chunk of 5, then a chunk of 8
    cut after 3 bytes: partial holds the body bytes read, at least the whole
    chunk (CPython: b'hello'; every byte received, b'helloabc', is as good);
    expected is None (the total is unknown) or the 5 the cut chunk still owes."""
    exc = _incomplete(impl, "incomplete-chunked", CHUNKED_HEAD + b"5\r\nhello\r\n8\r\nabc")
    if aspect == "documented":
        raise Info(_attributes(exc, "partial", "expected"))
    partial, expected = getattr(exc, "partial", None), getattr(exc, "expected", None)
    assert partial in (b"hello", b"helloabc"), (
        f"IncompleteRead.partial is {partial!r}; the body bytes received were b'helloabc' "
        "(CPython gives the complete chunks, b'hello')")
    assert expected in (None, 5), (
        f"IncompleteRead.expected is {expected!r}; expected None or the 5 bytes the cut "
        "chunk still owes")


@_documented_or_de_facto("cpython:exceptions:BadStatusLine-line",
                         "modern:exceptions:BadStatusLine-line", "modern:exceptions:BadStatusLine")
def test_bad_status_line_carries_the_line(impl: Implementation, aspect: str) -> None:
    """cpython:exceptions:BadStatusLine-line: the exception's line is the status
    line the client could not parse (its CRLF may be kept)."""
    bad = impl.exception("BadStatusLine")
    wire = b"HTTP/1.1 2xx Broken\r\nContent-Length: 0\r\n\r\n"

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/bad-status")
        try:
            response = conn.getresponse()
        except bad as exc:
            return exc
        return response.status

    played = _play(impl, local.sending("depth-bad-status-line", wire), action)
    exc = played.result
    assert isinstance(exc, bad), f"'HTTP/1.1 2xx Broken' gave status {exc!r}, not BadStatusLine"
    if aspect == "documented":
        raise Info(_attributes(exc, "line"))
    if not hasattr(exc, "line"):
        raise Missing("BadStatusLine.line")
    line = exc.line
    assert isinstance(line, str) and line.rstrip("\r\n") == "HTTP/1.1 2xx Broken", (
        f"BadStatusLine.line is {line!r}, expected 'HTTP/1.1 2xx Broken'")


# -- the read API held to the body's framing ------------------------------------------

BODY = b"alpha\nbeta-gamma\n\ndelta"
CHUNKS = (b"alp", b"ha\nbeta-", b"gamma\n\nd", b"elta")
FRAMINGS = {
    "content-length": local.response(200, "OK", BODY),
    "chunked": _chunked(CHUNKS),
}
PIECE = 4  # n of read1(n), readinto's buffer size; readline's limit is PIECE + 2


def _read_pieces(response: Any, method: str) -> Tuple[List[bytes], List[str]]:
    """Read the whole body with ``method``; the pieces and what broke a rule on the way."""
    pieces: List[bytes] = []
    problems: List[str] = []
    if not hasattr(response, method):
        raise Missing(f"HTTPResponse.{method}")
    for _ in range(len(BODY) + 3):  # bounded: a client that never reports the end
        done = sum(map(len, pieces))
        if method == "read1":
            piece = response.read1(PIECE)
            if len(piece) > PIECE:
                problems.append(f"read1({PIECE}) returned {len(piece)} bytes")
        elif method == "readline":
            piece = response.readline(PIECE + 2)
            if len(piece) > PIECE + 2:
                problems.append(f"readline({PIECE + 2}) returned {len(piece)} bytes")
        elif method == "readinto":
            buffer = bytearray(PIECE)
            count = response.readinto(buffer)
            if not isinstance(count, int) or not 0 <= count <= PIECE:
                problems.append(f"readinto of a {PIECE}-byte buffer returned {count!r}")
                break
            piece = bytes(buffer[:count])
        else:  # peek, then consume part of what it showed with read()
            shown = response.peek(PIECE)
            if shown and not BODY[done:].startswith(shown):
                problems.append(f"peek() at body offset {done} showed {shown!r}, not body bytes")
            piece = response.read(min(len(shown), 3)) if shown else b""
        if not piece:
            return pieces, problems
        pieces.append(piece)
    problems.append(f"{method} did not report the end of a {len(BODY)}-byte body")
    return pieces, problems


@pytest.mark.parametrize("framing", list(FRAMINGS))
@pytest.mark.parametrize("method", [
    pytest.param("read1", marks=pytest.mark.clauses("modern:HTTPResponse:read1")),
    pytest.param("peek", marks=pytest.mark.clauses("modern:HTTPResponse:peek")),
    pytest.param("readline", marks=pytest.mark.clauses("modern:HTTPResponse:readline")),
    pytest.param("readinto", marks=pytest.mark.clauses("modern:HTTPResponse:readinto")),
])
@pytest.mark.clauses(related=("modern:HTTPResponse:bufferediobase",))
def test_read_api_framing(impl: Implementation, method: str, framing: str) -> None:
    """modern:HTTPResponse:read1/peek/readline/readinto: each returns body bytes
    only, within its size argument, never bytes past the body (a response sent
    right after it), and once it reports the end the next response on the kept
    connection is read intact."""
    wire = FRAMINGS[framing]
    http_error = impl.exception("HTTPException")

    def tail(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/tail")
        try:
            return _read_pieces(conn.getresponse(), method)
        except (http_error, OSError) as exc:
            return exc

    played = _play(impl, local.sending(f"depth-{method}-{framing}-tail", wire + STRAY), tail)
    assert not isinstance(played.result, BaseException), (
        f"reading a {framing} body with {method} raised {played.result!r}")
    pieces, problems = played.result
    assert not problems, "; ".join(problems[:2])
    assert b"".join(pieces) == BODY, (
        f"{method} pieces {pieces!r} do not join to the {framing} body {BODY!r}")

    def kept(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/first")
        first = _read_pieces(conn.getresponse(), method)
        try:
            conn.request("GET", "/second")
            return first, conn.getresponse().read()
        except (http_error, OSError) as exc:
            return first, exc

    script = local.answering(f"depth-{method}-{framing}-kept",
                             (wire, local.response(200, "OK", SECOND)))
    (pieces, problems), second = _play(impl, script, kept).result
    assert not problems and b"".join(pieces) == BODY, (
        f"on a kept connection {method} read {pieces!r}: {'; '.join(problems[:2])}")
    assert second == SECOND, (
        f"after a {framing} body read with {method}, the next response's body was {second!r}")


@pytest.mark.clauses("modern:HTTPResponse:iterable",
                     related=("modern:HTTPResponse:bufferediobase",))
@pytest.mark.editions("modern")
def test_iterating_a_closed_response(impl: Implementation) -> None:
    """modern:HTTPResponse:bufferediobase: once closed, an io stream raises
    ValueError for any operation; iterating a response closed before its
    body was read yields no stale line. Yielding nothing is safe (lenient)."""

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/closed")
        response = conn.getresponse()
        response.close()
        try:
            return list(response)
        except ValueError as exc:
            return exc

    played = _play(impl, local.answering("depth-iterate-closed"), action)
    if played.result == []:
        raise Lenient("iterating a closed response yielded nothing instead of raising "
                      "ValueError (io: operations on a closed stream)")
    assert isinstance(played.result, ValueError), (
        f"iterating a closed response gave {played.result!r}, expected ValueError "
        "(io: operations on a closed stream)")


# -- request building ------------------------------------------------------------------


def _sent_with_preset_socket(impl: Implementation, name: str, cls: str, port: int,
                             headers: Optional[dict] = None) -> Any:
    """The request ``cls('127.0.0.1', port)`` sends over a socket the check hands it
    as ``sock`` (so a port like 80 or 443 need not be bound); None if the
    implementation does not use a preset socket."""

    def client(impl_: Implementation, srv: Any, timeout: float) -> Any:
        conn = impl_.attr(cls)("127.0.0.1", port, timeout=timeout)
        conn.sock = socket.create_connection((srv.host, srv.port), timeout=timeout)
        try:
            return drivers.exchange(conn, "GET", "/", None, headers)
        except OSError as exc:
            return exc
        finally:
            conn.close()

    played = drive.run_script(impl, local.answering(name), client=client)
    if isinstance(played.result, OSError) or not played.requests:
        raise Info(f"the implementation does not use a preset sock: {played.result!r}")
    return played.requests[0]


@pytest.mark.clauses("rfc9112:3.2:host-matches-authority",
                     related=("rfc9112:3.2:host-default-port-omitted",))
@pytest.mark.parametrize("cls, port, host", [
    pytest.param("HTTPConnection", 443, b"127.0.0.1:443", id="http-443"),
    pytest.param("HTTPSConnection", 80, b"127.0.0.1:80", id="https-80"),
    pytest.param("HTTPSConnection", 443, b"127.0.0.1", id="https-443"),
])
def test_host_port_against_the_default(impl: Implementation, cls: str, port: int,
                                       host: bytes) -> None:
    """rfc9112:3.2:host-matches-authority: Host carries the port unless it is the
    scheme's default (80 for HTTPConnection, 443 for HTTPSConnection); leaving a
    default port in is allowed (host-default-port-omitted, MAY)."""
    request = _sent_with_preset_socket(impl, f"depth-host-{cls}-{port}", cls, port)
    hosts = _field(request, "Host")
    if host == b"127.0.0.1" and hosts == [b"127.0.0.1:%d" % port]:
        raise Info(f"{cls} carries its default port in Host ({hosts[0]!r}; allowed)")
    assert hosts == [host], f"{cls}('127.0.0.1', {port}) sent Host {hosts!r}, expected {host!r}"


@pytest.mark.clauses("rfc9112:3.2:host-once",
                     related=("seed:20.10.1:request-headers-mapping",
                              "seed:20.10.1:putrequest-auto-host"))
@pytest.mark.parametrize("name", ["Host", "HOST", "host", "hOsT"])
def test_caller_host_in_any_case(impl: Implementation, name: str) -> None:
    """rfc9112:3.2:host-once: a Host field in the caller's headers, in any letter
    case, replaces the automatic one: exactly one Host line, the caller's."""

    def action(conn: Any, srv: Any) -> Any:
        return drivers.exchange(conn, "GET", "/", None, {name: "example.org:8080"})

    played = _play(impl, local.answering(f"depth-caller-host-{name}"), action)
    assert played.requests, f"the server received no complete request: {played.errors}"
    hosts = _field(played.requests[0], "Host")
    assert hosts == [b"example.org:8080"], (
        f"with headers={{{name!r}: 'example.org:8080'}} the Host lines were {hosts!r}")


@pytest.mark.clauses("rfc9112:6.2:content-length-octets",
                     related=("modern:HTTPConnection:request-content-length",
                              "modern:HTTPConnection:request-body-types"))
@pytest.mark.editions("modern")
@pytest.mark.parametrize("make_body", [
    pytest.param(lambda: array.array("I", range(5)), id="array-I"),
    pytest.param(lambda: memoryview(array.array("d", [1.5, 2.5, 3.5])), id="memoryview-d"),
])
def test_content_length_of_a_wide_buffer(impl: Implementation,
                                         make_body: Callable[[], Any]) -> None:
    """rfc9112:6.2:content-length-octets: a bytes-like body whose items are wider
    than a byte is sent whole, with Content-Length its size in bytes."""
    body = make_body()
    data = memoryview(body).tobytes()
    played = _play(impl, local.answering("depth-wide-buffer"),
                   lambda conn, srv: drivers.exchange(conn, "POST", "/wide", body))
    assert played.requests, f"the server received no complete request: {played.errors}"
    request = played.requests[0]
    lengths = _field(request, "Content-Length")
    assert lengths == [b"%d" % len(data)], (
        f"a {len(data)}-byte buffer of {len(memoryview(body))} items went with "
        f"Content-Length {lengths!r}")
    assert request.body == data, f"the server read the body {request.body!r}, sent {data!r}"


# -- the connection's state around an unread response -----------------------------------


@pytest.mark.clauses("seed:20.10.1:getresponse-read-whole-response",
                     "modern:HTTPConnection:getresponse",
                     related=("cpython:HTTPConnection:ResponseNotReady",
                              "cpython:HTTPConnection:CannotSendRequest",
                              "rfc9112:9.3:read-whole-body-before-reuse"))
def test_unread_response_blocks_the_next_exchange(impl: Implementation) -> None:
    """seed:20.10.1:getresponse-read-whole-response: the whole response must be
    read before a new request. With the first response unread, getresponse()
    raises ResponseNotReady, and a new request is refused: CannotSendRequest from
    request() or ResponseNotReady from the getresponse() after it. The first
    response is then still read whole."""
    body = b"first body, never read before the second request"
    not_ready = impl.exception("ResponseNotReady")
    cannot_send = impl.exception("CannotSendRequest")
    http_error = impl.exception("HTTPException")
    script = _script("depth-unread-response",
                       (ExpectRequest(timeout=3.0), Send(local.response(200, "OK", body)),
                        Stall(limit=5.0)))

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/one")
        first = conn.getresponse()
        try:
            conn.getresponse()
            again = "a second getresponse() returned a response"
        except not_ready:
            again = ""
        try:
            conn.request("GET", "/two")
        except cannot_send:
            return again, "", first.read()
        try:
            second = conn.getresponse()
        except not_ready:
            return again, "", first.read()
        except (http_error, OSError) as exc:
            return again, f"getresponse() after the second request raised {exc!r}", None
        return again, f"the second request got a response (status {second.status!r})", None

    again, delivered, data = _play(impl, script, action).result
    assert not again, f"with the first response unread, {again}"
    assert not delivered, f"with the first response unread, {delivered}"
    assert data == body, f"the first response, read after the refusal, gave {data!r}"


# -- received fields ----------------------------------------------------------------------

AS_RECEIVED = (("X-Mixed-Case", "1"), ("x-lower", "2"), ("X-Dup", "a"), ("X-UPPER", "3"),
               ("x-dup", "b"), ("Set-Cookie", "c=1"), ("set-cookie", "d=2"), ("X-Dup", "c"))


@pytest.mark.clauses("seed:20.10.2:getheaders", "modern:HTTPResponse:getheaders-as-received",
                     related=("seed:20.10.4:HTTPMessage",))
def test_getheaders_as_received(impl: Implementation) -> None:
    """modern:HTTPResponse:getheaders-as-received: getheaders() gives every field
    line in order, repeated names kept, names in the case they were sent."""
    wire = local.response(200, "OK", b"hello", AS_RECEIVED)

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/fields")
        response = conn.getresponse()
        found = response.getheaders()
        response.read()
        return found

    found = _play(impl, local.sending("depth-getheaders", wire), action).result
    expected = [("Content-Length", "5"), *AS_RECEIVED]
    assert [tuple(pair) for pair in found] == expected, (
        f"getheaders() gave {found!r}, expected {expected!r}")


@pytest.mark.clauses("rfc9112:5:field-value-obs-text",
                     related=("rfc9112:2.2:parse-as-octets",))
def test_obs_text_values_read_as_latin1(impl: Implementation) -> None:
    """rfc9112:5:field-value-obs-text: octets above 0x7F are opaque data. The
    ISO-8859-1 reading (one character per octet) keeps them; a UTF-8 reading of
    valid UTF-8 is a safe alternative (lenient); losing or replacing octets fails."""
    wire = local.response(200, "OK", b"hello").replace(
        b"\r\n\r\n", b"\r\nX-Utf8: caf\xc3\xa9 \xe2\x82\xac\r\nX-Latin: caf\xe9\r\n\r\n", 1)

    refused = (impl.exception("HTTPException"), OSError, ValueError)

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/obs-text")
        try:
            response = conn.getresponse()
            found = response.getheader("X-Utf8"), response.getheader("X-Latin")
            response.read()
        except refused as exc:
            return exc
        return found

    played = _play(impl, local.sending("depth-obs-text", wire), action)
    assert not isinstance(played.result, BaseException), (
        f"a response with obs-text field values was refused: {played.result!r}")
    utf8, latin = played.result
    octets = ("caf\u00c3\u00a9 \u00e2\u0082\u00ac", "caf\u00e9")
    if (utf8, latin) == octets:
        return
    if (utf8, latin) == ("caf\u00e9 \u20ac", "caf\u00e9"):
        raise Lenient("valid UTF-8 in a field value was decoded as UTF-8, not read as "
                      "opaque ISO-8859-1 octets")
    raise AssertionError(f"getheader gave {utf8!r} and {latin!r}; the octets read as "
                         f"ISO-8859-1 are {octets!r}")


@pytest.mark.clauses("seed:20.10.2:reason", "modern:HTTPResponse:reason",
                     related=("rfc9112:2.2:parse-as-octets",))
def test_reason_phrase_obs_text(impl: Implementation) -> None:
    """seed:20.10.2:reason: the reason phrase is the one the server returned; an
    obs-text octet in it (0xE9) is one character of its ISO-8859-1 reading."""
    wire = local.response(200, "OK", b"hello").replace(b"200 OK", b"200 Caf\xe9 OK", 1)

    refused = (impl.exception("HTTPException"), OSError, ValueError)

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/reason")
        try:
            response = conn.getresponse()
            return response.reason, response.read()
        except refused as exc:
            return exc

    played = _play(impl, local.sending("depth-reason-obs-text", wire), action)
    assert not isinstance(played.result, BaseException), (
        f"a reason phrase with an obs-text octet was refused: {played.result!r}")
    reason, body = played.result
    assert (reason, body) == ("Caf\u00e9 OK", b"hello"), (
        f"'200 Caf\\xe9 OK' gave reason {reason!r} and body {body!r}; expected 'Caf\u00e9 OK'")


# -- persistence ---------------------------------------------------------------------------


@pytest.mark.clauses("rfc9112:7.1.2:trailer-section",
                     related=("rfc9112:6.3:chunked-final", "rfc9112:9.3:persistent-by-default"))
@pytest.mark.parametrize("amt", [None, 3], ids=["read", "read-amt"])
def test_trailers_consumed_before_the_next_response(impl: Implementation,
                                                    amt: Optional[int]) -> None:
    """rfc9112:7.1.2:trailer-section: the trailer section of a chunked response is
    read with it, so the next response on the kept connection is read intact."""
    first = _chunked((b"hello", b" world"), b"X-Trailer: t\r\nX-Other: o\r\n")

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/trailers")
        response = conn.getresponse()
        if amt is None:
            body = response.read()
        else:
            pieces = [response.read(amt) for _ in range(8)]
            body = b"".join(pieces)
        conn.request("GET", "/second")
        return body, conn.getresponse().read()

    script = local.answering("depth-trailers-kept", (first, local.response(200, "OK", SECOND)))
    body, second = _play(impl, script, action).result
    assert body == b"hello world", f"the chunked body read as {body!r}"
    assert second == SECOND, f"after a chunked body with trailers the next body was {second!r}"


def _two_exchanges(impl: Implementation, script: Script) -> Tuple[bytes, bytes]:
    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/one")
        one = conn.getresponse().read()
        conn.request("GET", "/two")
        return one, conn.getresponse().read()

    return _play(impl, script, action).result


def _http10(body: bytes, connection: bytes) -> bytes:
    return (b"HTTP/1.0 200 OK\r\nConnection: %s\r\nContent-Length: %d\r\n\r\n%s"
            % (connection, len(body), body))


@pytest.mark.clauses("rfc9112:9.3:http10-keep-alive")
def test_http10_keep_alive_token_any_case(impl: Implementation) -> None:
    """rfc9112:9.3:http10-keep-alive: a client that honours 'Connection: keep-alive'
    on HTTP/1.0 honours 'KEEP-ALIVE' too (connection options are case-insensitive,
    RFC 9110 7.6.1); not honouring it at all is allowed (MAY)."""
    reused = {}
    for token in (b"keep-alive", b"KEEP-ALIVE"):
        script = _script(f"depth-http10-{token.decode('ascii')}",
            # A client that does not keep HTTP/1.0 connections (allowed) closes
            # instead of sending request two here: the request is optional.
            (ExpectRequest(timeout=3.0), Send(_http10(b"one", token)),
             ExpectRequest(timeout=3.0, optional=True), Send(_http10(SECOND, token)),
             ExpectClose(3.0)),
            (ExpectRequest(timeout=3.0), Send(local.response(200, "OK", b"reconnected")),
             ExpectClose(3.0)))
        one, two = _two_exchanges(impl, script)
        assert one == b"one" and two in (SECOND, b"reconnected"), (
            f"with Connection: {token.decode('ascii')} the bodies were {one!r}, {two!r}")
        reused[token] = two == SECOND
    if reused[b"keep-alive"] != reused[b"KEEP-ALIVE"]:
        raise AssertionError(
            f"the connection was {'kept' if reused[b'keep-alive'] else 'closed'} after "
            f"'keep-alive' but {'kept' if reused[b'KEEP-ALIVE'] else 'closed'} after "
            "'KEEP-ALIVE': connection options are case-insensitive")
    if not reused[b"keep-alive"]:
        raise Info("HTTP/1.0 keep-alive is not honoured (a new connection each time; allowed)")


@pytest.mark.clauses("rfc9112:9.3:connection-close")
def test_connection_close_mixed_case(impl: Implementation) -> None:
    """rfc9112:9.3:connection-close: 'Connection: Close' on HTTP/1.1 ends the
    connection; the next request opens a new one (the first connection's script
    never answers again)."""
    script = _script("depth-connection-Close",
        (ExpectRequest(timeout=3.0),
         Send(local.response(200, "OK", b"one", (("Connection", "Close"),))), ExpectClose(2.0)),
        (ExpectRequest(timeout=3.0), Send(local.response(200, "OK", SECOND)), Close()))
    refused = (impl.exception("HTTPException"), OSError)
    try:
        found = _two_exchanges(impl, script)
    except refused as exc:  # the second request went on the closed connection
        raise AssertionError(f"after 'Connection: Close' the second request failed with "
                             f"{exc!r}: it was sent on the connection the server closed") from None
    assert found == (b"one", SECOND), (
        f"after 'Connection: Close' the two bodies were {found!r}, expected "
        f"(b'one', {SECOND!r}) from a new connection")


# -- constants ---------------------------------------------------------------------------


@pytest.mark.clauses("modern:constants:status-constants-members")
@pytest.mark.editions("modern")
def test_status_constants_are_members(impl: Implementation) -> None:
    """modern:constants:status-constants-members: http.HTTPStatus.OK is also
    available as OK in the module: the constants are the enum members."""
    plain = []
    for name, member in http.HTTPStatus.__members__.items():
        found = impl.attr(name)
        if not (isinstance(found, http.HTTPStatus) and found == member):
            plain.append(f"{name}={found!r}")
    assert not plain, (f"{len(plain)} status constants are not http.HTTPStatus members: "
                       + ", ".join(plain[:5]))


# -- large bodies ------------------------------------------------------------------------

LARGE = bytes(range(256)) * 1200 + b"end"  # 307,203 bytes: several receive buffers


@pytest.mark.parametrize("amt", [
    pytest.param(None, id="read", marks=pytest.mark.clauses(
        "seed:20.10.2:read", "modern:HTTPResponse:read",
        related=("rfc9112:6.3:content-length-valid",))),
    pytest.param(65537, id="read-amt", marks=pytest.mark.clauses(
        "seed:20.10.2:read-amt", "modern:HTTPResponse:read",
        related=("rfc9112:6.3:content-length-valid", "seed:20.10.2:read"))),
])
def test_large_body_intact(impl: Implementation, amt: Optional[int]) -> None:
    """rfc9112:6.3:content-length-valid: a body of some 300 KB, sent in pieces
    that cross the client's buffer sizes, reads back byte for byte."""
    wire = local.response(200, "OK", LARGE)
    cuts = (1000, 65536, 70001, 131072 + 7, 200000)

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/large")
        response = conn.getresponse()
        if amt is None:
            return response.read()
        pieces = []
        for _ in range(len(LARGE) // amt + 3):
            piece = response.read(amt)
            if not piece:
                break
            pieces.append(piece)
        return b"".join(pieces)

    data = _play(impl, local.sending("depth-large-body", wire, cuts), action).result
    if data != LARGE:
        at = next((i for i, (a, b) in enumerate(zip(data, LARGE)) if a != b),
                  min(len(data), len(LARGE)))
        raise AssertionError(f"read {len(data)} bytes of a {len(LARGE)}-byte body; the first "
                             f"difference is at offset {at}")
