"""A raw-socket client that plays the client's half of any scenario script,
checking every byte the server sends, for the servers/ tests.

It mirrors each step: for ExpectRequest it sends a valid request (Content-
Length or chunked body), for Send it reads exactly those bytes, for Close it
expects end of stream, for Reset a connection reset, for Stall and
ExpectClose it closes its own side, for StartTLS it starts a TLS handshake.
"""

import os
import socket
import ssl
import threading
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

from servers import tls
from servers.case import Case
from servers.runtime import ScriptServer
from servers.script import (
    Close,
    ExpectBody,
    ExpectClose,
    ExpectNothing,
    ExpectRequest,
    HalfClose,
    Pause,
    Receive,
    Reset,
    Send,
    Stall,
    StartTLS,
    Step,
)

TIMEOUT = 5.0
BODY = b"abc"
GARBAGE = b"\x16\x03\x01 not a ClientHello\r\n"


def request_bytes(host: str, port: int, path: str, body: Optional[bytes], chunked: bool) -> bytes:
    """A valid HTTP/1.1 request; the body framed by Content-Length or chunked."""
    head = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", "User-Agent: raw-test"]
    if body is None:
        head[0] = f"GET {path} HTTP/1.1"
        return ("\r\n".join(head) + "\r\n\r\n").encode("ascii")
    if chunked:
        head.append("Transfer-Encoding: chunked")
        data = b"".join(b"%x;ext=1\r\n%s\r\n" % (1, body[i : i + 1]) for i in range(len(body)))
        data += b"0\r\nX-Trailer: t\r\n\r\n"
    else:
        head.append(f"Content-Length: {len(body)}")
        data = body
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + data


def recv_exactly(sock: socket.socket, count: int) -> bytes:
    """``count`` bytes, or fewer if the stream ends first."""
    chunks = []
    got = 0
    while got < count:
        data = sock.recv(min(65536, count - got))
        if not data:
            break
        chunks.append(data)
        got += len(data)
    return b"".join(chunks)


def expect_eof(sock: socket.socket) -> bytes:
    """Read until end of stream; returns anything that arrived first."""
    extra = []
    while True:
        data = sock.recv(65536)
        if not data:
            return b"".join(extra)
        extra.append(data)


@dataclass
class Played:
    """What the raw client did and saw on one connection."""

    sent: bytes = b""
    received: bytes = b""
    expected: bytes = b""
    requests: List[bytes] = field(default_factory=list)
    reset_seen: bool = False
    closed_by: str = "server"
    close_how: str = "fin"


def _tls_client(kind: str) -> ssl.SSLContext:
    if kind == "valid":
        return tls.client_context()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def play_script(
    srv: ScriptServer, script: Sequence[Step], tag: str, chunked: bool
) -> Played:
    """Connect to ``srv`` and play the client side of ``script``."""
    played = Played()
    try:
        sock: socket.socket = socket.create_connection((srv.host, srv.port), timeout=TIMEOUT)
    except ConnectionResetError:
        if not (script and isinstance(script[0], Reset)):
            raise
        # The reset can beat connect() back to the caller.
        played.close_how = "rst"
        played.reset_seen = True
        return played
    pending_body: Optional[bytes] = None
    try:
        for number, step in enumerate(script):
            if isinstance(step, ExpectRequest):
                path = f"/{tag}/{len(played.requests)}"
                if step.read_body:
                    data = request_bytes(srv.host, srv.port, path, BODY, chunked)
                else:
                    data = request_bytes(srv.host, srv.port, path, None, False)
                    data = data[:-2] + b"Content-Length: 3\r\n\r\n"
                    pending_body = BODY
                sock.sendall(data)
                played.sent += data
                played.requests.append(data)
            elif isinstance(step, ExpectBody):
                assert pending_body is not None, "ExpectBody without a head-only request"
                sock.sendall(pending_body)
                played.sent += pending_body
                played.requests[-1] += pending_body
                pending_body = None
            elif isinstance(step, Receive):
                sock.sendall(GARBAGE)
                played.sent += GARBAGE
            elif isinstance(step, Send):
                played.expected += step.data
                played.received += recv_exactly(sock, len(step.data))
            elif isinstance(step, StartTLS):
                context = _tls_client(step.cert)
                sock = context.wrap_socket(sock, server_hostname="localhost")
            elif isinstance(step, HalfClose):
                played.received += expect_eof(sock)
            elif isinstance(step, (Stall, ExpectClose)):
                played.closed_by = "client"
                return played
            elif isinstance(step, Reset):
                played.close_how = "rst"
                try:
                    played.received += expect_eof(sock)
                except ConnectionResetError:
                    played.reset_seen = True
                return played
            elif isinstance(step, Close):
                played.received += expect_eof(sock)
                return played
            elif isinstance(step, (Pause, ExpectNothing)):
                continue
            else:  # pragma: no cover - a new step type needs a branch here
                raise AssertionError(f"step {number}: no client half for {step!r}")
        played.received += expect_eof(sock)
        return played
    finally:
        sock.close()


def play_case(srv: ScriptServer, case: Case, chunked: bool = False) -> List[Played]:
    """Play the client half of every connection of ``case``'s script in turn."""
    return [
        play_script(srv, steps, f"{case.name}/{i}", chunked)
        for i, steps in enumerate(case.script.connections)
    ]


def snapshot() -> Tuple[List[threading.Thread], int]:
    """The live threads and the number of open file descriptors."""
    return list(threading.enumerate()), len(os.listdir("/proc/self/fd"))
