"""set_tunnel: the CONNECT request to the proxy, then the request through the
tunnel (modern set_tunnel; RFC 9112 section 3.2.3 authority form)."""

from typing import Dict

import pytest

from conformance import drive, drivers, local
from conformance.grading import Missing
from conformance.impl import Implementation
from servers.script import Close, ExpectRequest, Script, Send

ESTABLISHED = b"HTTP/1.1 200 Connection established\r\nX-Proxy: yes\r\n\r\n"
TUNNEL = Script("tunnel-connect",
                ((ExpectRequest(timeout=3.0), Send(ESTABLISHED), ExpectRequest(timeout=3.0),
                  Send(local.response(200, "OK", b"inside")), Close()),))


def _fields(request) -> Dict[bytes, bytes]:
    return {name.lower(): value for name, value in request.headers}


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
