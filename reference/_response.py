"""The response: status line, fields, framing choice and the read API."""

import io
import re
import socket
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from ._body import ChunkedBody, CloseBody, LengthBody, NoBody
from ._errors import (
    BadStatusLine,
    HTTPException,
    IncompleteRead,
    ResponseNotReady,
    UnknownProtocol,
)
from ._headers import HTTPMessage, build_message, framing_values, read_fields
from ._reader import Reader

MAX_INTERIM = 100  # interim (1xx) responses skipped in a row
_VERSION = re.compile(rb"HTTP/(\d)\.(\d)\Z")  # RFC 9112 §2.3
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
        self._reader = Reader(sock)
        self.debuglevel = debuglevel
        self._method = method
        self.msg: Optional[HTTPMessage] = None
        self.version: Optional[int] = None
        self.status: Optional[int] = None
        self.reason: Optional[str] = None
        self.will_close = True
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
            # RFC 9110 §15.2: interim responses are skipped, except 101.
            if status >= 200 or status == 101:
                break
        else:
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
        """seed 20.10 (non-strict): a simple response; the whole stream is
        the body, status 200, version 9."""
        self.msg = HTTPMessage()
        self.version, self.status, self.reason = 9, 200, ""
        self._body = CloseBody(self._reader)
        self._done = False

    def _no_reply(self) -> Exception:
        """The error for a server that closed without a status line."""
        return BadStatusLine("")

    def _read_status(self) -> Tuple[int, int, str]:
        """``HTTP-version SP status-code SP [reason-phrase]`` (RFC 9112 §4)."""
        raw = self._reader.readline("status line")
        line = raw.decode("latin-1")
        if self.debuglevel > 0:
            print("reply:", repr(line))
        if not raw:
            raise self._no_reply()
        # RFC 9112 §4: any whitespace may separate the parts (a recipient
        # MAY), but the line starts with the version.
        parts = raw.split(None, 2)
        match = _VERSION.match(parts[0]) if len(parts) > 1 and raw[:1] == b"H" else None
        if match is None:
            raise BadStatusLine(line)
        major, minor = int(match.group(1)), int(match.group(2))
        if self._exact_versions and (major, minor) not in ((1, 0), (1, 1)):
            raise BadStatusLine(line)
        if major != 1:
            raise UnknownProtocol(parts[0].decode("ascii"))
        code = parts[1]
        if len(code) != 3 or not code.isdigit() or code[:1] == b"0":
            raise BadStatusLine(line)
        reason = parts[2].strip().decode("latin-1") if len(parts) == 3 else ""
        # RFC 9112 §2.3: 1.x with x > 1 is handled as the highest we know.
        return (10 if minor == 0 else 11), int(code), reason

    def _framing(self, values: Dict[str, List[str]], status: int) -> Body:
        """Pick the body reader (RFC 9112 §6.3) and decide ``will_close``."""
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
            # §6.3 items 1-2; after 101 the connection speaks another protocol.
            self.will_close = self.will_close or status == 101
            return NoBody()
        if te:
            if self.version == 10:
                # §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty.
                raise HTTPException(f"Transfer-Encoding in an HTTP/1.0 response: {te!r}")
            # §6.3 item 3: Transfer-Encoding overrides Content-Length; such a
            # message closes the connection after it.
            if cl:
                self.will_close = True
            codings = [c.strip().lower() for v in te for c in v.split(",")]
            if codings[-1] == "chunked":
                return ChunkedBody(self._reader)
            self.will_close = True  # §6.3 item 4: read until close
            return CloseBody(self._reader)
        if cl:
            return LengthBody(self._reader, _content_length(cl))
        self.will_close = True  # §6.3 item 8: read until close
        return CloseBody(self._reader)

    def _connection_closes(self, fields: List[str]) -> bool:
        """RFC 9112 §9.3/§9.6: persistence from the version and Connection."""
        tokens = {t.strip().lower() for v in fields for t in v.split(",")}
        if "close" in tokens:
            return True
        return self.version != 11 and "keep-alive" not in tokens

    # -- the end of the message ---------------------------------------------

    def _finish(self) -> None:
        """The body is complete: free the connection or close it."""
        self._done = True
        if self.will_close or self._reader.buffered():
            # Bytes after a complete response mean the stream is out of step.
            self._reader.close()

    def _abort(self) -> None:
        """The body cannot be completed: the connection is unusable."""
        self._done = True
        self._reader.close()

    def isclosed(self) -> bool:
        """True once the body is fully read or the response closed."""
        return self._done

    def close(self) -> None:
        """Close the response; an unfinished body closes the connection."""
        try:
            super().close()
        finally:
            if not self._done:
                self._abort()

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        """The file descriptor of the underlying socket (seed 20.10.2)."""
        return self._reader.sock.fileno()

    # -- reading the body -----------------------------------------------------

    def _guarded(self, read: Any, *args: int) -> bytes:
        """Run a body read; errors close the connection, the end finishes."""
        try:
            data = read(*args)
        except (HTTPException, OSError):
            self._abort()
            raise
        if self._body.done:
            self._finish()
        return data

    def read(self, amt: Optional[int] = None) -> bytes:  # type: ignore[override]
        """The body, or up to ``amt`` bytes of it (seed 20.10.2)."""
        if self._done:
            return b""
        if amt is None or amt < 0:
            return self._guarded(self._body.read_all)
        return self._guarded(self._body.read, amt)

    def readline(self, limit: Optional[int] = -1) -> bytes:  # type: ignore[override]
        """One line of the body (for iteration, seed 20.10.2)."""
        if limit is None:
            limit = -1
        parts: List[bytes] = []
        got = 0
        try:
            while not self._done and got != limit:
                avail = self._guarded(self._body.peek)
                if not avail:
                    break
                stop = len(avail) if limit < 0 else min(len(avail), limit - got)
                eol = avail.find(b"\n", 0, stop)
                take = stop if eol < 0 else eol + 1
                parts.append(self._guarded(self._body.read, take))
                got += take
                if eol >= 0:
                    break
        except IncompleteRead as exc:
            raise IncompleteRead(b"".join(parts) + exc.partial, exc.expected) from None
        return b"".join(parts)

    def getheader(self, name: str, default: Any = None) -> Any:
        """All values of ``name`` joined by ", ", else ``default`` (an
        iterable default other than a string is joined too; seed 20.10.2)."""
        if self.msg is None:
            raise ResponseNotReady("the response has not been read yet")
        values = self.msg.get_all(name)
        if values is not None:
            return ", ".join(values)
        if isinstance(default, (str, bytes)) or not isinstance(default, Iterable):
            return default
        return ", ".join(default)

    def getheaders(self) -> List[Tuple[str, str]]:
        """The (name, value) pairs in received order (seed 20.10.2)."""
        if self.msg is None:
            raise ResponseNotReady("the response has not been read yet")
        return list(self.msg.items())


def _content_length(fields: List[str]) -> int:
    """RFC 9112 §6.3 item 5 and RFC 9110 §8.6: 1*DIGIT, repeated values
    must agree; anything else is an unrecoverable framing error."""
    values = {v.strip() for f in fields for v in f.split(",")}
    value = values.pop()
    if values or not (value.isascii() and value.isdigit()):
        raise HTTPException(f"invalid Content-Length: {', '.join(fields)!r}")
    return int(value)
