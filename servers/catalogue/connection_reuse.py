"""Persistent connections: when a client may send its next request on the
same connection and when it must open a new one (RFC 9112 9.3, 9.6).

Scripts are built so the outcome shows what the client did: a client that
wrongly reuses a connection the server considers finished meets a server
that never answers (and then closes); a client that wrongly reconnects meets
a second script whose body differs from the one a reused connection gives.
"""

from servers.catalogue._kit import Maker, Raises, Request, Response, Sent, ex
from servers.script import Close, ExpectClose, ExpectNothing, ExpectRequest, Pause, Send

make = Maker("connection-reuse")

PERSIST = "rfc9112:9.3:persistent-by-default"
CLOSE = "rfc9112:9.3:connection-close"
RECONNECT = "rfc9112:9.3:reconnect-after-close"
NO_MORE = "rfc9112:9.6:close-received-no-more-requests"
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


def _close_field(name: str, extra: bytes, what: str, clause: str = NO_MORE) -> None:
    """Response one carries ``extra`` (a Connection field meaning close); the case
    grades ``clause`` and relates to the other."""
    make.add(
        name,
        f"{what} but the server keeps the socket open: the next request needs a new connection",
        (clause,),
        _fresh(_cl(b"one", extra=extra)),
        requests=TWO,
        client_timeout=FRESH_CLIENT_TIMEOUT,
        both=BOTH_OK, related=tuple(c for c in (NO_MORE, CLOSE) if c != clause) + (RECONNECT,),
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
    "a chunked response (last chunk and the empty trailer section) then a Content-Length one "
    "on the same connection: the whole chunked framing is consumed",
    ("rfc9112:6.3:chunked-final",),
    _reused(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n0\r\n\r\n",
            _cl(b"second")),
    requests=TWO,
    both=BOTH_OK, related=(PERSIST,),
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
_close_field("reuse-connection-close-uppercase", b"Connection: CLOSE\r\n", "Connection: CLOSE",
             CLOSE)
_close_field("reuse-connection-close-in-list", b"Connection: keep-alive, close\r\n",
             "Connection: keep-alive, close", CLOSE)
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
    (RECONNECT,),
    (
        (ExpectRequest(), Send(_cl(b"one", extra=b"Connection: close\r\n")), Close()),
        (ExpectRequest(), Send(_cl(b"second")), ExpectClose(3.0)),
    ),
    requests=TWO,
    both=BOTH_OK, related=(CLOSE,),
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
    "a keep-alive response, then the server closes the idle connection; request two meets "
    "the dead connection, request three comes after",
    ("rfc9112:9.3.1:recover-async-close", "modern:HTTPConnection:getresponse-reconnect"),
    (
        (ExpectRequest(), Send(_cl(b"one")), Pause(0.1), Close()),
        # Every request on the new connection is answered 'fresh': a client that
        # retried request two itself sends request three here too.
        (ExpectRequest(), Send(_cl(b"fresh")), ExpectRequest(optional=True), Send(_cl(b"fresh")),
         ExpectClose(3.0)),
    ),
    requests=(Request(url="/one"), Request(url="/two"), Request(url="/three")),
    seed=ex(
        (Response(200, body=b"one"), Raises("HTTPException", "any"), Response(200, body=b"fresh")),
        also=[(Response(200, body=b"one"), Raises("OSError", "any"), Response(200, body=b"fresh")),
              (Response(200, body=b"one"), Response(200, body=b"fresh"),
               Response(200, body=b"fresh"))],
        note="recorded (RFC 9112 9.3.1 has no keyword): an error for request two and a new "
        "connection for request three, or the idempotent GET retried on a new connection",
    ),
    modern=ex(
        (Response(200, body=b"one"), Raises("ConnectionError", "any"),
         Response(200, body=b"fresh")),
        also=[(Response(200, body=b"one"), Response(200, body=b"fresh"),
               Response(200, body=b"fresh"))],
        note="modern: after getresponse() raises ConnectionError (RemoteDisconnected) the "
        "connection reconnects for the next request; retrying the idempotent GET itself "
        "(RFC 9112 9.3.1) conforms too; request three failing does not",
    ), related=("rfc9112:9.6:connection-reset", "modern:exceptions:RemoteDisconnected-raised",
                "rfc9112:9.3.1:no-retry-non-idempotent"),
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
# Answers each request as it is read: a pipelining client finds request two
# already buffered; a client that waits is not kept waiting. Request two is
# optional: a client may refuse to send it.
PIPELINED = (ExpectRequest(), Send(_cl(b"one")), ExpectRequest(3.0, optional=True),
             Send(_cl(b"two")), ExpectClose(3.0))
make.add(
    "reuse-pipelined",
    "driver 'pipeline': request two is made before response one is read: CPython refuses it "
    "with CannotSendRequest",
    ("seed:20.10.1:getresponse-read-whole-response", "cpython:HTTPConnection:CannotSendRequest"),
    PIPELINED,
    requests=TWO,
    driver="pipeline",
    both=ex(
        (Response(200, body=b"one"), Raises("CannotSendRequest", "request")),
        note="the seed tells the caller to read the whole response first (recorded); every "
        "CPython raises CannotSendRequest while a request is under way (de facto); a client "
        "that pipelines is graded by reuse-pipelined-in-order",
    ), related=("rfc9112:9.3.2:pipelining", "modern:HTTPConnection:state-errors"),
)
make.add(
    "reuse-pipelined-in-order",
    "driver 'pipeline': two requests sent before any response; the answers come back in "
    "request order",
    ("rfc9112:9.3.2:pipelining",),
    PIPELINED,
    requests=TWO,
    driver="pipeline",
    both=ex(
        (Response(200, body=b"one"), Response(200, body=b"two")),
        note="RFC 9112 9.3.2: a client MAY pipeline; one that does reads the responses in "
        "order; refusing request two is not pipelining (recorded, MAY)",
    ), related=("rfc9112:9.2:response-order",),
)
THREE = (Request(url="/one"), Request(url="/two"), Request(url="/three"))
FAILED = Raises("HTTPException", "any")
make.add(
    "reuse-no-pipeline-after-reconnect",
    "driver 'pipeline': three requests made before any response; the server answers the "
    "first and closes: a client that pipelined retries two and three on a new connection, "
    "one at a time",
    ("rfc9112:9.3.2:no-pipeline-after-reconnect",),
    (
        (ExpectRequest(), Send(_cl(b"one")), Close()),
        # the retried request two, then nothing until its response (ExpectNothing)
        (ExpectRequest(), ExpectNothing(0.3), Send(_cl(b"two")), ExpectRequest(optional=True),
         Send(_cl(b"three")), ExpectClose(3.0)),
    ),
    requests=THREE,
    driver="pipeline",
    both=ex(
        (Response(200, body=b"one"), Raises("ImproperConnectionState", "request"),
         Raises("ImproperConnectionState", "request")),
        also=[(Response(200, body=b"one"), Response(200, body=b"two"),
               Response(200, body=b"three")),
              (Response(200, body=b"one"), FAILED, FAILED),
              (Response(200, body=b"one"), Raises("OSError", "any"), Raises("OSError", "any"))],
        note="RFC 9112 9.3.2: after the connection failed under pipelined requests, the "
        "retry on the new connection waits for each response; a client that does not "
        "pipeline (CannotSendRequest) or does not retry is not concerned; the server "
        "reports a request two followed at once by request three",
    ), related=("rfc9112:9.3.2:pipelining", "rfc9112:9.3.1:recover-async-close"),
)
make.add(
    "reuse-te-and-cl",
    "response one has both Transfer-Encoding: chunked and Content-Length (a smuggling "
    "sign); the server would answer request two on that connection too",
    ("rfc9112:6.3:te-and-cl-close",),
    (
        (ExpectRequest(),
         Send(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
              b"3\r\none\r\n0\r\n\r\n"),
         ExpectRequest(optional=True), Send(_cl(b"reused")), ExpectClose(3.0)),
        (ExpectRequest(), Send(_cl(b"second")), ExpectClose(3.0)),
    ),
    requests=TWO,
    both=ex(
        (Response(200, body=b"one"), Response(200, body=b"second")),
        also=[(Raises("HTTPException", "any"), Response(200, body=b"second"))],
        note="recorded (RFC 9112 6.3: such a message ought to be handled as an error, no "
        "keyword): closing the connection after it, or refusing it; 'reused' shows the "
        "client kept the connection",
    ), related=("rfc9112:6.3:te-overrides-cl",),
)
make.add(
    "reuse-unread-body",
    "driver 'unread-body': request two is made with response one's body unread; the server "
    "answers 'reused' on that connection and 'fresh' on a new one",
    ("rfc9112:9.3:read-whole-body-before-reuse",),
    (
        (ExpectRequest(), Send(_cl(b"the first body, never read")),
         ExpectRequest(optional=True), Send(_cl(b"reused")), ExpectClose(3.0)),
        (ExpectRequest(), Send(_cl(b"fresh")), ExpectClose(3.0)),
    ),
    requests=TWO,
    driver="unread-body",
    both=ex(
        (Response(200), Response(200, body=b"reused")),
        also=[(Response(200), Response(200, body=b"fresh")),
              (Response(200), Raises("ImproperConnectionState", "any"))],
        note="RFC 9112 9.3: read (or discard) the rest of body one before reusing the "
        "connection, or open a new one, or refuse (CannotSendRequest, ResponseNotReady); "
        "reading body one's leftovers as response two fails",
    ), related=("seed:20.10.1:getresponse-read-whole-response",
                "cpython:HTTPConnection:ResponseNotReady"),
)
make.add(
    "reuse-close-if-not-persistent",
    "two requests; the server keeps the connection open and would answer both on it",
    ("rfc9112:9.3:close-if-not-persistent",),
    (
        (ExpectRequest(), Send(_cl(b"one")), ExpectRequest(optional=True), Send(_cl(b"second")),
         ExpectClose(3.0)),
        (ExpectRequest(), Send(_cl(b"second")), ExpectClose(3.0)),
    ),
    requests=TWO,
    both=ex(
        BOTH_OK.outcomes,
        note="RFC 9112 9.3: a client that does not keep connections (one connection per "
        "request here) sends 'Connection: close' in every request; a persistent client "
        "is not concerned",
        sent=Sent(close_unless_kept=True),
    ),
)

CASES = make.cases
