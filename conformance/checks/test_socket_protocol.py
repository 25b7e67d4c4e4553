"""The socket protocol and conn.sock: what every CPython does where the
documentation is silent, and what wrappers, test doubles and subclasses in
the wild are built on (de-facto clauses, ``conformance/clauses/cpython.py``).

On a socket it did not create, ``http.client`` calls only ``sendall``,
``makefile("rb")`` and ``close``. The checks hand the implementation objects
offering only those three (``narrow_socket``): as ``conn.sock``, as the
``self.sock`` a subclass's ``connect()`` wraps, and to ``HTTPResponse(sock)``.
Any other attribute the implementation looks up is named in the failure. Then
``response_class``, and the lifecycle of ``conn.sock``, which programs read
to learn whether the connection is open.

Every exchange with a real server is a small local script: a request that
never arrived fails the check, whatever the client reported.
"""

import contextlib
import socket
from typing import Any, Callable, Iterator, List, Tuple

import pytest

from conformance import context, drive, drivers, local
from conformance.checks.narrow_socket import (
    NarrowSocket,
    NarrowWrapper,
    SocketLog,
    log_of,
    real_socket,
)
from conformance.impl import Implementation
from servers.script import ExpectClose, ExpectRequest, Script, Send

FIRST = local.response(200, "OK", b"hello", (("X-First", "1"),))
SECOND = local.response(200, "OK", b"second", (("X-Second", "2"),))
EXPECTED = [(200, "OK", "1", b"hello"), (200, "OK", "2", b"second")]

SIGNATURES = ("seed:20.10:HTTPResponse-signature", "modern:HTTPResponse:signature")
GETRESPONSE = ("seed:20.10.1:getresponse-returns-HTTPResponse", "modern:HTTPConnection:getresponse")


def _timeout() -> float:
    return context.settings.client_timeout


_MISSING = object()


def _sock(conn: Any) -> Any:
    return getattr(conn, "sock", _MISSING)


def _show(value: Any) -> str:
    """``value`` of conn.sock for a message: None, or its type (a repr would name a
    descriptor number or an address that changes between runs)."""
    if value is _MISSING:
        return "no sock attribute"
    return "None" if value is None else f"a {type(value).__module__}.{type(value).__qualname__}"


def _which(values: List[Any], expected: Any, name: str) -> str:
    """Each of ``values``: ``name`` when it is ``expected``, else what it is."""
    return ", ".join(name if value is expected else _show(value) for value in values)


def _exchange(conn: Any, number: int, send: bool = True) -> Tuple[Any, ...]:
    """Exchange ``number`` (1: GET /one, 2: GET /two) on ``conn``, its request
    already sent unless ``send``: status, reason, the answer's own field, body,
    and conn.sock once the body was read."""
    path, name = ("/one", "X-First") if number == 1 else ("/two", "X-Second")
    if send:
        conn.request("GET", path)
    response = conn.getresponse()
    return (response.status, response.reason, response.getheader(name), response.read(),
            _sock(conn))


def _two_exchanges(conn: Any) -> List[Tuple[Any, ...]]:
    return [_exchange(conn, 1), _exchange(conn, 2)]


def _compare(found: List[Tuple[Any, ...]]) -> None:
    """The two exchanges read back as sent: status, reason, field and body."""
    seen = [entry[:4] for entry in found]
    assert seen == EXPECTED, f"the two exchanges read back as {seen!r}, expected {EXPECTED!r}"


def _protocol_failure(what: str, log: SocketLog, error: BaseException) -> AssertionError:
    """A failure naming what the implementation asked of the narrow socket."""
    beyond = log.summary() or "it used only sendall, makefile('rb') and close"
    return AssertionError(f"{what}: {type(error).__name__}({error}); {beyond}")


@contextlib.contextmanager
def _refusing_port() -> Iterator[int]:
    """A loopback port bound but not listening: a connection to it is refused at once."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        holder.bind(("127.0.0.1", 0))
        yield holder.getsockname()[1]
    finally:
        holder.close()


def _kept_connection(name: str) -> Script:
    """One connection answering two requests and kept open until the client closes
    it (a client that fails before sending ends the script quietly: the check then
    reports what the client raised)."""
    return Script(name, ((ExpectRequest(timeout=3.0, optional=True), Send(FIRST),
                          ExpectRequest(timeout=3.0, optional=True), Send(SECOND),
                          ExpectClose(3.0)),))


def _received_both(played: drive.Played) -> None:
    assert len(played.requests) == 2, (
        f"the server received {len(played.requests)} request(s), expected two on one connection")


# -- a socket the implementation did not create ------------------------------------------


@pytest.mark.clauses("cpython:HTTPConnection:sock-protocol",
                     related=("cpython:HTTPConnection:sock-kept-alive",) + GETRESPONSE)
def test_preset_sock_with_only_the_protocol(impl: Implementation) -> None:
    """cpython:HTTPConnection:sock-protocol: conn.sock set to an object offering
    only sendall, makefile('rb') and close serves a request and its response,
    then a second on the kept connection (status, reason, a field and the body
    of each read back); the requests reached it through sendall, and close()
    of the connection closes it."""
    sock = NarrowSocket([FIRST, SECOND])
    with _refusing_port() as port:  # a client that ignores conn.sock connects in vain
        conn = impl.attr("HTTPConnection")("127.0.0.1", port, timeout=_timeout())
        conn.sock = sock
        try:
            found = _two_exchanges(conn)
            conn.close()
        except Exception as exc:  # graded: the double shows what was asked of it
            raise _protocol_failure("two exchanges over a conn.sock offering only sendall, "
                                    "makefile and close, then close()", log_of(sock),
                                    exc) from None
    log = log_of(sock)
    assert not log.problems, log.summary()
    _compare(found)
    sent = log.sent_bytes()
    assert sent.startswith(b"GET /one HTTP/1.1\r\n") and b"GET /two HTTP/1.1\r\n" in sent, (
        f"the requests did not go out through sendall: it was sent {sent[:80]!r}")
    assert log.closed, "close() of the connection did not close its conn.sock"


@pytest.mark.clauses("cpython:HTTPResponse:sock-makefile", related=SIGNATURES)
def test_response_begin_over_a_narrow_socket(impl: Implementation) -> None:
    """cpython:HTTPResponse:sock-makefile: HTTPResponse(sock) then begin() on an
    object offering only sendall, makefile('rb') and close parses a raw
    response, the way SSDP/UPnP code reads a datagram: status, reason, fields
    and, through read(), the body."""
    raw = (b"HTTP/1.1 200 OK\r\nCache-Control: max-age=1800\r\nST: upnp:rootdevice\r\n"
           b"Location: http://192.0.2.1:8080/desc.xml\r\nContent-Length: 5\r\n\r\nhello")
    sock = NarrowSocket([raw], at_once=True)
    try:
        response = impl.attr("HTTPResponse")(sock)
        response.begin()
        found = (response.status, response.reason, response.getheader("ST"),
                 response.getheader("Location"), response.read())
    except Exception as exc:  # graded: the double shows what was asked of it
        raise _protocol_failure("HTTPResponse(sock).begin() over an object offering only "
                                "sendall, makefile and close", log_of(sock), exc) from None
    assert not log_of(sock).problems, log_of(sock).summary()
    expected = (200, "OK", "upnp:rootdevice", "http://192.0.2.1:8080/desc.xml", b"hello")
    assert found == expected, f"the raw response read as {found!r}, expected {expected!r}"


def _subclass_client(make: Callable[[Any, List[Any]], Any]) -> Any:
    """A client that builds ``make(base, made)`` (a subclass of the implementation's
    HTTPConnection whose connect() appends each socket it sets to ``made``), makes
    two exchanges and returns ``(found, made, error)``; every socket made is closed."""

    def client(impl: Implementation, srv: Any, timeout: float) -> Any:
        made: List[Any] = []
        conn = make(impl.attr("HTTPConnection"), made)(srv.host, srv.port, timeout=timeout)
        try:
            found = _two_exchanges(conn)
            conn.close()
            return found, made, None
        except Exception as exc:  # graded by the check, with the wrapper's log
            return None, made, exc
        finally:
            with contextlib.suppress(Exception):  # a close() that failed is graded above
                conn.close()
            for sock in made:
                real = real_socket(sock) if isinstance(sock, NarrowWrapper) else sock
                if callable(getattr(real, "close", None)):
                    real.close()

    return client


@pytest.mark.clauses("cpython:HTTPConnection:connect-wrapped-sock",
                     related=("cpython:HTTPConnection:sock-protocol",
                              "modern:HTTPConnection:connect", "seed:20.10.1:connect"))
def test_connect_wraps_the_socket(impl: Implementation) -> None:
    """cpython:HTTPConnection:connect-wrapped-sock: a subclass whose connect() calls
    the base connect() and then wraps self.sock in an object offering only
    sendall, makefile and close (handing them to the real socket) is served
    through the wrapper (the requests go out through its sendall, the responses
    are read through its makefile), on one connection, for two exchanges."""

    def make(base: Any, made: List[Any]) -> Any:
        class Wrapping(base):  # type: ignore[misc, valid-type]
            def connect(self) -> None:
                super().connect()
                base_sock.append(self.sock)
                wrapper = NarrowWrapper(self.sock)
                made.append(wrapper)
                self.sock = wrapper

        return Wrapping

    base_sock: List[Any] = []
    played = drive.run_script(impl, _kept_connection("socket-connect-wraps"),
                              client=_subclass_client(make))
    found, made, error = played.result
    assert made, "the subclass's connect() was never called"
    assert base_sock[0] is not None, "after the base connect(), self.sock is None: nothing to wrap"
    log = log_of(made[0])
    if error is not None:
        raise _protocol_failure("two exchanges through a wrapper offering only sendall, "
                                "makefile and close", log, error)
    assert not log.problems, log.summary()
    _compare(found)
    _received_both(played)
    sent = log.sent_bytes()
    assert sent.startswith(b"GET /one HTTP/1.1\r\n") and b"GET /two HTTP/1.1\r\n" in sent, (
        f"the requests did not go out through the wrapper's sendall: it was sent {sent[:80]!r}")
    assert log.files, "the responses were not read through the wrapper's makefile('rb')"
    assert len(made) == 1 and all(entry[4] is made[0] for entry in found), (
        f"conn.sock after each response was {_which([e[4] for e in found], made[0], 'it')}, "
        f"not always the wrapper connect() set ({len(made)} connect() call(s))")


@pytest.mark.clauses("cpython:HTTPConnection:connect-own-sock",
                     related=("modern:HTTPConnection:connect", "seed:20.10.1:connect"))
def test_connect_sets_its_own_socket(impl: Implementation) -> None:
    """cpython:HTTPConnection:connect-own-sock: a subclass whose connect() sets
    self.sock to a socket it connected itself, with no call to the base
    connect() (the Unix-socket pattern), is used as is: both exchanges go over
    it, no other connection is opened, conn.sock stays that socket."""

    def make(base: Any, made: List[Any]) -> Any:
        class OwnSocket(base):  # type: ignore[misc, valid-type]
            def connect(self) -> None:
                own = socket.create_connection((self.host, self.port), _timeout())
                made.append(own)
                self.sock = own

        return OwnSocket

    played = drive.run_script(impl, _kept_connection("socket-connect-own"),
                              client=_subclass_client(make))
    found, made, error = played.result
    if error is not None:
        raise AssertionError(f"two exchanges over the socket connect() set raised "
                             f"{type(error).__name__}({error})")
    _compare(found)
    _received_both(played)
    assert made, "the subclass's connect() was never called"
    assert len(made) == 1 and all(entry[4] is made[0] for entry in found), (
        f"conn.sock after each response was {_which([e[4] for e in found], made[0], 'it')}, "
        f"not always the socket connect() set ({len(made)} connect() call(s))")


@pytest.mark.clauses("cpython:HTTPConnection:response_class", related=GETRESPONSE)
def test_response_class_is_honoured(impl: Implementation) -> None:
    """cpython:HTTPConnection:response_class: a subclass of the implementation's
    HTTPResponse set as the connection's response_class is what getresponse()
    returns, and it reads the response."""

    class Custom(impl.attr("HTTPResponse")):  # type: ignore[misc]
        """A response class of the caller's."""

    def action(conn: Any, srv: Any) -> Any:
        conn.response_class = Custom
        conn.request("GET", "/custom")
        response = conn.getresponse()
        return type(response), response.read()

    played = drive.run_script(impl, local.answering("socket-response-class", (FIRST,)),
                              client=drivers.with_connection(action))
    kind, body = played.result
    assert issubclass(kind, Custom), (
        f"getresponse() returned a {kind.__name__}, not the response_class set ({Custom.__name__})")
    assert body == b"hello", f"the {Custom.__name__} read the body {body!r}"


# -- conn.sock's lifecycle ------------------------------------------------------------------


@pytest.mark.clauses("cpython:HTTPConnection:sock-set-by-connect",
                     related=("modern:HTTPConnection:connect", "seed:20.10.1:connect"))
def test_sock_set_by_connect(impl: Implementation) -> None:
    """cpython:HTTPConnection:sock-set-by-connect: conn.sock is None before the
    connection connects; connect() sets it, and so does a request() that
    connects (looked at before getresponse())."""

    def client(impl_: Implementation, srv: Any, timeout: float) -> Any:
        cls = impl_.attr("HTTPConnection")
        seen = []
        for explicit in (True, False):
            conn = cls(srv.host, srv.port, timeout=timeout)
            try:
                before = _sock(conn)
                if explicit:
                    conn.connect()
                    during = _sock(conn)
                    conn.request("GET", "/connected")
                else:
                    conn.request("GET", "/auto")
                    during = _sock(conn)
                conn.getresponse().read()
                seen.append((before, during))
            finally:
                conn.close()
        return seen

    played = drive.run_script(impl, local.answering("socket-sock-set", connections=2),
                              client=client)
    for (before, during), how in zip(played.result, ("connect()", "request()")):
        assert before is None, f"before connecting, conn.sock is {_show(before)}, not None"
        assert during is not None and during is not _MISSING, (
            f"after {how} connected, conn.sock is {_show(during)}")
    assert len(played.requests) == 2, "the server did not receive both requests"


@pytest.mark.clauses("cpython:HTTPConnection:sock-kept-alive",
                     related=("rfc9112:9.3:persistent-by-default",))
def test_sock_kept_across_responses(impl: Implementation) -> None:
    """cpython:HTTPConnection:sock-kept-alive: on a persistent connection conn.sock
    is one object, before and after each of two responses read to the end."""

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/one")
        first = _sock(conn)
        return first, [_exchange(conn, 1, send=False), _exchange(conn, 2)]

    played = drive.run_script(impl, _kept_connection("socket-sock-kept"),
                              client=drivers.with_connection(action))
    first, found = played.result
    _compare(found)
    _received_both(played)
    assert first is not None and first is not _MISSING, (
        f"after request(), conn.sock is {_show(first)}")
    after = [entry[4] for entry in found]
    assert all(sock is first for sock in after), (
        f"conn.sock was {_show(first)} after request(), then "
        f"{_which(after, first, 'the same')} after each response: not one object on one "
        "persistent connection")


@pytest.mark.clauses("cpython:HTTPConnection:sock-none-after-close",
                     related=("modern:HTTPConnection:close", "seed:20.10.1:close"))
def test_sock_none_after_close(impl: Implementation) -> None:
    """cpython:HTTPConnection:sock-none-after-close: close() sets conn.sock to None,
    right after connect() and after an exchange on a connection the server keeps
    open (where the client kept conn.sock: one that lets the connection go after
    each response is not asked to close it)."""

    def client(impl_: Implementation, srv: Any, timeout: float) -> Any:
        cls = impl_.attr("HTTPConnection")
        seen = []
        for exchange in (False, True):
            conn = cls(srv.host, srv.port, timeout=timeout)
            try:
                if exchange:
                    conn.request("GET", "/one")
                    body = conn.getresponse().read()
                else:
                    conn.connect()
                    body = None
                open_sock = _sock(conn)
                conn.close()
                seen.append((body, open_sock, _sock(conn)))
            finally:
                conn.close()
        return seen

    script = Script("socket-sock-close", (
        (ExpectRequest(timeout=3.0, optional=True),),
        (ExpectRequest(timeout=3.0), Send(FIRST), ExpectClose(3.0))))
    played = drive.run_script(impl, script, client=client)
    (_, connected, after_connect), (body, kept, after_exchange) = played.result
    assert connected is not None and connected is not _MISSING, (
        f"after connect(), conn.sock is {_show(connected)}")
    assert after_connect is None, (
        f"after connect() then close(), conn.sock is {_show(after_connect)}, not None")
    assert body == b"hello", f"the response read {body!r}"
    if kept is not None:
        assert after_exchange is None, (
            f"after an exchange then close(), conn.sock is {_show(after_exchange)}, not None")


CLOSING = {
    "connection-close": b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello",
    "http10": b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello",
}


@pytest.mark.clauses("cpython:HTTPConnection:sock-none-after-closing-response",
                     related=("rfc9112:9.3:connection-close", "rfc9112:9.3:http10-keep-alive"))
@pytest.mark.parametrize("answer", list(CLOSING))
def test_sock_none_after_a_closing_response(impl: Implementation, answer: str) -> None:
    """cpython:HTTPConnection:sock-none-after-closing-response: getresponse() of a
    response after which the connection closes ('Connection: close', or HTTP/1.0
    without keep-alive) leaves conn.sock None at once; the response still reads
    its body."""

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/closing")
        response = conn.getresponse()
        at_getresponse = _sock(conn)
        return at_getresponse, response.read()

    played = drive.run_script(impl, local.sending(f"socket-sock-{answer}", CLOSING[answer]),
                              client=drivers.with_connection(action))
    at_getresponse, body = played.result
    assert at_getresponse is None, (
        f"after getresponse() of a response that closes the connection ({answer}), conn.sock "
        f"is {_show(at_getresponse)}, not None")
    assert body == b"hello", f"the response then read {body!r}"
