"""HTTPS: certificate verification as each edition documents it.

Seed (20.10): HTTPSConnection "does not do any verification of the server's
certificate". Modern: with a context the chain and host name are checked by
that context; without one a default, verifying context is used.
"""

import ssl

import pytest

from conformance import drive, drivers, local
from conformance.grading import Info
from conformance.impl import Implementation
from servers.script import CERT_KINDS, Close, ExpectRequest, Script, Send, StartTLS

BAD_KINDS = [k for k in CERT_KINDS if k != "valid"]


def tls_script(kind: str, refusable: bool = False) -> Script:
    """TLS with a certificate of ``kind``, then one request answered 200;
    ``refusable``: the client may refuse even a valid certificate."""
    return Script(f"tls-{kind}", ((StartTLS(kind, refusable), ExpectRequest(timeout=3.0),
                                   Send(local.response()), Close()),))


def _https(impl: Implementation, kind: str, with_context: bool):
    """Run one GET over HTTPS; return ``(status, body)`` or the exception raised."""

    def client(impl_: Implementation, srv, timeout: float):
        options = {}
        if with_context:
            options["context"] = ssl.create_default_context(cafile=srv.ca_path)
        conn = impl_.attr("HTTPSConnection")(srv.host, srv.port, timeout=timeout, **options)
        try:
            response, body = drivers.exchange(conn)
            return response.status, body
        except (OSError, ValueError, impl_.attr("HTTPException")) as exc:
            return exc
        finally:
            conn.close()

    host = "localhost" if kind != "wrong-host" else "127.0.0.1"
    # Without a context the client does not know the test CA: refusing is right.
    script = tls_script(kind, refusable=not with_context)
    return drive.run_script(impl, script, client=client, host=host).result


@pytest.mark.clauses("modern:HTTPSConnection:context",
                     related=("modern:HTTPSConnection:subclass",))
@pytest.mark.editions("modern")
def test_https_context_valid(impl: Implementation) -> None:
    """With a context trusting the test CA, a valid certificate gives the response."""
    result = _https(impl, "valid", with_context=True)
    assert result == (200, b"hello"), f"expected 200 b'hello', got {result!r}"


@pytest.mark.clauses("modern:HTTPSConnection:context")
@pytest.mark.editions("modern")
@pytest.mark.parametrize("kind", BAD_KINDS)
def test_https_context_rejects(impl: Implementation, kind: str) -> None:
    """A verifying context refuses a bad certificate with an ssl error."""
    result = _https(impl, kind, with_context=True)
    assert isinstance(result, ssl.SSLError), \
        f"expected ssl.SSLError for a {kind} certificate, got {result!r}"


@pytest.mark.clauses("modern:HTTPSConnection:verify-by-default")
@pytest.mark.editions("modern")
def test_https_verifies_by_default(impl: Implementation) -> None:
    """Without a context the system trust store is used: the test CA is unknown to it,
    so even the 'valid' certificate is refused."""
    result = _https(impl, "valid", with_context=False)
    assert isinstance(result, ssl.SSLError), \
        f"expected certificate verification to fail without a context, got {result!r}"


@pytest.mark.clauses("seed:20.10:HTTPSConnection-no-verification")
@pytest.mark.editions("seed")
@pytest.mark.parametrize("kind", list(CERT_KINDS))
def test_https_seed_does_not_verify(impl: Implementation, kind: str) -> None:
    """seed:20.10:HTTPSConnection-no-verification (INFO, a documented limitation;
    the TLS rule in reference/CONTRADICTIONS.md): whatever the client does with a
    certificate of this kind is recorded, never graded."""
    result = _https(impl, kind, with_context=False)
    if result == (200, b"hello"):
        raise Info(f"the seed HTTPSConnection accepted a {kind} certificate (no verification)")
    raise Info(f"the seed HTTPSConnection refused a {kind} certificate: {result!r}")
