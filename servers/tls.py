"""Certificates for the TLS scripts, made at run time and cached per process.

One test CA (``test_ca()``) signs the certificates a trusting client accepts;
the other kinds are wrong in exactly one way. No key is ever committed: all
of them live in a temporary directory removed at interpreter exit.
"""

import atexit
import datetime
import ipaddress
import shutil
import ssl
import tempfile
import threading
from typing import Dict, Optional, Tuple

import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from servers.script import CERT_KINDS

IDENTITIES = ("localhost", "127.0.0.1", "::1")

_lock = threading.Lock()
_dir: Optional[str] = None
_ca: Optional[trustme.CA] = None
_files: Dict[str, Tuple[str, str]] = {}
_contexts: Dict[str, ssl.SSLContext] = {}


def _workdir() -> str:
    global _dir
    if _dir is None:
        _dir = tempfile.mkdtemp(prefix="servers-tls-")
        atexit.register(shutil.rmtree, _dir, True)
    return _dir


def _test_ca_locked() -> trustme.CA:
    global _ca
    if _ca is None:
        _ca = trustme.CA(organization_name="http.client conformance kit test CA")
        _ca.cert_pem.write_to_path(_workdir() + "/ca.pem")
    return _ca


def test_ca() -> trustme.CA:
    """The process-wide test CA that signs the ``valid`` certificate."""
    with _lock:
        return _test_ca_locked()


def ca_path() -> str:
    """Path of a PEM file holding the test CA certificate."""
    with _lock:
        _test_ca_locked()
        return _workdir() + "/ca.pem"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _leaf(
    issuer: Optional[trustme.CA], not_before: datetime.datetime, not_after: datetime.datetime
) -> Tuple[bytes, bytes]:
    """A leaf for IDENTITIES valid from ``not_before`` to ``not_after``,
    signed by ``issuer`` (a trustme CA) or, when None, by itself."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    if issuer is None:
        issuer_name, issuer_key = subject, key
    else:
        ca_cert = x509.load_pem_x509_certificate(issuer.cert_pem.bytes())
        issuer_name = ca_cert.subject
        issuer_key = serialization.load_pem_private_key(issuer.private_key_pem.bytes(), None)
    sans = [
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("::1")),
    ]
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        # Key identifiers: strict verification (Python 3.13's default) needs them.
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(issuer_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def _make(kind: str) -> Tuple[bytes, bytes]:
    """(certificate chain PEM as sent by the server, private key PEM)."""
    now = _now()
    day = datetime.timedelta(days=1)
    if kind == "self-signed":
        return _leaf(None, now - day, now + 30 * day)
    if kind == "expired":
        return _leaf(_test_ca_locked(), now - 30 * day, now - day)
    if kind == "not-yet-valid":
        return _leaf(_test_ca_locked(), now + day, now + 30 * day)
    if kind == "untrusted-ca":
        leaf = trustme.CA(organization_name="untrusted CA").issue_cert(*IDENTITIES)
    elif kind == "incomplete-chain":
        child = _test_ca_locked().create_child_ca()
        leaf = child.issue_cert(*IDENTITIES)
        # Only the leaf: the intermediate that signed it is left out.
        return leaf.cert_chain_pems[0].bytes(), leaf.private_key_pem.bytes()
    elif kind == "wrong-host":
        leaf = _test_ca_locked().issue_cert("wrong.example", "wrong-host.invalid")
    else:
        leaf = _test_ca_locked().issue_cert(*IDENTITIES)
    chain = b"".join(pem.bytes() for pem in leaf.cert_chain_pems)
    return chain, leaf.private_key_pem.bytes()


def cert_files(kind: str) -> Tuple[str, str]:
    """(certificate chain path, key path) for ``kind``, one of CERT_KINDS."""
    if kind not in CERT_KINDS:
        raise ValueError(f"unknown certificate kind {kind!r}; expected one of {CERT_KINDS}")
    with _lock:
        if kind not in _files:
            chain, key = _make(kind)
            base = f"{_workdir()}/{kind}"
            with open(base + ".pem", "wb") as f:
                f.write(chain)
            with open(base + ".key", "wb") as f:
                f.write(key)
            _files[kind] = (base + ".pem", base + ".key")
        return _files[kind]


_SNI_ATTRIBUTE = "_servers_tls_server_name"


def _note_server_name(sock: object, name: Optional[str], context: ssl.SSLContext) -> None:
    """``sni_callback``: keep the name the client sent (None: no SNI) on its socket."""
    setattr(sock, _SNI_ATTRIBUTE, name)


def server_name(sock: object) -> Optional[str]:
    """The server name (SNI) the client named in the handshake on ``sock``, or None."""
    return getattr(sock, _SNI_ATTRIBUTE, None)


def server_context(kind: str) -> ssl.SSLContext:
    """A server-side TLS context presenting a certificate of ``kind``, noting the
    client's SNI (``server_name``) and seeing a TLS close without close_notify."""
    certfile, keyfile = cert_files(kind)
    with _lock:
        if kind not in _contexts:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile, keyfile)
            context.options &= ~getattr(ssl, "OP_IGNORE_UNEXPECTED_EOF", 0)
            context.sni_callback = _note_server_name
            _contexts[kind] = context
        return _contexts[kind]


def client_context() -> ssl.SSLContext:
    """A client context that trusts the test CA (for tests and checks)."""
    context = ssl.create_default_context(cafile=ca_path())
    return context
