"""Bounded socket I/O for one connection, recording every byte in a transcript.

Every wait polls in short slices so that a server shutting down (``stop``)
or a deadline ends it promptly; nothing here blocks without bound.
"""

import socket
import ssl
import struct
import threading
import time
from typing import Optional

from servers.transcript import Transcript

POLL = 0.05


class Stopped(Exception):
    """The server is shutting down."""


class TimedOut(Exception):
    """A deadline passed while waiting for the client."""


class PeerClosed(Exception):
    """The client closed (FIN) or reset the connection."""


class Oversized(Exception):
    """The client sent a line longer than the server reads."""


def deadline_in(seconds: float) -> float:
    """The monotonic time ``seconds`` from now."""
    return time.monotonic() + seconds


class Channel:
    """A connected socket plus a read buffer, its transcript and a stop flag."""

    def __init__(self, sock: socket.socket, transcript: Transcript, stop: threading.Event):
        self.sock = sock
        self.transcript = transcript
        self.stop = stop
        self.buffer = bytearray()
        self.eof = False
        sock.settimeout(POLL)

    # -- receiving -----------------------------------------------------
    def _check(self, deadline: float, what: str) -> None:
        if self.stop.is_set():
            raise Stopped()
        if time.monotonic() >= deadline:
            raise TimedOut(what)

    def fill(self, deadline: float, what: str = "data") -> bool:
        """Receive more bytes into the buffer; False at end of stream."""
        if self.eof:
            return False
        while True:
            self._check(deadline, what)
            try:
                data = self.sock.recv(65536)
            except (socket.timeout, ssl.SSLWantReadError):
                continue
            except ssl.SSLError as exc:
                if not _ragged_eof(exc):
                    self.transcript.note(f"TLS error while reading: {exc}")
                    self.eof = True
                    self.transcript.closed("client", "rst")
                    return False
                # RFC 9112 9.8: the TCP connection ended without a TLS closure alert.
                self.transcript.note("TLS: the client closed without a closure alert")
                self.transcript.tls_close_notify = False
                self.eof = True
                self.transcript.closed("client", "fin")
                return False
            except OSError:
                self.eof = True
                self.transcript.closed("client", "rst")
                return False
            if not data:
                self.eof = True
                if isinstance(self.sock, ssl.SSLSocket):
                    # ragged EOFs raise (SSLEOFError): an empty read is a closure alert
                    self.transcript.note("TLS: closure alert (close_notify) received")
                    self.transcript.tls_close_notify = True
                self.transcript.closed("client", "fin")
                return False
            self.transcript.add("recv", data)
            self.buffer += data
            return True

    def read_line(self, deadline: float, limit: int, what: str) -> bytes:
        """One line up to and including LF (at most ``limit`` bytes)."""
        start = 0
        while True:
            end = self.buffer.find(b"\n", start)
            if end >= 0:
                if end + 1 > limit:
                    raise Oversized(f"{what} longer than {limit} bytes")
                return self.take(end + 1)
            if len(self.buffer) > limit:
                raise Oversized(f"{what} longer than {limit} bytes")
            start = len(self.buffer)
            if not self.fill(deadline, what):
                raise PeerClosed(f"client closed the connection while the server read the {what}")

    def read_exact(self, count: int, deadline: float, what: str) -> bytes:
        """Exactly ``count`` bytes."""
        while len(self.buffer) < count:
            if not self.fill(deadline, what):
                raise PeerClosed(
                    f"client closed after {len(self.buffer)} of {count} bytes of the {what}"
                )
        return self.take(count)

    def read_some(self, deadline: float, what: str) -> bytes:
        """At least one byte (whatever is buffered or arrives first)."""
        if not self.buffer and not self.fill(deadline, what):
            raise PeerClosed(f"client closed the connection before sending {what}")
        return self.take(len(self.buffer))

    def take(self, count: int) -> bytes:
        """Remove and return the first ``count`` buffered bytes."""
        data = bytes(self.buffer[:count])
        del self.buffer[:count]
        return data

    def wait_eof(self, deadline: float) -> None:
        """Read (and record) until the client closes; TimedOut at ``deadline``."""
        while self.fill(deadline, "end of stream"):
            self.buffer.clear()

    def drain_now(self) -> None:
        """Read whatever has already arrived, without waiting, so that a close
        sends FIN rather than RST (unread data makes the kernel reset)."""
        if self.eof:
            return
        try:
            self.sock.setblocking(False)
            while True:
                data = self.sock.recv(65536)
                if not data:
                    self.eof = True
                    self.transcript.closed("client", "fin")
                    return
                self.transcript.add("recv", data)
        except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return
        except OSError:
            return
        finally:
            try:
                self.sock.settimeout(POLL)
            except OSError:
                pass

    # -- sending -------------------------------------------------------
    def send(self, data: bytes, deadline: float) -> None:
        """Send all of ``data`` (recorded as one event once sent)."""
        view = memoryview(data)
        sent = 0
        try:
            while sent < len(data):
                self._check(deadline, f"the client to accept {len(data) - sent} more bytes")
                try:
                    sent += self.sock.send(view[sent:])
                except (socket.timeout, ssl.SSLWantWriteError, ssl.SSLWantReadError):
                    continue
        except OSError as exc:
            if sent:
                self.transcript.add("send", bytes(view[:sent]))
            self.transcript.closed("client", "rst")
            raise PeerClosed(f"client went away while the server was sending: {exc}") from None
        finally:
            view.release()
        self.transcript.add("send", data)

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` unless the server stops first."""
        if self.stop.wait(seconds):
            raise Stopped()

    # -- closing -------------------------------------------------------
    def half_close(self) -> None:
        """Shut down the sending side: the client reads end of stream."""
        try:
            if isinstance(self.sock, ssl.SSLSocket):
                # No TLS close_notify round trip: shut the TCP side down.
                socket.socket.shutdown(self.sock, socket.SHUT_WR)
            else:
                self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self, how: str = "fin") -> None:
        """Close the socket: ``fin`` (orderly) or ``rst`` (abortive)."""
        if how == "rst":
            try:
                self.sock.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, _linger_zero()
                )
            except OSError:
                pass
        else:
            self.half_close()
            self.drain_now()
        self.sock.close()


def _linger_zero() -> bytes:
    """``struct linger {on=1, seconds=0}``: close() then sends RST."""
    return struct.pack("ii", 1, 0)


def peer_name(sock: socket.socket) -> Optional[str]:
    """``host:port`` of the peer, or None when the socket is not connected."""
    try:
        addr = sock.getpeername()
    except OSError:
        return None
    return f"{addr[0]}:{addr[1]}"


def _ragged_eof(exc: ssl.SSLError) -> bool:
    """True when ``exc`` says the TCP connection ended without a TLS closure alert:
    ``SSLEOFError`` on Python 3.10+, a plain ``SSLError`` with OpenSSL 3's reason
    ``UNEXPECTED_EOF_WHILE_READING`` on older Pythons."""
    return isinstance(exc, ssl.SSLEOFError) or \
        getattr(exc, "reason", None) == "UNEXPECTED_EOF_WHILE_READING"
