"""Clauses of RFC 9112 (HTTP/1.1) and RFC 9110 (HTTP semantics) that bind a
client: how it writes requests and how it reads responses.

Texts are short paraphrases, not quotations. Sections are RFC 9112 section
numbers; ``9110-<n>`` marks a section of RFC 9110. Levels follow the RFC's
requirement keyword; a rule the RFC states for recipients in general binds
the client as the recipient of a response.
"""

from typing import List, Tuple

from .model import Clause, build

ORIGIN = "rfc9112"

_ROWS: List[Tuple[str, str, str, str, str]] = [
    # -- 2.2 message parsing -------------------------------------------------
    ("2.2", "parse-as-octets", "MUST", "wire",
     "A recipient parses a message as a sequence of octets in a superset of US-ASCII, not as "
     "a stream of Unicode characters; string decoding happens only inside extracted elements."),
    ("2.2", "bare-lf-line-terminator", "MAY", "wire",
     "A recipient may accept a lone LF as the line terminator of the start-line and of field "
     "lines, ignoring any CR before it."),
    ("2.2", "bare-cr-invalid", "MUST", "wire",
     "A bare CR (not followed by LF) outside the content makes the element invalid: the "
     "recipient either rejects it or replaces each bare CR with SP before using it."),
    ("2.2", "whitespace-before-first-field", "MUST", "wire",
     "Whitespace between the start-line and the first field line: the recipient either "
     "rejects the message or consumes each whitespace-preceded line without processing it."),
    ("2.2", "no-extra-crlf-around-request", "MUST", "wire",
     "An HTTP/1.1 user agent does not send an extra CRLF before or after a request."),
    ("2.2", "invalid-response-not-content", "MUST", "wire",
     "A response that breaks the message grammar (a malformed line, a bare CR or LF, a "
     "missing colon, conflicting Content-Length values, a bad or oversized chunk size) is "
     "either rejected with the client's documented error, or recovered from only as the "
     "rule for that element allows; octets that are not content are never handed back as "
     "content. This is our reading of RFC 9112 2.2, 5, 6.3 and 7.1 together with RFC 9110 "
     "2.3 (parse defensively) and 5.5."),
    ("2.2", "outcome-as-reference", "INFO", "wire",
     "Where RFC 9110/9112 and the documentation leave a recipient a choice (reject or "
     "recover from an invalid element, which error to raise, how much of a broken body to "
     "hand back before it), nothing binds the client. Recorded: whether it makes the same "
     "choice as the reference client of its edition on the same bytes."),
    ("2.2", "invalid-message-rejected", "INFO", "wire",
     "RFC 9112 2.2 tells only a server what to do with octets that do not match the "
     "HTTP-message grammar (SHOULD answer 400 and close); nothing there binds a client, and "
     "RFC 9110 2.4 lets a recipient recover (MAY). The grammar itself is graded by the "
     "syntax clauses (status-line-syntax, field-line-syntax...). Recorded: what the client "
     "does with such a response."),
    # -- 2.3 HTTP version --------------------------------------------------------
    ("2.3", "http-version-syntax", "MUST", "wire",
     "HTTP-version is the case-sensitive name 'HTTP', '/', one digit, '.', one digit; "
     "anything else (lower case, several digits, other names) is not an HTTP/1.x version."),
    ("2.3", "request-version", "SHOULD", "wire",
     "A client sends the highest version it conforms to whose major version the server "
     "supports: HTTP/1.1 in the request-line (RFC 9110 6.2; sending a version it does not "
     "conform to is a MUST NOT there)."),
    ("2.3", "higher-minor-version", "SHOULD", "wire",
     "A message with a known major version and a higher minor version (e.g. HTTP/1.2) is "
     "processed as the highest minor version the recipient implements (RFC 9110 6.2)."),
    ("2.3", "unknown-major-version", "MUST", "wire",
     "A response whose major version the client does not implement (e.g. HTTP/2.0 or "
     "HTTP/3.0 over this connection) cannot be read as HTTP/1.x: the major version names "
     "the message syntax (RFC 9110 2.5) and a recipient MUST interpret a received element "
     "by its defined semantics (RFC 9110 2.4)."),
    # -- 3 request line ----------------------------------------------------------
    ("3", "request-line-syntax", "MUST", "wire",
     "The request-line is method SP request-target SP HTTP-version CRLF, single spaces."),
    ("3.1", "method-token", "MUST", "wire",
     "The method is a token: no whitespace, no control characters (CR, LF, NUL...), no "
     "delimiters; a client refuses to send another method rather than corrupt the line."),
    ("3.1", "method-case-sensitive", "MUST", "wire",
     "The method is case-sensitive and is sent as given."),
    ("3.2", "request-target-no-whitespace", "MUST", "wire",
     "No whitespace or control characters are allowed in the request-target; a client "
     "refuses (or encodes) them instead of sending a malformed request-line."),
    ("3.2", "host-required", "MUST", "wire",
     "A client sends a Host header field in every HTTP/1.1 request."),
    ("3.2", "host-once", "MUST", "wire",
     "A request carries exactly one Host field line (no duplicate when the caller supplies "
     "one and the automatic one is skipped): Host is a singleton field, and a sender MUST NOT "
     "generate several field lines of such a field (RFC 9110 5.3); RFC 9112 3.2 makes a "
     "server reject a request with more than one."),
    ("3.2", "host-empty-without-authority", "MUST", "wire",
     "When the target URI has no authority component, the client still sends Host, with an "
     "empty field value."),
    ("3.2", "host-matches-authority", "MUST", "wire",
     "The Host value is the authority of the target URI (host and port, no userinfo)."),
    ("3.2", "host-default-port-omitted", "MAY", "wire",
     "When the port is the scheme's default (80 for http, 443 for https) it may be "
     "omitted from Host; the normal form omits it (RFC 9110 4.2.3)."),
    ("3.2", "host-ipv6-brackets", "MUST", "wire",
     "An IPv6 literal host is written inside square brackets in Host and in the authority."),
    ("3.2", "host-no-control-characters", "MUST", "wire",
     "The host a client connects to and sends in Host contains no whitespace or control "
     "characters; a client refuses such a host before sending anything."),
    ("3.2.1", "origin-form", "MUST", "wire",
     "Sent directly to an origin server, the request-target is the absolute path and query "
     "of the target URI (origin-form)."),
    ("3.2.1", "origin-form-empty-path", "MUST", "wire",
     "When the target URI's path is empty the client sends '/' as the path."),
    ("3.2.3", "authority-form-connect", "MUST", "wire",
     "A CONNECT request to a proxy names only host and port of the tunnel destination as "
     "the request-target (authority-form), IPv6 in brackets."),
    # -- 4 status line -----------------------------------------------------------
    ("4", "status-line-syntax", "MUST", "wire",
     "The status-line is HTTP-version SP status-code SP [reason-phrase] CRLF."),
    ("4", "status-code-three-digits", "MUST", "wire",
     "The status-code is exactly three decimal digits; signs, underscores, more or fewer "
     "digits make the status-line invalid. This grades the digits only: 099 or 600 have "
     "three digits and pass here; their range is status-code-range."),
    ("4", "status-line-whitespace", "MAY", "wire",
     "A recipient may parse the status-line on whitespace boundaries, treating any whitespace "
     "as the separator."),
    ("4", "reason-phrase-optional", "MUST", "wire",
     "The reason-phrase is optional: a status-line that ends right after the space following "
     "the status code is valid and the client reads the response. A server MUST send that "
     "space, so a line without it breaks the grammar and reading it anyway is only allowed "
     "robustness (RFC 9112 4 and RFC 9110 2.4, MAY)."),
    ("4", "reason-phrase-ignored", "SHOULD", "wire",
     "A client does not rely on the reason-phrase for meaning; it is only informative."),
    ("4", "status-code-range", "SHOULD", "wire",
     "This grades the range, not the digits: status codes outside 100..599 (e.g. 099, 600, "
     "999: three digits, yet invalid) are "
     "invalid (RFC 9110 15); a client SHOULD process such a response as a 5xx, and treating "
     "it as invalid is also safe; never as success."),
    ("4", "unknown-status-class", "MUST", "wire",
     "An unrecognized status code is treated as the x00 code of its class (RFC 9110 15)."),
    # -- 5 fields ----------------------------------------------------------------
    ("5", "field-line-syntax", "MUST", "wire",
     "A field line is a case-insensitive field name, a colon, optional whitespace, the value "
     "and optional whitespace."),
    ("5", "field-value-ows-trimmed", "MUST", "wire",
     "Leading and trailing whitespace around a field value is not part of the value."),
    ("5", "field-name-case-insensitive", "MUST", "wire",
     "Field names are compared case-insensitively (RFC 9110 5.1)."),
    ("5", "field-line-without-colon", "MUST", "wire",
     "A field line without a colon is invalid; it is neither accepted as a field nor allowed "
     "to swallow the rest of the header section."),
    ("5.1", "no-whitespace-before-colon", "SHOULD", "wire",
     "No whitespace is allowed between the field name and the colon; such a line is invalid "
     "and is not taken as the field with the trimmed name. RFC 9112 5.1 binds only a server "
     "(MUST reject the request) and a proxy (MUST remove the whitespace); no keyword binds a "
     "user agent, hence SHOULD."),
    ("5.2", "obs-fold-replaced", "MUST", "wire",
     "A user agent that receives obs-fold (a line starting with SP or HTAB) in a response "
     "replaces it with one or more SP before interpreting the field value."),
    ("5.2", "no-obs-fold-sent", "MUST", "wire",
     "A sender does not generate line folding in the fields it sends."),
    ("5", "field-combine-duplicates", "MAY", "wire",
     "Several field lines with the same name may be combined into one value, in order, "
     "separated by a comma and optional whitespace (RFC 9110 5.3)."),
    ("5", "field-value-crlf-nul", "MUST", "wire",
     "A field value containing CR, LF or NUL is invalid: a recipient rejects the message or "
     "replaces each with SP; a sender never sends one (RFC 9110 5.5)."),
    ("5", "field-value-obs-text", "SHOULD", "wire",
     "Octets above 0x7F in a field value (obs-text) are treated as opaque data (RFC 9110 5.5)."),
    ("5", "field-name-token", "MUST", "wire",
     "A field name is a token; a client refuses to send a name with whitespace, a colon or "
     "control characters (RFC 9110 5.1, 5.6.2)."),
    # -- 6 message body ----------------------------------------------------------
    ("6.1", "chunked-required", "MUST", "wire",
     "A recipient is able to parse the chunked transfer coding."),
    ("6.1", "transfer-coding-case-insensitive", "MUST", "wire",
     "Transfer-coding names are case-insensitive ('Chunked' is chunked)."),
    ("6.1", "http10-transfer-encoding", "MUST", "wire",
     "A client that receives an HTTP/1.0 response with Transfer-Encoding treats its framing "
     "as faulty even if Content-Length is present, and closes the connection after "
     "processing it (RFC 9112 6.1 binds a server or client, MUST)."),
    ("6.1", "chunked-last-once", "MUST", "wire",
     "A client that applies a transfer coding other than chunked to a request's content "
     "applies chunked last, and never applies chunked twice (no chunking of a body that is "
     "already chunked)."),
    ("6.1", "no-te-unless-http11", "MUST", "wire",
     "A client sends Transfer-Encoding in a request only when it knows the server handles "
     "HTTP/1.1 (configuration, or a prior HTTP/1.1 response); a body of known length on a "
     "fresh connection goes with Content-Length."),
    ("6.2", "no-content-length-with-te", "MUST", "wire",
     "A sender does not send Content-Length in a message that has Transfer-Encoding."),
    ("6.2", "content-length-request-body", "SHOULD", "wire",
     "A user agent sends Content-Length for a request with content when it does not use "
     "Transfer-Encoding (even 0 for an empty POST) (RFC 9110 8.6)."),
    ("6.2", "content-length-octets", "MUST", "wire",
     "The Content-Length a user agent sends is the number of octets of the content, whatever "
     "the item size of the buffer holding it (RFC 9110 8.6)."),
    ("6.2", "no-content-length-without-body", "SHOULD", "wire",
     "A user agent does not send Content-Length on a request without content whose method "
     "does not anticipate content (e.g. GET)."),
    ("6.3", "head-no-body", "MUST", "wire",
     "A response to HEAD ends at the empty line after the header section, whatever its "
     "Content-Length or Transfer-Encoding says."),
    ("6.3", "1xx-no-body", "MUST", "wire",
     "A 1xx response ends at the empty line after its header section."),
    ("6.3", "204-no-body", "MUST", "wire",
     "A 204 response ends at the empty line after its header section; bytes after it are not "
     "its body."),
    ("6.3", "304-no-body", "MUST", "wire",
     "A 304 response ends at the empty line after its header section; bytes after it are not "
     "its body."),
    ("6.3", "connect-2xx-tunnel", "MUST", "wire",
     "A 2xx response to CONNECT turns the connection into a tunnel after the header section; "
     "the client ignores its Content-Length and Transfer-Encoding."),
    ("6.3", "te-overrides-cl", "MUST", "wire",
     "With both Transfer-Encoding and Content-Length, Transfer-Encoding defines the length."),
    ("6.3", "te-and-cl-close", "INFO", "wire",
     "A message with both Transfer-Encoding and Content-Length may be a smuggling attempt and "
     "ought to be handled as an error (RFC 9112 6.3, no keyword); the MUST close of 6.1 binds "
     "a server. Recorded: whether the client reuses the connection after it."),
    ("6.3", "chunked-final", "MUST", "wire",
     "When chunked is the final transfer coding, the body is read by decoding chunks until "
     "the last chunk and trailer section."),
    ("6.3", "te-not-chunked-until-close", "MUST", "wire",
     "In a response whose Transfer-Encoding does not end with chunked, the body extends until "
     "the server closes the connection."),
    ("6.3", "invalid-content-length", "MUST", "wire",
     "An invalid Content-Length (not digits, signed, several differing values) without "
     "Transfer-Encoding is an unrecoverable framing error: the user agent closes the "
     "connection and discards the response."),
    ("6.3", "content-length-list-identical", "MAY", "wire",
     "A Content-Length that is a list of identical valid values ('42, 42') may be rejected "
     "or processed as that single value (RFC 9110 8.6)."),
    ("6.3", "content-length-valid", "MUST", "wire",
     "A valid Content-Length without Transfer-Encoding gives the body length in octets; "
     "octets beyond it are not part of this response."),
    ("6.3", "content-length-incomplete", "MUST", "wire",
     "If the connection closes (or times out) before Content-Length octets arrive, the "
     "message is incomplete and the connection is closed."),
    ("6.3", "until-close", "MUST", "wire",
     "A response without Transfer-Encoding or Content-Length (and not bodiless by status or "
     "method) has a body that ends when the server closes the connection."),
    ("6.3", "extra-data-not-a-response", "MUST", "wire",
     "Data left after a complete final response is never processed as a separate response."),
    ("6.3", "request-body-framed", "MUST", "wire",
     "A user agent that sends a request with content sends a valid Content-Length or uses "
     "the chunked transfer coding."),
    ("6.3", "content-length-large-numbers", "MUST", "wire",
     "A recipient anticipates large Content-Length numerals without overflow or precision "
     "loss (RFC 9110 8.6); not allocating the announced size before the data arrives is our "
     "reading of that rule with RFC 9110 2.3's defensive parsing."),
    # -- 7 chunked ---------------------------------------------------------------
    ("7.1", "chunked-syntax", "MUST", "wire",
     "chunk = chunk-size [chunk-ext] CRLF chunk-data CRLF; chunk-size is one or more hex "
     "digits (either case); the body ends with a zero-size last-chunk, trailer section and "
     "CRLF."),
    ("7.1", "chunk-size-invalid", "MUST", "wire",
     "A chunk-size that is not hex digits (signed, '0x' prefix, underscores, spaces, empty) "
     "makes the chunked framing invalid."),
    ("7.1", "chunk-size-overflow", "MUST", "wire",
     "A recipient anticipates large hexadecimal chunk sizes without overflow or precision "
     "loss; not allocating a chunk before its data arrives is our reading of that rule with "
     "RFC 9110 2.3's defensive parsing."),
    ("7.1", "chunk-data-crlf", "MUST", "wire",
     "Each chunk's data is followed by CRLF; other octets there make the framing invalid."),
    ("7.1", "chunked-incomplete", "MUST", "wire",
     "A chunked body is incomplete if the connection ends before the last chunk (size 0) "
     "and the end of the trailer section (see also section 8)."),
    ("7.1.1", "chunk-extensions-ignored", "MUST", "wire",
     "A recipient ignores chunk extensions it does not recognize."),
    ("7.1.1", "chunk-extensions-limited", "INFO", "wire",
     "RFC 9112 7.1.1 says a server ought to limit the total length of chunk extensions in a "
     "request (no keyword, servers only); for a client reading a response only RFC 9110 "
     "2.3's defensive parsing applies. Recorded: whether the client bounds them."),
    ("7.1.2", "trailer-section", "MUST", "wire",
     "A trailer section of field lines may follow the last chunk; the recipient reads and "
     "may retain or discard it."),
    ("7.1.2", "trailer-not-merged", "MUST", "wire",
     "A trailer field is not merged into the header section unless its definition allows it."),
    ("7.1.3", "chunked-decoding", "MUST", "wire",
     "Decoding chunked yields the concatenated chunk-data; the length is the sum of the "
     "chunk sizes, and the chunked coding is removed."),
    ("7.1", "chunked-request-syntax", "MUST", "wire",
     "A client sending a chunked request writes each chunk as hex size CRLF data CRLF and "
     "ends with '0' CRLF CRLF (after any trailer fields)."),
    # -- 8 incomplete messages ---------------------------------------------------
    ("8", "incomplete-response", "MUST", "wire",
     "A client that receives an incomplete response (closed early, broken chunked decoding) "
     "records it as incomplete rather than complete."),
    ("8", "incomplete-header-section", "MUST", "wire",
     "A response that ends inside its header section is not a complete response."),
    # -- 9 connections -----------------------------------------------------------
    ("9.2", "response-order", "MUST", "wire",
     "Responses on a connection are associated with outstanding requests in the order sent."),
    ("9.2", "unsolicited-data", "MUST", "wire",
     "Data received on a connection without outstanding requests is never taken as a valid "
     "response (MUST NOT); the client SHOULD close the connection (CRLFs alone may be "
     "discarded)."),
    ("9.3", "persistent-by-default", "SHOULD", "wire",
     "HTTP/1.1 defaults to persistent connections and implementations SHOULD support them: "
     "after an HTTP/1.1 response without the 'close' connection option the connection "
     "persists, and the client MAY send the next request on it."),
    ("9.3", "close-if-not-persistent", "MUST", "wire",
     "A client that does not support persistent connections sends the 'close' connection "
     "option in every request."),
    ("9.3", "read-whole-body-before-reuse", "MUST", "wire",
     "A client that reuses a connection for a further request has first read the entire "
     "body of the previous response."),
    ("9.3", "connection-close", "MUST", "wire",
     "A response with the 'close' connection option (case-insensitive, as a token in the "
     "list) ends the connection after that response."),
    ("9.3", "connection-option-token", "MUST", "wire",
     "Connection options are whole tokens: 'x-closed-y' or 'closed' is not 'close' "
     "(RFC 9110 7.6.1)."),
    ("9.3", "http10-close-by-default", "MUST", "wire",
     "An HTTP/1.0 response without 'keep-alive' ends the connection after that response."),
    ("9.3", "http10-keep-alive", "MAY", "wire",
     "An HTTP/1.0 response with the 'keep-alive' connection option may keep the connection "
     "open when the client honours HTTP/1.0 keep-alive."),
    ("9.3", "close-delimited-not-persistent", "MUST", "wire",
     "A connection whose response body was delimited by close cannot be reused."),
    ("9.3", "reconnect-after-close", "MUST", "wire",
     "After the connection has ended, no request goes on it (RFC 9112 9.6, MUST NOT); a new "
     "request opens a new connection (the RFC allows that; http.client's docs make connect() "
     "automatic)."),
    ("9.3.1", "no-retry-non-idempotent", "SHOULD", "wire",
     "A client SHOULD NOT automatically retry a request with a non-idempotent method "
     "(POST...) unless it knows the semantics are idempotent or the request was never "
     "applied (RFC 9110 9.2.2, to which 9112 9.3.1 defers; RFC 7230 said MUST NOT)."),
    ("9.3.1", "recover-async-close", "INFO", "wire",
     "Connections can close at any time; implementations ought to anticipate the need to "
     "recover from such a close (RFC 9112 9.3.1, no keyword). Recorded: what the client does "
     "when an idle persistent connection was closed."),
    ("9.3.2", "pipelining", "MAY", "wire",
     "A client may send several requests without waiting for each response; responses then "
     "arrive in request order."),
    ("9.3.2", "no-pipeline-after-reconnect", "MUST", "wire",
     "When retrying pipelined requests after a connection failed (not closed by the server "
     "in its last complete response), a client does not pipeline right after opening the "
     "new connection."),
    ("9.5", "timeout", "INFO", "wire",
     "RFC 9112 9.5 sets no timeout rule for a client (only that one wishing to time out "
     "SHOULD close gracefully); the timeout parameter of the docs is what binds. Recorded: "
     "whether a stalled server blocks the client."),
    ("9.6", "close-sent-no-more-requests", "MUST", "wire",
     "A client that sent the 'close' connection option sends no further requests on that "
     "connection and closes it after reading the response."),
    ("9.6", "close-received-no-more-requests", "MUST", "wire",
     "A client that received the 'close' connection option sends no further requests on "
     "that connection and closes it after reading the response."),
    ("9.6", "connection-reset", "MUST", "wire",
     "A connection reset or abort by the server is reported as an error, not as a complete "
     "response (a response cut short is incomplete and MUST be recorded so, RFC 9112 8)."),
    ("9.8", "tls-incomplete-close", "SHOULD", "wire",
     "Over TLS, a response delimited by Content-Length or a last chunk is complete even "
     "without a closure alert; a close-delimited one needs a valid closure."),
    ("9.8", "tls-close-notify", "MUST", "wire",
     "Over TLS a client sends a closure alert (close_notify) before closing the connection; "
     "it need not wait for the server's alert."),
    # -- RFC 9110 ----------------------------------------------------------------
    ("9110-2.3", "reasonable-limits", "SHOULD", "wire",
     "A recipient parses defensively, with limits on line length, number of fields and "
     "repeated elements, and reports an error instead of exhausting memory (RFC 9110 2.3, 5.4)."),
    ("9110-4.3.4", "tls-verify-identity", "MUST", "wire",
     "Over https a client verifies the server's certificate chain and that the certificate "
     "matches the host it connected to; on a mismatch an automated client MUST log the error "
     "and SHOULD end the connection with a bad certificate error."),
    ("9110-4.3.4", "tls-certificate-validity", "MUST", "wire",
     "An expired, not-yet-valid, self-signed or untrusted certificate fails verification."),
    ("9110-10.1.1", "expect-100-continue", "MUST", "wire",
     "A client sends 'Expect: 100-continue' only with a request that has content, and may "
     "send the content without waiting for 100 (Continue)."),
    ("9110-15.2", "interim-responses", "MUST", "wire",
     "A client parses one or more 1xx responses received before the final response, even "
     "unexpected ones, and then reads the final response."),
    ("9110-15.2", "interim-responses-limited", "SHOULD", "wire",
     "A client bounds the number (and size) of interim responses it skips, so an endless "
     "stream of 1xx responses ends in an error (15.2 sets no bound; this is RFC 9110 2.3's "
     "SHOULD parse defensively)."),
    ("9110-15.2.2", "101-switching-protocols", "SHOULD", "wire",
     "After 101 (Switching Protocols) the connection no longer carries HTTP/1.1 responses; "
     "a client that did not ask for an upgrade does not read it as a 1xx to skip. RFC 9110 "
     "7.8 binds only the server (MUST NOT switch to a protocol the client did not offer), "
     "and 15.2 lets a user agent ignore unexpected 1xx responses, hence SHOULD."),
    ("9110-9.3.2", "head-request", "MUST", "wire",
     "A HEAD request is answered without content; the client reads no body for it."),
]

CLAUSES: List[Clause] = build(ORIGIN, _ROWS)
