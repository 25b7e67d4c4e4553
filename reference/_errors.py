"""The exception hierarchy of http.client (seed 20.10, modern "Exceptions")."""

from typing import Optional


class HTTPException(Exception):
    """Base class of every exception of the module (seed 20.10)."""


class NotConnected(HTTPException):
    """Documented name (seed 20.10); kept for the name set."""


class InvalidURL(HTTPException):
    """A port that is non-numeric or empty (seed 20.10), or a URL/host that
    cannot go on the wire."""


class UnknownProtocol(HTTPException):
    """The status line names a protocol other than HTTP/1.x (RFC 9112 §2.3)."""


class UnknownTransferEncoding(HTTPException):
    """Documented name (seed 20.10); kept for the name set."""


class UnimplementedFileMode(HTTPException):
    """Documented name (seed 20.10); kept for the name set."""


class IncompleteRead(HTTPException):
    """The body ended before its framing said it would (RFC 9112 §8).

    ``partial`` holds the bytes read by the failing call, ``expected`` how many
    more were announced (None when the framing could not tell)."""

    def __init__(self, partial: bytes, expected: Optional[int] = None) -> None:
        super().__init__(partial)
        self.partial = partial
        self.expected = expected

    def __repr__(self) -> str:
        more = "" if self.expected is None else f", {self.expected} more expected"
        return f"{type(self).__name__}({len(self.partial)} bytes read{more})"

    __str__ = __repr__


class ImproperConnectionState(HTTPException):
    """A method was called in a connection state that does not allow it."""


class CannotSendRequest(ImproperConnectionState):
    """``putrequest``/``request`` while a request or an unread response is
    pending (seed 20.10.1, note under ``getresponse``)."""


class CannotSendHeader(ImproperConnectionState):
    """``putheader``/``endheaders`` outside a started request."""


class ResponseNotReady(ImproperConnectionState):
    """``getresponse`` without a sent request, or before the previous
    response was read."""


class BadStatusLine(HTTPException):
    """The server sent a status line we cannot parse (seed 20.10)."""

    def __init__(self, line: str) -> None:
        if not line:
            line = repr(line)
        super().__init__(line)
        self.line = line


class LineTooLong(HTTPException):
    """A status, field, chunk-size or trailer line longer than the limit."""

    def __init__(self, line_type: str, limit: int) -> None:
        super().__init__(f"got more than {limit} bytes when reading {line_type}")


class RemoteDisconnected(ConnectionResetError, BadStatusLine):
    """The server closed the connection before sending any status line
    (modern edition)."""

    def __init__(self, *args: object) -> None:
        ConnectionResetError.__init__(self, *args)
        self.line = str(args[0]) if args else ""
