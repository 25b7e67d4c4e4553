"""De-facto clauses: what every CPython does where its documentation is silent
or says otherwise, and programs rely on (level ``de-facto``, origin ``cpython``).

Each row names the CPython versions it was observed on. A documented clause
that CPython contradicts stays in ``seed``/``modern`` as written; CPython's
behaviour is the clause here, and ``reference/CONTRADICTIONS.md`` lists the
pair. These clauses bind both editions when a run asks for it
(``--like-cpython``); otherwise a deviation is reported as ``unlike-cpython``.
"""

from typing import List, Tuple

from .model import Clause, build_de_facto

ORIGIN = "cpython"

# The interpreters the observations were made on (pyenv builds).
_ALL = "2.7.18, 3.6.15, 3.7.16, 3.8.18, 3.9.18, 3.10.13, 3.11.7, 3.12.1, 3.13.0"
_PY3 = "3.6.15, 3.7.16, 3.8.18, 3.9.18, 3.10.13, 3.11.7, 3.12.1, 3.13.0"

# (section, slug, kind, observed on, text)
_ROWS: List[Tuple[str, str, str, str, str]] = [
    ("HTTPConnection", "empty-port-default", "behaviour", "2.7, 3.6-3.13",
     "A host ending in a colon with no port ('example.com:') takes the default port; no "
     "InvalidURL is raised, though both editions of the documentation say it is."),
    ("HTTPConnection", "ipv6-host", "behaviour", _ALL,
     "A bracketed IPv6 literal in the host string is split at the closing bracket: "
     "'[::1]:8080' gives host '::1' and port 8080, '[::1]' host '::1' and the default "
     "port; the Host field puts the address back in brackets ('Host: [::1]:8080')."),
    ("HTTPConnection", "url-control-characters", "wire", _ALL,
     "putrequest()/request() raise InvalidURL, before sending anything, for a url holding "
     "an ASCII control character or a space (0x00-0x20, 0x7F), naming the url "
     "(bpo-30458)."),
    ("HTTPConnection", "method-control-characters", "wire", _PY3,
     "putrequest()/request() raise ValueError, before sending anything, for a method "
     "holding an ASCII control character (CR, LF, NUL...); a space in the method is sent "
     "as given. 2.7.18 sends such a method unchecked."),
    ("HTTPConnection", "header-invalid", "wire", _ALL,
     "putheader() raises ValueError for a header name that is not a token (e.g. with a "
     "colon) or a value with an LF not followed by SP/HTAB or a CR not followed by SP, HTAB "
     "or LF: 'Invalid header name ...' / 'Invalid header value ...'."),
    ("HTTPConnection", "CannotSendRequest", "behaviour", _ALL,
     "putrequest() (so request()) raises CannotSendRequest while a request is under way "
     "on the connection: after putrequest() or endheaders() and before getresponse(). A "
     "request after getresponse() is sent even if that response is unread."),
    ("HTTPConnection", "CannotSendHeader", "behaviour", _ALL,
     "putheader() and endheaders() raise CannotSendHeader when no request is started "
     "(before putrequest(), or after endheaders())."),
    ("HTTPConnection", "ResponseNotReady", "behaviour", _ALL,
     "getresponse() raises ResponseNotReady when no request was sent, when called twice "
     "for one request, and when the previous response on a kept-alive connection is still "
     "unread (the new request has then already gone out)."),
    ("HTTPConnection", "set_tunnel-port-default", "behaviour", _ALL,
     "set_tunnel(host) without a port takes it from a 'host:port' string, else the "
     "connection class's default port: 80 for HTTPConnection, 443 for HTTPSConnection."),
    ("HTTPResponse", "UnknownProtocol", "wire", _ALL,
     "A status line whose version starts 'HTTP/' but is neither HTTP/1.x nor HTTP/0.9 "
     "(e.g. 'HTTP/2.0') raises UnknownProtocol with the version as its argument. "
     "'HTTP/0.9 200 OK' is read as version 10 on 3.x, as 9 with no header section on 2.7."),
    ("HTTPResponse", "http09-simple-response", "wire",
     "2.7.18 (strict false); 3.1-3.3 by their source (strict removed in 3.4)",
     "With strict false (the default), a reply that does not start with 'HTTP/' is read as "
     "an HTTP/0.9 simple response: status 200, reason '', version 9, the whole stream as "
     "the body until close. With strict true it raises BadStatusLine."),
    ("HTTPResponse", "isclosed", "wire", _ALL,
     "HTTPResponse.isclosed() exists and returns True once the body has been read to its "
     "end or the response closed."),
    ("exceptions", "IncompleteRead-partial", "wire", _ALL,
     "IncompleteRead has partial (the bytes this read got; str on 2.7) and expected (how "
     "many bytes the framing still announced, or None when unknown, as inside a chunked "
     "body); str() reads 'IncompleteRead(3 bytes read, 7 more expected)'."),
    ("exceptions", "BadStatusLine-line", "wire", _ALL,
     "BadStatusLine has a line attribute: the status line it could not parse, as a str, "
     "line terminator included; it is also the exception's only argument."),
    ("exceptions", "too-many-headers", "wire", _ALL,
     "A response with more than 100 header lines raises HTTPException('got more than 100 "
     "headers')."),
]

CLAUSES: List[Clause] = build_de_facto(_ROWS)
