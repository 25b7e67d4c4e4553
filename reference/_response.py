"""The response: status line, fields, framing choice and the read API.

A response reads only through ``sock.makefile("rb")`` (the file ``fp``), as
CPython's does, so any object with that method can be read from.
"""

import io
import socket
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from ._body import ChunkedBody, CloseBody, LengthBody, NoBody
from ._errors import (
    BadStatusLine,
    HTTPException,
    ResponseNotReady,
    UnknownProtocol,
)
from ._grammar import MAX_LINE, split_line, status_code, status_line
from ._headers import HTTPMessage, build_message, framing_values, read_fields
from ._reader import Reader

MAX_INTERIM = 100  # interim (1xx) responses skipped in a row
READ1_DEFAULT = 65536  # read1() / read1(-1): at most this many bytes
Body = Union[NoBody, LengthBody, CloseBody, ChunkedBody]
# A reply starting like this is an (attempted) status line, never HTTP/0.9.
_NOT_09 = (b"HTTP/", b" ", b"\t", b"\r", b"\n")


class ResponseCore(io.BufferedIOBase):
    """What every edition's ``HTTPResponse`` shares.

    Editions choose the status-line rules with two flags and ``_no_reply``."""

    _exact_versions = False  # seed strict: only HTTP/1.0 and HTTP/1.1
    _http09 = False  # seed non-strict: a reply without "HTTP/" is HTTP/0.9

    def __init__(
        self,
        sock: socket.socket,
        debuglevel: int = 0,
        method: Optional[str] = None,
    ) -> None:
        # cpython:HTTPResponse:sock-makefile: the one call made on ``sock``.
        self.fp: Optional[Any] = sock.makefile("rb")
        self._reader = Reader(self.fp)
        self.debuglevel = debuglevel
        self._method = method
        self.msg: Optional[HTTPMessage] = None
        self.version: Optional[int] = None
        self.status: Optional[int] = None
        self.reason: Optional[str] = None
        self.will_close = True
        self.complete = False  # the whole message was read: the connection may carry another
        self._close_requested = False  # the request said Connection: close
        self._body: Body = NoBody()
        self._done = True  # nothing to read until begin()

    # -- reading the head ---------------------------------------------------

    def begin(self) -> None:
        """Read the status line and fields, skipping interim responses, and
        choose the body framing. Called by ``getresponse``."""
        if self.msg is not None:
            return
        if self._http09 and self._reader.ensure(5) and not self._reader.startswith(_NOT_09):
            self._begin_http09()
            return
        for _ in range(MAX_INTERIM + 1):
            version, status, reason = self._read_status()
            fields = read_fields(self._reader)
            # rfc9112:9110-15.2:interim-responses: skipped, except 101.
            if status >= 200 or status == 101:
                break
        else:
            # rfc9112:9110-15.2:interim-responses-limited
            raise HTTPException(f"got more than {MAX_INTERIM} interim responses")
        if self.debuglevel > 0:
            for name, value in fields:
                print("header:", name + ":", value)
        self.msg = build_message(fields)
        self.version, self.status, self.reason = version, status, reason
        self._body = self._framing(framing_values(fields), status)
        self._done = False
        if self._body.done:
            self._finish()

    def _begin_http09(self) -> None:
        """seed:20.10:HTTPConnection-strict (non-strict): a simple response;
        the whole stream is the body, status 200, version 9."""
        self.msg = HTTPMessage()
        self.version, self.status, self.reason = 9, 200, ""
        self._body = CloseBody(self._reader)
        self._done = False

    def _no_reply(self) -> Exception:
        """The error for a server that closed without a status line."""
        return BadStatusLine("")

    def _read_status(self) -> Tuple[int, int, str]:
        """The status line (``rfc9112:4:status-line-syntax``)."""
        raw = self._reader.readline(MAX_LINE + 1)
        text = raw.decode("latin-1")
        if self.debuglevel > 0:
            print("reply:", repr(text))
        if not raw:
            raise self._no_reply()
        line, _ = split_line(raw, "status line")
        parts = status_line(line)
        if parts is None:
            raise BadStatusLine(text)
        major, minor, word, reason = parts
        if self._exact_versions and (major, minor) not in ((1, 0), (1, 1)):
            raise BadStatusLine(text)
        if major != 1:
            # rfc9112:2.3:unknown-major-version
            raise UnknownProtocol(f"HTTP/{major}.{minor}")
        code = status_code(word)
        if code is None:
            # rfc9112:4:status-code-three-digits
            raise BadStatusLine(text)
        # rfc9112:2.3:higher-minor-version: 1.x with x > 1 is read as 1.1.
        return (10 if minor == 0 else 11), code, reason

    def _framing(self, values: Dict[str, List[str]], status: int) -> Body:
        """Pick the body reader (RFC 9112 §6.3) and decide ``will_close``
        (rfc9112:9.3:close-if-not-persistent)."""
        self.will_close = self._close_requested or self._connection_closes(
            values.get("connection", [])
        )
        te = values.get("transfer-encoding")
        cl = values.get("content-length")
        if (
            self._method == "HEAD"
            or status < 200
            or status in (204, 304)
            or (self._method == "CONNECT" and status < 300)
        ):
            # §6.3 items 1-2 (rfc9112:6.3:head-no-body, 1xx-no-body, 204-no-body,
            # 304-no-body, connect-2xx-tunnel); after 101 the connection speaks
            # another protocol; after a 2xx to CONNECT it is the tunnel.
            if self._method == "CONNECT" and 200 <= status < 300:
                self.will_close = False
            self.will_close = self.will_close or status == 101
            return NoBody()
        if te:
            if self.version == 10:
                # rfc9112:6.1:http10-transfer-encoding: the framing is faulty.
                raise HTTPException(f"Transfer-Encoding in an HTTP/1.0 response: {te!r}")
            # rfc9112:6.3:te-overrides-cl: Transfer-Encoding overrides Content-Length; such a
            # message closes the connection after it.
            if cl:
                self.will_close = True
            codings = [c.strip().lower() for v in te for c in v.split(",")]
            if codings[-1] == "chunked":
                return ChunkedBody(self._reader)  # rfc9112:6.3:chunked-final
            self.will_close = True  # rfc9112:6.3:te-not-chunked-until-close
            return CloseBody(self._reader)
        if cl:
            return LengthBody(self._reader, _content_length(cl))
        self.will_close = True  # rfc9112:6.3:until-close
        return CloseBody(self._reader)

    def _connection_closes(self, fields: List[str]) -> bool:
        """Persistence from the version and Connection (rfc9112:9.3:connection-close,
        rfc9112:9.3:http10-close-by-default, rfc9112:9.3:http10-keep-alive)."""
        tokens = {t.strip().lower() for v in fields for t in v.split(",")}
        if "close" in tokens:
            return True
        return self.version != 11 and "keep-alive" not in tokens

    # -- the end of the message ---------------------------------------------

    def _release(self, complete: bool) -> None:
        """The body is done with: close the file (the socket stays the
        connection's); ``complete`` says whether the message was read whole,
        so the connection may carry another (rfc9112:9.3:read-whole-body-before-reuse)."""
        self._done = True
        # Bytes after a complete response mean the stream is out of step
        # (rfc9112:9.2:unsolicited-data): not a connection to reuse.
        self.complete = complete and not self._reader.buffered()
        self.fp = None
        self._reader.close()

    def _finish(self) -> None:
        """The body is complete."""
        self._release(complete=True)

    def isclosed(self) -> bool:
        """True once the body is fully read or the response closed."""
        return self._done

    def close(self) -> None:
        """Close the response; an unfinished body leaves the connection
        unusable (the next request opens a new one)."""
        try:
            super().close()
        finally:
            if self.fp is not None:  # unfinished, or never begun: the file goes too
                self._release(complete=False)

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        """The file descriptor of the underlying socket (seed:20.10.2:fileno,
        modern:HTTPResponse:fileno)."""
        if self.fp is None:
            raise ValueError("I/O operation on closed response")
        return self.fp.fileno()

    # -- reading the body -----------------------------------------------------

    def _guarded(self, read: Any, *args: int) -> bytes:
        """Run a body read; errors make the connection unusable, the end
        finishes the response."""
        try:
            data = read(*args)
        except (HTTPException, OSError):
            self._release(complete=False)
            raise
        if self._body.done:
            self._finish()
        return data

    def read(self, amt: Optional[int] = None) -> bytes:  # type: ignore[override]
        """The body, or up to ``amt`` bytes of it (seed:20.10.2:read-amt,
        modern:HTTPResponse:read)."""
        if self._done:
            return b""
        if amt is None or amt < 0:
            return self._guarded(self._body.read_all)
        return self._guarded(self._body.read, amt)

    def readline(self, limit: Optional[int] = -1) -> bytes:  # type: ignore[override]
        """One line of the body (seed:20.10.2:HTTPResponse-iterable,
        modern:HTTPResponse:readline)."""
        if self._done:
            return b""
        return self._guarded(self._body.readline, -1 if limit is None else limit)

    def getheader(self, name: str, default: Any = None) -> Any:
        """All values of ``name`` joined by ", ", else ``default`` (an
        iterable default other than a string is joined too;
        seed:20.10.2:getheader-iterable-default, modern:HTTPResponse:getheader)."""
        if self.msg is None:
            raise ResponseNotReady("the response has not been read yet")
        values = self.msg.get_all(name)
        if values is not None:
            return ", ".join(values)
        if isinstance(default, (str, bytes)) or not isinstance(default, Iterable):
            return default
        return ", ".join(default)

    def getheaders(self) -> List[Tuple[str, str]]:
        """The (name, value) pairs in received order (seed:20.10.2:getheaders,
        modern:HTTPResponse:getheaders-as-received)."""
        if self.msg is None:
            raise ResponseNotReady("the response has not been read yet")
        return list(self.msg.items())


def _content_length(fields: List[str]) -> int:
    """1*DIGIT, repeated values must agree; anything else is an unrecoverable
    framing error (rfc9112:6.3:invalid-content-length,
    rfc9112:6.3:content-length-list-identical)."""
    values = {v.strip() for f in fields for v in f.split(",")}
    value = values.pop()
    if values or not (value.isascii() and value.isdigit()):
        raise HTTPException(f"invalid Content-Length: {', '.join(fields)!r}")
    return int(value)
