"""HTTPS: one case per certificate kind, plain HTTP on a TLS port, and
TLS closure (RFC 9110 4.3.4; RFC 9112 9.8; seed 20.10 HTTPSConnection).

Driver ``tls``: the check opens ``HTTPSConnection(srv.host, srv.port)`` (127.0.0.1;
``tls-localhost`` gives the name ``localhost``);
for the modern edition with a context that trusts ``srv.ca_path`` and
verifies host names (the modern default), for the seed edition as the seed
documents it (no certificate verification). ``ssl.SSLError`` is an
``OSError``, hence ``Raises("OSError")``.
"""

from servers.catalogue._kit import Maker, Raises, Request, Response, Sent, ex, ok
from servers.script import Close, ExpectClose, ExpectRequest, Receive, Send, StartTLS

make = Maker("tls")

VERIFY = "rfc9112:9110-4.3.4:tls-verify-identity"
VALIDITY = "rfc9112:9110-4.3.4:tls-certificate-validity"
SEED_NO_VERIFY = "seed:20.10:HTTPSConnection-no-verification"
MODERN_VERIFY = "modern:HTTPSConnection:verify-by-default"
REFUSED = Raises("OSError", "request")
PERSIST = "rfc9112:9.3:persistent-by-default"


def _script(kind: str, response: bytes = ok()):
    return (StartTLS(kind), ExpectRequest(), Send(response), Close())


def _refused(name: str, kind: str, what: str, clause: str) -> None:
    """A certificate of ``kind`` (``CERT_KINDS``) that a verifying client refuses."""
    make.add(
        name,
        f"{what}: a verifying client refuses the handshake",
        (SEED_NO_VERIFY, clause),
        _script(kind),
        driver="tls",
        seed=ex(
            Response(200, body=b"hello"),
            also=[REFUSED],
            note="the seed documents that HTTPSConnection does not verify certificates, a "
            "limitation; RFC 9110 4.3.4 (binding both editions) requires verification, so "
            "refusing the handshake conforms too",
        ),
        modern=ex(REFUSED, note="ssl.SSLCertVerificationError during the handshake"),
        related=(MODERN_VERIFY,),
    )


make.add(
    "tls-valid",
    "a certificate for localhost/127.0.0.1/::1 signed by the test CA",
    ("seed:20.10:HTTPSConnection-subclass", VERIFY),
    _script("valid"),
    driver="tls",
    both=ex(Response(200, body=b"hello")),
)
_refused("tls-self-signed", "self-signed", "a self-signed certificate", VALIDITY)
_refused("tls-expired", "expired", "a certificate that expired yesterday", VALIDITY)
_refused("tls-not-yet-valid", "not-yet-valid", "a certificate valid from tomorrow", VALIDITY)
_refused("tls-wrong-host", "wrong-host", "a certificate for wrong.example, not localhost", VERIFY)
_refused("tls-untrusted-ca", "untrusted-ca", "a certificate from a CA the client does not trust",
         VALIDITY)
_refused("tls-incomplete-chain", "incomplete-chain",
         "a leaf from an intermediate CA the server does not send", VERIFY)
make.add(
    "tls-plain-http-on-tls-port",
    "the server answers the TLS ClientHello with a plain HTTP/1.1 400",
    ("seed:20.10:HTTPSConnection-subclass", VERIFY),
    (Receive(3.0), Send(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"), Close()),
    driver="tls",
    both=ex(REFUSED, note="ssl.SSLError (wrong version number): never a plain response; "
            "HTTPSConnection uses SSL (seed), so no certificate, no verified identity (RFC)"),
    related=("seed:20.10:https-needs-ssl",),
)
make.add(
    "tls-keepalive-two-requests",
    "two requests on one TLS connection",
    (PERSIST,),
    ((StartTLS("valid"), ExpectRequest(), Send(ok(b"one")), ExpectRequest(), Send(ok(b"two")),
      Close()),),
    requests=(Request(url="/one"), Request(url="/two")),
    driver="tls",
    both=ex((Response(200, body=b"one"), Response(200, body=b"two"))),
    related=(VERIFY,),
)
make.add(
    "tls-length-without-close-notify",
    "a Content-Length response, then TCP close without a TLS closure alert",
    ("rfc9112:9.8:tls-incomplete-close",),
    _script("valid"),
    driver="tls",
    both=ex(Response(200, body=b"hello"), note="the length says the response is complete"),
)
make.add(
    "tls-close-delimited-without-close-notify",
    "a close-delimited response ended by TCP close without a TLS closure alert",
    ("rfc9112:9.8:tls-incomplete-close",),
    _script("valid", b"HTTP/1.1 200 OK\r\n\r\nhello"),
    driver="tls",
    both=ex(
        Raises("OSError", "read"),
        note="RFC 9112 9.8: without close_notify a close-delimited body may be truncated "
        "(SHOULD be treated as incomplete); accepting the ragged EOF is non-strict",
    ),
)

make.add(
    "tls-sni",
    "driver 'tls-localhost': HTTPSConnection('localhost', port): the handshake names "
    "localhost (SNI)",
    ("modern:HTTPSConnection:sni",),
    _script("valid"),
    driver="tls-localhost",
    # the modern docs (3.2) document SNI; the seed says nothing of it
    modern=ex(Response(200, body=b"hello"), sent=Sent(tls_server_name="localhost"),
              note="the server records the server_name of the ClientHello"),
)
make.add(
    "tls-close-notify",
    "a keep-alive response over TLS, then the client closes the connection: a closure "
    "alert (close_notify) must come before the TCP close",
    ("rfc9112:9.8:tls-close-notify",),
    (StartTLS("valid"), ExpectRequest(), Send(ok()), ExpectClose(3.0)),
    driver="tls",
    both=ex(Response(200, body=b"hello"), sent=Sent(tls_close_notify=True),
            note="RFC 9112 9.8: clients MUST send a closure alert before closing the "
            "connection (close() after the exchange); a bare TCP close fails"),
    related=("rfc9112:9.8:tls-incomplete-close", "modern:HTTPConnection:close"),
)

CASES = make.cases
