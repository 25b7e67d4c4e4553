"""The connection: request writing, the state machine and reconnection.

The states and their transitions are the table ``TRANSITIONS``; every method
that changes the state goes through ``_advance``. A response read to its end
on a persistent connection leaves the socket for the next request; a
response that closes the connection takes ``sock`` to None at once, and one
abandoned half-read makes the next request open a new connection.

On a socket it did not create itself (one the caller or a subclass's
``connect()`` put in ``sock``), the reference calls only ``sendall``,
``makefile("rb")`` (through the response) and ``close``
(``cpython:HTTPConnection:sock-protocol``).
"""

import re
import select
import socket
import sys
from itertools import chain
from typing import Any, Dict, Iterator, List, Mapping, Optional, Set, Tuple, Type

from ._errors import (
    CannotSendHeader,
    CannotSendRequest,
    ImproperConnectionState,
    ResponseNotReady,
)
from ._headers import HTTPMessage
from ._request import (
    absolute_authority,
    authority,
    body_blocks,
    chunked,
    field_name,
    field_value,
    request_line,
    split_host_port,
)
from ._response import ResponseCore
from ._status import HTTP_PORT, HTTPS_PORT
from ._tls import send_close_notify

IDLE, STARTED, SENT = "Idle", "Request-started", "Request-sent"
UNREAD = "Unread-response"  # a kept-alive response is not read to its end yet

# (state, event) -> next state. A pair missing here is a misuse of the API,
# answered with the event's error from ``MISUSE``.
TRANSITIONS: Dict[Tuple[str, str], str] = {
    (IDLE, "putrequest"): STARTED,
    (STARTED, "putheader"): STARTED,
    (STARTED, "endheaders"): SENT,
    (STARTED, "abandon"): IDLE,  # a request refused before any byte was sent
    (SENT, "getresponse"): IDLE,
    (IDLE, "keep-response"): UNREAD,  # the response is read later, on this socket
    (UNREAD, "response-done"): IDLE,
    **{(state, "close"): IDLE for state in (IDLE, STARTED, SENT, UNREAD)},
}
MISUSE: Dict[str, Type[ImproperConnectionState]] = {
    "putrequest": CannotSendRequest,  # seed:20.10.1:getresponse-read-whole-response
    "putheader": CannotSendHeader,
    "endheaders": CannotSendHeader,
    "getresponse": ResponseNotReady,
}
_CTL = re.compile(r"[\x00-\x1f\x7f]")
SMALL_BODY = 65536  # bodies below this leave in the same send() as the head


def _has_close(value: bytes) -> bool:
    """Whether a Connection value lists the ``close`` option."""
    return b"close" in (t.strip().lower() for t in value.split(b","))


def field_names(headers: Mapping[Any, Any]) -> Set[str]:
    """Lower-cased names of caller-given fields."""
    return {(k.decode("latin-1") if isinstance(k, bytes) else str(k)).lower() for k in headers}


class ConnectionCore:
    """What every edition's ``HTTPConnection`` shares."""

    default_port = HTTP_PORT
    response_class: Any = ResponseCore
    debuglevel = 0

    def __init__(
        self,
        host: str,
        port: Optional[int] = None,
        timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]
        source_address: Optional[Tuple[str, int]] = None,
        blocksize: int = 8192,
    ) -> None:
        self.host, self.port = split_host_port(host, port, self.default_port)
        self.timeout = timeout
        self.source_address = source_address
        self.blocksize = blocksize
        self.sock: Any = None
        self._created: Any = None  # the socket connect() made, the only one probed
        self._state = IDLE
        self._response: Optional[ResponseCore] = None  # the kept-alive one, while UNREAD
        self._method: Optional[str] = None
        self._url: Optional[str] = None
        self._lines: List[bytes] = []
        self._close_after = False
        self._tunnel: Optional[Tuple[str, int, List[bytes]]] = None
        self._proxy_headers: Optional[HTTPMessage] = None

    def _next_state(self, event: str) -> str:
        """The state ``event`` leads to from here; a misuse raises ``MISUSE[event]``."""
        if self._state == UNREAD and self._response is not None and self._response.isclosed():
            self._response_done()
        following = TRANSITIONS.get((self._state, event))
        if following is None:
            raise MISUSE[event](self._state)
        return following

    def _advance(self, event: str) -> None:
        """Take the transition for ``event`` (see ``_next_state``)."""
        self._state = self._next_state(event)

    def _response_done(self) -> None:
        """The kept-alive response is closed: the socket carries the next
        request only if that response was read whole
        (rfc9112:9.3:read-whole-body-before-reuse)."""
        response, self._response = self._response, None
        self._state = TRANSITIONS[(UNREAD, "response-done")]
        if response is not None and not response.complete:
            self._drop_socket()

    def set_debuglevel(self, level: int) -> None:
        """Debug output to stdout when > 0, passed to new responses
        (seed:20.10.1:set_debuglevel-passed-to-response, modern:HTTPConnection:set_debuglevel)."""
        self.debuglevel = level

    # -- the socket -------------------------------------------------------

    def connect(self) -> None:
        """Connect to the host and port given at creation (seed:20.10.1:connect,
        modern:HTTPConnection:connect)."""
        # modern:HTTPConnection:audit-connect: the event, with self, host, port.
        sys.audit("http.client.connect", self, self.host, self.port)
        self.sock = self._created = socket.create_connection(
            (self.host, self.port), self.timeout, self.source_address
        )
        try:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self._tunnel is not None:
                self._open_tunnel(*self._tunnel)
        except BaseException:
            self.close()
            raise

    def _drop_socket(self) -> None:
        """Forget the socket and close it, with nothing more sent on it."""
        sock, self.sock = self.sock, None
        self._created = None
        if sock is not None:
            sock.close()

    def close(self) -> None:
        """Close the connection to the server (seed:20.10.1:close,
        modern:HTTPConnection:close, cpython:HTTPConnection:sock-none-after-close)."""
        self._state = TRANSITIONS[(self._state, "close")]
        self._lines = []
        response, self._response = self._response, None
        if response is not None:
            response.close()
        self._drop_socket()

    def _drop_stale_socket(self) -> None:
        """Before a new request on an idle socket the reference created, one
        the server closed or wrote to is replaced (rfc9112:9.3:reconnect-after-close,
        rfc9112:9.3.1:recover-async-close). Only ``connect()``'s own socket is
        probed; on any other, a stale connection shows at ``getresponse()``
        as ``RemoteDisconnected`` (modern) or ``BadStatusLine`` (seed), as in CPython."""
        sock = self.sock
        if sock is not None and sock is self._created:
            if sock.fileno() < 0 or select.select([sock], [], [], 0)[0]:
                self._drop_socket()

    def _transmit(self, blocks: Iterator[bytes], audited: bool = False) -> None:
        """Send ``blocks``, connecting first if needed; a failure closes.
        Each block raises the ``http.client.send`` audit event unless the
        caller's ``send()`` raised it already for its data (``audited``)."""
        try:
            if self.sock is None:
                self.connect()
            for block in blocks:
                if not audited:
                    sys.audit("http.client.send", self, block)
                if self.debuglevel > 0:
                    print("send:", repr(block))
                self.sock.sendall(block)
        except BaseException:
            # A request cut short (socket error, bad body item) poisons the stream.
            self.close()
            raise

    def send(self, data: Any) -> None:
        """Send ``data`` (bytes, str, a file or an iterable of bytes) as is
        (seed:20.10.1:send, modern:HTTPConnection:send)."""
        # modern:HTTPConnection:audit-send: the event, with self and data as given.
        sys.audit("http.client.send", self, data)
        self._transmit(body_blocks(data, self.blocksize), audited=True)

    # -- writing a request ------------------------------------------------

    def putrequest(
        self, method: str, url: str, skip_host: bool = False, skip_accept_encoding: bool = False
    ) -> None:
        """Start a request: request line, then Host and Accept-Encoding unless
        skipped (seed:20.10.1:putrequest-request-line, seed:20.10.1:putrequest-skip-host,
        seed:20.10.1:putrequest-skip-accept-encoding, modern:HTTPConnection:putrequest)."""
        self._advance("putrequest")
        try:
            lines = [request_line(method, url)]
        except BaseException:
            self._advance("abandon")
            raise
        if not skip_host:
            lines.append(b"Host: " + self._host_field(url))
        if not skip_accept_encoding:
            lines.append(b"Accept-Encoding: identity")
        self._lines = lines
        self._method, self._url = method, url
        self._close_after = False

    def _host_field(self, url: str) -> bytes:
        """The target's authority; the tunnel's when tunnelling
        (rfc9112:3.2:host-matches-authority, rfc9112:3.2:host-empty-without-authority)."""
        target = absolute_authority(url)
        if target is not None:
            return target
        if self._tunnel is not None:
            return authority(self._tunnel[0], self._tunnel[1], self.default_port)
        return authority(self.host, self.port, self.default_port)

    def putheader(self, header: Any, *values: Any) -> None:
        """One field line; several values become continuation lines, each a
        TAB and a value (seed:20.10.1:putheader-continuation, modern:HTTPConnection:putheader)."""
        self._advance("putheader")
        name = field_name(header)
        values_ = [field_value(v) for v in values]
        if name.lower() == b"connection" and any(_has_close(v) for v in values_):
            self._close_after = True  # rfc9112:9.6:close-sent-no-more-requests
        self._lines.append(name + b": " + b"\r\n\t".join(values_))

    def _abandon(self) -> None:
        """Forget a request that failed validation; nothing was sent."""
        self._advance("abandon")
        self._lines = []

    def _end_headers(self, body: Any = None, encode_chunked: bool = False) -> None:
        """Send the head (blank line included) and ``body``."""
        self._next_state("endheaders")  # refuse a misuse before touching the body
        try:
            blocks = body_blocks(b"" if body is None else body, self.blocksize)
            if encode_chunked:
                blocks = chunked(blocks)
            first = next(blocks, b"")
        except Exception:
            self._abandon()
            raise
        head = b"\r\n".join(self._lines) + b"\r\n\r\n"
        self._drop_stale_socket()
        self._lines = []
        self._advance("endheaders")
        if len(first) < SMALL_BODY:
            # One send for head and a small body: no Nagle/delayed-ACK stall.
            self._transmit(chain((head + first,), blocks))
        else:
            self._transmit(chain((head, first), blocks))

    def _request(
        self,
        method: str,
        url: str,
        body: Any,
        headers: Mapping[Any, Any],
        body_fields: List[Tuple[str, str]],
        encode_chunked: bool,
    ) -> None:
        """``request``: putrequest, the caller's fields, the framing fields,
        endheaders with the body."""
        names = field_names(headers)
        self.putrequest(
            method,
            url,
            skip_host="host" in names,
            skip_accept_encoding="accept-encoding" in names,
        )
        try:
            for name, value in chain(headers.items(), body_fields):
                self.putheader(name, value)
        except Exception:
            self._abandon()
            raise
        self._end_headers(body, encode_chunked)

    # -- reading the response ---------------------------------------------

    def _make_response(self, method: Optional[str]) -> ResponseCore:
        return self.response_class(self.sock, self.debuglevel, method=method, url=self._url)

    def getresponse(self) -> ResponseCore:
        """The response to the request sent (seed:20.10.1:getresponse-returns-HTTPResponse,
        modern:HTTPConnection:getresponse, cpython:HTTPConnection:response_class)."""
        self._advance("getresponse")
        response = self._make_response(self._method)
        response._close_requested = self._close_after
        try:
            response.begin()
        except BaseException:
            response.close()  # its file, which holds the descriptor open too
            self.close()
            raise
        if response.will_close:
            # cpython:HTTPConnection:sock-none-after-closing-response: None at once; the response
            # reads on through its own file, which keeps the descriptor open.
            self._drop_socket()
        elif not response.isclosed():
            self._response = response
            self._advance("keep-response")
        return response

    # -- tunnelling (modern set_tunnel) -------------------------------------

    def _set_tunnel(
        self, host: str, port: Optional[int], headers: Optional[Mapping[Any, Any]]
    ) -> None:
        if self.sock is not None:
            raise RuntimeError("Can't set up tunnel for established connection")
        if isinstance(host, str) and _CTL.search(host):
            raise ValueError(f"invalid tunnel host: {host!r}")
        host, port = split_host_port(host, port, self.default_port)
        lines = [field_name(k) + b": " + field_value(v) for k, v in (headers or {}).items()]
        self._tunnel = (host, port, lines)

    def _open_tunnel(self, host: str, port: int, lines: List[bytes]) -> None:
        """CONNECT through the proxy (modern:HTTPConnection:set_tunnel,
        rfc9112:3.2.3:authority-form-connect); any 2xx opens the tunnel
        (rfc9112:6.3:connect-2xx-tunnel)."""
        target = authority(host, port, None)
        head = [b"CONNECT " + target + b" HTTP/1.1"]
        # modern:HTTPConnection:set_tunnel-host-header: a Host only when the
        # caller's tunnel headers hold none.
        if not any(line.split(b":", 1)[0].lower() == b"host" for line in lines):
            head.append(b"Host: " + target)
        head += lines
        self._transmit(iter((b"\r\n".join(head) + b"\r\n\r\n",)))
        response = self._make_response("CONNECT")
        try:
            response.begin()
        finally:
            response.close()  # the tunnel reads through files of its own
        self._proxy_headers = response.msg
        if not 200 <= response.status < 300:  # type: ignore[operator]
            raise OSError(f"Tunnel connection failed: {response.status} {response.reason}")
        if not response.complete:
            raise OSError("Tunnel connection failed: the proxy sent extra bytes after its response")


class TLSMixin:
    """HTTPS: TLS over the TCP connection (or over the tunnel)."""

    default_port = HTTPS_PORT
    _context: Any
    _created: Any
    _tunnel: Optional[Tuple[str, int, List[bytes]]]
    host: str
    sock: Any

    def close(self) -> None:
        """A closure alert before the connection is closed (rfc9112:9.8:tls-close-notify),
        on the TLS socket ``connect()`` made; any other gets only ``close()``."""
        if self.sock is not None and self.sock is self._created:
            send_close_notify(self.sock)
        super().close()  # type: ignore[misc]

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        name = self._tunnel[0] if self._tunnel is not None else self.host
        try:
            # rfc9112:9.8:tls-incomplete-close: a TLS close without close_notify is
            # not a clean end; modern:HTTPSConnection:sni names the host.
            self.sock = self._created = self._context.wrap_socket(
                self.sock, server_hostname=name, suppress_ragged_eofs=False
            )
        except BaseException:
            self.close()  # type: ignore[attr-defined]
            raise
