"""API checks of HTTPSConnection parameters that the script server cannot
observe: the seed's key_file/cert_file (a client certificate the server
requests), HTTPS where ssl exists, and what the modern handshake offers: ALPN
and post-handshake authentication when no context is given, SNI.

Each check runs its own one-shot TLS server on the loopback interface, with
certificates from a throw-away trustme CA; every wait is bounded.
"""

import contextlib
import os
import socket
import ssl
import tempfile
import threading
from typing import Any, Dict, Iterator, Tuple

import pytest
import trustme

from conformance import context, drive
from conformance.deadline import JOIN_GRACE
from conformance.drivers import takes_context
from conformance.grading import Info, Missing
from conformance.impl import Implementation

SERVER_WAIT = 5.0
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"


class TLSServer:
    """One TLS connection on 127.0.0.1: handshake, read a request head, answer
    200, close. ``seen`` records the client certificate, the ALPN protocol
    chosen, the server name the client sent (SNI), with ``post_handshake`` whether
    the client accepts post-handshake authentication (TLS 1.3), and any error."""

    def __init__(self, ca: trustme.CA, require_client_cert: bool,
                 post_handshake: bool = False) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ca.issue_cert("localhost", "127.0.0.1").configure_cert(self.context)
        self.context.set_alpn_protocols(["http/1.1"])
        self.context.sni_callback = self._server_name
        self.post_handshake = post_handshake
        if post_handshake:
            # A certificate may be asked for after the handshake; none is required.
            self.context.minimum_version = ssl.TLSVersion.TLSv1_3
            self.context.verify_mode = ssl.CERT_OPTIONAL
            ca.configure_trust(self.context)
        if require_client_cert:
            self.context.verify_mode = ssl.CERT_REQUIRED
            ca.configure_trust(self.context)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.settimeout(SERVER_WAIT)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.seen: Dict[str, Any] = {}
        self.thread = threading.Thread(target=self._serve, name="conformance-api-tls",
                                       daemon=True)

    def _server_name(self, sock: Any, name: Any, context: Any) -> None:
        self.seen["sni"] = name

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError as exc:
            self.seen["error"] = f"no connection: {exc}"
            return
        self.seen["accepted"] = True
        conn.settimeout(SERVER_WAIT)
        tls = self.context.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
        try:
            try:
                tls.do_handshake()
            finally:
                self.seen["alpn"] = tls.selected_alpn_protocol()
            self.seen["peer"] = tls.getpeercert()
            if self.post_handshake:
                try:
                    tls.verify_client_post_handshake()
                    self.seen["post_handshake"] = "accepted"
                except ssl.SSLError as exc:
                    self.seen["post_handshake"] = f"refused: {exc}"
            head = b""
            while b"\r\n\r\n" not in head:
                data = tls.recv(4096)
                if not data:
                    break
                head += data
            self.seen["request"] = head
            tls.sendall(ANSWER)
        except OSError as exc:
            self.seen["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            tls.close()

    def __enter__(self) -> "TLSServer":
        self.thread.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self.thread.is_alive() and "accepted" not in self.seen:
            # The client never connected: wake the accept() with a connection
            # that closes at once (its handshake then fails immediately).
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1.0).close()
        self.thread.join(SERVER_WAIT + JOIN_GRACE)
        self.listener.close()


@contextlib.contextmanager
def _pem_files(ca: trustme.CA) -> Iterator[Tuple[str, str, str]]:
    """``(key_file, cert_file, ca_file)`` of a client certificate for
    'client.example', in a temporary directory removed afterwards."""
    leaf = ca.issue_cert("client.example")
    with tempfile.TemporaryDirectory(prefix="conformance-api-tls-") as folder:
        key_file = os.path.join(folder, "client.key")
        cert_file = os.path.join(folder, "client.pem")
        ca_file = os.path.join(folder, "ca.pem")
        leaf.private_key_pem.write_to_path(key_file)
        with open(cert_file, "wb") as out:
            for blob in leaf.cert_chain_pems:
                out.write(blob.bytes())
        ca.cert_pem.write_to_path(ca_file)
        yield key_file, cert_file, ca_file


def _get(conn: Any) -> Tuple[int, bytes]:
    try:
        conn.request("GET", "/tls")
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("part", [
    pytest.param("key-file", marks=pytest.mark.clauses(
        "seed:20.10:HTTPSConnection-key-file", related=("seed:20.10:HTTPSConnection-cert-file",))),
    pytest.param("cert-file", marks=pytest.mark.clauses(
        "seed:20.10:HTTPSConnection-cert-file", related=("seed:20.10:HTTPSConnection-key-file",))),
])
def test_client_certificate_from_pem_files(impl: Implementation, part: str) -> None:
    """Seed 20.10: key_file and cert_file authenticate the client to a server
    that requires a certificate. The private key is only in key_file: the
    handshake succeeds only if it was used (key-file); the server sees the
    certificate chain of cert_file (cert-file). The seed client verifies
    nothing; a client that takes a ``context`` gets one trusting the test CA,
    so that what is graded here is the client certificate, not server
    verification (which ``HTTPSConnection-no-verification`` records)."""
    ca = trustme.CA()
    make = impl.attr("HTTPSConnection")
    with _pem_files(ca) as (key_file, cert_file, ca_file), TLSServer(ca, True) as server:
        trust = {}
        if takes_context(make):
            trust["context"] = ssl.create_default_context(cafile=ca_file)

        def client() -> Any:
            try:
                conn = make("127.0.0.1", server.port, key_file=key_file, cert_file=cert_file,
                            timeout=context.settings.client_timeout, **trust)
            except TypeError as exc:
                raise Missing("HTTPSConnection's key_file/cert_file") from exc
            try:
                return _get(conn)
            except ssl.SSLError as exc:
                return exc

        result = drive.bounded(client, server.listener)
    if part == "key-file":
        assert not isinstance(result, Exception), (
            f"the handshake with the key of key_file failed: {type(result).__name__}: {result} "
            f"(server saw: {server.seen.get('error', 'no error')})")
        assert result == (200, b"ok"), f"the response was {result!r}"
        return
    names = (server.seen.get("peer") or {}).get("subjectAltName", ())
    assert ("DNS", "client.example") in names, (
        f"the server saw no client certificate for client.example (got {names!r})")


@pytest.mark.clauses("modern:HTTPSConnection:alpn-http11")
def test_alpn_offered_without_context(impl: Implementation) -> None:
    """Modern: without a context the TLS handshake offers ALPN 'http/1.1'.
    The default context trusts the test CA through SSL_CERT_FILE."""
    ca = trustme.CA()
    make = impl.attr("HTTPSConnection")
    with _pem_files(ca) as (_key, _cert, ca_file), TLSServer(ca, False) as server:

        drive.bounded(lambda: _request_with_default_context(make, server, ca_file),
                      server.listener)
    alpn = server.seen.get("alpn")
    assert alpn == "http/1.1", (
        f"the server negotiated ALPN {alpn!r}; the client did not offer 'http/1.1' "
        f"(server error: {server.seen.get('error', 'none')})")


def _request_with_default_context(make: Any, server: TLSServer, ca_file: str) -> Any:
    """GET over ``make('localhost', port)`` with no context given; the default
    context trusts the test CA through SSL_CERT_FILE. The outcome (response or
    OSError) is returned: what the server saw is what is graded."""
    previous = os.environ.get("SSL_CERT_FILE")
    os.environ["SSL_CERT_FILE"] = ca_file
    try:
        conn = make("localhost", server.port, timeout=context.settings.client_timeout)
        return _get(conn)
    except OSError as exc:
        return exc
    finally:
        if previous is None:
            del os.environ["SSL_CERT_FILE"]
        else:
            os.environ["SSL_CERT_FILE"] = previous


@pytest.mark.clauses("modern:HTTPSConnection:sni")
@pytest.mark.editions("modern")
def test_sni_names_the_host(impl: Implementation) -> None:
    """modern:HTTPSConnection:sni: the handshake names the host the connection
    was made for ('localhost') in the server_name extension."""
    if not ssl.HAS_SNI:
        raise Info("this interpreter's ssl module has no SNI; nothing to observe")
    ca = trustme.CA()
    make = impl.attr("HTTPSConnection")
    with _pem_files(ca) as (_key, _cert, ca_file), TLSServer(ca, False) as server:
        trust = {"context": ssl.create_default_context(cafile=ca_file)} \
            if takes_context(make) else {}

        def client() -> Any:
            try:
                conn = make("localhost", server.port, timeout=context.settings.client_timeout,
                            **trust)
                return _get(conn)
            except OSError as exc:  # the name sent is what is graded, not the outcome
                return exc

        result = drive.bounded(client, server.listener)
    sni = server.seen.get("sni")
    assert sni == "localhost", (
        f"the server saw SNI {sni!r}, expected 'localhost' (client outcome {result!r}, "
        f"server error: {server.seen.get('error', 'none')})")


@pytest.mark.clauses("modern:HTTPSConnection:post-handshake-auth")
@pytest.mark.editions("modern")
def test_post_handshake_auth_with_the_default_context(impl: Implementation) -> None:
    """modern:HTTPSConnection:post-handshake-auth: without a context, the client
    offers TLS 1.3 post-handshake authentication: a TLS 1.3 server can ask for a
    certificate after the handshake (OpenSSL refuses the server that request,
    'extension not received', when the client did not offer it)."""
    if not ssl.HAS_TLSv1_3:
        raise Info("this interpreter's ssl module has no TLS 1.3; nothing to observe")
    ca = trustme.CA()
    make = impl.attr("HTTPSConnection")
    with _pem_files(ca) as (_key, _cert, ca_file), \
            TLSServer(ca, False, post_handshake=True) as server:
        result = drive.bounded(lambda: _request_with_default_context(make, server, ca_file),
                               server.listener)
    offered = server.seen.get("post_handshake")
    assert offered == "accepted", (
        f"post-handshake authentication: {offered or 'not reached'} (client outcome "
        f"{result!r}, server error: {server.seen.get('error', 'none')})")


@pytest.mark.clauses("seed:20.10:https-needs-ssl")
def test_https_with_ssl(impl: Implementation) -> None:
    """seed:20.10:https-needs-ssl (INFO): HTTPS support is there when the socket
    module has SSL support. Records whether HTTPSConnection exists and makes a
    request to a local TLS server (trusting the test CA when it takes a context)."""
    try:
        import ssl as _ssl  # noqa: F401
    except ImportError:  # pragma: no cover - every supported CPython has ssl here
        raise Info("this interpreter has no ssl module; HTTPS support not expected") from None
    make = getattr(impl.module, "HTTPSConnection", None)
    if make is None:
        raise Info("the ssl module is available but HTTPSConnection is absent")
    ca = trustme.CA()
    with _pem_files(ca) as (_key, _cert, ca_file), TLSServer(ca, False) as server:
        trust = {"context": ssl.create_default_context(cafile=ca_file)} \
            if takes_context(make) else {}

        def client() -> Any:
            try:
                conn = make("localhost", server.port, timeout=context.settings.client_timeout,
                            **trust)
                return _get(conn)
            except OSError as exc:
                return exc

        result = drive.bounded(client, server.listener)
    raise Info(f"ssl is available; HTTPSConnection exists and a GET over TLS gave {result!r}")
