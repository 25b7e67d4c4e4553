"""Content-Length framing, valid and not (RFC 9112 6.2, 6.3; RFC 9110 8.6).

An invalid Content-Length without Transfer-Encoding is an unrecoverable
framing error (RFC 9112 6.3): the client raises instead of guessing a body.
"""

from servers.catalogue._kit import Maker, Raises, Response, ex, exchange
from servers.script import Close, ExpectRequest, Pause, Reset, Send

make = Maker("content-length")

INVALID = "rfc9112:6.3:invalid-content-length"
VALID = "rfc9112:6.3:content-length-valid"
INCOMPLETE = "rfc9112:6.3:content-length-incomplete"
SEED_INCOMPLETE = "seed:20.10:exception-IncompleteRead"
MODERN_INCOMPLETE = "modern:exceptions:IncompleteRead-partial"
ANY = Raises("HTTPException", "any")


def _cl(value: bytes, body: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: " + value + b"\r\n\r\n" + body


def _invalid(name: str, value: bytes, what: str) -> None:
    make.add(
        name,
        f"Content-Length: {value.decode('latin-1')} ({what}), body 'helloXX', close: "
        "a framing error",
        (INVALID,),
        exchange(_cl(value, b"helloXX")),
        both=ex(
            ANY,
            note="RFC 9112 6.3: an invalid Content-Length is unrecoverable; reading to close "
            "or parsing it leniently (a vulnerable client) delivers a guessed body",
        ), related=("seed:20.10:exception-HTTPException",),
    )


make.add(
    "cl-exact",
    "Content-Length: 5 and exactly five bytes",
    ("seed:20.10.2:read", "modern:HTTPResponse:read"),
    exchange(_cl(b"5", b"hello")),
    both=ex(Response(200, body=b"hello", headers=(("Content-Length", "5"),))), related=(VALID,),
)
make.add(
    "cl-zero",
    "Content-Length: 0, an empty body",
    (VALID,),
    exchange(_cl(b"0", b"")),
    both=ex(Response(200, body=b"")), related=("seed:20.10.2:read", "modern:HTTPResponse:read"),
)
make.add(
    "cl-leading-zeros",
    "Content-Length: 0005 is five (leading zeros are digits)",
    (VALID,),
    exchange(_cl(b"0005", b"hello")),
    both=ex(Response(200, body=b"hello")),
)
make.add(
    "cl-surrounding-whitespace",
    "Content-Length with spaces around the digits (OWS, trimmed)",
    ("rfc9112:5:field-value-ows-trimmed",),
    exchange(_cl(b"  5 \t", b"hello")),
    both=ex(Response(200, body=b"hello")), related=(VALID,),
)
make.add(
    "cl-short-body-then-close",
    "Content-Length: 10 but only five bytes, then close: IncompleteRead",
    (SEED_INCOMPLETE, INCOMPLETE),
    exchange(_cl(b"10", b"hello")),
    seed=ex(Raises("IncompleteRead", "read"),
            note="the seed's IncompleteRead, the exception for a body cut short"),
    modern=ex(Raises("IncompleteRead", "read"), also=[Raises("HTTPException", "read")],
              note="RFC 9112 6.3: the message is incomplete; IncompleteRead names the missing "
              "bytes, another HTTPException records it as incomplete too"),
    related=(MODERN_INCOMPLETE, "cpython:exceptions:IncompleteRead-partial",
             "rfc9112:8:incomplete-response"),
)
make.add(
    "cl-short-body-then-reset",
    "Content-Length: 10, five bytes, then RST",
    (INCOMPLETE,),
    (ExpectRequest(), Send(_cl(b"10", b"hello")), Pause(0.1), Reset()),
    both=ex(
        Raises("IncompleteRead", "read"),
        also=[Raises("OSError", "read")],
        note="an IncompleteRead names the missing bytes; a connection error is safe too",
    ), related=("rfc9112:9.6:connection-reset",),
)
make.add(
    "cl-extra-bytes",
    "Content-Length: 5 followed by ten bytes: only five are the body",
    ("rfc9112:6.3:extra-data-not-a-response",),
    exchange(_cl(b"5", b"helloEXTRA")),
    both=ex(Response(200, body=b"hello")), related=(VALID,),
)
make.add(
    "cl-list-identical",
    "Content-Length: 5, 5 then 'helloXX': one value five, or rejected",
    ("rfc9112:6.3:content-length-list-identical",),
    exchange(_cl(b"5, 5", b"helloXX")),
    both=ex(
        Response(200, body=b"hello"),
        also=[ANY],
        note="RFC 9110 8.6 lets a recipient take identical values as one or reject them; "
        "reading to close ('helloXX') is a failure",
    ), related=(INVALID,),
)
make.add(
    "cl-two-fields-same",
    "two Content-Length: 5 lines then 'helloXX'",
    ("rfc9112:6.3:content-length-list-identical",),
    exchange(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhelloXX"),
    both=ex(Response(200, body=b"hello"), also=[ANY],
            note="RFC 9110 8.6: take identical values as one, or reject the message"),
)
make.add(
    "cl-two-different-values",
    "Content-Length: 5 and Content-Length: 7: a framing error",
    (INVALID,),
    exchange(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhelloXX"),
    both=ex(ANY, note="differing lengths are how responses get smuggled"),
)
_invalid("cl-plus-sign", b"+5", "a sign")
_invalid("cl-underscore", b"0_5", "an underscore")
_invalid("cl-negative", b"-5", "negative")
_invalid("cl-non-numeric", b"five", "letters")
_invalid("cl-hex", b"0x5", "hex")
_invalid("cl-decimal-point", b"5.0", "a decimal point")
_invalid("cl-empty-value", b"", "empty")
_invalid("cl-inner-space", b"5 0", "digits split by a space")
make.add(
    "cl-huge-tiny-body",
    "Content-Length: 10000000000 with a five-byte body then close: IncompleteRead, no 10 GB "
    "allocation",
    ("rfc9112:6.3:content-length-large-numbers",),
    exchange(_cl(b"10000000000", b"hello")),
    both=ex(
        Raises("IncompleteRead", "read"),
        note="MemoryError or a hang means the client allocated the announced size",
    ), related=(INCOMPLETE, SEED_INCOMPLETE, MODERN_INCOMPLETE),
)
make.add(
    "cl-with-transfer-encoding",
    "Content-Length: 3 and Transfer-Encoding: chunked: chunked wins",
    ("rfc9112:6.3:te-overrides-cl",),
    exchange(
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5\r\nhello\r\n0\r\n\r\n"
    ),
    both=ex(
        Response(200, body=b"hello"),
        also=[ANY],
        note="RFC 9112 6.3: Transfer-Encoding overrides; treating it as an error is safe",
    ), related=("rfc9112:6.3:te-and-cl-close",),
)
make.add(
    "cl-body-slow",
    "a 5-byte body sent one byte every 50 ms",
    (VALID,),
    (
        ExpectRequest(),
        Send(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"),
        Send(b"hello", split=1, interval=0.05),
        Close(),
    ),
    both=ex(Response(200, body=b"hello")),
    related=("seed:20.10.2:read", "modern:HTTPResponse:read"),
)
make.add(
    "cl-large-body",
    "a 1 MiB body with Content-Length",
    (VALID,),
    exchange(_cl(b"1048576", bytes(range(256)) * 4096)),
    both=ex(Response(200, body=bytes(range(256)) * 4096)),
    related=("seed:20.10.2:read", "modern:HTTPResponse:read"),
)

CASES = make.cases
