"""TLS contexts of both editions and the HTTPS connect step."""

import ssl
from typing import Optional

# Some builds set this by default; RFC 9112 §9.8 needs a TLS close without
# close_notify to be seen, so the contexts made here clear it.
_IGNORE_EOF = getattr(ssl, "OP_IGNORE_UNEXPECTED_EOF", 0)


def unverified_context(key_file: Optional[str], cert_file: Optional[str]) -> ssl.SSLContext:
    """seed:20.10:HTTPSConnection-cert-file, seed:20.10:HTTPSConnection-key-file:
    a client certificate from PEM files;
    seed:20.10:HTTPSConnection-no-verification: "no verification
    of the server's certificate"."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.options &= ~_IGNORE_EOF
    if cert_file is not None:
        context.load_cert_chain(cert_file, key_file)
    elif key_file is not None:
        raise ValueError(f"key_file {key_file!r} given without cert_file")
    return context


def default_context() -> ssl.SSLContext:
    """Modern default: ``ssl.create_default_context()`` (certificate and host
    name verified, modern:HTTPSConnection:verify-by-default), offering ALPN
    ``http/1.1`` (modern:HTTPSConnection:alpn-http11) and TLS 1.3
    post-handshake authentication (modern:HTTPSConnection:post-handshake-auth)."""
    context = ssl.create_default_context()
    context.options &= ~_IGNORE_EOF
    context.set_alpn_protocols(["http/1.1"])
    context.post_handshake_auth = True
    return context


def send_close_notify(sock: object) -> None:
    """RFC 9112 §9.8: send the TLS closure alert on ``sock`` before it is closed,
    without waiting for the server's own alert."""
    if not isinstance(sock, ssl.SSLSocket) or sock.fileno() < 0:
        return
    try:
        sock.setblocking(False)  # one SSL_shutdown: the alert goes out, no wait
        sock.unwrap()
    except (OSError, ValueError):  # SSLWantReadError (no reply yet), a dead peer
        pass
