"""Responses without a body (HEAD, 204, 304, 1xx) and bodies delimited by
the server closing (RFC 9112 6.3; RFC 9110 15.2)."""

from servers.catalogue._kit import Maker, Raises, Request, Response, ex, exchange
from servers.script import Close, ExpectBody, ExpectClose, ExpectRequest, Pause, Send

make = Maker("empty-or-close-delimited")

HEAD = Request(method="HEAD")
UNTIL_CLOSE = "rfc9112:6.3:until-close"
INTERIM = "rfc9112:9110-15.2:interim-responses"
ONE_XX = "rfc9112:6.3:1xx-no-body"
OK_HELLO = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"


def _no_body(name: str, code: int, reason: bytes, clause: str) -> None:
    make.add(
        name,
        f"{code} without a body",
        (clause,),
        exchange(b"HTTP/1.1 %d %s\r\n\r\n" % (code, reason), then=(ExpectClose(3.0), Close())),
        both=ex(Response(code, body=b"")),
        related=("seed:20.10.2:read",),
    )


def _with_body(name: str, code: int, reason: bytes, clause: str) -> None:
    make.add(
        name,
        f"{code} with Content-Length: 5 and five bytes: those bytes are not its body",
        (clause,),
        exchange(b"HTTP/1.1 %d %s\r\nContent-Length: 5\r\n\r\nhello" % (code, reason)),
        both=ex(Response(code, body=b"")),
    )


def _then_get(name: str, code: int, reason: bytes, clause: str) -> None:
    make.add(
        name,
        f"{code} with Content-Length: 100 and no body, then a second request on the "
        "connection",
        (clause,),
        (
            ExpectRequest(),
            Send(b"HTTP/1.1 %d %s\r\nContent-Length: 100\r\n\r\n" % (code, reason)),
            ExpectRequest(),
            Send(OK_HELLO),
            ExpectClose(3.0),
        ),
        requests=(Request(), Request()),
        both=ex((Response(code, body=b""), Response(200, body=b"hello"))),
        related=("rfc9112:9.3:persistent-by-default",),
    )


NO_CONTENT = (204, b"No Content", "rfc9112:6.3:204-no-body")
NOT_MODIFIED = (304, b"Not Modified", "rfc9112:6.3:304-no-body")

make.add(
    "head-with-content-length",
    "HEAD answered with Content-Length: 5 and no body: read() returns b''",
    ("seed:20.10.3:example-head", "rfc9112:9110-9.3.2:head-request"),
    exchange(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", then=(ExpectClose(3.0), Close())),
    requests=(HEAD,),
    both=ex(Response(200, "OK", body=b"")), related=("rfc9112:6.3:head-no-body",),
)
make.add(
    "head-with-stray-body",
    "HEAD answered with Content-Length: 5 and five stray body bytes: still no body",
    ("rfc9112:6.3:head-no-body",),
    exchange(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"),
    requests=(HEAD,),
    both=ex(Response(200, body=b"")), related=("seed:20.10.3:example-head",),
)
make.add(
    "head-chunked",
    "HEAD answered with Transfer-Encoding: chunked and no body",
    ("rfc9112:6.3:head-no-body",),
    exchange(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
             then=(ExpectClose(3.0), Close())),
    requests=(HEAD,),
    both=ex(Response(200, body=b"")),
)
make.add(
    "head-then-get-keepalive",
    "HEAD (Content-Length: 5, no body) then GET on the same connection",
    ("rfc9112:6.3:head-no-body",),
    (
        ExpectRequest(),
        Send(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"),
        ExpectRequest(),
        Send(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond"),
        ExpectClose(3.0),
    ),
    requests=(HEAD, Request()),
    both=ex((Response(200, body=b""), Response(200, body=b"second"))),
    related=("rfc9112:9.3:persistent-by-default",),
)
_no_body("status-204-no-body", *NO_CONTENT)
_with_body("status-204-with-body", *NO_CONTENT)
_then_get("status-204-then-get-keepalive", *NO_CONTENT)
_no_body("status-304-no-body", *NOT_MODIFIED)
_with_body("status-304-with-body", *NOT_MODIFIED)
_then_get("status-304-then-get-keepalive", *NOT_MODIFIED)
make.add(
    "interim-100-continue",
    "100 Continue then 200: the client skips the interim response",
    (INTERIM,),
    exchange(b"HTTP/1.1 100 Continue\r\n\r\n" + OK_HELLO),
    both=ex(Response(200, "OK", body=b"hello")), related=(ONE_XX, "seed:20.10:status-CONTINUE"),
)
make.add(
    "interim-100-continue-expect",
    "POST with Expect: 100-continue: the server reads the head, sends 100, reads the body, "
    "then answers 200",
    ("rfc9112:9110-10.1.1:expect-100-continue",),
    (ExpectRequest(read_body=False), Send(b"HTTP/1.1 100 Continue\r\n\r\n"), ExpectBody(),
     Send(OK_HELLO), Close()),
    requests=(Request(method="POST", url="/upload", body=b"data",
                      headers=(("Expect", "100-continue"),)),),
    both=ex(Response(200, body=b"hello")), related=(INTERIM,),
)
make.add(
    "interim-100-with-fields",
    "100 Continue carrying header fields, then 200",
    (ONE_XX,),
    exchange(b"HTTP/1.1 100 Continue\r\nX-Interim: 1\r\nX-More: 2\r\n\r\n" + OK_HELLO),
    both=ex(Response(200, body=b"hello")), related=(INTERIM,),
)
make.add(
    "interim-100-paused",
    "100 Continue, a pause, then 200",
    (INTERIM,),
    (ExpectRequest(), Send(b"HTTP/1.1 100 Continue\r\n\r\n"), Pause(0.2), Send(OK_HELLO),
     Close()),
    both=ex(Response(200, body=b"hello")),
)
make.add(
    "interim-100-continue-101-times",
    "101 consecutive 100 Continue responses, then 200",
    (INTERIM,),
    exchange(b"HTTP/1.1 100 Continue\r\n\r\n" * 101 + OK_HELLO),
    both=ex(
        Response(200, body=b"hello"),
        also=[Raises("HTTPException", "getresponse")],
        note="RFC 9110 15.2: the client skips the interim responses and reads the final one; "
        "refusing past a bound of 100 (gh-150743) is reasonable too; the unbounded case is "
        "gh-150743-unbounded-interim",
    ), related=("rfc9112:9110-15.2:interim-responses-limited",),
)
make.add(
    "interim-102-processing",
    "102 Processing then 200",
    (INTERIM,),
    exchange(b"HTTP/1.1 102 Processing\r\n\r\n" + OK_HELLO),
    both=ex(Response(200, body=b"hello")), related=(ONE_XX, "seed:20.10:status-PROCESSING"),
)
make.add(
    "interim-103-early-hints",
    "103 Early Hints with a Link field, then 200",
    (INTERIM,),
    exchange(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" + OK_HELLO),
    both=ex(
        Response(200, body=b"hello"),
        note="RFC 9110 15.2: a client parses unexpected 1xx responses and reads the final "
        "one; returning the 103 as the response is a failure",
    ), related=(ONE_XX,),
)
make.add(
    "interim-101-unsolicited",
    "101 Switching Protocols nobody asked for, then non-HTTP bytes and close",
    ("rfc9112:9110-15.2.2:101-switching-protocols",),
    exchange(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: example\r\nConnection: Upgrade"
             b"\r\n\r\n\x00\x01binary"),
    both=ex(
        Response(101, body=b""),
        also=[Raises("HTTPException", "any")],
        note="the connection is no longer HTTP/1.1: deliver the 101 or refuse the unasked "
        "switch; the client must not skip the 101 and parse the next bytes as a response",
    ), related=(ONE_XX,),
)
make.add(
    "close-delimited-http11",
    "HTTP/1.1 200 without Content-Length or chunked: the body runs until close",
    (UNTIL_CLOSE,),
    exchange(b"HTTP/1.1 200 OK\r\n\r\nhello world"),
    both=ex(Response(200, body=b"hello world")),
    related=("rfc9112:9.3:close-delimited-not-persistent",),
)
make.add(
    "close-delimited-http10",
    "HTTP/1.0 200 without Content-Length: the body runs until close",
    (UNTIL_CLOSE,),
    exchange(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello"),
    both=ex(Response(200, version=10, body=b"hello")),
    related=("rfc9112:9.3:http10-close-by-default",),
)
make.add(
    "close-delimited-empty",
    "HTTP/1.1 200, no framing, close straight after the header section",
    (UNTIL_CLOSE,),
    exchange(b"HTTP/1.1 200 OK\r\n\r\n"),
    both=ex(Response(200, body=b"")),
)
make.add(
    "close-delimited-connection-close",
    "Connection: close and a body until close",
    (UNTIL_CLOSE,),
    exchange(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello"),
    both=ex(Response(200, body=b"hello")), related=("rfc9112:9.3:connection-close",),
)
make.add(
    "close-delimited-slow",
    "a close-delimited body in three pieces with pauses",
    (UNTIL_CLOSE,),
    (ExpectRequest(), Send(b"HTTP/1.1 200 OK\r\n\r\n"),
     Send(b"one two three", split=(4, 8), interval=0.1), Close()),
    both=ex(Response(200, body=b"one two three")),
)
make.add(
    "close-delimited-large",
    "a 256 KiB close-delimited body",
    (UNTIL_CLOSE,),
    exchange(b"HTTP/1.1 200 OK\r\n\r\n" + b"0123456789abcdef" * 16384),
    both=ex(Response(200, body=b"0123456789abcdef" * 16384)),
)

CASES = make.cases
