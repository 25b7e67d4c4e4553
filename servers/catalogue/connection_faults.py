"""Connections that break: resets, early closes, half-closes and stalls
(RFC 9112 8, 9.5, 9.6).

Stalling cases set ``client_timeout``: a client with a timeout raises
``socket.timeout`` (an ``OSError``) instead of waiting for ever; a stall
ends as soon as the client closes, and never lasts more than 3 seconds.
"""

from servers.catalogue._kit import Maker, Raises, Request, Response, ex
from servers.script import (
    Close,
    ExpectClose,
    ExpectRequest,
    HalfClose,
    Pause,
    Receive,
    Reset,
    Send,
    Stall,
)

make = Maker("connection-faults")

RESET = "rfc9112:9.6:connection-reset"
TIMEOUT = "rfc9112:9.5:timeout"
INCOMPLETE = "rfc9112:8:incomplete-response"
SEED_BAD = "seed:20.10:BadStatusLine-raised"
SEED_TIMEOUT = "seed:20.10:HTTPConnection-timeout"
MODERN_TIMEOUT = "modern:HTTPConnection:timeout"
OSERR = Raises("OSError", "any")
HTTPEXC = Raises("HTTPException", "any")
HELLO = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
STALL = Stall(3.0)
TIMEOUT_S = 0.5
# Far more than a connection can buffer when the server reads nothing (about 4.1 MiB
# on Linux with default settings: the send buffer's 4 MiB maximum plus the receive
# buffer), so the upload cannot complete before the server's reset.
UPLOAD_SIZE = 16 << 20


def _stall(name: str, before: bytes, where: str, at: str, clause: str = "") -> None:
    """A stall the documented timeout must end (seed 20.10, modern HTTPConnection);
    ``clause`` grades another clause instead."""
    script = (ExpectRequest(),) + ((Send(before),) if before else ()) + (STALL, Close())
    clauses = (clause,) if clause else (SEED_TIMEOUT, MODERN_TIMEOUT)
    related = (SEED_TIMEOUT, MODERN_TIMEOUT) if clause else (TIMEOUT,)
    make.add(
        name,
        f"the server stalls {where}; a client with a {TIMEOUT_S:g}s timeout raises socket.timeout",
        clauses,
        script,
        client_timeout=TIMEOUT_S,
        both=ex(Raises("OSError", at), note="the timeout parameter bounds each blocking "
                "operation: socket.timeout, an OSError"),
        related=related,
    )


make.add(
    "fault-reset-on-accept",
    "the server resets the connection as soon as the client's first bytes arrive, before "
    "reading the request (waiting for them is what makes the grade repeatable: a reset sent "
    "at accept() races the client's connect(), which then fails in some runs and succeeds "
    "in others)",
    ("seed:20.10:exceptions-raised", RESET),
    (Receive(), Reset()),
    both=ex(OSERR, also=[HTTPEXC], note="a reset is a connection error (or the "
            "HTTPException a closed connection raises), never a response; the seed says only "
            "that its exceptions are raised as appropriate, so its grade is recorded"),
)
make.add(
    "fault-reset-before-response",
    "the server reads the request then resets without answering",
    (RESET,),
    (ExpectRequest(), Reset()),
    both=ex(Raises("OSError", "getresponse"), also=[Raises("HTTPException", "getresponse")]),
    related=(INCOMPLETE,),
)
make.add(
    "fault-reset-in-status-line",
    "the server sends 'HTTP/1.1 2' then resets",
    (RESET,),
    (ExpectRequest(), Send(b"HTTP/1.1 2"), Pause(0.05), Reset()),
    both=ex(Raises("OSError", "getresponse"), also=[Raises("HTTPException", "getresponse")]),
    related=(INCOMPLETE,),
)
make.add(
    "fault-reset-in-headers",
    "the server resets inside the header section",
    ("rfc9112:8:incomplete-header-section",),
    (ExpectRequest(), Send(b"HTTP/1.1 200 OK\r\nContent-Len"), Pause(0.05), Reset()),
    both=ex(Raises("OSError", "getresponse"), also=[Raises("HTTPException", "getresponse")]),
    related=(RESET,),
)
make.add(
    "fault-reset-in-chunked-body",
    "the server resets after the first chunk",
    (RESET,),
    (
        ExpectRequest(),
        Send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"),
        Pause(0.1),
        Reset(),
    ),
    both=ex(Raises("OSError", "read"), also=[Raises("HTTPException", "read")]),
    related=("rfc9112:7.1:chunked-incomplete",),
)
make.add(
    "fault-reset-after-complete-response",
    "a complete response, then a reset a moment later: the response stands",
    ("rfc9112:6.3:content-length-valid",),
    (ExpectRequest(), Send(HELLO), Pause(0.3), Reset()),
    both=ex(Response(200, body=b"hello")), related=(RESET,),
)
make.add(
    "fault-close-in-status-line",
    "the server sends 'HTTP/1.1 20' then closes",
    (INCOMPLETE,),
    (ExpectRequest(), Send(b"HTTP/1.1 20"), Close()),
    both=ex(Raises("HTTPException", "getresponse"),
            note="a status line cut short is an incomplete response, never a 20x"),
    related=("seed:20.10:BadStatusLine-raised",),
)
make.add(
    "fault-half-close-before-response",
    "the server shuts down its sending side after the request: EOF, no response",
    ("seed:20.10:BadStatusLine-raised", "modern:exceptions:RemoteDisconnected-raised"),
    (ExpectRequest(), HalfClose(), ExpectClose(3.0)),
    seed=ex(Raises("BadStatusLine", "getresponse")),
    modern=ex(Raises("RemoteDisconnected", "getresponse")), related=(INCOMPLETE,),
)
make.add(
    "fault-half-close-after-response",
    "a complete response, then the server half-closes and waits for the client",
    ("rfc9112:6.3:content-length-valid",),
    (ExpectRequest(), Send(HELLO), HalfClose(), ExpectClose(3.0)),
    both=ex(Response(200, body=b"hello")),
)
make.add(
    "fault-early-response-to-large-upload",
    "a 16 MiB POST answered with 413 after its head, and the connection closed with the body "
    "unread, which resets it (RFC 9112 9.6). The server never reads the body and the socket "
    "buffers hold a few MiB at most (Linux's default maximum send buffer is 4 MiB), so the "
    "client is always still sending when the reset arrives",
    ("rfc9112:9.6:connection-reset",),
    (
        ExpectRequest(read_body=False),
        Send(b"HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 3"
             b"\r\n\r\nbig"),
        # Reset, not Close: Close reads whatever has arrived first, and how much that is
        # (all of the body, or not) depended on timing.
        Reset(),
    ),
    requests=(Request(method="POST", url="/upload", body=b"x" * UPLOAD_SIZE),),
    both=ex(
        Raises("OSError", "request"),
        also=[Response(413, body=b"big")],
        note="the reset interrupts the upload: a connection error; a client that monitors "
        "the connection while sending (RFC 9112 9.5, SHOULD) reads the complete 413 that "
        "came before the reset, which conforms too",
    ), related=("rfc9112:8:incomplete-response",),
)
_stall("fault-stall-before-status", b"", "before the status line", "getresponse", TIMEOUT)
_stall("fault-stall-in-status-line", b"HTTP/1.1 200", "inside the status line", "getresponse")
_stall("fault-stall-in-headers", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
       "inside the header section", "getresponse")
_stall("fault-stall-in-body", b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello",
       "after half the body", "read")
_stall("fault-stall-in-chunked-body",
       b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
       "after the first chunk", "read")
_stall("fault-stall-in-close-delimited-body", b"HTTP/1.1 200 OK\r\n\r\nhello",
       "inside a body that ends at close", "read")
make.add(
    "fault-one-byte-per-interval",
    "every byte 20 ms apart: slower than the line rate but never idle for the 0.5 s timeout",
    (SEED_TIMEOUT, MODERN_TIMEOUT),
    (ExpectRequest(), Send(HELLO, split=1, interval=0.02), Close()),
    client_timeout=TIMEOUT_S,
    both=ex(
        Response(200, body=b"hello"),
        note="the timeout bounds each wait, not the whole response",
    ), related=(TIMEOUT,),
)
make.add(
    "fault-slower-than-timeout",
    "two pieces 1 s apart against a 0.5 s timeout: the client times out in the header section",
    (SEED_TIMEOUT, MODERN_TIMEOUT),
    (ExpectRequest(), Send(HELLO, split=(20,), interval=1.0), Close()),
    client_timeout=TIMEOUT_S,
    both=ex(Raises("OSError", "getresponse")), related=(TIMEOUT,),
)
make.add(
    "fault-stall-then-close",
    "the server stalls briefly (0.3 s, under the 2 s timeout) and closes without answering",
    (SEED_BAD, "modern:exceptions:RemoteDisconnected-raised"),
    (ExpectRequest(), Stall(0.3), Close()),
    client_timeout=2.0,
    seed=ex(Raises("BadStatusLine", "getresponse")),
    modern=ex(Raises("RemoteDisconnected", "getresponse")),
    related=(TIMEOUT, INCOMPLETE),
)

CASES = make.cases
