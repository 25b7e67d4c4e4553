"""Clauses of the seed edition: ``spec/http.client-seed-edition.txt``.

Every ``text`` is quoted verbatim from that document (line breaks and the
pilcrows the page carries aside); ``tests/test_clauses.py`` holds us to it.
Sections follow the document: ``20.10`` (module), ``20.10.1`` (HTTPConnection
objects), ``20.10.2`` (HTTPResponse objects), ``20.10.3`` (examples) and
``20.10.4`` (HTTPMessage objects).
"""

from typing import Dict, List, Tuple

from .model import Clause, build

ORIGIN = "seed"

# (constant, value, definition) -- the document's status table, in its order.
STATUS_TABLE: Tuple[Tuple[str, int, str], ...] = (
    ("CONTINUE", 100, "HTTP/1.1, RFC 2616, Section 10.1.1"),
    ("SWITCHING_PROTOCOLS", 101, "HTTP/1.1, RFC 2616, Section 10.1.2"),
    ("PROCESSING", 102, "WEBDAV, RFC 2518, Section 10.1"),
    ("OK", 200, "HTTP/1.1, RFC 2616, Section 10.2.1"),
    ("CREATED", 201, "HTTP/1.1, RFC 2616, Section 10.2.2"),
    ("ACCEPTED", 202, "HTTP/1.1, RFC 2616, Section 10.2.3"),
    ("NON_AUTHORITATIVE_INFORMATION", 203, "HTTP/1.1, RFC 2616, Section 10.2.4"),
    ("NO_CONTENT", 204, "HTTP/1.1, RFC 2616, Section 10.2.5"),
    ("RESET_CONTENT", 205, "HTTP/1.1, RFC 2616, Section 10.2.6"),
    ("PARTIAL_CONTENT", 206, "HTTP/1.1, RFC 2616, Section 10.2.7"),
    ("MULTI_STATUS", 207, "WEBDAV RFC 2518, Section 10.2"),
    ("IM_USED", 226, "Delta encoding in HTTP, RFC 3229, Section 10.4.1"),
    ("MULTIPLE_CHOICES", 300, "HTTP/1.1, RFC 2616, Section 10.3.1"),
    ("MOVED_PERMANENTLY", 301, "HTTP/1.1, RFC 2616, Section 10.3.2"),
    ("FOUND", 302, "HTTP/1.1, RFC 2616, Section 10.3.3"),
    ("SEE_OTHER", 303, "HTTP/1.1, RFC 2616, Section 10.3.4"),
    ("NOT_MODIFIED", 304, "HTTP/1.1, RFC 2616, Section 10.3.5"),
    ("USE_PROXY", 305, "HTTP/1.1, RFC 2616, Section 10.3.6"),
    ("TEMPORARY_REDIRECT", 307, "HTTP/1.1, RFC 2616, Section 10.3.8"),
    ("BAD_REQUEST", 400, "HTTP/1.1, RFC 2616, Section 10.4.1"),
    ("UNAUTHORIZED", 401, "HTTP/1.1, RFC 2616, Section 10.4.2"),
    ("PAYMENT_REQUIRED", 402, "HTTP/1.1, RFC 2616, Section 10.4.3"),
    ("FORBIDDEN", 403, "HTTP/1.1, RFC 2616, Section 10.4.4"),
    ("NOT_FOUND", 404, "HTTP/1.1, RFC 2616, Section 10.4.5"),
    ("METHOD_NOT_ALLOWED", 405, "HTTP/1.1, RFC 2616, Section 10.4.6"),
    ("NOT_ACCEPTABLE", 406, "HTTP/1.1, RFC 2616, Section 10.4.7"),
    ("PROXY_AUTHENTICATION_REQUIRED", 407, "HTTP/1.1, RFC 2616, Section 10.4.8"),
    ("REQUEST_TIMEOUT", 408, "HTTP/1.1, RFC 2616, Section 10.4.9"),
    ("CONFLICT", 409, "HTTP/1.1, RFC 2616, Section 10.4.10"),
    ("GONE", 410, "HTTP/1.1, RFC 2616, Section 10.4.11"),
    ("LENGTH_REQUIRED", 411, "HTTP/1.1, RFC 2616, Section 10.4.12"),
    ("PRECONDITION_FAILED", 412, "HTTP/1.1, RFC 2616, Section 10.4.13"),
    ("REQUEST_ENTITY_TOO_LARGE", 413, "HTTP/1.1, RFC 2616, Section 10.4.14"),
    ("REQUEST_URI_TOO_LONG", 414, "HTTP/1.1, RFC 2616, Section 10.4.15"),
    ("UNSUPPORTED_MEDIA_TYPE", 415, "HTTP/1.1, RFC 2616, Section 10.4.16"),
    ("REQUESTED_RANGE_NOT_SATISFIABLE", 416, "HTTP/1.1, RFC 2616, Section 10.4.17"),
    ("EXPECTATION_FAILED", 417, "HTTP/1.1, RFC 2616, Section 10.4.18"),
    ("UNPROCESSABLE_ENTITY", 422, "WEBDAV, RFC 2518, Section 10.3"),
    ("LOCKED", 423, "WEBDAV RFC 2518, Section 10.4"),
    ("FAILED_DEPENDENCY", 424, "WEBDAV, RFC 2518, Section 10.5"),
    ("UPGRADE_REQUIRED", 426, "HTTP Upgrade to TLS, RFC 2817, Section 6"),
    ("INTERNAL_SERVER_ERROR", 500, "HTTP/1.1, RFC 2616, Section 10.5.1"),
    ("NOT_IMPLEMENTED", 501, "HTTP/1.1, RFC 2616, Section 10.5.2"),
    ("BAD_GATEWAY", 502, "HTTP/1.1 RFC 2616, Section 10.5.3"),
    ("SERVICE_UNAVAILABLE", 503, "HTTP/1.1, RFC 2616, Section 10.5.4"),
    ("GATEWAY_TIMEOUT", 504, "HTTP/1.1 RFC 2616, Section 10.5.5"),
    ("HTTP_VERSION_NOT_SUPPORTED", 505, "HTTP/1.1, RFC 2616, Section 10.5.6"),
    ("INSUFFICIENT_STORAGE", 507, "WEBDAV, RFC 2518, Section 10.6"),
    ("NOT_EXTENDED", 510, "An HTTP Extension Framework, RFC 2774, Section 7"),
)

# The "W3C names" `responses` maps the HTTP/1.1 codes to: the headings of
# RFC 2616 section 10 (as published by the W3C), for every HTTP/1.1 row above.
SEED_PHRASES: Dict[int, str] = {
    100: "Continue",
    101: "Switching Protocols",
    200: "OK",
    201: "Created",
    202: "Accepted",
    203: "Non-Authoritative Information",
    204: "No Content",
    205: "Reset Content",
    206: "Partial Content",
    300: "Multiple Choices",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    305: "Use Proxy",
    307: "Temporary Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    407: "Proxy Authentication Required",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Request Entity Too Large",
    414: "Request-URI Too Long",
    415: "Unsupported Media Type",
    416: "Requested Range Not Satisfiable",
    417: "Expectation Failed",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    505: "HTTP Version Not Supported",
}

# (exception, documented base) in the document's order.
EXCEPTIONS: Tuple[Tuple[str, str], ...] = (
    ("HTTPException", "Exception"),
    ("NotConnected", "HTTPException"),
    ("InvalidURL", "HTTPException"),
    ("UnknownProtocol", "HTTPException"),
    ("UnknownTransferEncoding", "HTTPException"),
    ("UnimplementedFileMode", "HTTPException"),
    ("IncompleteRead", "HTTPException"),
    ("ImproperConnectionState", "HTTPException"),
    ("CannotSendRequest", "ImproperConnectionState"),
    ("CannotSendHeader", "ImproperConnectionState"),
    ("ResponseNotReady", "ImproperConnectionState"),
    ("BadStatusLine", "HTTPException"),
)

_MODULE = "20.10"
_CONN = "20.10.1"
_RESP = "20.10.2"
_EXAMPLES = "20.10.3"
_MESSAGE = "20.10.4"

_ROWS: List[Tuple[str, str, str, str, str]] = [
    # -- the module ------------------------------------------------------
    (_MODULE, "module-client-classes", "MUST", "api",
     "This module defines classes which implement the client side of the HTTP and "
     "HTTPS protocols."),
    (_MODULE, "https-needs-ssl", "INFO", "api",
     "HTTPS support is only available if the socket module was compiled with SSL support."),
    # -- HTTPConnection ----------------------------------------------------
    (_MODULE, "HTTPConnection-signature", "MUST", "api",
     "class http.client.HTTPConnection (host, port=None, strict=None[, timeout])"),
    (_MODULE, "HTTPConnection-one-transaction", "INFO", "wire",
     "An HTTPConnection instance represents one transaction with an HTTP server."),
    (_MODULE, "HTTPConnection-host-and-port", "INFO", "behaviour",
     "It should be instantiated passing it a host and optional port number."),
    (_MODULE, "HTTPConnection-port-from-host", "MUST", "behaviour",
     "If no port number is passed, the port is extracted from the host string if it has "
     "the form host:port"),
    (_MODULE, "HTTPConnection-default-port", "MUST", "behaviour",
     "else the default HTTP port (80) is used."),
    (_MODULE, "HTTPConnection-strict-default", "MUST", "api",
     "the optional parameter strict (which defaults to a false value)"),
    (_MODULE, "HTTPConnection-strict", "MUST", "wire",
     "When True, the optional parameter strict (which defaults to a false value) causes "
     "BadStatusLine to be raised if the status line can\u2019t be parsed as a valid "
     "HTTP/1.0 or 1.1 status line."),
    (_MODULE, "HTTPConnection-timeout", "MUST", "wire",
     "If the optional timeout parameter is given, blocking operations (like connection "
     "attempts) will timeout after that many seconds"),
    (_MODULE, "HTTPConnection-timeout-default", "MUST", "behaviour",
     "(if it is not given, the global default timeout setting is used)."),
    (_MODULE, "HTTPConnection-same-host-port-example", "MUST", "behaviour",
     "For example, the following calls all create instances that connect to the server at "
     "the same host and port: >>> h1 = http.client.HTTPConnection('www.cwi.nl') >>> h2 = "
     "http.client.HTTPConnection('www.cwi.nl:80') >>> h3 = "
     "http.client.HTTPConnection('www.cwi.nl', 80) >>> h3 = "
     "http.client.HTTPConnection('www.cwi.nl', 80, timeout=10)"),
    # -- HTTPSConnection ---------------------------------------------------
    (_MODULE, "HTTPSConnection-signature", "MUST", "api",
     "class http.client.HTTPSConnection (host, port=None, key_file=None, cert_file=None, "
     "strict=None[, timeout])"),
    (_MODULE, "HTTPSConnection-subclass", "MUST", "api",
     "A subclass of HTTPConnection that uses SSL for communication with secure servers."),
    (_MODULE, "HTTPSConnection-default-port", "MUST", "behaviour",
     "Default port is 443."),
    (_MODULE, "HTTPSConnection-key-file", "MUST", "wire",
     "key_file is the name of a PEM formatted file that contains your private key"),
    (_MODULE, "HTTPSConnection-cert-file", "MUST", "wire",
     "cert_file is a PEM formatted certificate chain file; both can be used for "
     "authenticating yourself against the server."),
    # A documented limitation: it binds nobody, so every seed TLS case grades info.
    (_MODULE, "HTTPSConnection-no-verification", "INFO", "wire",
     "This does not do any verification of the server\u2019s certificate."),
    # -- HTTPResponse ------------------------------------------------------
    (_MODULE, "HTTPResponse-signature", "MUST", "api",
     "class http.client.HTTPResponse (sock, debuglevel=0, strict=0, method=None, url=None)"),
    (_MODULE, "HTTPResponse-returned", "MUST", "wire",
     "Class whose instances are returned upon successful connection."),
    (_MODULE, "HTTPResponse-not-instantiated", "INFO", "api",
     "Not instantiated directly by user."),
    # -- exceptions --------------------------------------------------------
    (_MODULE, "exceptions-raised", "INFO", "wire",
     "The following exceptions are raised as appropriate:"),
    (_MODULE, "exception-HTTPException", "MUST", "api",
     "exception http.client.HTTPException"),
    (_MODULE, "exception-HTTPException-base", "MUST", "api",
     "The base class of the other exceptions in this module."),
    (_MODULE, "exception-HTTPException-subclass-of-Exception", "MUST", "api",
     "It is a subclass of Exception."),
    (_MODULE, "exception-NotConnected", "MUST", "api",
     "exception http.client.NotConnected A subclass of HTTPException."),
    (_MODULE, "exception-InvalidURL", "MUST", "api",
     "exception http.client.InvalidURL A subclass of HTTPException"),
    (_MODULE, "InvalidURL-non-numeric-port", "MUST", "behaviour",
     "raised if a port is given and is either non-numeric or empty."),
    (_MODULE, "InvalidURL-empty-port", "MUST", "behaviour",
     "raised if a port is given and is either non-numeric or empty."),
    (_MODULE, "exception-UnknownProtocol", "MUST", "api",
     "exception http.client.UnknownProtocol A subclass of HTTPException."),
    (_MODULE, "exception-UnknownTransferEncoding", "MUST", "api",
     "exception http.client.UnknownTransferEncoding A subclass of HTTPException."),
    (_MODULE, "exception-UnimplementedFileMode", "MUST", "api",
     "exception http.client.UnimplementedFileMode A subclass of HTTPException."),
    (_MODULE, "exception-IncompleteRead", "MUST", "api",
     "exception http.client.IncompleteRead A subclass of HTTPException."),
    (_MODULE, "exception-ImproperConnectionState", "MUST", "api",
     "exception http.client.ImproperConnectionState A subclass of HTTPException."),
    (_MODULE, "exception-CannotSendRequest", "MUST", "api",
     "exception http.client.CannotSendRequest A subclass of ImproperConnectionState."),
    (_MODULE, "exception-CannotSendHeader", "MUST", "api",
     "exception http.client.CannotSendHeader A subclass of ImproperConnectionState."),
    (_MODULE, "exception-ResponseNotReady", "MUST", "api",
     "exception http.client.ResponseNotReady A subclass of ImproperConnectionState."),
    (_MODULE, "exception-BadStatusLine", "MUST", "api",
     "exception http.client.BadStatusLine A subclass of HTTPException."),
    (_MODULE, "BadStatusLine-raised", "MUST", "wire",
     "Raised if a server responds with a HTTP status code that we don\u2019t understand."),
    # -- constants ---------------------------------------------------------
    (_MODULE, "constants", "MUST", "api", "The constants defined in this module are:"),
    (_MODULE, "HTTP_PORT", "MUST", "api",
     "http.client.HTTP_PORT The default port for the HTTP protocol (always 80)."),
    (_MODULE, "HTTPS_PORT", "MUST", "api",
     "http.client.HTTPS_PORT The default port for the HTTPS protocol (always 443)."),
    (_MODULE, "status-constants", "MUST", "api",
     "and also the following constants for integer status codes:"),
]

_ROWS += [
    (_MODULE, f"status-{name}", "MUST", "api", f"{name} | {value} | {definition} |")
    for name, value, definition in STATUS_TABLE
]

_ROWS += [
    (_MODULE, "responses", "MUST", "api",
     "http.client.responses This dictionary maps the HTTP 1.1 status codes to the W3C names."),
    (_MODULE, "responses-not-found-example", "MUST", "api",
     "Example: http.client.responses[http.client.NOT_FOUND] is 'Not Found'."),
    # -- HTTPConnection objects (20.10.1) ----------------------------------
    (_CONN, "methods", "MUST", "api", "HTTPConnection instances have the following methods:"),
    (_CONN, "request-signature", "MUST", "api",
     "HTTPConnection.request (method, url, body=None, headers={})"),
    (_CONN, "request-sends", "MUST", "wire",
     "This will send a request to the server using the HTTP request method method and the "
     "selector url."),
    (_CONN, "request-body", "MUST", "wire",
     "If the body argument is present, it should be string or bytes object of data to send "
     "after the headers are finished."),
    (_CONN, "request-str-iso-8859-1", "MUST", "wire",
     "Strings are encoded as ISO-8859-1, the default charset for HTTP."),
    (_CONN, "request-bytes", "INFO", "wire",
     "To use other encodings, pass a bytes object."),
    (_CONN, "request-content-length", "MUST", "wire",
     "The Content-Length header is set to the length of the string."),
    (_CONN, "request-file-body", "MUST", "wire",
     "The body may also be an open file object, in which case the contents of the file is "
     "sent; this file object should support fileno() and read() methods."),
    (_CONN, "request-file-content-length", "MUST", "wire",
     "The header Content-Length is automatically set to the length of the file as reported "
     "by stat."),
    (_CONN, "request-headers-mapping", "MUST", "wire",
     "The headers argument should be a mapping of extra HTTP headers to send with the "
     "request."),
    (_CONN, "getresponse-signature", "MUST", "api", "HTTPConnection.getresponse ()"),
    (_CONN, "getresponse-after-request", "INFO", "behaviour",
     "Should be called after a request is sent to get the response from the server."),
    (_CONN, "getresponse-returns-HTTPResponse", "MUST", "wire",
     "Returns an HTTPResponse instance."),
    (_CONN, "getresponse-read-whole-response", "INFO", "wire",
     "Note that you must have read the whole response before you can send a new request to "
     "the server."),
    (_CONN, "set_debuglevel-signature", "MUST", "api",
     "HTTPConnection.set_debuglevel (level)"),
    (_CONN, "set_debuglevel-default", "MUST", "wire",
     "The default debug level is 0, meaning no debugging output is printed."),
    (_CONN, "set_debuglevel-output", "MUST", "wire",
     "Any value greater than 0 will cause all currently defined debug output to be printed "
     "to stdout."),
    (_CONN, "set_debuglevel-passed-to-response", "MUST", "wire",
     "The debuglevel is passed to any new HTTPResponse objects that are created."),
    (_CONN, "connect", "MUST", "behaviour",
     "HTTPConnection.connect () Connect to the server specified when the object was created."),
    (_CONN, "close", "MUST", "behaviour",
     "HTTPConnection.close () Close the connection to the server."),
    (_CONN, "step-by-step", "MUST", "wire",
     "As an alternative to using the request() method described above, you can also send "
     "your request step by step, by using the four functions below."),
    (_CONN, "putrequest-signature", "MUST", "api",
     "HTTPConnection.putrequest (request, selector, skip_host=False, "
     "skip_accept_encoding=False)"),
    (_CONN, "putrequest-first-call", "INFO", "behaviour",
     "This should be the first call after the connection to the server has been made."),
    (_CONN, "putrequest-request-line", "MUST", "wire",
     "It sends a line to the server consisting of the request string, the selector string, "
     "and the HTTP version (HTTP/1.1)."),
    (_CONN, "putrequest-auto-host", "MUST", "wire",
     "To disable automatic sending of Host: or Accept-Encoding: headers"),
    (_CONN, "putrequest-auto-accept-encoding", "MUST", "wire",
     "To disable automatic sending of Host: or Accept-Encoding: headers"),
    (_CONN, "putrequest-skip-host", "MUST", "wire",
     "specify skip_host or skip_accept_encoding with non-False values."),
    (_CONN, "putrequest-skip-accept-encoding", "MUST", "wire",
     "(for example to accept additional content encodings), specify skip_host or "
     "skip_accept_encoding with non-False values."),
    (_CONN, "putheader-signature", "MUST", "api",
     "HTTPConnection.putheader (header, argument[, ...])"),
    (_CONN, "putheader-line", "MUST", "wire",
     "Send an RFC 822-style header to the server. It sends a line to the server consisting "
     "of the header, a colon and a space, and the first argument."),
    (_CONN, "putheader-continuation", "MUST", "wire",
     "If more arguments are given, continuation lines are sent, each consisting of a tab and "
     "an argument."),
    (_CONN, "endheaders", "MUST", "wire",
     "HTTPConnection.endheaders () Send a blank line to the server, signalling the end of "
     "the headers."),
    (_CONN, "send-signature", "MUST", "api", "HTTPConnection.send (data)"),
    (_CONN, "send", "MUST", "wire", "Send data to the server."),
    (_CONN, "send-after-endheaders", "INFO", "behaviour",
     "This should be used directly only after the endheaders() method has been called and "
     "before getresponse() is called."),
    # -- HTTPResponse objects (20.10.2) ------------------------------------
    (_RESP, "HTTPResponse-wraps", "INFO", "wire",
     "An HTTPResponse instance wraps the HTTP response from the server. It provides access "
     "to the request headers and the entity body."),
    (_RESP, "HTTPResponse-iterable", "MUST", "wire", "The response is an iterable object"),
    (_RESP, "HTTPResponse-with", "MUST", "wire", "and can be used in a with statement."),
    (_RESP, "read", "MUST", "wire",
     "HTTPResponse.read ([amt]) Reads and returns the response body"),
    (_RESP, "read-amt", "MUST", "wire", "or up to the next amt bytes."),
    (_RESP, "getheader-signature", "MUST", "api", "HTTPResponse.getheader (name, default=None)"),
    (_RESP, "getheader", "MUST", "wire",
     "Return the value of the header name, or default if there is no header matching name."),
    (_RESP, "getheader-default", "MUST", "wire",
     "or default if there is no header matching name."),
    (_RESP, "getheader-join", "MUST", "wire",
     "If there is more than one header with the name name, return all of the values joined "
     "by \u2018, \u2018."),
    (_RESP, "getheader-iterable-default", "MUST", "wire",
     "If \u2018default\u2019 is any iterable other than a single string, its elements are "
     "similarly returned joined by commas."),
    (_RESP, "getheaders", "MUST", "wire",
     "HTTPResponse.getheaders () Return a list of (header, value) tuples."),
    (_RESP, "fileno", "MUST", "wire",
     "HTTPResponse.fileno () Return the fileno of the underlying socket."),
    (_RESP, "msg", "MUST", "wire",
     "HTTPResponse.msg A http.client.HTTPMessage instance containing the response headers."),
    (_RESP, "HTTPMessage-subclass", "MUST", "api",
     "http.client.HTTPMessage is a subclass of email.message.Message."),
    (_RESP, "version", "MUST", "wire",
     "HTTPResponse.version HTTP protocol version used by server. 10 for HTTP/1.0, 11 for "
     "HTTP/1.1."),
    (_RESP, "status", "MUST", "wire", "HTTPResponse.status Status code returned by server."),
    (_RESP, "reason", "MUST", "wire", "HTTPResponse.reason Reason phrase returned by server."),
    (_RESP, "debuglevel", "MUST", "wire",
     "HTTPResponse.debuglevel A debugging hook. If debuglevel is greater than zero, messages "
     "will be printed to stdout as the response is read and parsed."),
    # -- examples (20.10.3) ------------------------------------------------
    (_EXAMPLES, "example-get", "MUST", "example",
     "Here is an example session that uses the GET method:"),
    (_EXAMPLES, "example-head", "MUST", "example",
     "Here is an example session that uses HEAD method. Note that HEAD method never returns "
     "any data."),
    (_EXAMPLES, "example-post", "MUST", "example",
     "Here is an example session that shows how to POST requests:"),
    # -- HTTPMessage objects (20.10.4) -------------------------------------
    (_MESSAGE, "HTTPMessage", "MUST", "api",
     "An http.client.HTTPMessage instance holds the headers from an HTTP response. It is "
     "implemented using the email.message.Message class."),
]

CLAUSES: List[Clause] = build(ORIGIN, _ROWS)
