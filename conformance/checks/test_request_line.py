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


@pytest.mark.parametrize("aspect", [
    pytest.param("putrequest", marks=pytest.mark.clauses(
        "seed:20.10.1:putrequest-request-line", "modern:HTTPConnection:putrequest",
        related=("rfc9112:3:request-line-syntax", "rfc9112:3.2.1:origin-form"))),
    pytest.param("syntax", marks=pytest.mark.clauses(
        "rfc9112:3:request-line-syntax", related=("seed:20.10.1:putrequest-request-line",))),
])
def test_request_line(impl: Implementation, aspect: str) -> None:
    """seed:20.10.1:putrequest-request-line: ``request('GET', '/a/b?c=d')`` sends
    ``GET /a/b?c=d HTTP/1.1``; rfc9112:3:request-line-syntax: method SP target SP
    version CRLF, single spaces, nothing more on the line."""
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
                     related=("cpython:HTTPConnection:ipv6-host",))
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


@pytest.mark.parametrize("skip", [
    pytest.param("skip_host", marks=pytest.mark.clauses(
        "seed:20.10.1:putrequest-skip-host", "modern:HTTPConnection:putrequest")),
    pytest.param("skip_accept_encoding", marks=pytest.mark.clauses(
        "seed:20.10.1:putrequest-skip-accept-encoding", "modern:HTTPConnection:putrequest")),
])
def test_putrequest_skips(impl: Implementation, skip: str) -> None:
    """seed:20.10.1:putrequest-skip-host / -skip-accept-encoding: the flag set
    leaves that field to the caller (not sent automatically); the other field
    is still sent."""

    def action(conn, srv):
        conn.putrequest("GET", "/", **{skip: True})
        if skip == "skip_host":
            conn.putheader("Host", "example.org")
        else:
            conn.putheader("Accept-Encoding", "gzip")
        conn.endheaders()
        response = conn.getresponse()
        return response.read()

    request = _sent(impl, f"capture-putrequest-{skip}", action)
    hosts, codings = _field(request, "Host"), _field(request, "Accept-Encoding")
    if skip == "skip_host":
        assert hosts == [b"example.org"], f"with skip_host=True Host was {hosts!r}"
        assert codings == [b"identity"], f"Accept-Encoding was {codings!r}, expected identity"
    else:
        assert codings == [b"gzip"], (
            f"with skip_accept_encoding=True Accept-Encoding was {codings!r}, expected the "
            "caller's gzip only")
        assert len(hosts) == 1, f"Host was {hosts!r}, expected the automatic one"


@pytest.mark.clauses("seed:20.10.1:putheader-line", "modern:HTTPConnection:putheader",
                     related=("seed:20.10.1:endheaders", "modern:HTTPConnection:endheaders"))
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


@pytest.mark.clauses("modern:HTTPConnection:request-url-forms")
@pytest.mark.editions("modern")
def test_request_url_forms(impl: Implementation) -> None:
    """modern:HTTPConnection:request-url-forms (INFO, what the docs tell the
    caller): url is an absolute path, unless the connection goes to a proxy or
    the method is OPTIONS or CONNECT. Records the request lines sent for the
    asterisk form and the absolute form."""
    lines = []
    for method, url in (("OPTIONS", "*"), ("GET", "http://example.org/absolute")):
        request = _sent(impl, f"capture-url-form-{method}",
                        lambda c, s, m=method, u=url: drivers.exchange(c, m, u))
        lines.append(request.raw.split(b"\r\n", 1)[0].decode("latin-1"))
    raise Info(f"request('OPTIONS', '*') sent {lines[0]!r}; request('GET', "
               f"'http://example.org/absolute') sent {lines[1]!r}")


@pytest.mark.clauses("modern:HTTPConnection:request-host-advice",
                     related=("rfc9112:3.2:host-required",))
@pytest.mark.editions("modern")
def test_request_host_advice(impl: Implementation) -> None:
    """modern:HTTPConnection:request-host-advice (INFO, the docs tell the caller to
    provide Host): records the Host fields sent with and without the caller's."""
    own = _sent(impl, "capture-host-advice-own",
                lambda c, s: drivers.exchange(c, "GET", "/", None, {"Host": "example.org"}))
    auto = _sent(impl, "capture-host-advice-auto", lambda c, s: drivers.exchange(c))
    raise Info(f"with the caller's Host the request carried {_field(own, 'Host')!r}; without "
               f"it {_field(auto, 'Host')!r}")
