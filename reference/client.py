"""``http.client`` as today's CPython (3.12/3.13) documents it.

Thin edition layer over the shared core: keyword-only TLS context verified
by default, chunked request bodies, ``set_tunnel``, the io-style response
methods, ``RemoteDisconnected`` and ``http.HTTPStatus`` constants.
"""

import socket
import ssl
from typing import Any, Mapping, Optional, Tuple

from . import _status
from ._connection import ConnectionCore, TLSMixin, field_names
from ._errors import (
    BadStatusLine,
    CannotSendHeader,
    CannotSendRequest,
    HTTPException,
    ImproperConnectionState,
    IncompleteRead,
    InvalidURL,
    LineTooLong,
    NotConnected,
    RemoteDisconnected,
    ResponseNotReady,
    UnimplementedFileMode,
    UnknownProtocol,
    UnknownTransferEncoding,
)
from ._headers import HTTPMessage, parse_headers
from ._request import modern_body_fields
from ._response import READ1_DEFAULT, ResponseCore
from ._status import HTTP_PORT, HTTPS_PORT
from ._tls import default_context

_DEFAULT_TIMEOUT: Any = socket._GLOBAL_DEFAULT_TIMEOUT  # type: ignore[attr-defined]


class HTTPResponse(ResponseCore):
    """``HTTPResponse(sock, debuglevel=0, method=None, url=None)``: an
    ``io.BufferedIOBase`` reader of the body."""

    def __init__(
        self,
        sock: socket.socket,
        debuglevel: int = 0,
        method: Optional[str] = None,
        url: Optional[str] = None,
    ) -> None:
        super().__init__(sock, debuglevel, method)
        self.url = url

    def _no_reply(self) -> Exception:
        return RemoteDisconnected("Remote end closed connection without response")

    @property
    def headers(self) -> Optional[HTTPMessage]:
        """The response fields (same object as ``msg``)."""
        return self.msg

    def getcode(self) -> Optional[int]:
        """The status code (deprecated alias of ``status``)."""
        return self.status

    def info(self) -> Optional[HTTPMessage]:
        """The response fields (deprecated alias of ``headers``)."""
        return self.msg

    def geturl(self) -> Optional[str]:
        """The URL given at creation (deprecated alias of ``url``)."""
        return self.url

    def peek(self, n: int = 0) -> bytes:
        """Body bytes available now, without consuming them (empty when the
        file the socket gave has no ``peek``)."""
        if self._done:
            return b""
        return self._guarded(self._body.peek)

    def read1(self, n: int = -1) -> bytes:
        """Up to ``n`` body bytes (``READ1_DEFAULT`` when ``n`` < 0), with at
        most one read of the socket."""
        if self._done:
            return b""
        return self._guarded(self._body.read1, READ1_DEFAULT if n < 0 else n)

    def readinto(self, b: Any) -> int:
        """Read body bytes into the writable buffer ``b``; return the count."""
        view = memoryview(b).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)


class HTTPConnection(ConnectionCore):
    """``HTTPConnection(host, port=None, [timeout,] source_address=None, blocksize=8192)``."""

    response_class = HTTPResponse

    def __init__(
        self,
        host: str,
        port: Optional[int] = None,
        timeout: Any = _DEFAULT_TIMEOUT,
        source_address: Optional[Tuple[str, int]] = None,
        blocksize: int = 8192,
    ) -> None:
        super().__init__(host, port, timeout, source_address, blocksize)

    def request(
        self,
        method: str,
        url: str,
        body: Any = None,
        headers: Mapping[Any, Any] = {},  # noqa: B006 - the documented default, never mutated
        *,
        encode_chunked: bool = False,
    ) -> None:
        """Send a request; framing fields are added as the docs describe
        (Content-Length when the length is known, else chunked)."""
        fields, chunk = modern_body_fields(method, body, field_names(headers), encode_chunked)
        self._request(method, url, body, headers, fields, chunk)

    def endheaders(self, message_body: Any = None, *, encode_chunked: bool = False) -> None:
        """Send the blank line ending the header, then ``message_body``."""
        self._end_headers(message_body, encode_chunked)

    def set_tunnel(
        self, host: str, port: Optional[int] = None, headers: Optional[Mapping[Any, Any]] = None
    ) -> None:
        """Tunnel through this connection's host (a proxy) to ``host:port``
        with CONNECT, sending ``headers`` to the proxy."""
        self._set_tunnel(host, port, headers)

    def get_proxy_response_headers(self) -> Optional[HTTPMessage]:
        """The fields of the proxy's CONNECT response, or None."""
        return self._proxy_headers


class HTTPSConnection(TLSMixin, HTTPConnection):
    """``HTTPSConnection(host, port=None, *, timeout, source_address=None,
    context=None, blocksize=8192)``: verifies certificate and host name by
    default."""

    def __init__(
        self,
        host: str,
        port: Optional[int] = None,
        *,
        timeout: Any = _DEFAULT_TIMEOUT,
        source_address: Optional[Tuple[str, int]] = None,
        context: Optional[ssl.SSLContext] = None,
        blocksize: int = 8192,
    ) -> None:
        super().__init__(host, port, timeout, source_address, blocksize)
        self._context = default_context() if context is None else context


_CONSTANTS = _status.modern_constants()
globals().update(_CONSTANTS)
responses = _status.modern_responses()

__all__ = [
    "HTTPConnection",
    "HTTPSConnection",
    "HTTPResponse",
    "HTTPMessage",
    "parse_headers",
    "HTTPException",
    "NotConnected",
    "InvalidURL",
    "UnknownProtocol",
    "UnknownTransferEncoding",
    "UnimplementedFileMode",
    "IncompleteRead",
    "ImproperConnectionState",
    "CannotSendRequest",
    "CannotSendHeader",
    "ResponseNotReady",
    "BadStatusLine",
    "LineTooLong",
    "RemoteDisconnected",
    "HTTP_PORT",
    "HTTPS_PORT",
    "responses",
    *_CONSTANTS,
]
