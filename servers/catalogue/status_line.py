"""Status lines, well formed and not (RFC 9112 4; seed 20.10 BadStatusLine).

The seed edition's default non-strict mode reads a response that does not
start with ``HTTP/`` as an HTTP/0.9 simple response (status 200, version 9,
everything as the body); the modern edition dropped HTTP/0.9 and raises
BadStatusLine. A status code must be exactly three digits.
"""

from servers.catalogue._kit import Maker, Raises, Response, ex, exchange, ok
from servers.script import Close, ExpectRequest

make = Maker("status-line")

BAD = Raises("BadStatusLine", "getresponse")
HTTPEXC = Raises("HTTPException", "getresponse")
SYNTAX = "rfc9112:4:status-line-syntax"
DIGITS = "rfc9112:4:status-code-three-digits"
SEED_BAD = "seed:20.10:BadStatusLine-raised"
MODERN_BAD = "modern:exceptions:BadStatusLine"
SEED_STRICT = "seed:20.10:HTTPConnection-strict-default"
HTTP09 = "cpython:HTTPResponse:http09-simple-response"
RANGE = "rfc9112:4:status-code-range"
HELLO = b"Content-Length: 5\r\n\r\nhello"
LIMITS = "rfc9112:9110-2.3:reasonable-limits"
# A TLS 1.2 fatal alert record (protocol_version), as a TLS server answers plain bytes.
TLS_ALERT = b"\x15\x03\x03\x00\x02\x02\x46"


def _code(name: str, status: bytes, what: str) -> None:
    """A code that is not three digits: the status-line is invalid (RFC 9112 4)."""
    make.add(
        name,
        f"status code {what}: not three decimal digits, an invalid status line",
        (DIGITS,),
        exchange(b"HTTP/1.1 " + status + b" OK\r\n" + HELLO),
        both=ex(HTTPEXC, note="BadStatusLine, or any HTTPException: the line is invalid"),
        related=(SEED_BAD, MODERN_BAD),
    )


def _not_understood(name: str, status: bytes, what: str) -> None:
    """A code the client cannot read: the documented BadStatusLine (seed 20.10,
    modern exceptions), exactly."""
    make.add(
        name,
        f"status code {what}: a status code the client cannot understand, BadStatusLine",
        (SEED_BAD, MODERN_BAD),
        exchange(b"HTTP/1.1 " + status + b" OK\r\n" + HELLO),
        both=ex(BAD), related=(DIGITS,),
    )


def _not_http(name: str, line: bytes, what: str) -> None:
    data = line + b"\r\n" + HELLO
    make.add(
        name,
        f"{what}: seed-era CPython reads it as an HTTP/0.9 body, modern raises BadStatusLine",
        (HTTP09, "modern:HTTPResponse:no-http09"),
        exchange(data),
        seed=ex(
            Response(200, version=9, body=data),
            note="what every CPython did with strict false (the seed's default): an "
            "HTTP/0.9 simple response; the seed documents only what strict true does",
        ),
        modern=ex(BAD, note="modern: HTTP/0.9 simple responses are no longer supported"),
        related=(SEED_STRICT, SEED_BAD, "rfc9112:2.3:http-version-syntax"),
    )


make.add(
    "status-http11-ok",
    "HTTP/1.1 200 OK with a Content-Length body",
    ("seed:20.10.2:status", "modern:HTTPResponse:status"),
    exchange(ok()),
    both=ex(Response(200, "OK", 11, b"hello")),
    related=("seed:20.10.2:reason", "seed:20.10.2:version", "modern:HTTPResponse:reason",
             "modern:HTTPResponse:version", SYNTAX),
)
make.add(
    "status-http10-ok",
    "HTTP/1.0 200 OK: version is 10",
    ("seed:20.10.2:version", "modern:HTTPResponse:version"),
    exchange(b"HTTP/1.0 200 OK\r\n" + HELLO),
    both=ex(Response(200, "OK", 10, b"hello")), related=(SYNTAX,),
)
make.add(
    "status-http11-404",
    "HTTP/1.1 404 Not Found with a body (an error status is still a response)",
    ("seed:20.10.2:reason", SYNTAX),
    exchange(b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found"),
    both=ex(Response(404, "Not Found", 11, b"not found")), related=("seed:20.10.2:status",),
)
_not_http("status-http09-simple-response", b"<html>hello</html>", "no status line at all")
_not_http("status-lowercase-http", b"http/1.1 200 OK", "lower-case http/1.1")
_not_http("status-icy", b"ICY 200 OK", "SHOUTcast ICY 200 OK")
make.add(
    "status-http-1-10",
    "HTTP/1.10: two minor digits is not an HTTP/1.x version",
    ("rfc9112:2.3:http-version-syntax",),
    exchange(b"HTTP/1.10 200 OK\r\n" + HELLO),
    both=ex(
        HTTPEXC,
        lenient=Response(200, body=b"hello"),
        note="RFC 9112 2.3: one digit each side of the dot; BadStatusLine or "
        "UnknownProtocol are both HTTPException",
    ), related=(SEED_BAD,),
)
make.add(
    "status-http-1-2",
    "HTTP/1.2: a higher minor version is read as HTTP/1.1",
    ("rfc9112:2.3:higher-minor-version",),
    exchange(b"HTTP/1.2 200 OK\r\n" + HELLO),
    both=ex(Response(200, version=11, body=b"hello")), related=("seed:20.10.2:version",),
)
make.add(
    "status-http-2-0",
    "HTTP/2.0 status line on an HTTP/1.1 connection: CPython raises UnknownProtocol",
    ("cpython:HTTPResponse:UnknownProtocol",),
    exchange(b"HTTP/2.0 200 OK\r\n" + HELLO),
    both=ex(
        Raises("UnknownProtocol", "getresponse"),
        note="neither edition says when UnknownProtocol is raised; every CPython raises it "
        "for an HTTP/ version that is not 1.x (de facto); RFC 9112 2.3 is graded by "
        "status-http-3-0",
    ), related=("rfc9112:2.3:unknown-major-version", "seed:20.10:exception-UnknownProtocol",
                "modern:exceptions:UnknownProtocol"),
)
make.add(
    "status-http-3-0",
    "HTTP/3.0 status line: an unknown major version, not readable as HTTP/1.x",
    ("rfc9112:2.3:unknown-major-version",),
    exchange(b"HTTP/3.0 200 OK\r\n" + HELLO),
    both=ex(HTTPEXC, note="UnknownProtocol or BadStatusLine; reading it as HTTP/1.x fails"),
    related=("seed:20.10:exception-UnknownProtocol", "modern:exceptions:UnknownProtocol"),
)
make.add(
    "status-http-4-2",
    "HTTP/4.2 status line: the modern docs do not say which exception an unknown version "
    "raises; recorded",
    ("modern:exceptions:UnknownProtocol",),
    exchange(b"HTTP/4.2 200 OK\r\n" + HELLO),
    modern=ex(Raises("UnknownProtocol", "getresponse"), also=[HTTPEXC],
              note="recorded (the docs give UnknownProtocol only as a subclass of "
              "HTTPException): which exception, if any"),
    related=("rfc9112:2.3:unknown-major-version", "cpython:HTTPResponse:UnknownProtocol"),
)
make.add(
    "status-no-reason-with-space",
    "HTTP/1.1 200 followed by SP and no reason phrase",
    ("rfc9112:4:reason-phrase-optional",),
    exchange(b"HTTP/1.1 200 \r\n" + HELLO),
    both=ex(Response(200, "", 11, b"hello")), related=("seed:20.10.2:reason",),
)
make.add(
    "status-no-reason-no-space",
    "HTTP/1.1 200 with neither SP nor reason phrase",
    ("rfc9112:4:status-line-whitespace",),
    exchange(b"HTTP/1.1 200\r\n" + HELLO),
    both=ex(
        Response(200, "", 11, b"hello"),
        also=[BAD],
        note="the grammar wants the SP, but RFC 9112 4 lets a recipient parse on "
        "whitespace boundaries; rejecting is allowed too",
    ), related=("rfc9112:4:reason-phrase-optional",),
)
make.add(
    "status-tab-separators",
    "HTTP/1.1<TAB>200<TAB>OK: tabs instead of spaces",
    ("rfc9112:4:status-line-whitespace",),
    exchange(b"HTTP/1.1\t200\tOK\r\n" + HELLO),
    both=ex(
        Response(200, "OK", 11, b"hello"),
        also=[BAD],
        note="RFC 9112 4: a recipient MAY treat any whitespace as SP; rejecting is allowed",
    ), related=(SYNTAX,),
)
make.add(
    "status-reason-inner-spaces",
    "reason phrase with inner and repeated spaces is kept as sent",
    ("seed:20.10.2:reason", "modern:HTTPResponse:reason"),
    exchange(b"HTTP/1.1 404 Not  Found At All\r\n" + HELLO),
    both=ex(Response(404, "Not  Found At All", 11, b"hello")),
)
make.add(
    "status-reason-contradicts-code",
    "HTTP/1.1 404 OK: the code decides, the reason phrase is only informative",
    ("rfc9112:4:reason-phrase-ignored",),
    exchange(b"HTTP/1.1 404 OK\r\n" + HELLO),
    both=ex(Response(404, "OK", 11, b"hello"),
            note="RFC 9112 4: a client SHOULD ignore the reason-phrase content; the status "
            "is 404 whatever the phrase says"),
    related=("seed:20.10.2:status", "modern:HTTPResponse:status"),
)
make.add(
    "status-unknown-code-299",
    "an unregistered 2xx code is still a response",
    ("rfc9112:4:unknown-status-class",),
    exchange(b"HTTP/1.1 299 Whatever\r\n" + HELLO),
    both=ex(Response(299, "Whatever", 11, b"hello")), related=("seed:20.10.2:status",),
)
make.add(
    "status-code-999",
    "status 999: three digits, but outside 100..599 (RFC 9110 15): read as a response "
    "with that code, or refused as invalid",
    (RANGE,),
    exchange(b"HTTP/1.1 999 Odd\r\n" + HELLO),
    both=ex(
        Response(999, "Odd", 11, b"hello"),
        also=[HTTPEXC],
        note="RFC 9110 15: invalid; a client SHOULD process it as a 5xx (the caller gets "
        "the code, never a success) and treating it as invalid is safe",
    ), related=("seed:20.10.2:status", DIGITS),
)
make.add(
    "status-code-099",
    "status 099 (three digits, below 100), no framing, then what looks like a second "
    "response 'HTTP/1.1 200 OK ... hello': 099 is no 1xx to skip",
    (RANGE,),
    exchange(b"HTTP/1.1 099 Odd\r\n\r\n" + b"HTTP/1.1 200 OK\r\n" + HELLO),
    both=ex(
        BAD,
        also=[HTTPEXC, Response(99, body=b"HTTP/1.1 200 OK\r\n" + HELLO)],
        note="RFC 9110 15: outside 100..599 is invalid, to be processed as a 5xx (a final "
        "response whose body runs until close) or refused; skipping it as an interim "
        "response and returning the 200 takes it as success, a failure",
    ), related=(DIGITS, SEED_BAD, MODERN_BAD),
)
_code("status-code-1000", b"1000", "1000 (four digits)")
_code("status-code-plus-200", b"+200", "+200 (a sign)")
_code("status-code-underscore", b"2_00", "2_00 (an underscore)")
_not_understood("status-code-non-numeric", b"abc", "abc (letters)")
_not_understood("status-code-superscript-digit", b"2\xb20", "2\\xb20 (Latin-1 superscript two)")
_code("status-code-two-digits", b"20", "20 (two digits)")
make.add(
    "status-empty-response",
    "server closes without sending a byte: modern RemoteDisconnected, seed BadStatusLine",
    (SEED_BAD, "modern:exceptions:RemoteDisconnected-raised"),
    (ExpectRequest(), Close()),
    seed=ex(BAD),
    modern=ex(
        Raises("RemoteDisconnected", "getresponse"),
        note="RemoteDisconnected is both a BadStatusLine and a ConnectionResetError",
    ), related=("rfc9112:8:incomplete-response",),
)
make.add(
    "status-line-too-long",
    "a 70,000-byte status line: LineTooLong (modern), an HTTPException (seed)",
    ("modern:exceptions:LineTooLong", LIMITS),
    exchange(b"HTTP/1.1 200 " + b"x" * 70000 + b"\r\n" + HELLO),
    seed=ex(
        HTTPEXC,
        note="the seed names no limit; RFC 9110 2.3 asks for one (SHOULD): reading the "
        "whole line is non-strict, a hang or MemoryError fails",
    ),
    modern=ex(Raises("LineTooLong", "getresponse"),
              note="modern: LineTooLong for an excessively long line from the server"),
    related=(SEED_BAD,),
)
make.add(
    "status-tls-alert-on-plain-port",
    "the server answers with a TLS alert record (a TLS-only port): no HTTP message at all",
    ("rfc9112:2.2:invalid-message-rejected",),
    exchange(TLS_ALERT),
    seed=ex(HTTPEXC, also=[Response(200, version=9, body=TLS_ALERT)],
            note="recorded: an HTTPException, or (seed-era strict false) an HTTP/0.9 body"),
    modern=ex(BAD, also=[HTTPEXC], note="recorded: BadStatusLine (modern has no HTTP/0.9)"),
    related=(SEED_BAD, MODERN_BAD),
)
make.add(
    "status-bare-lf",
    "every line ends in a bare LF",
    ("rfc9112:2.2:bare-lf-line-terminator",),
    exchange(b"HTTP/1.1 200 OK\nContent-Length: 5\n\nhello"),
    both=ex(
        Response(200, "OK", 11, b"hello"),
        also=[HTTPEXC],
        note="RFC 9112 2.2: a recipient MAY accept a bare LF; rejecting is allowed",
    ),
)
# RFC 9112 2.2: a bare CR (not followed by LF) makes its element invalid: the
# recipient rejects it or replaces each bare CR with SP before using it. Each
# case carries five bytes past the body (then close), so a client that lost the
# framing reads them too.
BARE_CR = "rfc9112:2.2:bare-cr-invalid"
HELLO_STRAY = b"Content-Length: 5\r\n\r\nhelloSTRAY"
make.add(
    "status-bare-cr-before-code",
    "a bare CR instead of the SP between version and code: 'HTTP/1.1<CR>200 OK'",
    (BARE_CR,),
    exchange(b"HTTP/1.1\r200 OK\r\n" + HELLO_STRAY),
    both=ex(
        Response(200, "OK", 11, b"hello"),
        also=[HTTPEXC],
        note="RFC 9112 2.2: reject the status line, or replace the CR with SP and read "
        "'HTTP/1.1 200 OK'; any other status, version or body (the five bytes past "
        "Content-Length) fails",
    ), related=(SYNTAX, SEED_BAD, MODERN_BAD),
)
make.add(
    "status-bare-cr-in-reason",
    "a bare CR inside the reason phrase: 'HTTP/1.1 200 O<CR>K'",
    (BARE_CR,),
    exchange(b"HTTP/1.1 200 O\rK\r\n" + HELLO_STRAY),
    both=ex(
        Response(200, "O K", 11, b"hello"),
        also=[HTTPEXC],
        note="RFC 9112 2.2: reject the status line, or replace the CR with SP (reason "
        "'O K'); a reason holding the CR ('O\\rK') fails",
    ), related=("seed:20.10.2:reason", "modern:HTTPResponse:reason",
                "rfc9112:4:reason-phrase-ignored"),
)
make.add(
    "status-space-before-version",
    "a space before HTTP/1.1 on the status line",
    (SYNTAX,),
    exchange(b" HTTP/1.1 200 OK\r\n" + HELLO),
    both=ex(
        BAD,
        lenient=Response(200, "OK", 11, b"hello"),
        note="invalid by the grammar; RFC 9112 4 lets a recipient ignore preceding "
        "whitespace, so accepting it is lenient",
    ), related=("rfc9112:4:status-line-whitespace",),
)
make.add(
    "status-leading-empty-line",
    "an empty line (CRLF) before the status line",
    (SYNTAX,),
    exchange(b"\r\nHTTP/1.1 200 OK\r\n" + HELLO),
    both=ex(
        BAD,
        lenient=Response(200, body=b"hello"),
        note="the robustness rule for a leading CRLF binds servers reading requests; "
        "a client may skip it (lenient)",
    ), related=(SEED_BAD,),
)
make.add(
    "status-fragmented-bytewise",
    "a valid response sent one byte per TCP segment",
    (SYNTAX,),
    exchange(ok(), split=1),
    both=ex(Response(200, "OK", 11, b"hello")), related=("rfc9112:2.2:parse-as-octets",),
)
make.add(
    "status-split-in-version",
    "a valid response cut inside HTTP/1.1 and inside the CRLF, with pauses",
    (SYNTAX,),
    exchange(ok(), split=(3, 16, 17), interval=0.05),
    both=ex(Response(200, "OK", 11, b"hello")),
)

CASES = make.cases
