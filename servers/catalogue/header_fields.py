"""Header fields: duplicates, case, whitespace, folding, invalid lines and
limits (RFC 9112 5; seed 20.10.2 getheader)."""

from servers.catalogue._kit import Maker, Raises, Response, ex, exchange

make = Maker("header-fields")

HTTPEXC = Raises("HTTPException", "getresponse")
GETHEADER = "seed:20.10.2:getheader"
JOIN = "seed:20.10.2:getheader-join"
MODERN_GETHEADER = "modern:HTTPResponse:getheader"
LIMITS = "rfc9112:9110-2.3:reasonable-limits"


def _resp(fields: bytes, body: bytes = b"hello") -> bytes:
    """A 200 response with ``fields`` (CRLF-terminated lines) and a CL body."""
    return b"HTTP/1.1 200 OK\r\n%sContent-Length: %d\r\n\r\n%s" % (fields, len(body), body)


def _ok(*headers: tuple) -> Response:
    return Response(200, body=b"hello", headers=tuple(headers))


make.add(
    "header-duplicate-joined",
    "two X-Dup lines: getheader joins them with ', '",
    (JOIN, MODERN_GETHEADER),
    exchange(_resp(b"X-Dup: a\r\nX-Dup: b\r\n")),
    both=ex(_ok(("X-Dup", "a, b"))), related=("rfc9112:5:field-combine-duplicates",),
)
make.add(
    "header-duplicate-three",
    "three X-Dup lines, joined in order",
    ("rfc9112:5:field-combine-duplicates",),
    exchange(_resp(b"X-Dup: one\r\nX-Other: x\r\nX-Dup: two\r\nX-Dup: three\r\n")),
    both=ex(_ok(("X-Dup", "one, two, three"), ("X-Other", "x"))), related=(JOIN, MODERN_GETHEADER),
)
make.add(
    "header-duplicate-set-cookie",
    "two Set-Cookie lines: getheader joins them too",
    (JOIN, "rfc9112:5:field-combine-duplicates"),
    exchange(_resp(b"Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n")),
    both=ex(_ok(("Set-Cookie", "a=1, b=2"))), related=("seed:20.10.2:getheaders",),
)
make.add(
    "header-case-variant-name",
    "content-TYPE in odd case is found as Content-Type",
    (GETHEADER, MODERN_GETHEADER),
    exchange(_resp(b"content-TYPE: text/plain\r\n")),
    both=ex(_ok(("Content-Type", "text/plain"), ("content-type", "text/plain"))),
    related=("rfc9112:5:field-name-case-insensitive",),
)
make.add(
    "header-case-variant-duplicates",
    "X-A, x-a and X-a are one field with three values",
    (JOIN, "rfc9112:5:field-name-case-insensitive"),
    exchange(_resp(b"X-A: 1\r\nx-a: 2\r\nX-a: 3\r\n")),
    both=ex(_ok(("X-A", "1, 2, 3"))),
)
make.add(
    "header-ows-trimmed",
    "spaces and tabs around a value are not part of it",
    ("rfc9112:5:field-value-ows-trimmed",),
    exchange(_resp(b"X-Pad: \t  spaced out \t \r\n")),
    both=ex(_ok(("X-Pad", "spaced out"))), related=(GETHEADER,),
)
make.add(
    "header-no-space-after-colon",
    "X-Tight:value with no whitespace after the colon",
    ("rfc9112:5:field-line-syntax",),
    exchange(_resp(b"X-Tight:value\r\n")),
    both=ex(_ok(("X-Tight", "value"))), related=(GETHEADER,),
)
make.add(
    "header-empty-value",
    "X-Empty: with an empty value is present and empty",
    ("rfc9112:5:field-line-syntax",),
    exchange(_resp(b"X-Empty:\r\n")),
    both=ex(_ok(("X-Empty", ""))), related=(GETHEADER,),
)
make.add(
    "header-empty-value-spaces",
    "X-Empty: followed by spaces only is present and empty",
    ("rfc9112:5:field-value-ows-trimmed",),
    exchange(_resp(b"X-Empty:   \r\n")),
    both=ex(_ok(("X-Empty", ""))), related=(GETHEADER,),
)
make.add(
    "header-obs-fold",
    "an obs-fold continuation line: the value reads 'first second'",
    ("rfc9112:5.2:obs-fold-replaced",),
    exchange(_resp(b"X-Folded: first\r\n second\r\n")),
    both=ex(
        _ok(("X-Folded", "first second")),
        note="RFC 9112 5.2: a user agent MUST replace obs-fold with SP; rejecting the "
        "response or keeping CRLF in the value fails",
    ), related=(GETHEADER,),
)
make.add(
    "header-obs-fold-tab",
    "an obs-fold continuation starting with a tab",
    ("rfc9112:5.2:obs-fold-replaced",),
    exchange(_resp(b"X-Folded: first\r\n\tsecond\r\n")),
    both=ex(_ok(("X-Folded", "first second")),
            note="RFC 9112 5.2: a user agent MUST replace obs-fold with SP"),
)
make.add(
    "header-whitespace-before-first-field",
    "a whitespace-prefixed line right after the status line",
    ("rfc9112:2.2:whitespace-before-first-field",),
    exchange(_resp(b" X-Sneaky: 1\r\n")),
    both=ex(
        Response(200, body=b"hello"),
        also=[HTTPEXC],
        note="RFC 9112 2.2: reject the message or ignore the line; both conform",
    ),
)
make.add(
    "header-line-without-colon",
    "a field line without a colon, then Content-Length: 2 and 'hi', then close",
    ("rfc9112:5:field-line-without-colon",),
    exchange(b"HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 2\r\n\r\nhi"),
    both=ex(
        HTTPEXC,
        lenient=Response(200, body=b"hi", headers=(("Content-Length", "2"),)),
        note="the bad line must not swallow the fields after it: rejecting is strict, "
        "skipping only that line is lenient",
    ), related=("rfc9112:5:field-line-syntax",),
)
make.add(
    "header-space-before-colon",
    "'X-Space : yes': whitespace between name and colon",
    ("rfc9112:5.1:no-whitespace-before-colon",),
    exchange(_resp(b"X-Space : yes\r\n")),
    both=ex(
        HTTPEXC,
        lenient=Response(200, body=b"hello", headers=(("X-Space", None),)),
        note="invalid line: reject, or ignore it (lenient); never the field X-Space",
    ),
)
make.add(
    "header-space-before-colon-content-length",
    "'Content-Length : 2' then 'hiEXTRA' and close: not a Content-Length field",
    ("rfc9112:5.1:no-whitespace-before-colon",),
    exchange(b"HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nhiEXTRA"),
    both=ex(
        HTTPEXC,
        lenient=Response(200, body=b"hiEXTRA"),
        note="taking it as Content-Length 2 (body 'hi') is the request-smuggling "
        "mismatch the RFC forbids; ignoring it leaves a close-delimited body",
    ), related=("rfc9112:6.3:until-close",),
)
make.add(
    "header-name-with-space",
    "'X Bad: v': a field name that is not a token",
    ("rfc9112:5:field-name-token",),
    exchange(_resp(b"X Bad: v\r\n")),
    both=ex(HTTPEXC, lenient=Response(200, body=b"hello", headers=(("X Bad", None),)),
            note="reject, or ignore the line (lenient); never a field named 'X Bad'"),
    related=("rfc9112:5:field-line-syntax",),
)
make.add(
    "header-empty-name",
    "': value': a field line with an empty name",
    ("rfc9112:5:field-name-token",),
    exchange(_resp(b": value\r\n")),
    both=ex(HTTPEXC, lenient=Response(200, body=b"hello")),
    related=("rfc9112:5:field-line-syntax",),
)
make.add(
    "header-bare-cr-in-value",
    "a bare CR inside a field value",
    ("rfc9112:2.2:bare-cr-invalid",),
    exchange(_resp(b"X-Cr: a\rb\r\n")),
    both=ex(
        HTTPEXC,
        also=[_ok(("X-Cr", "a b"))],
        note="RFC 9112 2.2: reject, or replace the CR with SP; never a CR in the value",
    ), related=("rfc9112:5:field-value-crlf-nul",),
)
make.add(
    "header-bare-cr-in-name",
    "a bare CR inside a field name ('X-C<CR>r: v'), before Content-Length: 5, then "
    "'helloSTRAY' and close",
    ("rfc9112:2.2:bare-cr-invalid",),
    exchange(b"HTTP/1.1 200 OK\r\nX-C\rr: v\r\nContent-Length: 5\r\n\r\nhelloSTRAY"),
    both=ex(
        HTTPEXC,
        lenient=Response(200, body=b"hello",
                         headers=(("X-C r", None), ("X-C\rr", None), ("X-Cr", None),
                                  ("r", None))),
        note="RFC 9112 2.2: reject, or replace the CR with SP; 'X-C r' is no token, so the "
        "line is invalid either way: rejecting it is strict, ignoring that one line is "
        "lenient (as for 'X Bad: v'); a field holding the CR, a field 'r', a field 'X-Cr' "
        "(the CR deleted: a name the server never sent), or losing Content-Length (the "
        "body then runs on to 'helloSTRAY') fails",
    ), related=("rfc9112:5:field-name-token", "rfc9112:5:field-line-syntax"),
)
make.add(
    "header-nul-in-value",
    "a NUL byte inside a field value",
    ("rfc9112:5:field-value-crlf-nul",),
    exchange(_resp(b"X-Nul: a\x00b\r\n")),
    both=ex(
        HTTPEXC,
        also=[_ok(("X-Nul", "a b"))],
        note="RFC 9110 5.5: reject the message, or replace the NUL with SP",
    ),
)
make.add(
    "header-latin1-value",
    "a Latin-1 byte (0xE9) in a value is opaque obs-text, read as ISO-8859-1",
    ("rfc9112:5:field-value-obs-text",),
    exchange(_resp(b"X-Latin: caf\xe9\r\n")),
    both=ex(
        _ok(("X-Latin", "caf\u00e9")),
        note="a valid value: field values are read as ISO-8859-1, one character per "
        "octet (RFC 9110 5.5), as every http.client does; another reading fails",
    ), related=("rfc9112:2.2:parse-as-octets",),
)
make.add(
    "header-utf8-value",
    "UTF-8 bytes in a value are opaque obs-text, read as ISO-8859-1 like any other",
    ("rfc9112:2.2:parse-as-octets",),
    exchange(_resp(b"X-Utf8: caf\xc3\xa9 \xe2\x82\xac\r\n")),
    both=ex(_ok(("X-Utf8", b"caf\xc3\xa9 \xe2\x82\xac".decode("latin-1"))),
            note="the octets are read as ISO-8859-1, one character each, like any obs-text "
            "(RFC 9110 5.5); decoding them as UTF-8 instead fails"),
            related=("rfc9112:5:field-value-obs-text",),
)


def _many(count: int) -> bytes:
    """``count`` header lines in all, the last being Content-Length."""
    return b"".join(b"X-N-%d: %d\r\n" % (i, i) for i in range(count - 1))


make.add(
    "header-99-lines",
    "99 header lines (with Content-Length)",
    (LIMITS,),
    exchange(_resp(_many(99))),
    both=ex(_ok(("X-N-0", "0"), ("X-N-97", "97"))), related=("seed:20.10.2:getheaders",),
)
make.add(
    "header-100-lines",
    "100 header lines (with Content-Length): at CPython's limit of 100",
    ("modern:exceptions:too-many-headers", LIMITS),
    exchange(_resp(_many(100))),
    both=ex(
        _ok(("X-N-98", "98")),
        also=[HTTPEXC],
        note="neither edition documents a field limit (CPython's 'more than 100' is "
        "de facto and also counts the empty line); RFC 9110 2.3 lets a recipient set a "
        "reasonable limit, so refusing 100 fields conforms too",
    ), related=("seed:20.10.2:getheaders", "cpython:exceptions:too-many-headers"),
)
make.add(
    "header-101-lines",
    "101 header lines: CPython raises HTTPException('got more than 100 headers')",
    ("cpython:exceptions:too-many-headers",),
    exchange(_resp(_many(101))),
    both=ex(
        HTTPEXC,
        note="neither the seed nor the 3.12/3.13 docs set a limit; CPython's 100 is de "
        "facto (RFC 9110 2.3 asks only for some reasonable limit: header-100-lines)",
    ),
    related=("modern:exceptions:too-many-headers", LIMITS),
)
make.add(
    "header-line-65536",
    "one header line longer than 65,536 bytes: LineTooLong (modern), HTTPException (seed)",
    ("modern:exceptions:LineTooLong", LIMITS),
    exchange(_resp(b"X-Big: " + b"a" * 65536 + b"\r\n")),
    seed=ex(HTTPEXC, note="RFC 9110 2.3: limits on line length (SHOULD); reading the line "
            "whole is non-strict"),
    modern=ex(Raises("LineTooLong", "getresponse")),
)
make.add(
    "header-line-60000",
    "one 60,000-byte header line, under the usual 64 KiB limit",
    (LIMITS,),
    exchange(_resp(b"X-Big: " + b"a" * 60000 + b"\r\n")),
    both=ex(_ok(("X-Big", "a" * 60000))), related=(GETHEADER,),
)
make.add(
    "header-fragmented",
    "header section cut inside a name, inside a value and inside CRLF, with pauses",
    ("rfc9112:5:field-line-syntax",),
    exchange(_resp(b"X-Split: abc\r\n"), split=(19, 26, 31, 32), interval=0.05),
    both=ex(_ok(("X-Split", "abc"))), related=(GETHEADER,),
)
make.add(
    "header-incomplete-section",
    "the server closes inside the header section",
    ("rfc9112:8:incomplete-header-section",),
    exchange(b"HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Le"),
    both=ex(
        Raises("HTTPException", "any"),
        note="a response cut inside its fields is incomplete; returning it as a 200 "
        "with an empty body is a failure",
    ), related=("rfc9112:8:incomplete-response",),
)
make.add(
    "header-status-line-then-close",
    "only the status line, then close",
    ("rfc9112:8:incomplete-header-section",),
    exchange(b"HTTP/1.1 200 OK\r\n"),
    both=ex(Raises("HTTPException", "any")),
)
make.add(
    "header-close-after-field-line",
    "a complete field line, then close before the empty line that ends the fields",
    ("rfc9112:8:incomplete-header-section",),
    exchange(b"HTTP/1.1 200 OK\r\nX-A: 1\r\n"),
    both=ex(
        Raises("HTTPException", "any"),
        note="every line is well formed but the header section never ended; taking "
        "it as a 200 with a close-delimited empty body is a failure",
    ),
)

CASES = make.cases
