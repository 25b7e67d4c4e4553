"""``http.client`` as the seed edition documents it (20.10, Python 3.1/3.2).

Thin edition layer over the shared core: signatures, ``strict`` and HTTP/0.9,
no certificate verification, stat-based Content-Length, seed phrases.
"""

import socket
from typing import Any, Mapping, Optional

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
    ResponseNotReady,
    UnimplementedFileMode,
    UnknownProtocol,
    UnknownTransferEncoding,
)
from ._headers import HTTPMessage
from ._request import seed_body_fields
from ._response import ResponseCore
from ._status import HTTP_PORT, HTTPS_PORT
from ._tls import unverified_context

_DEFAULT_TIMEOUT: Any = socket._GLOBAL_DEFAULT_TIMEOUT  # type: ignore[attr-defined]


class HTTPResponse(ResponseCore):
    """seed 20.10: ``HTTPResponse(sock, debuglevel=0, strict=0, method=None, url=None)``.

    ``strict`` true: a status line that is not HTTP/1.0 or 1.1 raises
    ``BadStatusLine``; false: a reply without "HTTP/" is an HTTP/0.9 body."""

    def __init__(
        self,
        sock: socket.socket,
        debuglevel: int = 0,
        strict: Any = 0,
        method: Optional[str] = None,
        url: Optional[str] = None,
    ) -> None:
        super().__init__(sock, debuglevel, method)  # the seed gives ``url`` no role
        self.strict = strict
        self._exact_versions = bool(strict)
        self._http09 = not strict


class HTTPConnection(ConnectionCore):
    """seed 20.10: ``HTTPConnection(host, port=None, strict=None[, timeout])``."""

    response_class = HTTPResponse

    def __init__(
        self,
        host: str,
        port: Optional[int] = None,
        strict: Any = None,
        timeout: Any = _DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(host, port, timeout)
        self.strict = strict

    def _make_response(self, method: Optional[str]) -> ResponseCore:
        return self.response_class(
            self.sock, self.debuglevel, self.strict or 0, method=method, url=self._url
        )

    def putrequest(
        self,
        request: str,
        selector: str,
        skip_host: bool = False,
        skip_accept_encoding: bool = False,
    ) -> None:
        """seed 20.10.1: ``putrequest(request, selector, skip_host=False,
        skip_accept_encoding=False)`` sends the request line."""
        super().putrequest(request, selector, skip_host, skip_accept_encoding)

    def request(
        self,
        method: str,
        url: str,
        body: Any = None,
        headers: Mapping[Any, Any] = {},  # noqa: B006 - the documented default, never mutated
    ) -> None:
        """seed 20.10.1: send a request; str bodies as ISO-8859-1, files by
        stat length; Content-Length set for any body."""
        fields = seed_body_fields(body, field_names(headers))
        self._request(method, url, body, headers, fields, False)

    def endheaders(self) -> None:
        """seed 20.10.1: send the blank line ending the header."""
        self._end_headers()


class HTTPSConnection(TLSMixin, HTTPConnection):
    """seed 20.10: ``HTTPSConnection(host, port=None, key_file=None,
    cert_file=None, strict=None[, timeout])``; default port 443; a client
    certificate from PEM files; the server's certificate is not verified."""

    def __init__(
        self,
        host: str,
        port: Optional[int] = None,
        key_file: Optional[str] = None,
        cert_file: Optional[str] = None,
        strict: Any = None,
        timeout: Any = _DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(host, port, strict, timeout)
        self.key_file = key_file
        self.cert_file = cert_file
        self._context = unverified_context(key_file, cert_file)


_CONSTANTS = _status.seed_constants()
globals().update(_CONSTANTS)
responses = _status.seed_responses()

__all__ = [
    "HTTPConnection",
    "HTTPSConnection",
    "HTTPResponse",
    "HTTPMessage",
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
    "HTTP_PORT",
    "HTTPS_PORT",
    "responses",
    *_CONSTANTS,
]
