"""The chunked transfer coding, well formed and not (RFC 9112 7.1)."""

import gzip

from servers.catalogue._kit import Maker, Raises, Request, Response, ex, exchange
from servers.script import Close, ExpectRequest, Send

make = Maker("chunked")

SYNTAX = "rfc9112:7.1:chunked-syntax"
SIZE = "rfc9112:7.1:chunk-size-invalid"
INCOMPLETE = "rfc9112:7.1:chunked-incomplete"
DECODE = "rfc9112:7.1.3:chunked-decoding"
TRAILERS = "rfc9112:7.1.2:trailer-section"
LIMITS = "rfc9112:9110-2.3:reasonable-limits"
HELLO = b"5\r\nhello\r\n0\r\n\r\n"
ANY = Raises("HTTPException", "any")
INCOMPLETE_READ = Raises("IncompleteRead", "read")
GZ_HELLO = gzip.compress(b"hello", mtime=0)


def _te(raw: bytes, coding: bytes = b"chunked", version: bytes = b"1.1") -> bytes:
    return b"HTTP/%s 200 OK\r\nTransfer-Encoding: %s\r\n\r\n%s" % (version, coding, raw)


def _ok(name: str, description: str, raw: bytes, body: bytes, *clauses: str, **kw) -> None:
    """A chunked body read back whole: it grades the first of ``clauses`` (chunked
    decoding by default) and relates to the others."""
    make.add(
        name,
        description,
        clauses[:1] or (DECODE,),
        exchange(_te(raw), **kw),
        both=ex(Response(200, body=body)),
        related=clauses[1:] or (SYNTAX,),
    )


def _bad_size(name: str, size: bytes, what: str) -> None:
    make.add(
        name,
        f"chunk size {size.decode('latin-1')!r} ({what}): invalid framing, an HTTPException",
        (SIZE,),
        exchange(_te(size + b"\r\nhello\r\n0\r\n\r\n")),
        both=ex(
            ANY,
            note="only hex digits are a chunk size; a lenient integer parser that takes "
            "this as 5 disagrees with strict parsers about where the body ends",
        ), related=("seed:20.10:exception-IncompleteRead",),
    )


_ok("chunked-basic", "two chunks, hello and ' world'", b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
    b"hello world", "rfc9112:6.1:chunked-required", DECODE, SYNTAX)
_ok("chunked-one-byte-chunks", "five one-byte chunks",
    b"".join(b"1\r\n%c\r\n" % c for c in b"hello") + b"0\r\n\r\n", b"hello")
_ok("chunked-upper-hex", "chunk size in upper-case hex (A)", b"A\r\n0123456789\r\n0\r\n\r\n",
    b"0123456789", SYNTAX)
_ok("chunked-lower-hex", "chunk size in lower-case hex (a)", b"a\r\n0123456789\r\n0\r\n\r\n",
    b"0123456789", SYNTAX)
_ok("chunked-leading-zeros", "chunk size 0005", b"0005\r\nhello\r\n0\r\n\r\n", b"hello", SYNTAX)
_ok("chunked-crlf-in-data", "chunk data that itself contains CRLF",
    b"7\r\nhe\r\nllo\r\n0\r\n\r\n", b"he\r\nllo", DECODE)
_ok("chunked-extension", "chunk extensions on data and last chunk are ignored",
    b"5;name=value\r\nhello\r\n0;last\r\n\r\n", b"hello",
    "rfc9112:7.1.1:chunk-extensions-ignored")
_ok("chunked-extension-quoted", "a quoted chunk extension holding ';' and '='",
    b'5;q="a;b=c"\r\nhello\r\n0\r\n\r\n', b"hello", "rfc9112:7.1.1:chunk-extensions-ignored")
_ok("chunked-trailer-one", "one trailer field after the last chunk",
    b"5\r\nhello\r\n0\r\nX-Trailer: v\r\n\r\n", b"hello", TRAILERS)
_ok("chunked-trailers-100", "100 trailer fields after the last chunk",
    b"5\r\nhello\r\n0\r\n" + b"".join(b"X-T-%d: v\r\n" % i for i in range(100)) + b"\r\n",
    b"hello", TRAILERS, "rfc9112:9110-2.3:reasonable-limits")
_ok("chunked-fragmented-bytewise", "a chunked body sent one byte per segment",
    b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", b"hello world", SYNTAX, split=1)
make.add(
    "chunked-te-capitalised",
    "Transfer-Encoding: Chunked (coding names are case-insensitive)",
    ("rfc9112:6.1:transfer-coding-case-insensitive",),
    exchange(_te(HELLO, coding=b"Chunked")),
    both=ex(Response(200, body=b"hello")), related=("rfc9112:6.1:chunked-required",),
)
make.add(
    "chunked-trailers-101",
    "101 trailer fields: read, or refused past a bound of 100 like header fields",
    (LIMITS,),
    exchange(_te(b"5\r\nhello\r\n0\r\n" + b"".join(b"X-T-%d: v\r\n" % i for i in range(101))
                 + b"\r\n")),
    both=ex(
        Response(200, body=b"hello"),
        also=[ANY],
        note="a bound of 100 trailer fields (as for header fields) and a larger one are both "
        "reasonable; the unbounded case is gh-150743-unbounded-trailers",
    ), related=(TRAILERS,),
)
make.add(
    "chunked-extension-70kb",
    "a 70,000-byte chunk extension: bounded like any line",
    (LIMITS,),
    exchange(_te(b"5;" + b"x" * 70000 + b"\r\nhello\r\n0\r\n\r\n")),
    both=ex(
        ANY,
        note="RFC 9110 2.3: a recipient parses defensively, with limits on line length "
        "(SHOULD); reading the whole extension is non-strict",
    ), related=("rfc9112:7.1.1:chunk-extensions-limited", "rfc9112:7.1.1:chunk-extensions-ignored"),
)
make.add(
    "chunked-extensions-many",
    "1,000 one-byte chunks, each with a 200-byte extension (200 KB of extensions, every "
    "line short): recorded whether the client bounds their total",
    ("rfc9112:7.1.1:chunk-extensions-limited",),
    exchange(_te(b"".join(b"1;" + b"x" * 200 + b"\r\na\r\n" for _ in range(1000))
                 + b"0\r\n\r\n")),
    both=ex(
        Response(200, body=b"a" * 1000),
        also=[ANY],
        note="recorded (RFC 9112 7.1.1 asks a server to limit chunk extensions, with no "
        "keyword): reading them all, or refusing past a bound of its own",
    ), related=("rfc9112:7.1.1:chunk-extensions-ignored", LIMITS),
)
_bad_size("chunked-size-0x-prefix", b"0x5", "0x prefix")
_bad_size("chunked-size-plus-sign", b"+5", "a sign")
_bad_size("chunked-size-underscore", b"0_5", "an underscore")
_bad_size("chunked-size-leading-space", b" 5", "leading space")
_bad_size("chunked-size-invalid-hex", b"5g", "not hex")
_bad_size("chunked-size-negative", b"-5", "negative")
_bad_size("chunked-size-empty", b"", "empty")
# RFC 9112 2.2: a bare CR makes its element invalid (reject it, or replace each
# bare CR with SP before using it).
BARE_CR = "rfc9112:2.2:bare-cr-invalid"
make.add(
    "chunked-bare-cr-after-size",
    "a bare CR after the chunk size: '5<CR><CR><LF>'",
    (BARE_CR,),
    exchange(_te(b"5\r\r\nhello\r\n0\r\n\r\n")),
    both=ex(
        ANY,
        note="RFC 9112 2.2: with the CR read as SP the line is '5 ', which is no chunk-size "
        "line (no whitespace after the size unless an extension follows): only rejection "
        "conforms; reading it as size 5 lets the CR decide the framing",
    ), related=(SIZE, SYNTAX),
)
make.add(
    "chunked-bare-cr-in-extension",
    "a bare CR inside a chunk extension: '5;a<CR>b'",
    (BARE_CR,),
    exchange(_te(b"5;a\rb\r\nhello\r\n0\r\n\r\n")),
    both=ex(
        ANY,
        lenient=Response(200, body=b"hello"),
        note="RFC 9112 2.2: with the CR read as SP the extension 'a b' is still invalid: "
        "rejecting it is strict; ignoring the extension and reading the five bytes of "
        "the chunk is lenient; a body that differs lets the CR change the framing",
    ), related=("rfc9112:7.1.1:chunk-extensions-ignored", SYNTAX),
)
_TRAILER_CR = _te(b"5\r\nhello\r\n0\r\nX-T: a\r\r\nX-U: b\r\n\r\n")
_SECOND = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond"
make.add(
    "chunked-bare-cr-in-trailer",
    "a bare CR at the end of a trailer field ('X-T: a<CR><CR><LF>'), then a second "
    "response on the kept connection",
    (BARE_CR,),
    (
        (ExpectRequest(), Send(_TRAILER_CR), ExpectRequest(optional=True), Send(_SECOND),
         Close()),
        (ExpectRequest(optional=True), Send(_SECOND), Close()),
    ),
    requests=(Request(url="/trailer"), Request(url="/second")),
    both=ex(
        (Response(200, body=b"hello"), Response(200, body=b"second")),
        also=[(ANY, Response(200, body=b"second")),
              (ANY, Raises("ResponseNotReady", "getresponse")),
              (ANY, Raises("CannotSendRequest", "request"))],
        note="RFC 9112 2.2: with the CR read as SP the trailer section is 'X-T: a ', "
        "'X-U: b' and its end; rejecting it (then a new connection, or the documented "
        "refusal of a request while the first response is open) conforms; a client that "
        "ends the section at the bare CR reads 'X-U: b' as the next status line",
    ), related=(TRAILERS, "rfc9112:9.3:persistent-by-default"),
)
make.add(
    "chunked-size-overflow",
    "a 33-digit chunk size: beyond 64 bits, an HTTPException, no allocation",
    ("rfc9112:7.1:chunk-size-overflow",),
    exchange(_te(b"1" + b"0" * 32 + b"\r\nhello")),
    both=ex(ANY, note="IncompleteRead or any HTTPException; MemoryError or a hang fails"),
    related=(INCOMPLETE,),
)
make.add(
    "chunked-size-huge",
    "chunk size FFFFFFFFFFFF (281 TB) then five bytes and close: IncompleteRead",
    (INCOMPLETE,),
    exchange(_te(b"FFFFFFFFFFFF\r\nhello")),
    both=ex(INCOMPLETE_READ, also=[ANY],
            note="the client must not allocate the chunk: IncompleteRead names the missing "
            "bytes; another HTTPException is a documented refusal too"),
            related=("rfc9112:7.1:chunk-size-overflow",),
)
make.add(
    "chunked-missing-crlf-after-data",
    "chunk data followed by 'XX' instead of CRLF",
    ("rfc9112:7.1:chunk-data-crlf",),
    exchange(_te(b"5\r\nhelloXX0\r\n\r\n")),
    both=ex(ANY, note="skipping two bytes unchecked accepts a corrupt frame"),
)
make.add(
    "chunked-missing-final-crlf",
    "last chunk '0' CRLF but no empty line, then close",
    (INCOMPLETE,),
    exchange(_te(b"5\r\nhello\r\n0\r\n")),
    both=ex(
        ANY,
        note="the trailer section never ended, so the message is incomplete (RFC 9112 7.1, "
        "8: a client MUST record it as incomplete); returning it as complete fails",
    ), related=(TRAILERS, "rfc9112:8:incomplete-response"),
)
make.add(
    "chunked-truncated-size-line",
    "close in the middle of a chunk size line",
    ("rfc9112:8:incomplete-response",),
    exchange(_te(b"5\r\nhello\r\n1")),
    both=ex(INCOMPLETE_READ, also=[ANY],
            note="IncompleteRead, or another documented HTTPException"), related=(INCOMPLETE,),
)
make.add(
    "chunked-truncated-data",
    "chunk size a (10) but five bytes, then close",
    (INCOMPLETE,),
    exchange(_te(b"a\r\nhello")),
    both=ex(INCOMPLETE_READ), related=("rfc9112:8:incomplete-response",),
)
make.add(
    "chunked-truncated-trailer",
    "close in the middle of a trailer field",
    (INCOMPLETE,),
    exchange(_te(b"5\r\nhello\r\n0\r\nX-Tra")),
    both=ex(ANY, note="cut inside the trailer section: incomplete (RFC 9112 7.1, 8); "
            "returning it as complete fails"),
    related=(TRAILERS, "rfc9112:8:incomplete-response"),
)
make.add(
    "chunked-no-last-chunk",
    "one chunk then close, no zero-size chunk",
    (INCOMPLETE,),
    exchange(_te(b"5\r\nhello\r\n")),
    both=ex(INCOMPLETE_READ), related=("rfc9112:8:incomplete-response",),
)
make.add(
    "chunked-gzip-chunked",
    "Transfer-Encoding: gzip, chunked: chunks removed, gzip left (or UnknownTransferEncoding)",
    ("rfc9112:6.3:chunked-final",),
    exchange(_te(b"%x\r\n%s\r\n0\r\n\r\n" % (len(GZ_HELLO), GZ_HELLO), coding=b"gzip, chunked")),
    both=ex(
        Response(200, body=GZ_HELLO),
        also=[Raises("UnknownTransferEncoding", "any")],
        note="chunked is final, so the body is decoded from chunks; a client that does "
        "not implement gzip may refuse it; chunk framing in the body is a failure",
    ), related=("seed:20.10:exception-UnknownTransferEncoding",),
)
make.add(
    "chunked-not-final",
    "Transfer-Encoding: chunked, gzip: not chunked-final, so the body runs until close",
    ("rfc9112:6.3:te-not-chunked-until-close",),
    exchange(_te(HELLO, coding=b"chunked, gzip")),
    both=ex(
        Response(200, body=HELLO),
        also=[Raises("UnknownTransferEncoding", "any")],
        note="read until close, or refuse the coding it does not know",
    ),
)
make.add(
    "chunked-http10",
    "an HTTP/1.0 response with Transfer-Encoding: chunked: faulty framing",
    ("rfc9112:6.1:http10-transfer-encoding",),
    exchange(_te(HELLO, version=b"1.0")),
    both=ex(
        ANY,
        note="RFC 9112 6.1: a client MUST treat the framing of an HTTP/1.0 message with "
        "Transfer-Encoding as faulty; decoding the chunks trusts it, a failure",
    ),
)

CASES = make.cases
