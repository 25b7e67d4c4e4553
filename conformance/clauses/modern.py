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
    ("HTTPConnection", "ipv6-host", "INFO", "behaviour",
     "The docs say nothing of IPv6 literals in the host string; what CPython does with "
     "'[IPv6]:port' is cpython:HTTPConnection:ipv6-host."),
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
    ("HTTPConnection", "request-control-characters", "INFO", "wire",
     "The docs name no exception for a method, URL or header holding control characters; "
     "CPython's refusals are cpython:HTTPConnection:url-control-characters, "
     "method-control-characters and header-invalid (RFC 9112 3.1, 3.2 and 5 forbid sending "
     "them whatever the docs say)."),
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
    ("HTTPConnection", "set_tunnel-control-characters", "INFO", "wire",
     "The docs say nothing of control characters in the tunnel host or headers (CPython "
     "2.7 and 3.6-3.13.0 send them as given; gh-146211, 2026, adds a ValueError). Sending "
     "them is forbidden by RFC 9112 3.2 and RFC 9110 5.5, which the checks grade."),
    ("HTTPConnection", "set_tunnel-host-header", "MUST", "wire",
     "The CONNECT request carries a Host field matching the authority-form target; one is "
     "generated only when the caller's tunnel headers have none (since 3.12)."),
    ("HTTPConnection", "set_tunnel-https", "MUST", "wire",
     "An HTTPSConnection made with the proxy's address and given set_tunnel(host) sends "
     "CONNECT to the proxy and then speaks TLS with host through the tunnel (the documented "
     "example)."),
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
    ("HTTPConnection", "request-url-forms", "INFO", "wire",
     "The docs (3.12+) tell the caller that url must be an absolute path, unless the "
     "connection goes to an HTTP proxy or the method is OPTIONS or CONNECT; the url is sent "
     "as given (putrequest)."),
    ("HTTPConnection", "request-host-advice", "INFO", "wire",
     "The docs (3.12+) tell the caller to provide a Host header to conform with RFC 2616 "
     "5.1.2; the automatic Host field is putrequest's."),
    ("HTTPConnection", "endheaders-chunk-buffer", "MUST", "wire",
     "With encode_chunked=True, a message_body that supports the buffer protocol is sent as "
     "a single chunk, followed by the last chunk (since 3.6)."),
    ("HTTPConnection", "endheaders-chunk-iterable", "MUST", "wire",
     "With encode_chunked=True, each item of an iterable message_body is sent as one chunk, "
     "followed by the last chunk (since 3.6)."),
    ("HTTPConnection", "endheaders-chunk-file", "MUST", "wire",
     "With encode_chunked=True, each read() of a file message_body is sent as one chunk, "
     "followed by the last chunk (since 3.6)."),
    ("HTTPConnection", "audit-connect", "MUST", "behaviour",
     "connect() raises the auditing event http.client.connect with arguments self, host, "
     "port (CPython emits it from 3.10)."),
    ("HTTPConnection", "audit-send", "MUST", "behaviour",
     "send() raises the auditing event http.client.send with arguments self, data (CPython "
     "emits it from 3.10)."),
    ("HTTPConnection", "state-errors", "INFO", "behaviour",
     "The docs list CannotSendRequest, CannotSendHeader and ResponseNotReady as subclasses "
     "of ImproperConnectionState and say no more: which call raises which is CPython "
     "behaviour (cpython:HTTPConnection:CannotSendRequest, CannotSendHeader, "
     "ResponseNotReady)."),
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
    ("HTTPSConnection", "sni", "MUST", "wire",
     "The TLS handshake names the server's host (server_hostname, SNI) when ssl.HAS_SNI is "
     "true: the class supports HTTPS virtual hosts (since 3.2)."),
    ("HTTPSConnection", "post-handshake-auth", "MUST", "behaviour",
     "The default context (no context given) has TLS 1.3 post_handshake_auth enabled "
     "(since 3.8)."),
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
    ("HTTPResponse", "isclosed", "INFO", "wire",
     "isclosed() is not documented; CPython has it and callers such as urllib3 rely on it "
     "(cpython:HTTPResponse:isclosed)."),
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
    ("exceptions", "IncompleteRead-partial", "INFO", "wire",
     "The docs give IncompleteRead only as a subclass of HTTPException: no attribute is "
     "documented (partial and expected are cpython:exceptions:IncompleteRead-partial)."),
    ("exceptions", "BadStatusLine", "MUST", "wire",
     "BadStatusLine is raised when the server's status line cannot be understood."),
    ("exceptions", "BadStatusLine-line", "INFO", "wire",
     "The docs name no attribute of BadStatusLine; the line attribute is "
     "cpython:exceptions:BadStatusLine-line."),
    ("exceptions", "UnknownProtocol", "INFO", "wire",
     "The docs give UnknownProtocol only as a subclass of HTTPException and do not say when "
     "it is raised (cpython:HTTPResponse:UnknownProtocol; RFC 9112 2.3 grades the version)."),
    ("exceptions", "too-many-headers", "INFO", "wire",
     "The 3.12/3.13 docs set no limit on the number of header lines (CPython's limit of 100 "
     "is cpython:exceptions:too-many-headers; RFC 9110 2.3 asks for some limit)."),
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
