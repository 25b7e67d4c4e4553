"""Reference client: HTTPS in both editions (seed: no server verification,
client certificates from PEM files; modern: verified by default) and
``set_tunnel`` through a fake proxy."""

import ssl

import pytest
import trustme
from reference_support import CLOSE, DRAIN, REQUEST, STARTTLS, TLS_CLOSE, Server, response

from reference import client, seed
from servers import tls as servers_tls
from servers.runtime import ScriptServer
from servers.script import ExpectClose, ExpectRequest, Script, Send, StartTLS


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture
def server_context(ca):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("localhost", "127.0.0.1", "::1").configure_cert(context)
    return context


@pytest.fixture
def client_context(ca):
    context = ssl.create_default_context()
    # As the reference's own contexts: report a TLS close without close_notify.
    context.options &= ~getattr(ssl, "OP_IGNORE_UNEXPECTED_EOF", 0)
    ca.configure_trust(context)
    return context


def test_seed_does_not_verify_the_server(server_context):
    with Server([[REQUEST, response(b"secret"), DRAIN]], tls=server_context) as srv:
        conn = seed.HTTPSConnection(srv.host, srv.port, timeout=5)
        conn.request("GET", "/")
        resp = conn.getresponse()
        assert resp.read() == b"secret"
        assert isinstance(conn.sock, ssl.SSLSocket)
        conn.close()
    assert srv.requests[0].startswith(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:")


def test_seed_client_certificate(ca, server_context, tmp_path):
    server_context.verify_mode = ssl.CERT_REQUIRED
    ca.configure_trust(server_context)
    identity = ca.issue_cert("client@example.org")
    key_file, cert_file = tmp_path / "key.pem", tmp_path / "cert.pem"
    identity.private_key_pem.write_to_path(str(key_file))
    identity.cert_chain_pems[0].write_to_path(str(cert_file))
    with Server([[REQUEST, response(b"hello, client"), DRAIN]], tls=server_context) as srv:
        conn = seed.HTTPSConnection(
            srv.host, srv.port, key_file=str(key_file), cert_file=str(cert_file), timeout=5
        )
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"hello, client"
        conn.close()
    assert srv.errors == []


def test_seed_key_file_alone_is_refused():
    with pytest.raises(ValueError, match="key.pem"):
        seed.HTTPSConnection("example.org", key_file="key.pem")


def test_modern_verifies_by_default(server_context):
    with Server([[REQUEST]], tls=server_context) as srv:
        conn = client.HTTPSConnection(srv.host, srv.port, timeout=5)
        with pytest.raises(ssl.SSLCertVerificationError):
            conn.request("GET", "/")
        assert conn.sock is None
    assert srv.errors  # the server saw the handshake fail


def test_modern_checks_the_host_name(ca, client_context):
    wrong = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("elsewhere.example").configure_cert(wrong)
    with Server([[REQUEST]], tls=wrong) as srv:
        conn = client.HTTPSConnection(srv.host, srv.port, timeout=5, context=client_context)
        with pytest.raises(ssl.CertificateError):
            conn.request("GET", "/")


def test_modern_with_trusted_context(server_context, client_context):
    with Server([[REQUEST, response(b"verified"), DRAIN]], tls=server_context) as srv:
        conn = client.HTTPSConnection(srv.host, srv.port, timeout=5, context=client_context)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"verified"
        conn.close()


def test_modern_default_context_offers_http11():
    conn = client.HTTPSConnection("example.org")
    assert conn._context.verify_mode == ssl.CERT_REQUIRED
    assert conn._context.check_hostname
    assert conn._context.post_handshake_auth


# -- set_tunnel ------------------------------------------------------------------------

ESTABLISHED = b"HTTP/1.1 200 Connection established\r\nX-Proxy: yes\r\n\r\n"


def test_tunnel_plain():
    script = [REQUEST, ESTABLISHED, REQUEST, response(b"through"), DRAIN]
    with Server([script]) as proxy:
        conn = client.HTTPConnection(proxy.host, proxy.port, timeout=5)
        assert conn.get_proxy_response_headers() is None
        conn.set_tunnel("origin.example", 8080, headers={"Proxy-Authorization": "Basic eA=="})
        conn.request("GET", "/in")
        assert conn.getresponse().read() == b"through"
        assert conn.get_proxy_response_headers()["X-Proxy"] == "yes"
        conn.close()
    connect, request = proxy.requests
    assert connect == (
        b"CONNECT origin.example:8080 HTTP/1.1\r\nHost: origin.example:8080\r\n"
        b"Proxy-Authorization: Basic eA==\r\n\r\n"
    )
    assert request.startswith(b"GET /in HTTP/1.1\r\nHost: origin.example:8080\r\n")


def test_tunnel_caller_host_replaces_the_generated_one():
    script = [REQUEST, ESTABLISHED, REQUEST, response(b"own host"), DRAIN]
    with Server([script]) as proxy:
        conn = client.HTTPConnection(proxy.host, proxy.port, timeout=5)
        conn.set_tunnel("origin.example", 8080, headers={"HOST": "other.example:1"})
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"own host"
        conn.close()
    assert proxy.requests[0] == (
        b"CONNECT origin.example:8080 HTTP/1.1\r\nHOST: other.example:1\r\n\r\n"
    )


def test_tunnel_default_port_and_ipv6():
    script = [REQUEST, ESTABLISHED, REQUEST, response(b"v6"), DRAIN]
    with Server([script]) as proxy:
        conn = client.HTTPConnection(proxy.host, proxy.port, timeout=5)
        conn.set_tunnel("[2001:db8::1]")
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"v6"
        conn.close()
    assert proxy.requests[0].startswith(b"CONNECT [2001:db8::1]:80 HTTP/1.1\r\n")
    assert b"\r\nHost: [2001:db8::1]\r\n" in proxy.requests[1]


def test_tunnel_https(server_context, client_context):
    script = [REQUEST, ESTABLISHED, STARTTLS, REQUEST, response(b"tls inside"), DRAIN]
    with Server([script], starttls=server_context) as proxy:
        conn = client.HTTPSConnection(proxy.host, proxy.port, timeout=5, context=client_context)
        conn.set_tunnel("localhost", 4443)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"tls inside"
        conn.close()
    assert proxy.requests[0].startswith(b"CONNECT localhost:4443 HTTP/1.1\r\n")
    assert b"\r\nHost: localhost:4443\r\n" in proxy.requests[1]


def test_tunnel_through_an_http10_proxy():
    """rfc9112:6.3:connect-2xx-tunnel: a 2xx to CONNECT opens the tunnel even from
    an HTTP/1.0 proxy (no keep-alive): the connection is the tunnel now."""
    established = b"HTTP/1.0 200 Connection established\r\n\r\n"
    script = [REQUEST, established, REQUEST, response(b"through"), DRAIN]
    with Server([script]) as proxy:
        conn = client.HTTPConnection(proxy.host, proxy.port, timeout=5)
        conn.set_tunnel("origin.example")
        conn.request("GET", "/in")
        assert conn.getresponse().read() == b"through"
        conn.close()
    assert len(proxy.requests) == 2


def test_tunnel_refused():
    denied = b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
    with Server([[REQUEST, denied, DRAIN]]) as proxy:
        conn = client.HTTPConnection(proxy.host, proxy.port, timeout=5)
        conn.set_tunnel("origin.example")
        with pytest.raises(OSError, match="407 Proxy Authentication Required"):
            conn.request("GET", "/")
        assert conn.sock is None
        assert conn.get_proxy_response_headers() is not None


def test_tunnel_extra_bytes_from_proxy():
    with Server([[REQUEST, ESTABLISHED + b"surprise", DRAIN]]) as proxy:
        conn = client.HTTPConnection(proxy.host, proxy.port, timeout=5)
        conn.set_tunnel("origin.example")
        with pytest.raises(OSError, match="extra bytes"):
            conn.request("GET", "/")
        assert conn.sock is None


def test_tunnel_validation():
    conn = client.HTTPConnection("proxy.example")
    with pytest.raises(client.InvalidURL, match="bad host"):
        conn.set_tunnel("bad host")
    with pytest.raises(ValueError, match="invalid tunnel host"):
        conn.set_tunnel("example.com\r\nX-Injected: 1")
    with pytest.raises(client.InvalidURL, match="nonnumeric port"):
        conn.set_tunnel("origin:x")
    with pytest.raises(ValueError, match="invalid header value"):
        conn.set_tunnel("origin", headers={"X": "a\r\nb"})
    with pytest.raises(ValueError, match="invalid header name"):
        conn.set_tunnel("origin", headers={"X Y": "a"})


def test_tunnel_after_connect_is_refused():
    with Server([[DRAIN]]) as srv:
        conn = client.HTTPConnection(srv.host, srv.port, timeout=5)
        conn.connect()
        with pytest.raises(RuntimeError, match="established"):
            conn.set_tunnel("origin.example")
        conn.close()


def test_modern_tls_keep_alive(server_context, client_context):
    script = [REQUEST, response(b"one"), REQUEST, response(b"two"), DRAIN]
    with Server([script], tls=server_context) as srv:
        conn = client.HTTPSConnection(srv.host, srv.port, timeout=5, context=client_context)
        conn.request("GET", "/1")
        assert conn.getresponse().read() == b"one"
        sock = conn.sock
        conn.request("GET", "/2")
        assert conn.getresponse().read() == b"two"
        assert conn.sock is sock
        conn.close()
    assert len(srv.requests) == 2


CLOSE_DELIMITED = b"HTTP/1.1 200 OK\r\n\r\nuntil close"


@pytest.mark.parametrize("mod", [seed, client], ids=["seed", "client"])
def test_close_delimited_body_needs_close_notify(mod, server_context, client_context):
    def open_conn(srv):
        if mod is seed:
            return seed.HTTPSConnection(srv.host, srv.port, timeout=5)
        return client.HTTPSConnection(srv.host, srv.port, timeout=5, context=client_context)

    with Server([[REQUEST, CLOSE_DELIMITED, TLS_CLOSE]], tls=server_context) as srv:
        conn = open_conn(srv)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"until close"
        conn.close()
    # RFC 9112 §9.8: without close_notify the body may have been cut short.
    with Server([[REQUEST, CLOSE_DELIMITED, CLOSE]], tls=server_context) as srv:
        conn = open_conn(srv)
        conn.request("GET", "/")
        resp = conn.getresponse()
        # SSLEOFError; Python 3.8 with OpenSSL 3 reports the plain SSLError
        # "UNEXPECTED_EOF_WHILE_READING" instead.
        with pytest.raises(ssl.SSLError, match="EOF|eof"):
            resp.read()
        assert resp.isclosed()
        conn.close()


@pytest.mark.parametrize("mod", [client, seed], ids=["modern", "seed"])
def test_close_sends_a_closure_alert_before_the_tcp_close(mod):
    """RFC 9112 §9.8: close() sends close_notify first, without waiting for the
    server's; the script server notes it (servers.channel)."""
    ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    steps = (StartTLS("valid"), ExpectRequest(), Send(ok), ExpectClose(5.0))
    with ScriptServer(Script("close-notify", (steps,))) as srv:
        options = {"context": servers_tls.client_context()} if mod is client else {}
        conn = mod.HTTPSConnection(srv.host, srv.port, timeout=5, **options)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"ok"
        conn.close()
        conn.close()  # nothing left to close: no second alert, no error
        assert srv.wait(5.0)
    assert srv.errors == []
    assert srv.transcripts[0].tls_close_notify is True
