"""Clauses of the modern edition: what current CPython (3.12/3.13) documents
for ``http.client`` beyond, or against, the seed edition.

Texts are short paraphrases in our own words, not quotations. The section is
the documented object the clause belongs to.
"""

from typing import List, Tuple

from .model import Clause, build

ORIGIN = "modern"

# (exception, documented bases) beyond or against the seed's hierarchy.
EXCEPTIONS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("HTTPException", ("Exception",)),
    ("NotConnected", ("HTTPException",)),
    ("InvalidURL", ("HTTPException",)),
    ("UnknownProtocol", ("HTTPException",)),
    ("UnknownTransferEncoding", ("HTTPException",)),
    ("UnimplementedFileMode", ("HTTPException",)),
    ("IncompleteRead", ("HTTPException",)),
    ("ImproperConnectionState", ("HTTPException",)),
    ("CannotSendRequest", ("ImproperConnectionState",)),
    ("CannotSendHeader", ("ImproperConnectionState",)),
    ("ResponseNotReady", ("ImproperConnectionState",)),
    ("BadStatusLine", ("HTTPException",)),
    ("LineTooLong", ("HTTPException",)),
    ("RemoteDisconnected", ("ConnectionResetError", "BadStatusLine")),
)

_ROWS: List[Tuple[str, str, str, str, str]] = [
    # -- HTTPConnection ----------------------------------------------------------
    ("HTTPConnection", "signature", "MUST", "api",
     "HTTPConnection(host, port=None[, timeout], source_address=None, blocksize=8192); the "
     "strict parameter no longer exists."),
    ("HTTPConnection", "port-from-host", "MUST", "behaviour",
     "Without a port argument the port is taken from a 'host:port' host string, else 80."),
    ("HTTPConnection", "ipv6-host", "MUST", "behaviour",
     "A host given as '[IPv6]:port' or '[IPv6]' yields the IPv6 address without brackets "
     "and the port (default 80)."),
    ("HTTPConnection", "invalid-port", "MUST", "behaviour",
     "A port in the host string that is not numeric raises InvalidURL."),
    ("HTTPConnection", "empty-port", "MUST", "behaviour",
     "An empty port in the host string (a trailing colon) raises InvalidURL: the docs say "
     "InvalidURL is raised for a port that is non-numeric or empty, as the seed did. "
     "(CPython takes the default port instead.)"),
    ("HTTPConnection", "timeout", "MUST", "wire",
     "timeout bounds blocking operations such as connecting and reading; without it the "
     "global default socket timeout applies."),
    ("HTTPConnection", "source_address", "MUST", "wire",
     "source_address, a (host, port) tuple, is the local address the connection is made from."),
    ("HTTPConnection", "blocksize", "MUST", "api",
     "blocksize is the buffer size in bytes for sending a file-like body; it is available "
     "as the blocksize attribute."),
    ("HTTPConnection", "request-signature", "MUST", "api",
     "request(method, url, body=None, headers={}, *, encode_chunked=False)."),
    ("HTTPConnection", "request-body-types", "MUST", "wire",
     "The body may be a str (encoded ISO-8859-1), a bytes-like object, an open file object "
     "(text files encoded ISO-8859-1, binary sent as is) or an iterable of bytes."),
    ("HTTPConnection", "request-content-length", "MUST", "wire",
     "Without Content-Length and Transfer-Encoding in headers, a body whose length can be "
     "determined (str, bytes-like) gets a Content-Length field."),
    ("HTTPConnection", "request-content-length-zero", "MUST", "wire",
     "With no body, a method that expects one (PUT, POST, PATCH) is sent with "
     "Content-Length: 0."),
    ("HTTPConnection", "request-chunked-unknown-length", "MUST", "wire",
     "A file or iterable body, whose length is not determined, is sent with "
     "Transfer-Encoding: chunked and chunk-encoded, unless headers give its framing."),
    ("HTTPConnection", "request-file-no-stat", "MUST", "wire",
     "Since 3.6 no attempt is made to find the Content-Length of a file body (contradicts "
     "the seed's Content-Length from stat)."),
    ("HTTPConnection", "request-encode-chunked", "MUST", "wire",
     "With Transfer-Encoding in headers, encode_chunked=True makes the library chunk-encode "
     "the body; encode_chunked=False means the body is already encoded and is sent as is."),
    ("HTTPConnection", "request-empty-chunks-skipped", "MUST", "wire",
     "Empty pieces yielded by an iterable body are skipped by the chunk encoder, so they do "
     "not end the body early."),
    ("HTTPConnection", "request-control-characters", "MUST", "wire",
     "A method, URL or header containing control characters such as CR or LF is refused "
     "(ValueError or InvalidURL) before anything is sent (security fixes since 3.7)."),
    ("HTTPConnection", "getresponse", "MUST", "wire",
     "getresponse() returns an HTTPResponse for the request sent. (Calling it after the "
     "request, and reading the whole response before the next request, are what the docs "
     "tell the caller to do.)"),
    ("HTTPConnection", "getresponse-reconnect", "MUST", "wire",
     "When getresponse() raises ConnectionError (or a subclass), the connection object is "
     "ready to reconnect when the next request is sent."),
    ("HTTPConnection", "getresponse-signature", "MUST", "api", "getresponse()."),
    ("HTTPConnection", "set_debuglevel-signature", "MUST", "api", "set_debuglevel(level)."),
    ("HTTPConnection", "set_debuglevel", "MUST", "wire",
     "set_debuglevel(level): 0 (default) prints nothing; above 0 debug output goes to "
     "stdout, and the level is passed to new responses."),
    ("HTTPConnection", "set_tunnel", "MUST", "wire",
     "set_tunnel(host, port=None, headers=None) makes the connection go through an HTTP "
     "proxy with CONNECT host:port, sending the extra headers with the CONNECT request."),
    ("HTTPConnection", "set_tunnel-signature", "MUST", "api",
     "set_tunnel(host, port=None, headers=None)."),
    ("HTTPConnection", "set_tunnel-http11", "MUST", "wire",
     "The CONNECT request uses HTTP/1.1 and carries a Host field (since 3.12)."),
    ("HTTPConnection", "set_tunnel-control-characters", "MUST", "wire",
     "A tunnel host or tunnel header containing CR, LF or other control characters is "
     "refused before anything is sent to the proxy."),
    ("HTTPConnection", "get_proxy_response_headers", "MUST", "wire",
     "get_proxy_response_headers() returns the headers of the proxy's CONNECT response, or "
     "None when no tunnel is in use (since 3.12)."),
    ("HTTPConnection", "connect", "MUST", "wire",
     "connect() connects to the server; request() calls it automatically when not connected."),
    ("HTTPConnection", "close", "MUST", "wire", "close() closes the connection to the server."),
    ("HTTPConnection", "putrequest-signature", "MUST", "api",
     "putrequest(method, url, skip_host=False, skip_accept_encoding=False)."),
    ("HTTPConnection", "putrequest", "MUST", "wire",
     "putrequest sends the request line with HTTP/1.1 and, unless skipped, a Host field "
     "and 'Accept-Encoding: identity'."),
    ("HTTPConnection", "putheader-signature", "MUST", "api",
     "putheader(header, argument[, ...]): one or more values after the header name."),
    ("HTTPConnection", "putheader", "MUST", "wire",
     "putheader(header, *values) sends 'header: value'; more values are sent as "
     "continuation lines, each a tab and a value."),
    ("HTTPConnection", "endheaders-signature", "MUST", "api",
     "endheaders(message_body=None, *, encode_chunked=False)."),
    ("HTTPConnection", "endheaders", "MUST", "wire",
     "endheaders sends the blank line ending the header section, then message_body if "
     "given (chunk-encoded when encode_chunked is true)."),
    ("HTTPConnection", "send-signature", "MUST", "api", "send(data)."),
    ("HTTPConnection", "send", "MUST", "wire",
     "send(data) sends data; meant for use after endheaders() and before getresponse()."),
    ("HTTPConnection", "state-errors", "MUST", "behaviour",
     "Calls out of order raise ImproperConnectionState subclasses: getresponse() without a "
     "request raises ResponseNotReady, putheader() after endheaders() raises "
     "CannotSendHeader, a new request while a response is pending raises CannotSendRequest."),
    # -- HTTPSConnection ---------------------------------------------------------
    ("HTTPSConnection", "signature", "MUST", "api",
     "HTTPSConnection(host, port=None, *, [timeout,] source_address=None, context=None, "
     "blocksize=8192)."),
    ("HTTPSConnection", "subclass", "MUST", "api",
     "HTTPSConnection is a subclass of HTTPConnection using TLS; its default port is 443."),
    ("HTTPSConnection", "context", "MUST", "wire",
     "context, an ssl.SSLContext, sets the TLS options of the connection."),
    ("HTTPSConnection", "verify-by-default", "MUST", "wire",
     "Without a context the certificate chain and the host name are verified (a default "
     "context), since 3.4.3; an unverified context restores the old behaviour."),
    ("HTTPSConnection", "alpn-http11", "MUST", "wire",
     "Without a context, the TLS handshake offers ALPN 'http/1.1' (since 3.10)."),
    ("HTTPSConnection", "key_file-removed", "INFO", "api",
     "key_file, cert_file and check_hostname were removed in 3.12; a client certificate "
     "is given through the context."),
    # -- HTTPResponse ------------------------------------------------------------
    ("HTTPResponse", "signature", "MUST", "api",
     "HTTPResponse(sock, debuglevel=0, method=None, url=None); strict was removed in 3.4."),
    ("HTTPResponse", "no-http09", "MUST", "wire",
     "HTTP/0.9 simple responses (no status line) are no longer supported."),
    ("HTTPResponse", "bufferediobase", "MUST", "api",
     "HTTPResponse implements the io.BufferedIOBase interface; all its reading operations "
     "are supported."),
    ("HTTPResponse", "read", "MUST", "wire",
     "read([amt]) returns the body, or at most the next amt bytes."),
    ("HTTPResponse", "readinto-signature", "MUST", "api", "readinto(b)."),
    ("HTTPResponse", "readinto", "MUST", "wire",
     "readinto(b) reads up to len(b) body bytes into b and returns how many."),
    ("HTTPResponse", "read1", "MUST", "wire",
     "read1([n]) returns body bytes with at most one read of the underlying stream."),
    ("HTTPResponse", "peek", "MAY", "wire",
     "peek([n]) returns buffered body bytes without consuming them."),
    ("HTTPResponse", "readline", "MUST", "wire",
     "readline([limit]) returns the next line of the body, honouring the body's framing."),
    ("HTTPResponse", "iterable", "MUST", "wire",
     "The response is iterable (body lines) and usable in a with statement."),
    ("HTTPResponse", "getheader-signature", "MUST", "api", "getheader(name, default=None)."),
    ("HTTPResponse", "getheader", "MUST", "wire",
     "getheader(name, default=None) returns the value, or the values joined by ', ', or "
     "default (an iterable non-str default joined by ', ')."),
    ("HTTPResponse", "getheaders", "MUST", "wire",
     "getheaders() returns a list of (header, value) tuples."),
    ("HTTPResponse", "getheaders-as-received", "MUST", "wire",
     "getheaders() lists the field lines as received: in order, repeated names kept, each "
     "name in the case the server sent it (msg is an email.message.Message, which stores "
     "names case-preserving)."),
    ("HTTPResponse", "fileno", "MUST", "wire", "fileno() returns the fileno of the socket."),
    ("HTTPResponse", "msg", "MUST", "wire",
     "msg is an HTTPMessage holding the response headers."),
    ("HTTPResponse", "headers", "MUST", "wire",
     "headers holds the response headers as an email.message.Message-style object (the "
     "HTTPMessage also given as msg)."),
    ("HTTPResponse", "version", "MUST", "wire",
     "version is 10 for HTTP/1.0 and 11 for HTTP/1.1."),
    ("HTTPResponse", "url", "MUST", "wire", "url is the URL of the resource retrieved."),
    ("HTTPResponse", "status", "MUST", "wire", "status is the status code from the server."),
    ("HTTPResponse", "reason", "MUST", "wire", "reason is the reason phrase from the server."),
    ("HTTPResponse", "debuglevel", "MUST", "wire",
     "debuglevel > 0 prints messages to stdout as the response is read and parsed."),
    ("HTTPResponse", "closed", "MUST", "wire", "closed is True once the stream is closed."),
    ("HTTPResponse", "isclosed", "MAY", "wire",
     "isclosed() tells whether the response is closed (undocumented, but CPython and "
     "callers such as urllib3 rely on it)."),
    ("HTTPResponse", "geturl", "MUST", "wire",
     "geturl() returns url (deprecated since 3.9 in favour of url)."),
    ("HTTPResponse", "info", "MUST", "wire",
     "info() returns headers (deprecated since 3.9 in favour of headers)."),
    ("HTTPResponse", "getcode", "MUST", "wire",
     "getcode() returns status (deprecated since 3.9 in favour of status)."),
    # -- exceptions --------------------------------------------------------------
    ("exceptions", "hierarchy", "MUST", "api",
     "The documented exceptions exist with their documented bases; HTTPException is a "
     "subclass of Exception."),
    ("exceptions", "LineTooLong", "MUST", "api",
     "LineTooLong, a subclass of HTTPException, is raised when an excessively long line is "
     "received from the server."),
    ("exceptions", "RemoteDisconnected", "MUST", "api",
     "RemoteDisconnected subclasses ConnectionResetError and BadStatusLine (since 3.5)."),
    ("exceptions", "RemoteDisconnected-raised", "MUST", "wire",
     "getresponse() raises RemoteDisconnected when the server closed the connection before "
     "sending any byte of the response."),
    ("exceptions", "IncompleteRead-partial", "MUST", "wire",
     "IncompleteRead carries the bytes received (partial) and, when known, the number still "
     "expected (expected)."),
    ("exceptions", "BadStatusLine", "MUST", "wire",
     "BadStatusLine is raised when the server's status line cannot be understood."),
    ("exceptions", "BadStatusLine-line", "SHOULD", "wire",
     "BadStatusLine carries the status line it could not parse as its line attribute (the "
     "docs' prose names no attribute; the constructor takes the line and callers read it)."),
    ("exceptions", "UnknownProtocol", "MUST", "wire",
     "UnknownProtocol is raised for a status line whose version is not HTTP/1.x."),
    ("exceptions", "too-many-headers", "MUST", "wire",
     "A response with more header lines than the limit (100) raises HTTPException."),
    # -- constants ---------------------------------------------------------------
    ("constants", "HTTP_PORT", "MUST", "api", "HTTP_PORT is 80."),
    ("constants", "HTTPS_PORT", "MUST", "api", "HTTPS_PORT is 443."),
    ("constants", "status-constants", "MUST", "api",
     "Every http.HTTPStatus member is available in the module under its name, with its "
     "value."),
    ("constants", "status-constants-members", "MUST", "api",
     "The status constants are the http.HTTPStatus members themselves: http.HTTPStatus.OK "
     "is also available as http.client.OK (http module docs)."),
    ("constants", "responses", "MUST", "api",
     "responses maps each status code to its name; the phrases are those of http.HTTPStatus."),
    ("constants", "responses-not-found", "MUST", "api",
     "responses[NOT_FOUND] is 'Not Found'."),
    # -- HTTPMessage and module functions -------------------------------------------
    ("HTTPMessage", "subclass", "MUST", "api",
     "HTTPMessage holds response headers and is a subclass of email.message.Message."),
    ("functions", "parse_headers", "MUST", "behaviour",
     "parse_headers(fp) reads a header section from a binary file positioned at the "
     "headers and returns an HTTPMessage."),
]

CLAUSES: List[Clause] = build(ORIGIN, _ROWS)
