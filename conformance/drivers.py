"""The client actions: what the implementation is asked to do in a case.

``observe`` is the one path through a request: ``request()``, then
``getresponse()``, then ``read()``, noting the response or the exception and
the call that raised it (``Observed``). A driver (``Case.driver``) builds
a client ``(impl, srv, timeout) -> List[Observed]`` with one observation per
request of the case, so ``conformance.expect`` grades every driver the same
way; ``DRIVERS`` maps driver names to builders and ``HOSTS`` names drivers
that need the server elsewhere than 127.0.0.1.
"""

import array
import hashlib
import inspect
import io
import os
import shutil
import socket
import ssl
import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from conformance.grading import KitError, Missing, Signal
from conformance.impl import Implementation
from servers.case import Case, Request, Response

Client = Callable[[Implementation, Any, float], Any]
Builder = Callable[[Case, str], Client]
BodyOf = Callable[[Request], Any]

# Phases of one request, in order: the call that raised is where it failed.
REQUEST, GETRESPONSE, READ = "request", "getresponse", "read"


@dataclass
class Observed:
    """What the client made of one request: a response, or an exception raised
    ``at`` one of ``request``, ``getresponse``, ``read``."""

    request: Request
    status: Optional[int] = None
    reason: Optional[str] = None
    version: Optional[int] = None
    body: Optional[bytes] = None
    headers: Dict[str, Optional[str]] = field(default_factory=dict)
    error: Optional[BaseException] = None
    at: Optional[str] = None

    def describe(self) -> str:
        """One line for a failure message."""
        if self.error is not None:
            return f"{type(self.error).__name__}({_short(str(self.error))!r}) at {self.at}"
        body = self.body if self.body is not None else b""
        return (f"response {self.status} {self.reason!r} version {self.version} "
                f"body {body[:40]!r}{'...' if len(body) > 40 else ''} ({len(body)} bytes)")

    def normalised(self) -> str:
        """A stable form of the outcome for baselines: the exception type and the
        call that raised it, or status, reason, version, headers and a digest of
        the body (no message text, port or timing)."""
        if self.error is not None:
            return f"{type(self.error).__name__} at {self.at}"
        body = self.body if self.body is not None else b""
        digest = hashlib.sha256(body).hexdigest()[:16]
        fields = "".join(f" {name}={_stable(value)}"
                         for name, value in sorted(self.headers.items()))
        return (f"response {self.status} {self.reason!r} version {self.version}{fields} "
                f"body {len(body)} bytes sha256:{digest}")


def _stable(value: Optional[str], limit: int = 80) -> str:
    """A header value for an outcome: its repr, or past ``limit`` characters its
    length and digest (an outcome stays one short line)."""
    if value is None or len(value) <= limit:
        return repr(value)
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"<{len(value)} characters sha256:{digest}>"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def header_names(case: Case) -> List[str]:
    """Names whose ``getheader`` any expectation of ``case`` compares."""
    names: List[str] = []
    for expectation in case.expect.values():
        every = [expectation.outcomes, expectation.lenient or (), *expectation.also]
        for outcome in (o for outcomes in every for o in outcomes):
            if isinstance(outcome, Response):
                names.extend(n for n, _ in outcome.headers if n not in names)
    return names


def observe(conn: Any, request: Request, names: List[str], body: Any = None,
            amt: Optional[int] = None) -> Observed:
    """Make ``request`` on ``conn`` and note the response (``getheader`` of ``names``)
    or the exception and the phase it came from. ``body`` replaces the request's
    body (a str, a file, an iterable...); ``amt`` reads with ``read(amt)``."""
    seen = Observed(request)
    try:
        payload = request.body if body is None else body
        conn.request(request.method, request.url, payload, dict(request.headers))
    except Exception as exc:  # graded by the caller against the expectation
        seen.error, seen.at = exc, REQUEST
        return seen
    return read_response(conn, seen, names, amt)


def read_response(conn: Any, seen: Observed, names: List[str],
                  amt: Optional[int] = None) -> Observed:
    """``getresponse()`` and ``read()`` (or ``read(amt)``) into ``seen``."""
    phase = GETRESPONSE
    try:
        response = conn.getresponse()
        seen.status, seen.reason, seen.version = response.status, response.reason, response.version
        phase = READ
        seen.headers = {name: response.getheader(name) for name in names}
        seen.body = response.read() if amt is None else response.read(amt)
    except Exception as exc:  # graded by the caller against the expectation
        seen.error, seen.at = exc, phase
    return seen


def with_connection(action: Callable[[Any, Any], Any], **options: Any) -> Client:
    """A client that opens one HTTPConnection to the server (``options`` are extra
    constructor arguments), runs ``action(conn, srv)`` and closes it."""

    def client(impl: Implementation, srv: Any, timeout: float) -> Any:
        conn = impl.attr("HTTPConnection")(srv.host, srv.port, timeout=timeout, **options)
        try:
            return action(conn, srv)
        finally:
            conn.close()

    return client


def exchange(conn: Any, method: str = "GET", url: str = "/", body: Any = None,
             headers: Optional[Dict[str, str]] = None, **options: Any) -> Any:
    """``request`` then ``getresponse`` then ``read``; returns ``(response, body)``."""
    conn.request(method, url, body, dict(headers or {}), **options)
    response = conn.getresponse()
    return response, response.read()


def param(case: Case, name: str, default: Optional[str] = None) -> str:
    """The driver parameter ``name`` of ``case``."""
    for key, value in case.params:
        if key == name:
            return value
    if default is not None:
        return default
    raise KitError(f"case {case.name!r} lacks the driver parameter {name!r}")


def _requests(case: Case, body_of: Optional[BodyOf] = None, amt: Optional[int] = None,
              cls: str = "HTTPConnection",
              options: Optional[Callable[[Implementation, Any], Dict[str, Any]]] = None,
              setup: Optional[Callable[[Any, Any], None]] = None,
              host: Optional[str] = None,
              send: Optional[Callable[[Any, Request], None]] = None) -> Client:
    """Every request on ONE connection of class ``cls``, like the generic driver,
    with hooks for the body passed, the read size, constructor options, a
    ``setup(conn, srv)`` step before the first request, the host name given
    (the server's address by default) and ``send(conn, request)`` in place of
    ``request()`` (its response is then read as usual)."""
    names = header_names(case)

    def client(impl: Implementation, srv: Any, timeout: float) -> List[Observed]:
        extra = options(impl, srv) if options is not None else {}
        conn = impl.attr(cls)(host or srv.host, srv.port, timeout=timeout, **extra)
        try:
            if setup is not None:
                try:
                    setup(conn, srv)
                except Signal:
                    raise
                except Exception as exc:  # refused while configuring: a request-phase error
                    return [Observed(r, error=exc, at=REQUEST) for r in case.requests]
            if send is not None:
                return [_sent_then_read(conn, r, names, send) for r in case.requests]
            return [observe(conn, r, names, body_of(r) if body_of else None, amt)
                    for r in case.requests]
        finally:
            conn.close()

    return client


def _sent_then_read(conn: Any, request: Request, names: List[str],
                    send: Callable[[Any, Request], None]) -> Observed:
    """``send(conn, request)``, then the response; an exception while sending is
    the request's outcome (graded by the caller against the expectation)."""
    seen = Observed(request)
    try:
        send(conn, request)
    except Exception as exc:
        seen.error, seen.at = exc, REQUEST
        return seen
    return read_response(conn, seen, names)


def generic(case: Case, edition: str) -> Client:
    """``generic``: the contract's driver, every request of ``case`` on ONE
    HTTPConnection."""
    return _requests(case)


SEED_NO_VERIFY = "seed:20.10:HTTPSConnection-no-verification"


def takes_context(https_connection: Any) -> bool:
    """Whether an HTTPSConnection class accepts ``context=``."""
    try:
        return "context" in inspect.signature(https_connection).parameters
    except (TypeError, ValueError):  # not introspectable: assume the modern API
        return True


def tls(case: Case, edition: str, host: Optional[str] = None) -> Client:
    """``tls``: HTTPSConnection. Modern verifies with a context trusting the test CA.
    Seed passes no context where the case grades the seed's "no verification";
    elsewhere (TLS framing, keep-alive) it trusts the test CA when the
    implementation takes a ``context``, so a verifying client is graded on what
    the case is about, not on the handshake."""
    about_verification = SEED_NO_VERIFY in case.clauses

    def options(impl: Implementation, srv: Any) -> Dict[str, Any]:
        https = impl.attr("HTTPSConnection")
        trust = edition == "modern" or (not about_verification and takes_context(https))
        if trust and srv.ca_path:
            return {"context": trusting_context(srv.ca_path)}
        return {}

    return _requests(case, cls="HTTPSConnection", options=options, host=host)


# The 3.8/3.9 security releases built with OpenSSL 3, and PyPy 3.9, set this in
# every new SSLContext; it turns a TLS close without close_notify into a clean
# end of stream, so a case about that close would test the interpreter's default,
# not the client (rfc9112:9.8:tls-incomplete-close).
_IGNORE_UNEXPECTED_EOF = getattr(ssl, "OP_IGNORE_UNEXPECTED_EOF", 0)


def trusting_context(ca_path: str) -> ssl.SSLContext:
    """A default client context trusting the test CA that sees a TLS close
    without close_notify as what it is, on every interpreter."""
    context = ssl.create_default_context(cafile=ca_path)
    context.options &= ~_IGNORE_UNEXPECTED_EOF
    return context


def tls_localhost(case: Case, edition: str) -> Client:
    """``tls-localhost``: as ``tls``, but HTTPSConnection is given the name
    ``localhost`` (the server listens on 127.0.0.1), so the handshake can name it
    (SNI is never sent for an IP address)."""
    return tls(case, edition, host="localhost")


def str_body(case: Case, edition: str) -> Client:
    """``str-body``: the body is passed as a str (ISO-8859-1 text)."""
    return _requests(case, body_of=lambda r: (r.body or b"").decode("latin-1"))


def file_body(case: Case, edition: str) -> Client:
    """``file-body``: the body is passed as an open binary file (a real one, with
    ``fileno()`` for stat, as the seed requires)."""
    inner = _requests(case, body_of=lambda r: _files.pop(0))
    _files: List[Any] = []

    def client(impl: Implementation, srv: Any, timeout: float) -> List[Observed]:
        folder = tempfile.mkdtemp(prefix="conformance-file-")
        try:
            for index, request in enumerate(case.requests):
                path = os.path.join(folder, f"body{index}")
                with open(path, "wb") as out:
                    out.write(request.body or b"")
                _files.append(open(path, "rb"))  # noqa: SIM115 - closed below
            opened = list(_files)
            try:
                return inner(impl, srv, timeout)
            finally:
                for handle in opened:
                    handle.close()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return client


def chunked_request(case: Case, edition: str) -> Client:
    """``chunked-request``: the body is passed as an iterable of bytes (length unknown)."""
    return _requests(case, body_of=lambda r: iter([r.body or b""]))


def encode_chunked(case: Case, edition: str) -> Client:
    """``encode-chunked``: ``request(..., encode_chunked=...)`` with the bytes body and
    the caller's Transfer-Encoding header of the case (param ``encode_chunked``:
    ``"1"`` the library chunks the body, ``"0"`` it is already chunked)."""
    flag = param(case, "encode_chunked") == "1"

    def send(conn: Any, request: Request) -> None:
        conn.request(request.method, request.url, request.body, dict(request.headers),
                     encode_chunked=flag)

    return _requests(case, send=send)


def endheaders_body(case: Case, edition: str) -> Client:
    """``endheaders-body``: putrequest, the case's headers, then
    ``endheaders(message_body, encode_chunked=True)``; the body is passed as the
    ``kind`` param says: ``buffer`` (a bytearray), ``iterable`` (an iterator of
    ``piece``-byte slices) or ``file`` (a binary file object, read with the
    connection's ``blocksize``, given as ``piece``)."""
    kind = param(case, "kind")
    piece = int(param(case, "piece", "0"))

    def message_body(data: bytes) -> Any:
        if kind == "buffer":
            return bytearray(data)
        if kind == "iterable":
            return iter([data[i:i + piece] for i in range(0, len(data), piece)])
        return io.BytesIO(data)

    def send(conn: Any, request: Request) -> None:
        conn.putrequest(request.method, request.url)
        for name, value in request.headers:
            conn.putheader(name, value)
        conn.endheaders(message_body(request.body or b""), encode_chunked=True)

    return _requests(case, send=send,
                     options=lambda impl, srv: {"blocksize": piece} if kind == "file" else {})


def buffer_body(case: Case, edition: str) -> Client:
    """``buffer-body``: the body is passed as an ``array('H')`` (two-byte items),
    so its length in octets is twice its length in items."""
    return _requests(case, body_of=lambda r: array.array("H", r.body or b""))


def unread_body(case: Case, edition: str) -> Client:
    """``unread-body``: every request but the last is answered by ``getresponse()``
    and its body left unread (the response object is kept, not closed); the last
    is read as usual."""
    names = header_names(case)

    def client(impl: Implementation, srv: Any, timeout: float) -> List[Observed]:
        conn = impl.attr("HTTPConnection")(srv.host, srv.port, timeout=timeout)
        kept: List[Any] = []
        try:
            observed = []
            for request in case.requests[:-1]:
                seen = Observed(request)
                try:
                    conn.request(request.method, request.url, request.body,
                                 dict(request.headers))
                    seen.at = GETRESPONSE
                    response = conn.getresponse()
                    kept.append(response)
                    seen.status, seen.reason = response.status, response.reason
                    seen.version, seen.at = response.version, None
                except Exception as exc:  # graded by the caller against the expectation
                    seen.error, seen.at = exc, seen.at or REQUEST
                observed.append(seen)
            observed.append(observe(conn, case.requests[-1], names))
            return observed
        finally:
            conn.close()

    return client


def chunked_pieces(case: Case, edition: str) -> Client:
    """``chunked-pieces``: the body is an iterable yielding its first two bytes, an
    empty piece, then the rest."""
    return _requests(case, body_of=lambda r: iter([(r.body or b"")[:2], b"",
                                                  (r.body or b"")[2:]]))


def ipv6_bracketed(case: Case, edition: str) -> Client:
    """``ipv6-bracketed``: HTTPConnection gets ``'[::1]:port'`` as its host string and
    no port argument (the server listens on ::1)."""
    names = header_names(case)

    def client(impl: Implementation, srv: Any, timeout: float) -> List[Observed]:
        conn = impl.attr("HTTPConnection")(f"[{srv.host}]:{srv.port}", timeout=timeout)
        try:
            return [observe(conn, r, names) for r in case.requests]
        finally:
            conn.close()

    return client


def read_amt(case: Case, edition: str) -> Client:
    """``read-amt``: the body is read with ``read(amt)``, amt from the params."""
    return _requests(case, amt=int(param(case, "amt")))


def inject_host(case: Case, edition: str) -> Client:
    """``inject-host``: HTTPConnection gets the hostile host; the check hands it a
    connection to the server as ``sock`` so an unrefused host reaches the wire."""
    hostile = param(case, "host")
    names = header_names(case)

    def client(impl: Implementation, srv: Any, timeout: float) -> List[Observed]:
        try:
            conn = impl.attr("HTTPConnection")(hostile, srv.port, timeout=timeout)
        except Exception as exc:  # refused at construction
            return [Observed(r, error=exc, at=REQUEST) for r in case.requests]
        try:
            conn.sock = socket.create_connection((srv.host, srv.port), timeout=timeout)
            return [observe(conn, r, names) for r in case.requests]
        finally:
            conn.close()

    return client


def inject_tunnel(case: Case, edition: str) -> Client:
    """``inject-tunnel``: ``set_tunnel`` with the hostile host or header value (params
    ``tunnel_host``, ``tunnel_header`` as ``Name: value``); this server is the proxy."""
    host = param(case, "tunnel_host")
    header = param(case, "tunnel_header", "")
    headers = dict([header.split(": ", 1)]) if header else None

    def setup(conn: Any, srv: Any) -> None:
        if not hasattr(conn, "set_tunnel"):  # the seed documents no tunnel
            raise Missing("HTTPConnection.set_tunnel")
        conn.set_tunnel(host, 80, headers)

    return _requests(case, setup=setup)


def pipeline(case: Case, edition: str) -> Client:
    """``pipeline``: every request is sent before any response is read."""
    names = header_names(case)

    def client(impl: Implementation, srv: Any, timeout: float) -> List[Observed]:
        conn = impl.attr("HTTPConnection")(srv.host, srv.port, timeout=timeout)
        try:
            observed: List[Observed] = []
            sent: List[Observed] = []
            for request in case.requests:
                seen = Observed(request)
                try:
                    conn.request(request.method, request.url, request.body, dict(request.headers))
                    sent.append(seen)
                except Exception as exc:  # graded by the caller against the expectation
                    seen.error, seen.at = exc, REQUEST
                observed.append(seen)
            for seen in sent:
                read_response(conn, seen, names)
            return observed
        finally:
            conn.close()

    return client


DRIVERS: Dict[str, Builder] = {
    "generic": generic,
    "tls": tls,
    "tls-localhost": tls_localhost,
    "str-body": str_body,
    "file-body": file_body,
    "chunked-request": chunked_request,
    "read-amt": read_amt,
    "encode-chunked": encode_chunked,
    "buffer-body": buffer_body,
    "endheaders-body": endheaders_body,
    "unread-body": unread_body,
    "tunnel": inject_tunnel,
    "chunked-pieces": chunked_pieces,
    "ipv6-bracketed": ipv6_bracketed,
    "ipv6": generic,
    "inject-header": generic,
    "inject-url": generic,
    "inject-method": generic,
    "inject-host": inject_host,
    "inject-tunnel": inject_tunnel,
    "pipeline": pipeline,
}
HOSTS: Dict[str, str] = {"ipv6": "::1", "ipv6-bracketed": "::1"}
