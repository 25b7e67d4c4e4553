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
# The socket protocol and conn.sock's lifecycle: the same on every build probed,
# PyPy included (its http.client is CPython's module).
_ALL_PYPY = _ALL + "; PyPy 7.3.11 (Python 3.9.16)"

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
    # -- the socket protocol: what http.client calls on a socket it did not create --
    ("HTTPConnection", "sock-protocol", "behaviour", _ALL_PYPY,
     "A sock set by the caller (conn.sock = obj, as test doubles fake a server) is used "
     "as is, through sendall(data), makefile('rb') and close() only: an object offering "
     "just those three serves a request and its response, and the next one on the kept "
     "connection; close() of the connection closes it. (2.7 calls makefile('rb', 0).)"),
    ("HTTPConnection", "connect-wrapped-sock", "wire", _ALL_PYPY,
     "A subclass whose connect() calls the base connect() and then replaces self.sock with "
     "a wrapper offering only sendall, makefile and close (handing them to the real "
     "socket) is served through the wrapper, which stays conn.sock across kept-alive "
     "responses."),
    ("HTTPConnection", "connect-own-sock", "wire", _ALL_PYPY,
     "A subclass whose connect() sets self.sock to a socket it connected itself, without "
     "calling the base connect() (the Unix-domain socket pattern), is used as is: no other "
     "connection is opened and conn.sock stays that socket."),
    ("HTTPResponse", "sock-makefile", "behaviour", _ALL_PYPY,
     "HTTPResponse(sock) reads only through sock.makefile('rb'): begin() on an object "
     "offering makefile parses a raw response (status, reason, headers) and read() returns "
     "its body, as SSDP/UPnP code parses a datagram (the docs say HTTPResponse is not "
     "instantiated directly)."),
    ("HTTPConnection", "response_class", "wire", _ALL_PYPY,
     "getresponse() builds the response with the connection's response_class attribute "
     "(HTTPResponse by default): a subclass of HTTPResponse set there is what getresponse() "
     "returns."),
    # -- conn.sock, which programs read to learn whether the connection is open --
    ("HTTPConnection", "sock-set-by-connect", "wire", _ALL_PYPY,
     "conn.sock is None until the connection connects; connect(), or a request() that "
     "connects, sets it to the connection's socket."),
    ("HTTPConnection", "sock-kept-alive", "wire", _ALL_PYPY,
     "On a persistent connection conn.sock stays the same object across responses read to "
     "their end."),
    ("HTTPConnection", "sock-none-after-close", "wire", _ALL_PYPY,
     "close() sets conn.sock to None (programs test 'conn.sock is None' to learn whether "
     "the connection is open, as urllib3 1.x does)."),
    ("HTTPConnection", "sock-none-after-closing-response", "wire", _ALL_PYPY,
     "getresponse() of a response after which the connection closes ('Connection: close', "
     "or HTTP/1.0 without keep-alive) sets conn.sock to None at once; the response still "
     "reads its body."),
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
