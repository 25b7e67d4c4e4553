"""Servers that answer normally and keep the request, so a check can look
at what the client sent (RFC 9112 3, 6.2; seed 20.10.1 request/putrequest).

``srv.requests`` holds each parsed request; the transcript holds the exact
bytes. Each case's expectation says what the response reads as and, as
``sent``, what the server must have received (``conformance.expect`` compares
it).
"""

import gzip
from typing import Optional

from servers.catalogue._kit import Maker, Request, Response, Sent, ex, exchange, ok
from servers.script import Close, ExpectRequest, Send

make = Maker("request-capture")

LINE = "seed:20.10.1:putrequest-request-line"
HOST = "rfc9112:3.2:host-required"
BODY_TYPES = "modern:HTTPConnection:request-body-types"
MODERN_CL = "modern:HTTPConnection:request-content-length"
OK = Response(200, body=b"hello")
SCRIPT = exchange(ok())
FRAMING = ("Content-Length", "Transfer-Encoding")
HOST_PORT = ("Host", ("127.0.0.1:{port}",))
GZ_HELLO = gzip.compress(b"hello", mtime=0)


def _capture(name: str, description: str, clauses, request: Request,
             sent: Optional[Sent] = None, **kw) -> None:
    """A capture case; ``sent`` is what both editions must send (or give
    ``seed=``/``modern=`` expectations of their own)."""
    if sent is not None:
        kw["both"] = ex(OK, sent=sent)
    make.add(name, description, clauses, SCRIPT, requests=(request,), **kw)


_capture("capture-get-root", "GET /: request line 'GET / HTTP/1.1', Host with the port, no body",
         (LINE, "modern:HTTPConnection:putrequest"), Request(),
         Sent("GET", "/", "HTTP/1.1", fields=(HOST_PORT,), absent=FRAMING),
         related=(HOST, "rfc9112:2.3:request-version", "rfc9112:3.2.1:origin-form",
                  "seed:20.10.1:putrequest-auto-host"))
_capture("capture-empty-path", "url '' is sent as '/'", ("rfc9112:3.2.1:origin-form-empty-path",),
         Request(url=""),
         Sent("GET", "/", "HTTP/1.1"))
_capture("capture-query-string", "a path with a query string is sent verbatim",
         ("rfc9112:3.2.1:origin-form",), Request(url="/search?q=a%20b&x=1"),
         Sent("GET", "/search?q=a%20b&x=1", "HTTP/1.1"), related=(LINE,))
_capture("capture-host-nondefault-port", "Host carries the non-default port as host:port",
         ("seed:20.10.1:putrequest-auto-host", HOST),
         Request(url="/"),
         Sent(fields=(HOST_PORT,)), related=("rfc9112:3.2:host-matches-authority",))
_capture("capture-host-default-port-omitted",
         "absolute URL http://example.com:80/: Host example.com",
         ("rfc9112:3.2:host-default-port-omitted",),
         Request(url="http://example.com:80/path"),
         # RFC 9112 3.2: the default port MAY be omitted, so both forms are right.
         Sent(fields=(("Host", ("example.com", "example.com:80")),)),
         related=("rfc9112:3.2:host-matches-authority",))
_capture("capture-host-from-absolute-url",
         "absolute URL http://example.com:8080/: Host example.com:8080",
         ("rfc9112:3.2:host-matches-authority",), Request(url="http://example.com:8080/path"),
         Sent(fields=(("Host", ("example.com:8080",)),)))
_capture("capture-host-ipv6-url", "absolute URL with an IPv6 literal: Host [::1]:8080 in brackets",
         ("rfc9112:3.2:host-ipv6-brackets",), Request(url="http://[::1]:8080/"),
         Sent(fields=(("Host", ("[::1]:8080",)),)))
_capture("capture-host-ipv6-connect",
         "driver 'ipv6': the client connects to ::1, so Host is [::1]:port",
         ("rfc9112:3.2:host-ipv6-brackets",), Request(),
         Sent(fields=(("Host", ("[::1]:{port}",)),)),
         driver="ipv6", related=(HOST, "modern:HTTPConnection:ipv6-host",
                                 "cpython:HTTPConnection:ipv6-host"))
_capture("capture-host-ipv6-bracketed-string",
         "driver 'ipv6-bracketed': HTTPConnection('[::1]:port') with no port argument: "
         "CPython connects to ::1 at that port and sends Host [::1]:port",
         ("cpython:HTTPConnection:ipv6-host",), Request(),
         Sent(fields=(("Host", ("[::1]:{port}",)),)),
         driver="ipv6-bracketed", related=("rfc9112:3.2:host-ipv6-brackets",
                                           "modern:HTTPConnection:ipv6-host"))
_capture("capture-chunked-empty-pieces",
         "driver 'chunked-pieces': an iterable body yielding b'he', b'', b'llo': the empty "
         "piece is skipped, not sent as a last chunk that ends the body early",
         ("modern:HTTPConnection:request-empty-chunks-skipped",),
         Request(method="POST", url="/stream", body=b"hello"), driver="chunked-pieces",
         modern=ex(OK, sent=Sent(body=b"hello", chunked=True)),
         related=("rfc9112:7.1:chunked-request-syntax",))
_capture("capture-host-supplied-once", "the caller supplies Host: the request carries exactly one",
         ("rfc9112:3.2:host-once",), Request(headers=(("Host", "example.org"),)),
         Sent(fields=(("Host", ("example.org",)),)))
_capture("capture-accept-encoding", "GET: Accept-Encoding: identity is added automatically",
         ("seed:20.10.1:putrequest-auto-accept-encoding", "modern:HTTPConnection:putrequest"),
         Request(),
         Sent(fields=(("Accept-Encoding", ("identity",)),)))
_capture("capture-get-no-content-length", "GET without a body carries no Content-Length",
         ("rfc9112:6.2:no-content-length-without-body",), Request(),
         Sent(absent=FRAMING))
_capture("capture-post-content-length", "POST with a 3-byte body: Content-Length: 3",
         ("seed:20.10.1:request-content-length", MODERN_CL),
         Request(method="POST", url="/form", body=b"abc"),
         Sent(body=b"abc", content_length=3),
         related=("rfc9112:6.2:content-length-request-body", "seed:20.10.1:request-bytes"))
_capture("capture-post-empty-body", "POST with an empty body: Content-Length: 0",
         ("rfc9112:6.2:content-length-request-body",),
         Request(method="POST", url="/form", body=b""),
         Sent(body=b"", content_length=0), related=(MODERN_CL,))
_capture("capture-seed-post-example",
         "the seed's POST example: urlencoded form with Content-type and "
         "Accept headers",
         ("seed:20.10.3:example-post", "modern:HTTPConnection:request-content-length"),
         Request(method="POST", url="/cgi-bin/query", body=b"spam=1&eggs=2&bacon=0",
                 headers=(("Content-type", "application/x-www-form-urlencoded"),
                          ("Accept", "text/plain"))),
         Sent(body=b"spam=1&eggs=2&bacon=0", content_length=21,
              fields=(("Content-type", ("application/x-www-form-urlencoded",)),
                      ("Accept", ("text/plain",)))),
                      related=("seed:20.10.1:request-headers-mapping",
                               "seed:20.10.1:request-content-length"))
_capture("capture-custom-headers", "caller headers are sent as given",
         ("seed:20.10.1:request-headers-mapping", "rfc9112:5:field-line-syntax"),
         Request(headers=(("X-Custom", "one two"), ("User-Agent", "conformance-kit"))),
         Sent(fields=(("X-Custom", ("one two",)), ("User-Agent", ("conformance-kit",)))))
_capture("capture-method-case", "method 'get' is sent in lower case, as given",
         ("rfc9112:3.1:method-case-sensitive",), Request(method="get"),
         Sent("get", "/", "HTTP/1.1"))
_capture("capture-str-body-latin1",
         "driver 'str-body': body passed as the str 'caf\u00e9' is sent as "
         "ISO-8859-1 (caf\\xe9)", ("seed:20.10.1:request-str-iso-8859-1", BODY_TYPES),
         Request(method="POST", url="/text", body=b"caf\xe9"),
         Sent(body=b"caf\xe9", content_length=4), driver="str-body")
_capture("capture-file-body",
         "driver 'file-body': body passed as an open file; Content-Length from "
         "its size", ("seed:20.10.1:request-file-content-length", BODY_TYPES),
         Request(method="PUT", url="/file", body=b"file contents\n"), driver="file-body",
         # the seed takes Content-Length from the file's size; modern may chunk (3.6+)
         seed=ex(OK, sent=Sent(body=b"file contents\n", content_length=14)),
         modern=ex(OK, sent=Sent(body=b"file contents\n")),
         related=("seed:20.10.1:request-file-body",))
_capture("capture-chunked-request-body", "driver 'chunked-request': an iterable body sent with "
         "Transfer-Encoding: chunked, each chunk size CRLF data CRLF, then 0 CRLF CRLF",
         ("rfc9112:7.1:chunked-request-syntax",),
         Request(method="POST", url="/stream", body=b"hello"), driver="chunked-request",
         # an iterable body is modern (3.6); the server parses the chunks strictly
         modern=ex(OK, sent=Sent(body=b"hello", chunked=True, absent=("Content-Length",))),
         related=("rfc9112:6.2:no-content-length-with-te",
                  "modern:HTTPConnection:request-chunked-unknown-length"))
_capture("capture-te-header-bytes-body",
         "driver 'encode-chunked': a bytes body (length known) with the caller's "
         "Transfer-Encoding: chunked and encode_chunked=True: chunked, and no Content-Length",
         ("rfc9112:6.2:no-content-length-with-te",),
         Request(method="POST", url="/upload", body=b"hello",
                 headers=(("Transfer-Encoding", "chunked"),)),
         driver="encode-chunked", params=(("encode_chunked", "1"),),
         modern=ex(OK, sent=Sent(body=b"hello", chunked=True, absent=("Content-Length",))),
         related=("modern:HTTPConnection:request-encode-chunked",
                  "modern:HTTPConnection:request-content-length"))
_capture("capture-te-gzip-then-chunked",
         "driver 'encode-chunked': the caller's Transfer-Encoding: gzip, chunked and a gzip "
         "body, encode_chunked=True: chunked applied once, last",
         ("rfc9112:6.1:chunked-last-once",),
         Request(method="POST", url="/upload", body=GZ_HELLO,
                 headers=(("Transfer-Encoding", "gzip, chunked"),)),
         driver="encode-chunked", params=(("encode_chunked", "1"),),
         modern=ex(OK, sent=Sent(body=GZ_HELLO, chunked=True,
                                 fields=(("Transfer-Encoding", ("gzip, chunked",)),),
                                 absent=("Content-Length",))),
         related=("modern:HTTPConnection:request-encode-chunked",))
_capture("capture-prechunked-body",
         "driver 'encode-chunked': a body already chunk-encoded, with the caller's "
         "Transfer-Encoding: chunked and encode_chunked=False: sent as is, never chunked twice",
         ("rfc9112:6.1:chunked-last-once",),
         Request(method="POST", url="/upload", body=b"5\r\nhello\r\n0\r\n\r\n",
                 headers=(("Transfer-Encoding", "chunked"),)),
         driver="encode-chunked", params=(("encode_chunked", "0"),),
         modern=ex(OK, sent=Sent(body=b"hello", chunked=True,
                                 fields=(("Transfer-Encoding", ("chunked",)),))),
         related=("modern:HTTPConnection:request-encode-chunked",))
_capture("capture-buffer-body-octets",
         "driver 'buffer-body': the body is an array of 2-byte items (3 items, 6 octets): "
         "Content-Length: 6",
         ("rfc9112:6.2:content-length-octets",),
         Request(method="POST", url="/array", body=b"abcdef"), driver="buffer-body",
         # a bytes-like body other than bytes is modern (buffer protocol)
         modern=ex(OK, sent=Sent(body=b"abcdef", content_length=6)),
         related=(BODY_TYPES, MODERN_CL))
_capture("capture-method-and-url",
         "DELETE /items/7?force=1: the request line carries the method and url given, and "
         "HTTP/1.1", ("seed:20.10.1:request-sends", "rfc9112:2.3:request-version"),
         Request(method="DELETE", url="/items/7?force=1"),
         Sent("DELETE", "/items/7?force=1", "HTTP/1.1"), related=(LINE,))
TE_CHUNKED = (("Transfer-Encoding", "chunked"),)
_capture("capture-endheaders-buffer-one-chunk",
         "driver 'endheaders-body': endheaders(bytearray(b'hello world'), encode_chunked=True): "
         "one chunk, then the last chunk",
         ("modern:HTTPConnection:endheaders-chunk-buffer",),
         Request(method="POST", url="/e", body=b"hello world", headers=TE_CHUNKED),
         driver="endheaders-body", params=(("kind", "buffer"),),
         modern=ex(OK, sent=Sent(chunks=(b"hello world",), body=b"hello world")),
         related=("modern:HTTPConnection:endheaders",))
_capture("capture-endheaders-iterable-chunks",
         "driver 'endheaders-body': endheaders(iterator of 4-byte pieces, encode_chunked=True): "
         "one chunk per piece",
         ("modern:HTTPConnection:endheaders-chunk-iterable",),
         Request(method="POST", url="/e", body=b"hello world", headers=TE_CHUNKED),
         driver="endheaders-body", params=(("kind", "iterable"), ("piece", "4")),
         modern=ex(OK, sent=Sent(chunks=(b"hell", b"o wo", b"rld"), body=b"hello world")),
         related=("modern:HTTPConnection:endheaders",))
_capture("capture-endheaders-file-chunks",
         "driver 'endheaders-body': endheaders(a file object, encode_chunked=True) with "
         "blocksize=4: one chunk per read()",
         ("modern:HTTPConnection:endheaders-chunk-file",),
         Request(method="POST", url="/e", body=b"hello world", headers=TE_CHUNKED),
         driver="endheaders-body", params=(("kind", "file"), ("piece", "4")),
         modern=ex(OK, sent=Sent(chunks=(b"hell", b"o wo", b"rld"), body=b"hello world")),
         related=("modern:HTTPConnection:endheaders", "modern:HTTPConnection:blocksize"))
_capture("capture-options-asterisk",
         "OPTIONS * (asterisk-form, one of the url forms the docs allow): sent as given",
         ("modern:HTTPConnection:request-url-forms",), Request(method="OPTIONS", url="*"),
         modern=ex(OK, sent=Sent("OPTIONS", "*", "HTTP/1.1"),
                   note="recorded: the docs tell the caller which url forms to use"),
         related=("modern:HTTPConnection:putrequest",))
_capture("capture-caller-host",
         "the caller gives Host: example.org:8080 (as the docs advise): it is the one Host sent",
         ("modern:HTTPConnection:request-host-advice",),
         Request(headers=(("Host", "example.org:8080"),)),
         modern=ex(OK, sent=Sent(fields=(("Host", ("example.org:8080",)),)),
                   note="recorded: the docs tell the caller to provide a Host header"),
         related=("rfc9112:3.2:host-once",))
_capture("capture-request-line",
         "OPTIONS /x: the request line is method SP target SP HTTP/1.1 CRLF, single spaces",
         ("rfc9112:3:request-line-syntax",), Request(method="OPTIONS", url="/x"),
         # the server's parser takes exactly that grammar (servers.wire)
         Sent("OPTIONS", "/x", "HTTP/1.1"), related=(LINE,))
_capture("capture-host-empty-without-authority",
         "absolute-form url 'urn:isbn:0451450523' (no authority, as to a proxy): Host is "
         "sent, empty", ("rfc9112:3.2:host-empty-without-authority",),
         Request(url="urn:isbn:0451450523"),
         Sent(target="urn:isbn:0451450523", fields=(("Host", ("",)),)),
         related=(HOST, "modern:HTTPConnection:request-url-forms"))
make.add(
    "capture-connect-authority-form",
    "driver 'tunnel': set_tunnel('example.com', 80); this server is the proxy and sees "
    "'CONNECT example.com:80 HTTP/1.1' first, then the request through the tunnel",
    ("rfc9112:3.2.3:authority-form-connect",),
    (ExpectRequest(), Send(b"HTTP/1.1 200 Connection established\r\n\r\n"), ExpectRequest(),
     Send(ok()), Close()),
    driver="tunnel",
    params=(("tunnel_host", "example.com"),),
    # the seed documents no set_tunnel
    # (the version of the CONNECT is set_tunnel-http11, graded by the tunnel checks)
    modern=ex(OK, sent=Sent("CONNECT", "example.com:80")),
    related=("modern:HTTPConnection:set_tunnel", "modern:HTTPConnection:set_tunnel-http11"),
)

CASES = make.cases
