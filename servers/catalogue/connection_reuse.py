"""Persistent connections: when a client may send its next request on the
same connection and when it must open a new one (RFC 9112 9.3, 9.6).

Scripts are built so the outcome shows what the client did: a client that
wrongly reuses a connection the server considers finished meets a server
that never answers (and then closes); a client that wrongly reconnects meets
a second script whose body differs from the one a reused connection gives.
"""

from servers.catalogue._kit import Maker, Raises, Request, Response, ex
from servers.script import Close, ExpectClose, ExpectRequest, Pause, Send

make = Maker("connection-reuse")

PERSIST = "rfc9112:9.3:persistent-by-default"
CLOSE = "rfc9112:9.3:connection-close"
RECONNECT = "rfc9112:9.3:reconnect-after-close"
TWO = (Request(url="/one"), Request(url="/two"))


def _cl(body: bytes, version: bytes = b"1.1", status: bytes = b"200 OK", extra: bytes = b""):
    return b"HTTP/%s %s\r\n%sContent-Length: %d\r\n\r\n%s" % (
        version, status, extra, len(body), body)


def _reused(first: bytes, second: bytes):
    """Both answers on one connection; a reconnecting client meets
    'reconnected' instead of the second body."""
    return (
        (ExpectRequest(), Send(first), ExpectRequest(), Send(second), ExpectClose(3.0)),
        (ExpectRequest(), Send(_cl(b"reconnected")), ExpectClose(3.0)),
    )


# The client timeout of the cases built with ``_fresh``, and how long their
# first connection waits for the client to close. A client that wrongly sends
# request two on that connection is never answered: it must time out (its own
# timeout), and the server's wait must outlast that timeout by far, or which of
# the two gives up first (TimeoutError or RemoteDisconnected) depends on timing.
# (5 s is the longest a step may wait; 4 s of margin.)
FRESH_CLIENT_TIMEOUT = 1.0
FRESH_WAIT_CLOSE = 5.0


def _fresh(first: bytes, second: bytes = b""):
    """The first connection must end after ``first``: its script waits for
    the client to close and never answers again; the second answers. Give
    the case ``client_timeout=FRESH_CLIENT_TIMEOUT``."""
    return (
        (ExpectRequest(), Send(first), ExpectClose(FRESH_WAIT_CLOSE)),
        (ExpectRequest(), Send(second or _cl(b"second")), ExpectClose(3.0)),
    )


BOTH_OK = ex((Response(200, body=b"one"), Response(200, body=b"second")))


def _close_field(name: str, extra: bytes, what: str) -> None:
    """Response one carries ``extra`` (a Connection field meaning close)."""
    make.add(
        name,
        f"{what} but the server keeps the socket open: the next request needs a new connection",
        ("rfc9112:9.6:close-received-no-more-requests",),
        _fresh(_cl(b"one", extra=extra)),
        requests=TWO,
        client_timeout=FRESH_CLIENT_TIMEOUT,
        both=BOTH_OK, related=(CLOSE, RECONNECT),
    )


make.add(
    "reuse-get-then-404",
    "the seed's example: GET /index.html (200) then GET /parrot.spam (404) on one connection",
    ("seed:20.10.3:example-get", PERSIST),
    _reused(_cl(b"index", status=b"200 OK"), _cl(b"no parrot", status=b"404 Not Found")),
    requests=(Request(url="/index.html"), Request(url="/parrot.spam")),
    both=ex((Response(200, "OK", 11, b"index"), Response(404, "Not Found", 11, b"no parrot"))),
    related=("seed:20.10.1:getresponse-read-whole-response",),
)
make.add(
    "reuse-three-requests",
    "three requests answered on one keep-alive connection",
    ("rfc9112:9.2:response-order",),
    (
        (ExpectRequest(), Send(_cl(b"a")), ExpectRequest(), Send(_cl(b"b")), ExpectRequest(),
         Send(_cl(b"c")), ExpectClose(3.0)),
        (ExpectRequest(), Send(_cl(b"reconnected")), ExpectClose(3.0)),
    ),
    requests=(Request(url="/a"), Request(url="/b"), Request(url="/c")),
    both=ex((Response(200, body=b"a"), Response(200, body=b"b"), Response(200, body=b"c"))),
    related=(PERSIST,),
)
make.add(
    "reuse-chunked-then-length",
    "a chunked response then a Content-Length one on the same connection",
    (PERSIST,),
    _reused(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n0\r\n\r\n",
            _cl(b"second")),
    requests=TWO,
    both=BOTH_OK, related=("rfc9112:6.3:chunked-final",),
)
make.add(
    "reuse-empty-body-then-second",
    "Content-Length: 0 then a second request on the same connection",
    (PERSIST,),
    _reused(_cl(b""), _cl(b"second")),
    requests=TWO,
    both=ex((Response(200, body=b""), Response(200, body=b"second"))),
    related=("rfc9112:6.3:content-length-valid",),
)
make.add(
    "reuse-connection-x-closed-y",
    "Connection: x-closed-y is not 'close': the connection is reused",
    ("rfc9112:9.3:connection-option-token",),
    _reused(_cl(b"one", extra=b"Connection: x-closed-y\r\n"), _cl(b"second")),
    requests=TWO,
    both=BOTH_OK, related=(PERSIST,),
)
make.add(
    "reuse-connection-closed-token",
    "Connection: closed is not 'close': the connection is reused",
    ("rfc9112:9.3:connection-option-token",),
    _reused(_cl(b"one", extra=b"Connection: closed\r\n"), _cl(b"second")),
    requests=TWO,
    both=BOTH_OK, related=(PERSIST,),
)
make.add(
    "reuse-http10-keep-alive",
    "HTTP/1.0 with Connection: keep-alive: the client may reuse the connection",
    ("rfc9112:9.3:http10-keep-alive",),
    (
        (ExpectRequest(), Send(_cl(b"one", b"1.0", extra=b"Connection: keep-alive\r\n")),
         # a client that does not keep HTTP/1.0 connections (allowed) closes instead
         ExpectRequest(optional=True),
         Send(_cl(b"second", b"1.0", extra=b"Connection: keep-alive\r\n")), ExpectClose(3.0)),
        (ExpectRequest(), Send(_cl(b"second", b"1.0")), ExpectClose(3.0)),
    ),
    requests=TWO,
    both=ex(
        (Response(200, version=10, body=b"one"), Response(200, version=10, body=b"second")),
        note="reusing or reconnecting both conform (MAY); the transcripts show which",
    ),
)
_close_field("reuse-connection-close", b"Connection: close\r\n", "Connection: close")
_close_field("reuse-connection-close-uppercase", b"Connection: CLOSE\r\n", "Connection: CLOSE")
_close_field("reuse-connection-close-in-list", b"Connection: keep-alive, close\r\n",
             "Connection: keep-alive, close")
_close_field("reuse-connection-close-second-field",
             b"Connection: keep-alive\r\nConnection: close\r\n",
             "two Connection fields, the second 'close'")
make.add(
    "reuse-http10-no-keep-alive",
    "HTTP/1.0 without keep-alive, socket left open: the next request needs a new connection",
    ("rfc9112:9.3:http10-close-by-default",),
    _fresh(_cl(b"one", b"1.0")),
    requests=TWO,
    client_timeout=FRESH_CLIENT_TIMEOUT,
    both=ex((Response(200, version=10, body=b"one"), Response(200, body=b"second"))),
    related=(RECONNECT,),
)
make.add(
    "reuse-client-sent-close",
    "the client sends Connection: close itself: it must not reuse the connection",
    ("rfc9112:9.6:close-sent-no-more-requests",),
    _fresh(_cl(b"one")),
    requests=(Request(url="/one", headers=(("Connection", "close"),)), Request(url="/two")),
    client_timeout=FRESH_CLIENT_TIMEOUT,
    both=BOTH_OK, related=(RECONNECT,),
)
make.add(
    "reuse-close-then-reconnect",
    "Connection: close and the server closes: the next request opens a new connection",
    (CLOSE,),
    (
        (ExpectRequest(), Send(_cl(b"one", extra=b"Connection: close\r\n")), Close()),
        (ExpectRequest(), Send(_cl(b"second")), ExpectClose(3.0)),
    ),
    requests=TWO,
    both=BOTH_OK, related=(RECONNECT,),
)
make.add(
    "reuse-close-delimited-then-reconnect",
    "a close-delimited body, then a second request on a new connection",
    ("rfc9112:9.3:close-delimited-not-persistent",),
    (
        (ExpectRequest(), Send(b"HTTP/1.1 200 OK\r\n\r\none"), Close()),
        (ExpectRequest(), Send(_cl(b"second")), ExpectClose(3.0)),
    ),
    requests=TWO,
    both=BOTH_OK, related=(RECONNECT,),
)
make.add(
    "reuse-server-closes-idle",
    "a keep-alive response, then the server closes the idle connection before request two",
    ("modern:HTTPConnection:getresponse-reconnect", "rfc9112:9.3.1:recover-async-close"),
    (
        (ExpectRequest(), Send(_cl(b"one")), Pause(0.1), Close()),
        (ExpectRequest(), Send(_cl(b"second")), ExpectClose(3.0)),
    ),
    requests=TWO,
    seed=ex(
        (Response(200, body=b"one"), Raises("HTTPException", "any")),
        also=[(Response(200, body=b"one"), Raises("OSError", "any"))],
        note="the seed names no exception for a dead keep-alive connection: an "
        "HTTPException or a connection error",
    ),
    modern=ex(
        (Response(200, body=b"one"), Raises("ConnectionError", "any")),
        lenient=(Response(200, body=b"one"), Response(200, body=b"second")),
        note="modern documents RemoteDisconnected (a ConnectionResetError) so the caller "
        "can retry; a client that retries the idempotent GET itself is lenient",
    ), related=("rfc9112:9.6:connection-reset", "modern:exceptions:RemoteDisconnected-raised"),
)
make.add(
    "reuse-unsolicited-extra-response",
    "after request one the server sends two responses; the extra one is not request two's",
    ("rfc9112:9.2:unsolicited-data",),
    (
        # A conforming client abandons this connection (optional request two).
        (ExpectRequest(), Send(_cl(b"one") + _cl(b"stale")), ExpectRequest(2.0, optional=True),
         Send(_cl(b"third")), ExpectClose(2.0)),
        (ExpectRequest(), Send(_cl(b"second")), ExpectClose(3.0)),
    ),
    requests=TWO,
    both=ex(
        (Response(200, body=b"one"), Response(200, body=b"second")),
        also=[(Response(200, body=b"one"), Raises("HTTPException", "any"))],
        note="RFC 9112 9.2: data without an outstanding request is no valid response and "
        "the connection is unusable: a new connection, or an error for request two; "
        "reading 'stale' as the answer to request two is a failure",
    ), related=("rfc9112:6.3:extra-data-not-a-response",),
)
make.add(
    "reuse-pipelined",
    "driver 'pipeline': two requests sent before any response; answers come in order",
    ("seed:20.10.1:getresponse-read-whole-response", "modern:HTTPConnection:state-errors"),
    # Answers each request as it is read: a pipelining client finds request
    # two already buffered; a client that waits is not kept waiting.
    # Request two is optional: a conforming client refuses to send it.
    (ExpectRequest(), Send(_cl(b"one")), ExpectRequest(3.0, optional=True), Send(_cl(b"two")),
     ExpectClose(3.0)),
    requests=TWO,
    driver="pipeline",
    both=ex(
        (Response(200, body=b"one"), Raises("CannotSendRequest", "request")),
        lenient=(Response(200, body=b"one"), Response(200, body=b"two")),
        note="both editions say the whole response must be read before a new request: "
        "CannotSendRequest; a client that pipelines correctly is lenient",
    ), related=("rfc9112:9.3.2:pipelining", "rfc9112:9.2:response-order"),
)

CASES = make.cases
