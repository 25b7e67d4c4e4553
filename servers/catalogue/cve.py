"""Known vulnerabilities of http.client implementations, one case each
(or a few variants). Each description says what a safe client does and what
a vulnerable one does.

Injection cases are capturing servers with a special driver: the check
passes the hostile value (in ``requests`` or ``params``) and passes when the
client raises before sending; if the client sends anyway, the injected bytes
are in the transcript (the strict request parser usually also reports the
request as malformed in ``srv.errors``).

Both editions carry the safe expectation: the seed predates these fixes and
documents no validation, so a seed-era client that sends the bytes is graded
as vulnerable, which is the point.
"""

from typing import Tuple

from servers.catalogue._kit import Maker, Raises, Request, ex, exchange, ok
from servers.script import Close, ExpectRequest, Send, Stall

make = Maker("cve")

# A safe client refuses before sending: the request is optional.
CAPTURE = exchange(ok(), optional=True)
VALUE_ERROR = Raises("ValueError", "request")
INVALID_URL = Raises("InvalidURL", "request")
INJECTED = "X-Injected: 1"
LIMITS = "rfc9112:9110-2.3:reasonable-limits"
HEADER_INVALID = "cpython:HTTPConnection:header-invalid"
URL_CC = "cpython:HTTPConnection:url-control-characters"
METHOD_CC = "cpython:HTTPConnection:method-control-characters"
# The "endless" scenarios send this much, then stall. A safe client stops at its
# bound and closes with data unread, which resets the connection: that must find
# the server's send finished, or the server reports an error in some runs and not
# in others. A send of 256 KiB fits in the loopback socket's send buffer and is
# done in one system call; 1 MiB sends were cut by the reset in some runs.
ENDLESS = 256 << 10


def _inject(name, description, clauses, request, driver, outcome, other, params=(),
            related=()):
    """An injection case grading the RFC clause that forbids sending the value:
    ``outcome`` is CPython's refusal, ``other`` (or None) another documented
    exception that refuses just as safely (any ValueError or HTTPException raised
    before sending is a refusal; which one is CPython's de-facto clause, related)."""
    also = [o for o in (other, Raises("ValueError", "request"),
                        Raises("HTTPException", "request")) if o is not None and o != outcome]
    make.add(
        name,
        description,
        tuple(clauses),
        CAPTURE,
        requests=(request,),
        driver=driver,
        params=params,
        related=tuple(related) + ("modern:HTTPConnection:request-control-characters",),
        both=ex(
            outcome,
            also=also,
            note="safe: raises before any byte is sent; vulnerable: the server captures a "
            f"line '{INJECTED}' the caller never meant to send",
        ),
    )


_inject(
    "cve-2016-5699-header-value-crlf",
    "CVE-2016-5699: CR LF in a header value; safe: ValueError, vulnerable: sends an extra "
    "header line",
    ("rfc9112:5:field-value-crlf-nul",),
    Request(headers=(("X-Test", "v\r\n" + INJECTED),)),
    "inject-header",
    VALUE_ERROR,
    None, related=(HEADER_INVALID, "seed:20.10.1:putheader-line"),
)
_inject(
    "cve-2016-5699-header-value-lf",
    "CVE-2016-5699: a bare LF in a header value; safe: ValueError",
    ("rfc9112:5:field-value-crlf-nul",),
    Request(headers=(("X-Test", "v\n" + INJECTED),)),
    "inject-header",
    VALUE_ERROR,
    None, related=(HEADER_INVALID,),
)
_inject(
    "cve-2016-5699-header-name-crlf",
    "CVE-2016-5699: CR LF in a header name; safe: ValueError",
    ("rfc9112:5:field-name-token",),
    Request(headers=(("X-Test\r\n" + INJECTED + "\r\nX-End", "v"),)),
    "inject-header",
    VALUE_ERROR,
    None, related=(HEADER_INVALID,),
)
_inject(
    "cve-2019-9740-url-query-crlf",
    "CVE-2019-9740: CR LF in the query of the URL; safe: InvalidURL, vulnerable: injects a "
    "header",
    ("rfc9112:3.2:request-target-no-whitespace",),
    Request(url="/?q=a HTTP/1.1\r\n" + INJECTED + "\r\nX-End: x"),
    "inject-url",
    INVALID_URL,
    VALUE_ERROR, related=(URL_CC,),
)
_inject(
    "cve-2019-9947-url-path-crlf",
    "CVE-2019-9947: CR LF in the path of the URL; safe: InvalidURL",
    ("rfc9112:3.2:request-target-no-whitespace",),
    Request(url="/path\r\n" + INJECTED + "\r\nX-End: x"),
    "inject-url",
    INVALID_URL,
    VALUE_ERROR, related=(URL_CC,),
)
_inject(
    "cve-2019-9947-url-space",
    "a space in the URL (it would split the request line); safe: InvalidURL",
    ("rfc9112:3:request-line-syntax",),
    Request(url="/a b"),
    "inject-url",
    INVALID_URL,
    VALUE_ERROR, related=("rfc9112:3.2:request-target-no-whitespace", URL_CC),
)
_inject(
    "cve-2019-9947-url-nul",
    "a NUL byte in the URL; safe: InvalidURL",
    ("rfc9112:3.2:request-target-no-whitespace",),
    Request(url="/a\x00b"),
    "inject-url",
    INVALID_URL,
    VALUE_ERROR, related=(URL_CC,),
)
_inject(
    "cve-2019-18348-host-crlf",
    "CVE-2019-18348: CR LF in the host given to HTTPConnection; safe: InvalidURL before "
    "sending, vulnerable: a Host line plus an injected header",
    ("rfc9112:3.2:host-no-control-characters",),
    Request(),
    "inject-host",
    Raises("InvalidURL", "any"),
    Raises("ValueError", "any"),
    params=(("host", "127.0.0.1\r\n" + INJECTED + "\r\nX-End: x"),),
)
_inject(
    "cve-2020-26116-method-crlf",
    "CVE-2020-26116: CR LF in the method; safe: ValueError, vulnerable: injects a header",
    ("rfc9112:3.1:method-token",),
    Request(method="GET / HTTP/1.1\r\n" + INJECTED + "\r\nX-End:"),
    "inject-method",
    VALUE_ERROR,
    None, related=(METHOD_CC,),
)
_inject(
    "cve-2020-26116-method-space",
    "a space in the method; safe: ValueError",
    ("rfc9112:3.1:method-token",),
    Request(method="GET X"),
    "inject-method",
    VALUE_ERROR,
    None, related=(METHOD_CC,),
)


def _cpython(name: str, what: str, clause: str, request: Request, driver: str,
             outcome: Raises) -> None:
    """The exception CPython raises for a control character (de facto: neither
    edition names one); the RFC refusal itself is graded by the cve cases."""
    make.add(
        name,
        f"{what}: every CPython refuses it before sending, with {outcome.error}",
        (clause,),
        CAPTURE,
        requests=(request,),
        driver=driver,
        both=ex(outcome, note=f"de facto: {outcome.error}, raised by request() before any "
                "byte is sent; another refusal is unlike CPython, sending it is worse"),
        related=("modern:HTTPConnection:request-control-characters",),
    )


_cpython("cpython-url-control-character-invalidurl", "a TAB in the url", URL_CC,
         Request(url="/a\tb"), "inject-url", INVALID_URL)
_cpython("cpython-method-control-character-valueerror", "a NUL in the method", METHOD_CC,
         Request(method="GE\x00T"), "inject-method", VALUE_ERROR)
_cpython("cpython-header-value-lf-valueerror", "an LF not followed by SP or HTAB in a header "
         "value", HEADER_INVALID, Request(headers=(("X-Test", "v\nw"),)), "inject-header",
         VALUE_ERROR)


def _tunnel(name: str, what: str, clause: str, params: Tuple[Tuple[str, str], ...]) -> None:
    """gh-146211: a set_tunnel value holding CR LF; ``params`` go to the driver; the
    case grades the RFC ``clause`` that forbids sending it (the docs are silent)."""
    make.add(
        name,
        f"gh-146211: {what}; this server is the capturing proxy; safe: ValueError before the "
        "CONNECT is sent, vulnerable: the CONNECT carries the injected line",
        (clause,),
        (
            ExpectRequest(),
            Send(b"HTTP/1.1 200 Connection established\r\n\r\n"),
            ExpectRequest(),
            Send(ok()),
            Close(),
        ),
        driver="inject-tunnel",
        params=params,
        # The seed documents no set_tunnel, so it grades nothing here.
        modern=ex(VALUE_ERROR, also=[Raises("HTTPException", "request")],
                  note="RFC 9112 3.2 / RFC 9110 5.5 forbid sending the bytes whatever the docs "
                  "say (they are silent; CPython refuses only from gh-146211)"),
        related=("modern:HTTPConnection:set_tunnel-control-characters",
                 "modern:HTTPConnection:set_tunnel", "rfc9112:3.2.3:authority-form-connect"),
    )


make.add(
    "cve-2021-3737-continue-header-flood",
    "CVE-2021-3737: a 100 Continue with 10,000 header lines, then 200; safe: HTTPException "
    "after 100 lines, vulnerable: reads them all",
    (LIMITS,),
    exchange(b"HTTP/1.1 100 Continue\r\n" + b"X-Flood: y\r\n" * 10000 + b"\r\n"
             + ok()),
    both=ex(Raises("HTTPException", "getresponse"), note="returning the 200 means no bound"),
    related=("rfc9112:9110-15.2:interim-responses", "modern:exceptions:too-many-headers"),
)
make.add(
    "cve-2021-3737-continue-endless",
    "CVE-2021-3737: a 100 Continue whose header lines never end (256 KiB, then a stall); "
    "safe: HTTPException, vulnerable: keeps reading until its timeout",
    (LIMITS,),
    (ExpectRequest(), Send(b"HTTP/1.1 100 Continue\r\n" + b"X-Flood: y\r\n" * (ENDLESS // 12)),
     Stall(3.0), Close()),
    client_timeout=2.0,
    both=ex(Raises("HTTPException", "getresponse"), note="a timeout (OSError) means no bound"),
)
make.add(
    "cve-2025-13836-huge-content-length",
    "CVE-2025-13836: Content-Length 2**62 with five bytes then close; safe: IncompleteRead, "
    "vulnerable: allocates the announced size (MemoryError)",
    ("rfc9112:6.3:content-length-large-numbers",),
    exchange(b"HTTP/1.1 200 OK\r\nContent-Length: 4611686018427387904\r\n\r\nhello"),
    both=ex(Raises("IncompleteRead", "read")), related=(LIMITS,),
)
make.add(
    "cve-2025-13836-huge-chunk-size",
    "CVE-2025-13836: chunk size 3FFFFFFFFFFFFFFF with five bytes then close; safe: "
    "IncompleteRead, vulnerable: allocates the chunk",
    ("rfc9112:7.1:chunk-size-overflow",),
    exchange(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3FFFFFFFFFFFFFFF\r\nhello"),
    both=ex(Raises("IncompleteRead", "read"), also=[Raises("HTTPException", "read")]),
    related=(LIMITS,),
)
make.add(
    "cve-2025-13836-huge-length-read-amt",
    "driver 'read-amt': Content-Length 2**40, read(2**40) with a 64 KiB body then close; "
    "safe: IncompleteRead without a 1 TiB buffer",
    ("seed:20.10.2:read-amt", "rfc9112:6.3:content-length-large-numbers"),
    exchange(b"HTTP/1.1 200 OK\r\nContent-Length: 1099511627776\r\n\r\n" + b"z" * 65536),
    driver="read-amt",
    params=(("amt", str(1 << 40)),),
    both=ex(Raises("IncompleteRead", "read")),
)
_tunnel("gh-146211-tunnel-host-crlf", "CR LF in the set_tunnel host",
        "rfc9112:3.2:host-no-control-characters",
        (("tunnel_host", "example.com\r\n" + INJECTED),))
_tunnel("gh-146211-tunnel-header-crlf", "CR LF in a set_tunnel header value",
        "rfc9112:5:field-value-crlf-nul",
        (("tunnel_host", "example.com"), ("tunnel_header", "X-Proxy: v\r\n" + INJECTED)))
make.add(
    "gh-150743-unbounded-trailers",
    "gh-150743: a chunked body followed by 10,000 trailer lines; safe: HTTPException, "
    "vulnerable: reads every line",
    (LIMITS,),
    exchange(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n"
             + b"X-T: v\r\n" * 10000 + b"\r\n"),
    both=ex(Raises("HTTPException", "read"), note="returning 'hello' means no bound"),
    related=("rfc9112:7.1.2:trailer-section",),
)
make.add(
    "gh-150743-endless-trailers",
    "gh-150743: trailer lines that never end (256 KiB, then a stall); safe: HTTPException, "
    "vulnerable: reads until its timeout",
    (LIMITS,),
    (ExpectRequest(),
     Send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n"
          + b"X-T: v\r\n" * (ENDLESS // 8)),
     Stall(3.0), Close()),
    client_timeout=2.0,
    both=ex(Raises("HTTPException", "read")), related=("rfc9112:7.1.2:trailer-section",),
)
make.add(
    "gh-150743-unbounded-interim",
    "gh-150743: 10,000 interim 100 Continue responses, then 200; safe: HTTPException, "
    "vulnerable: skips them all",
    ("rfc9112:9110-15.2:interim-responses-limited",),
    exchange(b"HTTP/1.1 100 Continue\r\n\r\n" * 10000 + ok()),
    both=ex(Raises("HTTPException", "getresponse"),
            note="10,000 is far past any sensible bound (RFC 9110 2.3, SHOULD): skipping them "
            "all is non-strict"), related=(LIMITS,),
)
make.add(
    "gh-150743-endless-interim",
    "gh-150743: 103 Early Hints responses that never end (256 KiB, then a stall); safe: "
    "HTTPException, vulnerable: reads until its timeout",
    ("rfc9112:9110-15.2:interim-responses-limited",),
    (ExpectRequest(), Send(b"HTTP/1.1 103 Early Hints\r\n\r\n" * (ENDLESS // 28)), Stall(3.0),
     Close()),
    client_timeout=2.0,
    both=ex(Raises("HTTPException", "getresponse")), related=(LIMITS,),
)

CASES = make.cases
