"""Request side: the request line, Host and Accept-Encoding fields the client
sends (RFC 9112 sections 3 and 3.2; seed 20.10.1 putrequest)."""

import socket

import pytest

from conformance import drive, drivers, local
from conformance.grading import Info
from conformance.impl import Implementation


def _sent(impl: Implementation, name: str, action, host: str = "127.0.0.1", **options):
    script = local.answering(name)
    played = drive.run_script(impl, script, client=drivers.with_connection(action, **options),
                                host=host)
    assert played.requests, f"the server received no complete request: {played.errors}"
    return played.requests[0]


def _field(request, name: str):
    values = [v for n, v in request.headers if n.lower() == name.lower().encode("ascii")]
    return values


@pytest.mark.clauses("seed:20.10.1:putrequest-request-line", "modern:HTTPConnection:putrequest",
                     related=("rfc9112:3:request-line-syntax", "rfc9112:3.2.1:origin-form"))
def test_request_line(impl: Implementation) -> None:
    """``request('GET', '/a/b?c=d')`` sends ``GET /a/b?c=d HTTP/1.1``."""
    request = _sent(impl, "capture-request-line",
                    lambda c, s: drivers.exchange(c, "GET", "/a/b?c=d"))
    first = request.raw.split(b"\r\n", 1)[0]
    assert first == b"GET /a/b?c=d HTTP/1.1", f"request line was {first!r}"


@pytest.mark.clauses("rfc9112:3.1:method-case-sensitive")
def test_method_case_kept(impl: Implementation) -> None:
    """Methods are case-sensitive: ``request('patch', ...)`` sends ``patch``."""
    request = _sent(impl, "capture-method-case", lambda c, s: drivers.exchange(c, "patch", "/"))
    assert request.method == "patch", f"method sent as {request.method!r}"


@pytest.mark.clauses("seed:20.10.1:putrequest-auto-host", "rfc9112:3.2:host-required",
                     related=("rfc9112:3.2:host-once", "rfc9112:3.2:host-matches-authority"))
def test_host_with_port(impl: Implementation) -> None:
    """Exactly one Host field, ``host:port`` for a non-default port."""
    ports = []

    def action(conn, srv):
        ports.append(srv.port)
        return drivers.exchange(conn)

    request = _sent(impl, "capture-host", action)
    hosts = _field(request, "Host")
    assert hosts == [b"127.0.0.1:%d" % ports[0]], f"expected one Host 127.0.0.1:{ports[0]}, " \
        f"got {hosts!r}"


@pytest.mark.clauses("rfc9112:3.2:host-ipv6-brackets",
                     related=("modern:HTTPConnection:ipv6-host",))
def test_host_ipv6_brackets(impl: Implementation) -> None:
    """An IPv6 literal host is bracketed in Host: ``[::1]:port``."""
    if not socket.has_ipv6:
        raise Info("this machine has no IPv6; the bracket rule was not observed")
    ports = []

    def action(conn, srv):
        ports.append(srv.port)
        return drivers.exchange(conn)

    request = _sent(impl, "capture-host-ipv6", action, host="::1")
    hosts = _field(request, "Host")
    assert hosts == [b"[::1]:%d" % ports[0]], f"Host was {hosts!r}"


@pytest.mark.clauses("rfc9112:3.2:host-default-port-omitted",
                     related=("seed:20.10:HTTPConnection-default-port",))
def test_host_default_port_omitted(impl: Implementation) -> None:
    """For port 80 the Host field may omit the port (observed through a connection
    the check opens itself and hands over as ``conn.sock``)."""

    def client(impl_: Implementation, srv, timeout: float):
        conn = impl_.attr("HTTPConnection")("127.0.0.1", timeout=timeout)
        conn.sock = socket.create_connection((srv.host, srv.port), timeout=timeout)
        try:
            return drivers.exchange(conn)
        except OSError as exc:
            return exc
        finally:
            conn.close()

    played = drive.run_script(
        impl, local.answering("capture-host-default-port"),
        client=client)
    if isinstance(played.result, OSError) or not played.requests:
        raise Info(f"the implementation does not use a preset sock: {played.result!r}")
    hosts = _field(played.requests[0], "Host")
    if hosts == [b"127.0.0.1:80"]:
        raise Info("Host carries the default port ':80' (allowed, not required)")
    assert hosts == [b"127.0.0.1"], f"Host was {hosts!r}"


@pytest.mark.clauses("seed:20.10.1:putrequest-auto-accept-encoding",
                     "modern:HTTPConnection:putrequest")
def test_accept_encoding_identity(impl: Implementation) -> None:
    """``request()`` adds ``Accept-Encoding: identity``."""
    request = _sent(impl, "capture-accept-encoding", lambda c, s: drivers.exchange(c))
    values = _field(request, "Accept-Encoding")
    assert values == [b"identity"], f"Accept-Encoding was {values!r}"


@pytest.mark.clauses("seed:20.10.1:putrequest-skip-host", "modern:HTTPConnection:putrequest",
                     related=("seed:20.10.1:putrequest-skip-accept-encoding",))
def test_putrequest_skips(impl: Implementation) -> None:
    """``skip_host`` and ``skip_accept_encoding`` leave those fields to the caller."""

    def action(conn, srv):
        conn.putrequest("GET", "/", skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", "example.org")
        conn.endheaders()
        response = conn.getresponse()
        return response.read()

    request = _sent(impl, "capture-putrequest-skip", action)
    assert _field(request, "Host") == [b"example.org"], f"Host was {_field(request, 'Host')!r}"
    assert _field(request, "Accept-Encoding") == [], "Accept-Encoding was sent anyway"


@pytest.mark.clauses("seed:20.10.1:putheader-line", "modern:HTTPConnection:endheaders",
                     related=("seed:20.10.1:endheaders", "modern:HTTPConnection:putheader"))
def test_putheader_line(impl: Implementation) -> None:
    """``putheader(name, value)`` sends ``name: value``; endheaders ends the section."""

    def action(conn, srv):
        conn.putrequest("GET", "/")
        conn.putheader("X-Token", "abc 123")
        conn.endheaders()
        return conn.getresponse().read()

    request = _sent(impl, "capture-putheader", action)
    assert b"\r\nX-Token: abc 123\r\n" in request.raw, f"sent {request.raw!r}"
    assert request.raw.endswith(b"\r\n\r\n"), f"header section not ended: {request.raw!r}"
