"""Behaviour checks of the API that need no scripted server: host and port
parsing, default ports, connect/close, timeouts, source_address, blocksize,
the connection state errors, debug output and parse_headers; plus the seed's
``strict`` parameter and the no-retry rule for a POST, played against tiny
local servers.

Where a check must see a connection arrive it listens on a loopback socket
itself and sends nothing back; every wait is bounded, and a client call that
could block runs under the check deadline (``drive.bounded``).
"""

import contextlib
import io
import socket
import sys
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

from conformance import context, drive, drivers, local
from conformance.grading import Info, Missing
from conformance.impl import Implementation
from servers.script import Close, ExpectRequest, Script, Send


def _timeout() -> float:
    return context.settings.client_timeout


@contextlib.contextmanager
def _listener(host: str = "127.0.0.1") -> Iterator[socket.socket]:
    """A listening loopback socket on an ephemeral port (closed on exit)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(_timeout())
        sock.bind((host, 0))
        sock.listen(4)
        yield sock
    finally:
        sock.close()


def _accept(listener: socket.socket) -> socket.socket:
    """The next connection to ``listener``; a failed assertion if none arrives."""
    port = listener.getsockname()[1]
    try:
        accepted, _ = listener.accept()
    except socket.timeout:
        raise AssertionError(
            f"no connection arrived at port {port} within {_timeout()} s") from None
    accepted.settimeout(_timeout())
    return accepted


@contextlib.contextmanager
def _closing(conn: Any) -> Iterator[Any]:
    try:
        yield conn
    finally:
        conn.close()


def _address(conn: Any) -> Tuple[Any, Any]:
    """``(host, port)`` a connection object will connect to (undocumented
    attributes: grade info when the implementation does not expose them)."""
    if not (hasattr(conn, "host") and hasattr(conn, "port")):
        raise Info(f"{type(conn).__name__} exposes no host/port attributes; "
                   "address not observable without a network")
    return conn.host, conn.port


def _socket_of(conn: Any) -> socket.socket:
    sock = getattr(conn, "sock", None)
    if sock is None or not hasattr(sock, "gettimeout"):
        raise Info(f"{type(conn).__name__} exposes no sock attribute; timeout not observable")
    return sock


def _construct(impl: Implementation, cls: str, *args: Any, **kwargs: Any) -> Any:
    """``cls(*args, **kwargs)``; a keyword argument the class does not accept is
    graded missing (the documented parameter is absent)."""
    try:
        return impl.attr(cls)(*args, **kwargs)
    except TypeError as exc:
        unknown = [name for name in kwargs if name in str(exc)]
        if "unexpected keyword" in str(exc) and unknown:
            raise Missing(f"{cls}'s {unknown[0]} parameter") from exc
        raise


def _outcome(action: Any) -> str:
    """What ``action()`` did, in words: the exception it raised or the value it returned."""
    try:
        value = action()
    except Exception as exc:  # recorded, never graded: the caller grades an INFO clause
        return f"raised {type(exc).__name__}({exc})"
    return f"returned {value!r}"


def _expect_error(impl: Implementation, name: str, action: Any, what: str) -> BaseException:
    """Run ``action``; it must raise the documented exception ``name``. Other
    exception types escape (graded crash)."""
    error = impl.exception(name)
    try:
        action()
    except error as exc:
        return exc
    raise AssertionError(f"expected {name} from {what}, got no exception")


# -- host, port and connecting --------------------------------------------------


@pytest.mark.clauses("seed:20.10:HTTPConnection-port-from-host",
                     "modern:HTTPConnection:port-from-host")
def test_port_from_host_string(impl: Implementation) -> None:
    """'host:port' as the only argument connects to that port (seed 20.10)."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        conn = impl.attr("HTTPConnection")(f"127.0.0.1:{port}", timeout=_timeout())
        with _closing(conn):
            conn.connect()
            _accept(listener).close()


@pytest.mark.parametrize("aspect", [
    pytest.param("connect", marks=pytest.mark.clauses(
        "seed:20.10.1:connect", "modern:HTTPConnection:connect",
        related=("seed:20.10:HTTPConnection-host-and-port",))),
    pytest.param("host-and-port", marks=pytest.mark.clauses(
        "seed:20.10:HTTPConnection-host-and-port", related=("seed:20.10.1:connect",))),
])
def test_connect_to_host_and_port(impl: Implementation, aspect: str) -> None:
    """seed:20.10.1:connect: HTTPConnection(host, port).connect() connects to the
    server given at creation. seed:20.10:HTTPConnection-host-and-port (INFO, how
    to instantiate it) records the same call."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        conn = impl.attr("HTTPConnection")("127.0.0.1", port, timeout=_timeout())
        with _closing(conn):
            conn.connect()
            _accept(listener).close()
    if aspect == "host-and-port":
        raise Info(f"HTTPConnection('127.0.0.1', {port}) was instantiated with a host and a "
                   "port and connected there")


@pytest.mark.clauses("seed:20.10.1:close", "modern:HTTPConnection:close")
def test_close_closes_the_connection(impl: Implementation) -> None:
    """close() closes the connection: the peer reads end of stream."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        conn = impl.attr("HTTPConnection")("127.0.0.1", port, timeout=_timeout())
        with _closing(conn):
            conn.connect()
            with contextlib.closing(_accept(listener)) as peer:
                conn.close()
                try:
                    data = peer.recv(1)
                except socket.timeout:
                    raise AssertionError(
                        f"the server side saw no close within {_timeout()} s of close()"
                    ) from None
                except ConnectionResetError:
                    data = b""
                assert data == b"", f"the server read {data!r} instead of end of stream"


@pytest.mark.parametrize("aspect", [
    pytest.param("de-facto", marks=pytest.mark.clauses(
        "cpython:HTTPConnection:ipv6-host", related=("modern:HTTPConnection:ipv6-host",))),
    pytest.param("documented", marks=pytest.mark.clauses(
        "modern:HTTPConnection:ipv6-host", related=("cpython:HTTPConnection:ipv6-host",))),
])
def test_ipv6_host_with_port(impl: Implementation, aspect: str) -> None:
    """cpython:HTTPConnection:ipv6-host: '[::1]:port' connects to the IPv6
    loopback on that port. The docs are silent (modern:HTTPConnection:ipv6-host,
    INFO: what happened is recorded)."""
    with contextlib.ExitStack() as stack:
        try:
            listener = stack.enter_context(_listener("::1"))
        except OSError as exc:
            raise Info(f"IPv6 loopback unavailable here ({exc}); not checked") from None
        port = listener.getsockname()[1]
        if aspect == "documented":
            def attempt() -> str:
                conn = impl.attr("HTTPConnection")(f"[::1]:{port}", timeout=_timeout())
                with _closing(conn):
                    conn.connect()
                    _accept(listener).close()
                return "connected"

            raise Info(f"HTTPConnection('[::1]:{port}').connect() {_outcome(attempt)}")
        conn = stack.enter_context(
            _closing(impl.attr("HTTPConnection")(f"[::1]:{port}", timeout=_timeout())))
        conn.connect()
        _accept(listener).close()


@pytest.mark.parametrize("cls, host, expected", [
    pytest.param("HTTPConnection", "example.invalid", ("example.invalid", 80),
                 id="http-default", marks=pytest.mark.clauses(
                     "seed:20.10:HTTPConnection-default-port",
                     "modern:HTTPConnection:port-from-host")),
    pytest.param("HTTPSConnection", "example.invalid", ("example.invalid", 443),
                 id="https-default", marks=pytest.mark.clauses(
                     "seed:20.10:HTTPSConnection-default-port", "modern:HTTPSConnection:subclass")),
    pytest.param("HTTPConnection", "[::1]", ("::1", 80), id="ipv6-default",
                 marks=pytest.mark.clauses("cpython:HTTPConnection:ipv6-host",
                                           related=("modern:HTTPConnection:ipv6-host",))),
])
def test_default_port(impl: Implementation, cls: str, host: str,
                      expected: Tuple[str, int]) -> None:
    """Without a port the default one (80, or 443 for HTTPS) is used."""
    conn = impl.attr(cls)(host)
    with _closing(conn):
        found = _address(conn)
    assert found == expected, f"{cls}({host!r}) will connect to {found}, expected {expected}"


@pytest.mark.clauses("seed:20.10:HTTPConnection-same-host-port-example")
def test_same_host_and_port_example(impl: Implementation) -> None:
    """Seed 20.10's example, on a name that is never resolved: the four calls
    all target the same host and port."""
    make = impl.attr("HTTPConnection")
    conns = [make("example.invalid"), make("example.invalid:80"),
             make("example.invalid", 80), make("example.invalid", 80, timeout=10)]
    try:
        found = [_address(conn) for conn in conns]
    finally:
        for conn in conns:
            conn.close()
    assert found == [("example.invalid", 80)] * 4, f"the four calls target {found}"


@pytest.mark.clauses("seed:20.10:InvalidURL-non-numeric-port", "modern:HTTPConnection:invalid-port")
@pytest.mark.parametrize("host", ["127.0.0.1:http", "127.0.0.1:8o", "[::1]:x1"])
def test_non_numeric_port_is_invalid_url(impl: Implementation, host: str) -> None:
    """A non-numeric port in the host string raises InvalidURL (when it is parsed,
    at construction)."""
    make = impl.attr("HTTPConnection")
    _expect_error(impl, "InvalidURL", lambda: make(host).close(), f"HTTPConnection({host!r})")


@pytest.mark.clauses("seed:20.10:InvalidURL-empty-port", "modern:HTTPConnection:empty-port",
                     related=("cpython:HTTPConnection:empty-port-default",))
def test_empty_port_is_invalid_url(impl: Implementation) -> None:
    """seed:20.10:InvalidURL-empty-port, modern:HTTPConnection:empty-port: both
    editions document InvalidURL for an empty port ('host:')."""
    error = impl.exception("InvalidURL")
    try:
        conn = impl.attr("HTTPConnection")("127.0.0.1:")
    except error:
        return
    with _closing(conn):
        address: Optional[Tuple[Any, Any]] = (getattr(conn, "host", None),
                                               getattr(conn, "port", None))
    raise AssertionError(f"HTTPConnection('127.0.0.1:') raised no InvalidURL; it will connect "
                         f"to {address} (the documentation says an empty port is invalid)")


@pytest.mark.clauses("cpython:HTTPConnection:empty-port-default",
                     related=("seed:20.10:InvalidURL-empty-port",
                              "modern:HTTPConnection:empty-port"))
def test_empty_port_takes_the_default(impl: Implementation) -> None:
    """cpython:HTTPConnection:empty-port-default: CPython takes the default port
    for 'host:' (against its documentation, which says InvalidURL)."""
    error = impl.exception("InvalidURL")
    try:
        conn = impl.attr("HTTPConnection")("127.0.0.1:")
    except error as exc:
        raise AssertionError(f"HTTPConnection('127.0.0.1:') raised InvalidURL({exc}) as "
                             "documented; CPython takes the default port 80") from None
    with _closing(conn):
        found = _address(conn)
    assert found == ("127.0.0.1", 80), (
        f"HTTPConnection('127.0.0.1:') will connect to {found}; CPython takes ('127.0.0.1', 80)")


# -- audit events -----------------------------------------------------------------
#
# An audit hook cannot be removed once added: one hook for the whole process
# records only events whose first argument is the connection a check watches.

_AUDIT: Dict[str, Any] = {"watched": None, "events": []}


def _audit_hook(event: str, args: Tuple[Any, ...]) -> None:
    if event.startswith("http.client.") and args and args[0] is _AUDIT["watched"]:
        _AUDIT["events"].append((event, args[1:]))


@contextlib.contextmanager
def _audited(conn: Any) -> Iterator[List[Tuple[str, Tuple[Any, ...]]]]:
    """The http.client.* audit events raised with ``conn`` as first argument
    while the block runs."""
    if not _AUDIT.get("installed"):
        sys.addaudithook(_audit_hook)
        _AUDIT["installed"] = True
    events: List[Tuple[str, Tuple[Any, ...]]] = []
    _AUDIT["watched"], _AUDIT["events"] = conn, events
    try:
        yield events
    finally:
        _AUDIT["watched"] = None


@pytest.mark.clauses("modern:HTTPConnection:audit-connect")
@pytest.mark.editions("modern")
def test_audit_event_connect(impl: Implementation) -> None:
    """modern:HTTPConnection:audit-connect: connect() raises the audit event
    http.client.connect with the connection, the host and the port."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        conn = impl.attr("HTTPConnection")("127.0.0.1", port, timeout=_timeout())
        with _closing(conn), _audited(conn) as events:
            conn.connect()
            _accept(listener).close()
    connects = [args for event, args in events if event == "http.client.connect"]
    # the listener's port shows as PORT, so the outcome is the same on every run
    shown = [tuple("PORT" if arg == port else arg for arg in args) for args in connects]
    assert connects == [("127.0.0.1", port)], (
        f"connect() raised the http.client.connect events {shown!r}; expected one with "
        f"host '127.0.0.1' and the listener's port PORT (all http.client events seen: "
        f"{[event for event, _ in events]})")


@pytest.mark.clauses("modern:HTTPConnection:audit-send")
@pytest.mark.editions("modern")
def test_audit_event_send(impl: Implementation) -> None:
    """modern:HTTPConnection:audit-send: send(data) raises the audit event
    http.client.send with the connection and the data."""
    payload = b"audited payload"

    def action(conn: Any, srv: Any) -> Any:
        conn.putrequest("POST", "/audit")
        conn.putheader("Content-Length", str(len(payload)))
        conn.endheaders()
        with _audited(conn) as events:
            conn.send(payload)
        conn.getresponse().read()
        return events

    events = drive.run_script(impl, local.answering("api-audit-send"),
                              client=drivers.with_connection(action)).result
    sent = [args[0] for event, args in events if event == "http.client.send" and args]
    assert payload in sent, (
        f"send({payload!r}) raised the http.client.send events with data {sent!r}")


# -- timeouts, source address, blocksize ----------------------------------------


@pytest.mark.clauses("seed:20.10:HTTPConnection-timeout", "modern:HTTPConnection:timeout")
def test_timeout_applies_to_the_socket(impl: Implementation) -> None:
    """The timeout given is the timeout of the connection's blocking operations."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        conn = impl.attr("HTTPConnection")("127.0.0.1", port, timeout=1.25)
        with _closing(conn):
            conn.connect()
            _accept(listener).close()
            found = _socket_of(conn).gettimeout()
    assert found == 1.25, f"the socket timeout is {found!r}, expected 1.25"


@pytest.mark.clauses("seed:20.10:HTTPConnection-timeout-default", "modern:HTTPConnection:timeout")
def test_global_default_timeout(impl: Implementation) -> None:
    """Without a timeout the global default socket timeout is used."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(3.75)
    try:
        with _listener() as listener:
            port = listener.getsockname()[1]
            conn = impl.attr("HTTPConnection")("127.0.0.1", port)
            with _closing(conn):
                conn.connect()
                _accept(listener).close()
                found = _socket_of(conn).gettimeout()
    finally:
        socket.setdefaulttimeout(previous)
    assert found == 3.75, f"the socket timeout is {found!r}, expected the global default 3.75"


@pytest.mark.clauses("modern:HTTPConnection:source_address")
def test_source_address(impl: Implementation) -> None:
    """Modern: source_address is the local address the connection comes from."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        with contextlib.closing(socket.socket()) as probe:
            probe.bind(("127.0.0.1", 0))
            local = probe.getsockname()
        conn = _construct(impl, "HTTPConnection", "127.0.0.1", port, timeout=_timeout(),
                          source_address=local)
        with _closing(conn):
            conn.connect()
            with contextlib.closing(_accept(listener)) as peer:
                found = peer.getpeername()[:2]
    assert tuple(found) == tuple(local), f"the connection came from {found}, expected {local}"


@pytest.mark.clauses("modern:HTTPConnection:blocksize")
def test_blocksize(impl: Implementation) -> None:
    """Modern: blocksize defaults to 8192 and is kept as the blocksize attribute."""
    with _closing(_construct(impl, "HTTPConnection", "example.invalid")) as default, \
            _closing(_construct(impl, "HTTPConnection", "example.invalid",
                                blocksize=1024)) as small:
        assert getattr(default, "blocksize", None) == 8192, (
            f"default blocksize is {getattr(default, 'blocksize', None)!r}, expected 8192")
        assert getattr(small, "blocksize", None) == 1024, (
            f"blocksize=1024 gave {getattr(small, 'blocksize', None)!r}")


# -- connection state errors ----------------------------------------------------
#
# The docs name the exceptions and their bases only (modern:HTTPConnection:state-errors,
# INFO) and tell the caller the order of the calls (seed INFO clauses); which call
# raises which exception is CPython's behaviour (the cpython: clauses), graded by
# the "de-facto" aspect. The "documented" aspect records what happened.

def _state_aspects(de_facto: str, *documented: str) -> Any:
    """Two aspects of one state check: ``de-facto`` grades the cpython clause,
    ``documented`` the INFO clauses (seed and/or modern) it records."""
    return pytest.mark.parametrize("aspect", [
        pytest.param("de-facto", marks=pytest.mark.clauses(de_facto, related=documented)),
        pytest.param("documented", marks=pytest.mark.clauses(*documented,
                                                             related=(de_facto,))),
    ])


def _state_error(impl: Implementation, aspect: str, name: str, action: Any,
                 what: str) -> None:
    """De-facto: ``action`` raises ``name``; documented: record what it did."""
    if aspect == "documented":
        raise Info(f"{what} {_outcome(action)}; CPython raises {name}")
    _expect_error(impl, name, action, what)


@_state_aspects("cpython:HTTPConnection:ResponseNotReady",
                "seed:20.10.1:getresponse-after-request", "modern:HTTPConnection:state-errors")
def test_getresponse_before_request(impl: Implementation, aspect: str) -> None:
    """cpython:HTTPConnection:ResponseNotReady: getresponse() with no request sent
    raises ResponseNotReady."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        conn = impl.attr("HTTPConnection")("127.0.0.1", port, timeout=_timeout())
        with _closing(conn):
            drive.bounded(lambda: _state_error(impl, aspect, "ResponseNotReady",
                                               conn.getresponse,
                                               "getresponse() before any request"), listener)


@pytest.mark.clauses("cpython:HTTPConnection:ResponseNotReady")
def test_getresponse_twice(impl: Implementation) -> None:
    """cpython:HTTPConnection:ResponseNotReady: a second getresponse() for one
    request raises ResponseNotReady; the first response still reads whole."""
    script = local.answering("api-getresponse-twice", (local.response(200, "OK", b"once"),))

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/once")
        first = conn.getresponse()
        again = _expect_error(impl, "ResponseNotReady", conn.getresponse,
                              "a second getresponse() for one request")
        return again, first.read()

    _, body = drive.run_script(impl, script, client=drivers.with_connection(action)).result
    assert body == b"once", f"the first response, read after the refusal, gave {body!r}"


@_state_aspects("cpython:HTTPConnection:CannotSendHeader",
                "seed:20.10.1:putrequest-first-call", "modern:HTTPConnection:state-errors")
def test_putheader_before_putrequest(impl: Implementation, aspect: str) -> None:
    """cpython:HTTPConnection:CannotSendHeader: putheader() before putrequest()
    raises CannotSendHeader."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        conn = impl.attr("HTTPConnection")("127.0.0.1", port, timeout=_timeout())
        with _closing(conn):
            _state_error(impl, aspect, "CannotSendHeader", lambda: conn.putheader("X-Early", "1"),
                         "putheader() before putrequest()")


@_state_aspects("cpython:HTTPConnection:CannotSendHeader", "modern:HTTPConnection:state-errors")
def test_putheader_after_endheaders(impl: Implementation, aspect: str) -> None:
    """cpython:HTTPConnection:CannotSendHeader: putheader() after endheaders()
    raises CannotSendHeader."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        conn = impl.attr("HTTPConnection")("127.0.0.1", port, timeout=_timeout())
        with _closing(conn):
            conn.putrequest("GET", "/")
            conn.endheaders()
            _accept(listener).close()
            _state_error(impl, aspect, "CannotSendHeader", lambda: conn.putheader("X-Late", "1"),
                         "putheader() after endheaders()")


@_state_aspects("cpython:HTTPConnection:CannotSendRequest", "modern:HTTPConnection:state-errors")
def test_putrequest_twice(impl: Implementation, aspect: str) -> None:
    """cpython:HTTPConnection:CannotSendRequest: a second putrequest() before the
    first request is finished raises CannotSendRequest."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        conn = impl.attr("HTTPConnection")("127.0.0.1", port, timeout=_timeout())
        with _closing(conn):
            conn.putrequest("GET", "/first")
            _state_error(impl, aspect, "CannotSendRequest",
                         lambda: conn.putrequest("GET", "/second"),
                         "putrequest() while a request is being written")


@_state_aspects("cpython:HTTPConnection:CannotSendRequest", "modern:HTTPConnection:state-errors")
def test_request_while_response_pending(impl: Implementation, aspect: str) -> None:
    """cpython:HTTPConnection:CannotSendRequest: a new request() before
    getresponse() of the previous one raises CannotSendRequest."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        conn = impl.attr("HTTPConnection")("127.0.0.1", port, timeout=_timeout())
        with _closing(conn):
            conn.request("GET", "/first")
            _accept(listener).close()
            drive.bounded(lambda: _state_error(
                impl, aspect, "CannotSendRequest", lambda: conn.request("GET", "/second"),
                "request() before getresponse() of the previous request"), listener)


# -- parse_headers --------------------------------------------------------------


@pytest.mark.clauses("modern:functions:parse_headers")
def test_parse_headers(impl: Implementation) -> None:
    """Modern: parse_headers(fp) reads the header section into an HTTPMessage and
    leaves fp at the body."""
    parse = impl.attr("parse_headers")
    fp = io.BufferedReader(io.BytesIO(
        b"Content-Type: text/plain\r\nX-Twice: 1\r\nX-Twice: 2\r\n\r\nbody"))
    message = parse(fp)
    assert isinstance(message, impl.attr("HTTPMessage")), (
        f"parse_headers returned {type(message).__name__}, expected HTTPMessage")
    assert message["content-type"] == "text/plain", (
        f"Content-Type read as {message['content-type']!r}")
    assert message.get_all("X-Twice") == ["1", "2"], (
        f"X-Twice read as {message.get_all('X-Twice')!r}, expected ['1', '2']")
    rest = fp.read()
    assert rest == b"body", f"after parse_headers the file holds {rest!r}, expected b'body'"


# -- debug output ---------------------------------------------------------------


def _request_output(impl: Implementation, level: Optional[int]) -> str:
    """What a GET to a silent loopback listener prints to stdout, with
    ``set_debuglevel(level)`` called first unless ``level`` is None."""
    with _listener() as listener:
        port = listener.getsockname()[1]
        conn = impl.attr("HTTPConnection")("127.0.0.1", port, timeout=_timeout())
        with _closing(conn):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                if level is not None:
                    conn.set_debuglevel(level)
                conn.request("GET", "/debug")
            _accept(listener).close()
    return out.getvalue()


@pytest.mark.clauses("seed:20.10.1:set_debuglevel-default", "modern:HTTPConnection:set_debuglevel")
def test_no_debug_output_by_default(impl: Implementation) -> None:
    """The default debug level is 0: sending a request prints nothing."""
    printed = _request_output(impl, None)
    assert printed == "", f"printed {printed[:60]!r} at the default debug level"


@pytest.mark.clauses("seed:20.10.1:set_debuglevel-output", "modern:HTTPConnection:set_debuglevel")
def test_debug_output_to_stdout(impl: Implementation) -> None:
    """A debug level above 0 prints debug output to stdout."""
    printed = _request_output(impl, 1)
    assert printed.strip(), "set_debuglevel(1) printed nothing to stdout while sending a request"


# -- the seed's strict parameter -------------------------------------------------


def _strict_client() -> Any:
    """A client that connects with strict=True and makes one GET exchange."""

    def client(impl: Implementation, srv: Any, timeout: float) -> Any:
        conn = _construct(impl, "HTTPConnection", srv.host, srv.port, strict=True,
                          timeout=timeout)
        try:
            return drivers.exchange(conn, "GET", "/strict")
        finally:
            conn.close()

    return client


@pytest.mark.clauses("seed:20.10:HTTPConnection-strict",
                     related=("seed:20.10:BadStatusLine-raised",))
@pytest.mark.parametrize("status_line", [
    pytest.param(b"hello world\r\n", id="http09-body"),
    pytest.param(b"ICY 200 OK\r\n", id="icy"),
    pytest.param(b"HTTP/1.1 2xx OK\r\n", id="non-numeric-status"),
])
def test_strict_rejects_bad_status_line(impl: Implementation, status_line: bytes) -> None:
    """Seed 20.10: with strict=True a status line that is not a valid HTTP/1.0 or
    1.1 one raises BadStatusLine."""
    bad = impl.exception("BadStatusLine")
    script = local.sending(f"api-strict-{status_line[:4].decode('latin-1').strip()}",
                           status_line + b"Content-Length: 2\r\n\r\nhi")
    try:
        played = drive.run_script(impl, script, client=_strict_client())
    except bad:
        return
    response, body = played.result
    raise AssertionError(f"strict=True accepted {status_line!r} as status "
                         f"{response.status} with body {body!r}; expected BadStatusLine")


@pytest.mark.clauses("seed:20.10:HTTPConnection-strict")
def test_strict_accepts_valid_status_line(impl: Implementation) -> None:
    """Seed 20.10: strict=True still reads a valid HTTP/1.0 response."""
    script = local.sending("api-strict-valid", b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi")
    played = drive.run_script(impl, script, client=_strict_client())
    response, body = played.result
    found = (response.status, response.reason, response.version, body)
    assert found == (200, "OK", 10, b"hi"), f"strict=True read {found!r}"


# -- retrying ----------------------------------------------------------------------


@pytest.mark.clauses("rfc9112:9.3.1:no-retry-non-idempotent")
def test_post_not_retried_after_close(impl: Implementation) -> None:
    """The server answers a GET on a keep-alive connection, then closes it
    without answering the POST that follows: the client reports an error and
    does not send the POST again on a new connection."""
    answer = local.response(200, "OK", b"first")
    script = Script("api-no-retry-post",
                    ((ExpectRequest(timeout=3.0), Send(answer), ExpectRequest(timeout=3.0),
                      Close()),
                     (ExpectRequest(timeout=3.0), Send(answer), Close())))

    # The documented errors for a connection the server closed: the module's
    # HTTPException family (BadStatusLine, RemoteDisconnected) and OSError
    # (ConnectionError when the POST itself cannot be sent). Anything else,
    # an AttributeError from a bug say, escapes and is graded crash.
    documented = (impl.exception("HTTPException"), OSError)

    def action(conn: Any, srv: Any) -> Any:
        conn.request("GET", "/first")
        conn.getresponse().read()
        try:
            conn.request("POST", "/pay", b"amount=1")
            response = conn.getresponse()
            return response.status, response.read()
        except documented as exc:  # the expected outcome: an error, not a retry
            return exc

    played = drive.run_script(impl, script, client=drivers.with_connection(action))
    posts = [r for r in played.requests if r.method == "POST"]
    assert len(posts) == 1, f"the POST reached the server {len(posts)} times (retried)"
    assert isinstance(played.result, documented), (
        f"the unanswered POST gave {played.result!r} instead of an error")


# -- tunnels ---------------------------------------------------------------------


def _through_a_tunnel_after(impl: Implementation, name: str, established: bytes) -> Any:
    """set_tunnel, then GET /inside: the proxy answers CONNECT with
    ``established``, then the origin answers through the tunnel; the
    (status, reason, body) the client read."""
    script = Script(name, ((ExpectRequest(timeout=3.0), Send(established),
                            ExpectRequest(timeout=3.0),
                            Send(local.response(200, "OK", b"inside")), Close()),))

    def action(conn: Any, srv: Any) -> Any:
        set_tunnel = getattr(conn, "set_tunnel", None)
        if set_tunnel is None:
            raise Missing("HTTPConnection.set_tunnel")
        set_tunnel("example.org", 8080)
        response, body = drivers.exchange(conn, "GET", "/inside")
        return response.status, response.reason, body

    played = drive.run_script(impl, script, client=drivers.with_connection(action))
    assert len(played.requests) == 2, (
        f"the proxy received {len(played.requests)} request(s): "
        f"{[(r.method, r.target) for r in played.requests]}")
    assert played.result == (200, "OK", b"inside"), (
        f"through the tunnel the client read {played.result!r}, expected 200 OK b'inside'")


@pytest.mark.clauses("rfc9112:6.3:connect-2xx-tunnel")
@pytest.mark.editions("modern")
def test_connect_response_framing_ignored(impl: Implementation) -> None:
    """A 2xx answer to CONNECT turns the connection into a tunnel right after its
    header section: its Content-Length is ignored, so the response that comes
    through the tunnel is read whole."""
    _through_a_tunnel_after(impl, "api-connect-content-length",
                            b"HTTP/1.1 200 Connection established\r\nContent-Length: 5\r\n\r\n")


@pytest.mark.clauses("rfc9112:6.3:connect-2xx-tunnel")
@pytest.mark.editions("modern")
def test_connect_2xx_from_an_http10_proxy(impl: Implementation) -> None:
    """An HTTP/1.0 proxy answers CONNECT with a 2xx and no keep-alive: the
    connection is the tunnel from then on, not a connection to close (the
    persistence rules of RFC 9112 9.3 are for messages, not for a tunnel)."""
    _through_a_tunnel_after(impl, "api-connect-http10-proxy",
                            b"HTTP/1.0 200 Connection established\r\n\r\n")
