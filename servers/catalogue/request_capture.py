"""Servers that answer normally and keep the request, so a check can look
at what the client sent (RFC 9112 3, 6.2; seed 20.10.1 request/putrequest).

``srv.requests`` holds each parsed request; the transcript holds the exact
bytes. Each case's expectation says what the response reads as and, as
``sent``, what the server must have received (``conformance.expect`` compares
it).
"""

from typing import Optional

from servers.catalogue._kit import Maker, Request, Response, Sent, ex, exchange, ok

make = Maker("request-capture")

LINE = "seed:20.10.1:putrequest-request-line"
HOST = "rfc9112:3.2:host-required"
BODY_TYPES = "modern:HTTPConnection:request-body-types"
MODERN_CL = "modern:HTTPConnection:request-content-length"
OK = Response(200, body=b"hello")
SCRIPT = exchange(ok())
FRAMING = ("Content-Length", "Transfer-Encoding")
HOST_PORT = ("Host", ("127.0.0.1:{port}",))


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
         ("modern:HTTPConnection:ipv6-host", "rfc9112:3.2:host-ipv6-brackets"), Request(),
         Sent(fields=(("Host", ("[::1]:{port}",)),)),
         driver="ipv6", related=(HOST,))
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
         "its size", ("seed:20.10.1:request-file-body", BODY_TYPES),
         Request(method="PUT", url="/file", body=b"file contents\n"), driver="file-body",
         # the seed takes Content-Length from the file's size; modern may chunk (3.6+)
         seed=ex(OK, sent=Sent(body=b"file contents\n", content_length=14)),
         modern=ex(OK, sent=Sent(body=b"file contents\n")),
         related=("seed:20.10.1:request-file-content-length",))
_capture("capture-chunked-request-body", "driver 'chunked-request': an iterable body sent with "
         "Transfer-Encoding: chunked (modern encode_chunked)",
         ("modern:HTTPConnection:request-encode-chunked",),
         Request(method="POST", url="/stream", body=b"hello"), driver="chunked-request",
         modern=ex(OK, sent=Sent(body=b"hello", chunked=True, absent=("Content-Length",))),
         related=("rfc9112:6.2:no-content-length-with-te", "rfc9112:7.1:chunked-request-syntax",
                  "modern:HTTPConnection:request-chunked-unknown-length"))

CASES = make.cases
