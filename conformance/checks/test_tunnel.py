"""set_tunnel: the CONNECT request to the proxy, then the request through the
tunnel (modern set_tunnel; RFC 9112 section 3.2.3 authority form), HTTPS
through a tunnel, and the proxy's response headers."""

import ssl
from typing import Any, Dict, List, Optional

import pytest

from conformance import drive, drivers, local
from conformance.grading import Missing
from conformance.impl import Implementation
from servers.script import Close, ExpectRequest, Script, Send, StartTLS

ESTABLISHED = b"HTTP/1.1 200 Connection established\r\nX-Proxy: yes\r\n\r\n"
TUNNEL = Script("tunnel-connect",
                ((ExpectRequest(timeout=3.0), Send(ESTABLISHED), ExpectRequest(timeout=3.0),
                  Send(local.response(200, "OK", b"inside")), Close()),))


def _fields(request) -> Dict[bytes, bytes]:
    return {name.lower(): value for name, value in request.headers}


def _values(request, name: bytes) -> List[bytes]:
    return [value for key, value in request.headers if key.lower() == name]


def _tunnel_to(impl: Implementation, name: str, *args: Any) -> Any:
    """``set_tunnel(*args)`` then GET /inside through it; the proxy's requests."""

    def action(conn, srv):
        set_tunnel = getattr(conn, "set_tunnel", None)
        if set_tunnel is None:
            raise Missing("HTTPConnection.set_tunnel")
        set_tunnel(*args)
        return drivers.exchange(conn, "GET", "/inside")[1]

    script = Script(name, TUNNEL.connections)
    played = drive.run_script(impl, script, client=drivers.with_connection(action))
    assert len(played.requests) == 2, (
        f"the proxy received {len(played.requests)} request(s): "
        f"{[(r.method, r.target) for r in played.requests]}")
    assert played.result == b"inside", f"the body read through the tunnel was {played.result!r}"
    return played.requests


def _through_tunnel(impl: Implementation):
    def action(conn, srv):
        conn.set_tunnel("example.org", 8080, {"Proxy-Authorization": "Basic eDp5"})
        response, body = drivers.exchange(conn, "GET", "/inside")
        getter = getattr(conn, "get_proxy_response_headers", None)
        proxy = getter() if getter is not None else None
        return response.status, body, getter is not None, proxy

    played = drive.run_script(impl, TUNNEL, client=drivers.with_connection(action))
    assert len(played.requests) == 2, f"proxy received {len(played.requests)} request(s)"
    return played


@pytest.mark.clauses("modern:HTTPConnection:set_tunnel",
                     related=("rfc9112:3.2.3:authority-form-connect",))
@pytest.mark.editions("modern")
def test_set_tunnel(impl: Implementation) -> None:
    """CONNECT host:port with the tunnel headers, then the request inside the tunnel."""
    played = _through_tunnel(impl)
    connect, inner = played.requests
    assert (connect.method, connect.target) == ("CONNECT", "example.org:8080"), \
        f"first request was {connect.method} {connect.target}"
    assert _fields(connect).get(b"proxy-authorization") == b"Basic eDp5", \
        "the tunnel header was not sent with CONNECT"
    assert (inner.method, inner.target) == ("GET", "/inside")
    assert _fields(inner).get(b"host") == b"example.org:8080", \
        f"Host inside the tunnel was {_fields(inner).get(b'host')!r}"
    assert played.result[:2] == (200, b"inside"), f"response was {played.result[:2]!r}"


@pytest.mark.clauses("modern:HTTPConnection:set_tunnel-http11")
@pytest.mark.editions("modern")
def test_set_tunnel_http11_host(impl: Implementation) -> None:
    """The CONNECT request uses HTTP/1.1 and carries Host (since 3.12)."""
    connect = _through_tunnel(impl).requests[0]
    assert connect.version == "HTTP/1.1", f"CONNECT used {connect.version}"
    assert _fields(connect).get(b"host") == b"example.org:8080", \
        f"CONNECT Host was {_fields(connect).get(b'host')!r}"


@pytest.mark.clauses("modern:HTTPConnection:get_proxy_response_headers")
@pytest.mark.editions("modern")
def test_get_proxy_response_headers(impl: Implementation) -> None:
    """get_proxy_response_headers() returns the CONNECT response's headers."""
    status, body, present, proxy = _through_tunnel(impl).result
    if not present:
        raise Missing("HTTPConnection.get_proxy_response_headers")
    assert proxy is not None and proxy.get("X-Proxy") == "yes", \
        f"proxy response headers were {proxy!r}"


@pytest.mark.clauses("modern:HTTPConnection:get_proxy_response_headers")
@pytest.mark.editions("modern")
def test_get_proxy_response_headers_without_tunnel(impl: Implementation) -> None:
    """modern:HTTPConnection:get_proxy_response_headers: None when no tunnel is in
    use, before and after a plain request."""

    def action(conn, srv):
        getter = getattr(conn, "get_proxy_response_headers", None)
        if getter is None:
            raise Missing("HTTPConnection.get_proxy_response_headers")
        before = getter()
        drivers.exchange(conn, "GET", "/plain")
        return before, getter()

    played = drive.run_script(impl, local.answering("tunnel-none"),
                              client=drivers.with_connection(action))
    assert played.result == (None, None), (
        f"without a tunnel get_proxy_response_headers() gave {played.result[0]!r} before and "
        f"{played.result[1]!r} after a request; expected None")


@pytest.mark.clauses("rfc9112:3.2.3:authority-form-connect",
                     related=("modern:HTTPConnection:set_tunnel",))
@pytest.mark.editions("modern")  # set_tunnel is modern
@pytest.mark.parametrize("host, port, target", [
    pytest.param("example.org", 8080, "example.org:8080", id="name"),
    pytest.param("[2001:db8::1]", 8443, "[2001:db8::1]:8443", id="ipv6-brackets"),
    pytest.param("2001:db8::1", 8443, "[2001:db8::1]:8443", id="ipv6-bare"),
])
def test_connect_authority_form(impl: Implementation, host: str, port: int,
                                target: str) -> None:
    """rfc9112:3.2.3:authority-form-connect: the CONNECT request-target is the
    tunnel destination's host and port only, an IPv6 address in brackets."""
    connect = _tunnel_to(impl, f"tunnel-authority-{port}", host, port)[0]
    assert (connect.method, connect.target) == ("CONNECT", target), (
        f"set_tunnel({host!r}, {port}) sent {connect.method} {connect.target}, expected "
        f"CONNECT {target}")


@pytest.mark.clauses("cpython:HTTPConnection:set_tunnel-port-default",
                     related=("modern:HTTPConnection:set_tunnel",))
@pytest.mark.editions("modern")  # set_tunnel is modern
@pytest.mark.parametrize("args, target, host", [
    pytest.param(("example.org",), "example.org:80", b"example.org", id="default-80"),
    pytest.param(("example.org:8081",), "example.org:8081", b"example.org:8081",
                 id="from-host-string"),
])
def test_set_tunnel_port_default(impl: Implementation, args: Any, target: str,
                                 host: bytes) -> None:
    """cpython:HTTPConnection:set_tunnel-port-default: without a port, set_tunnel
    takes it from 'host:port', else the class's default (80 for HTTPConnection)."""
    connect, inner = _tunnel_to(impl, f"tunnel-port-{target.rsplit(':', 1)[1]}", *args)
    assert connect.target == target, (
        f"set_tunnel{args!r} sent CONNECT {connect.target}, expected CONNECT {target}")
    assert _values(inner, b"host") == [host], (
        f"the request through the tunnel carried Host {_values(inner, b'host')!r}, "
        f"expected [{host!r}]")


@pytest.mark.clauses("modern:HTTPConnection:set_tunnel-host-header")
@pytest.mark.editions("modern")
@pytest.mark.parametrize("headers, expected", [
    pytest.param(None, [b"example.org:8080"], id="generated"),
    pytest.param({"Host": "proxy-view.example:1"}, [b"proxy-view.example:1"], id="caller-Host"),
    pytest.param({"host": "proxy-view.example:1"}, [b"proxy-view.example:1"], id="caller-host"),
])
def test_set_tunnel_host_header(impl: Implementation, headers: Optional[Dict[str, str]],
                                expected: List[bytes]) -> None:
    """modern:HTTPConnection:set_tunnel-host-header: CONNECT carries one Host: the
    caller's when the tunnel headers hold one (any letter case), else one made
    from the destination."""
    connect = _tunnel_to(impl, "tunnel-host-header", "example.org", 8080, headers)[0]
    found = _values(connect, b"host")
    assert found == expected, (
        f"set_tunnel('example.org', 8080, {headers!r}) sent CONNECT with Host {found!r}, "
        f"expected {expected!r}")


@pytest.mark.clauses("modern:HTTPConnection:set_tunnel-https")
@pytest.mark.editions("modern")
def test_https_through_a_tunnel(impl: Implementation) -> None:
    """modern:HTTPConnection:set_tunnel-https: HTTPSConnection(proxy) with
    set_tunnel('localhost', 4443) sends CONNECT to the proxy in clear, then
    speaks TLS through the tunnel (the certificate is for localhost) and sends
    the request there."""
    script = Script("tunnel-https", ((
        ExpectRequest(timeout=3.0), Send(ESTABLISHED), StartTLS("valid"),
        ExpectRequest(timeout=3.0), Send(local.response(200, "OK", b"secure inside")),
        Close()),))

    def client(impl_: Implementation, srv, timeout: float):
        make = impl_.attr("HTTPSConnection")
        options = ({"context": ssl.create_default_context(cafile=srv.ca_path)}
                   if drivers.takes_context(make) else {})
        conn = make(srv.host, srv.port, timeout=timeout, **options)
        try:
            set_tunnel = getattr(conn, "set_tunnel", None)
            if set_tunnel is None:
                raise Missing("HTTPSConnection.set_tunnel")
            set_tunnel("localhost", 4443)
            return drivers.exchange(conn, "GET", "/secure")[1]
        finally:
            conn.close()

    played = drive.run_script(impl, script, client=client)
    connect, inner = played.requests
    assert (connect.method, connect.target) == ("CONNECT", "localhost:4443"), (
        f"the proxy first received {connect.method} {connect.target}")
    assert (inner.method, inner.target) == ("GET", "/secure"), (
        f"through the TLS tunnel the server received {inner.method} {inner.target}")
    assert played.result == b"secure inside", f"the body read was {played.result!r}"
