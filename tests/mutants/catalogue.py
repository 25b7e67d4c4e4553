"""The mutants, as data: one realistic fault each, and the clauses whose
checks must catch it.

A ``Mutant`` is the reference package with one substitution: in
``reference/<module>.py``, the text ``old`` (which must occur exactly once)
becomes ``new``. ``edition`` picks the public module (``client`` for
modern, ``seed`` for seed) and the edition graded. For every id in
``clauses``, at least one check naming it must be graded with one of
``grades`` on the mutant while the unmutated copy passes it. ``gap``, when
set, documents a suite gap that lets the fault through; the test then
expects the mutant to survive (``xfail(strict=True)``).
"""

from dataclasses import dataclass
from typing import List, Optional, Tuple

EDITIONS = ("seed", "modern")
CAUGHT_GRADES = ("fail", "crash", "missing", "hang", "lenient")


@dataclass(frozen=True)
class Mutant:
    """One deliberately broken variant of the reference."""

    name: str
    description: str
    edition: str
    module: Optional[str]  # reference module stem; None for a control (no change)
    old: str
    new: str
    clauses: Tuple[str, ...]
    grades: Tuple[str, ...]
    gap: Optional[str] = None

    def __post_init__(self) -> None:
        if not self.name.isidentifier() or self.name.startswith("test"):
            raise ValueError(f"mutant name {self.name!r} must be an identifier not starting "
                             "with 'test'")
        if self.edition not in EDITIONS:
            raise ValueError(f"mutant {self.name}: edition {self.edition!r} is not one of "
                             f"{', '.join(EDITIONS)}")
        if self.module is not None and (not self.old or self.old == self.new):
            raise ValueError(f"mutant {self.name}: old text must be non-empty and differ "
                             "from new")
        if self.module is not None and not self.clauses:
            raise ValueError(f"mutant {self.name} lists no clause that must catch it")
        bad = [g for g in self.grades if g not in CAUGHT_GRADES]
        if bad or (self.module is not None and not self.grades):
            raise ValueError(f"mutant {self.name}: grades {self.grades!r} must be a non-empty "
                             f"subset of {', '.join(CAUGHT_GRADES)}")

    @property
    def public(self) -> str:
        """The stem of the mutant's public module."""
        return "client" if self.edition == "modern" else "seed"

    @property
    def is_control(self) -> bool:
        """True for an unmutated copy."""
        return self.module is None


def _m(name: str, description: str, edition: str, module: str, old: str, new: str,
       clauses: Tuple[str, ...], grades: Tuple[str, ...], gap: Optional[str] = None) -> Mutant:
    return Mutant(name, description, edition, module, old, new, clauses, grades, gap)


MODERN, SEED = "modern", "seed"
FAIL, CRASH, MISSING, HANG, LENIENT = CAUGHT_GRADES

MUTANTS: List[Mutant] = [
    # -- response framing (RFC 9112 §6, §7) -----------------------------------
    _m("chunk_size_off_by_one",
       "chunk sizes are read one too large, so every chunk swallows a byte of its CRLF",
       MODERN, "_body",
       "    return int(size, 16)\n",
       "    return int(size, 16) + 1\n",
       ("rfc9112:7.1:chunked-syntax", "rfc9112:7.1.3:chunked-decoding"), (FAIL,)),
    _m("chunk_extensions_rejected",
       "chunk extensions (';name=value') are not stripped, so the size line is invalid",
       MODERN, "_body",
       'size = line.rstrip(b"\\r\\n").split(b";", 1)[0].rstrip(b" \\t")',
       'size = line.rstrip(b"\\r\\n").rstrip(b" \\t")',
       ("rfc9112:7.1.1:chunk-extensions-ignored",), (FAIL,)),
    _m("trailers_not_consumed",
       "nothing after the last chunk is read: the trailer section and its CRLF stay in the stream",
       MODERN, "_body",
       'read_section(lambda: self._reader.readline("trailer line"), "trailer line")',
       "([], False)",
       ("rfc9112:7.1.2:trailer-section", "rfc9112:6.3:chunked-final"), (FAIL, LENIENT)),
    _m("te_does_not_override_cl",
       "with both Transfer-Encoding and Content-Length, Content-Length frames the body",
       MODERN, "_response",
       "        if te:\n",
       "        if te and not cl:\n",
       ("rfc9112:6.3:te-overrides-cl",), (FAIL,)),
    _m("transfer_coding_case_sensitive",
       "transfer-coding names are compared case-sensitively: 'Chunked' is not chunked",
       MODERN, "_response",
       "codings = [c.strip().lower() for v in te",
       "codings = [c.strip() for v in te",
       ("rfc9112:6.1:transfer-coding-case-insensitive",), (FAIL,)),
    _m("head_body_read",
       "a response to HEAD is framed like any other: its Content-Length body is awaited",
       MODERN, "_response",
       '            self._method == "HEAD"\n            or status < 200\n',
       "            status < 200\n",
       ("rfc9112:6.3:head-no-body",), (FAIL,)),
    _m("no_content_status_body_read",
       "204 and 304 responses are framed like any other, so following bytes become a body",
       MODERN, "_response",
       "            or status in (204, 304)\n",
       "",
       ("rfc9112:6.3:204-no-body", "rfc9112:6.3:304-no-body"), (FAIL,)),
    _m("content_length_preallocated",
       "the body buffer is allocated at the announced Content-Length before bytes arrive",
       MODERN, "_reader",
       "            want = min(n - got, BLOCK)\n",
       "            want = n - got\n",
       ("rfc9112:6.3:content-length-large-numbers",), (CRASH,)),
    _m("short_body_returned",
       "a body cut short by the server is returned as if complete: no IncompleteRead",
       MODERN, "_body",
       "        if len(data) < want:\n            raise IncompleteRead(data, self.remaining)\n",
       "        if len(data) < want and not data:\n"
       "            raise IncompleteRead(data, self.remaining)\n",
       ("rfc9112:6.3:content-length-incomplete", "modern:exceptions:IncompleteRead-partial"),
       (FAIL,)),
    _m("content_length_sign_accepted",
       "a sign before the Content-Length digits is accepted ('+5' as 5, '-1' as -1)",
       MODERN, "_response",
       "    if values or not (value.isascii() and value.isdigit()):\n",
       "    if values or not value.lstrip('+-').isdigit():\n",
       ("rfc9112:6.3:invalid-content-length",), (FAIL,)),
    # -- status line (RFC 9112 §4) -------------------------------------------
    _m("bad_status_value_error",
       "an unparsable status code raises ValueError instead of BadStatusLine",
       MODERN, "_response",
       '        if len(code) != 3 or not code.isdigit() or code[:1] == b"0":\n'
       "            raise BadStatusLine(line)\n",
       '        if len(code) != 3 or not code.isdigit() or code[:1] == b"0":\n'
       "            raise ValueError(line)\n",
       ("modern:exceptions:BadStatusLine",), (FAIL,)),
    _m("status_code_length_unchecked",
       "the status code's length is not checked: '1000' or '99' is taken as a status",
       MODERN, "_response",
       "if len(code) != 3 or not code.isdigit()",
       "if not code.isdigit()",
       ("rfc9112:4:status-code-three-digits",), (FAIL,)),
    _m("version_always_11",
       "HTTPResponse.version is 11 whatever the status line says",
       SEED, "_response",
       "        return (10 if minor == 0 else 11), int(code), reason\n",
       "        return 11, int(code), reason\n",
       ("seed:20.10.2:version",), (FAIL,)),
    _m("version_always_11_modern",
       "HTTPResponse.version is 11 whatever the status line says (graded as modern)",
       MODERN, "_response",
       "return (10 if minor == 0 else 11), int(code), reason",
       "return (11 if minor == 0 else 11), int(code), reason",
       ("modern:HTTPResponse:version",), (FAIL,)),
    _m("reason_first_word_only",
       "the status line is split on every space, so the reason keeps only its first word",
       SEED, "_response",
       'parts = raw.split(None, 2)',
       'parts = raw.split(None)[:3]',
       ("seed:20.10.2:reason",), (FAIL,)),
    _m("interim_not_skipped",
       "1xx interim responses are taken as the final response",
       MODERN, "_response",
       "            if status >= 200 or status == 101:\n",
       "            if status >= 100:\n",
       ("rfc9112:9110-15.2:interim-responses",), (FAIL,)),
    _m("remote_disconnected_not_raised",
       "a server closing before the status line raises plain BadStatusLine",
       MODERN, "client",
       '        return RemoteDisconnected("Remote end closed connection without response")\n',
       '        return BadStatusLine("")\n',
       ("modern:exceptions:RemoteDisconnected-raised",), (FAIL,)),
    _m("remote_disconnected_missing",
       "the module does not define RemoteDisconnected (a pre-3.5 client)",
       MODERN, "client",
       "    RemoteDisconnected,\n    ResponseNotReady,\n",
       "    ResponseNotReady,\n",
       ("modern:exceptions:RemoteDisconnected",), (MISSING,)),
    _m("unknown_protocol_as_bad_status",
       "a status line of another major version (HTTP/2.0) raises BadStatusLine, "
       "not UnknownProtocol",
       MODERN, "_response",
       '            raise UnknownProtocol(parts[0].decode("ascii"))\n',
       "            raise BadStatusLine(line)\n",
       ("modern:exceptions:UnknownProtocol",), (LENIENT,)),
    _m("incomplete_header_section_accepted",
       "a response cut inside its header section is taken as complete",
       MODERN, "_headers",
       "    if cut:\n        raise HTTPException(f\"connection closed inside the header section",
       "    if cut and not lines:\n"
       "        raise HTTPException(f\"connection closed inside the header section",
       ("rfc9112:8:incomplete-header-section",), (FAIL,)),
    # -- fields received (RFC 9112 §5) ---------------------------------------
    _m("getheader_joins_without_space",
       "getheader joins repeated fields with ',' instead of ', '",
       SEED, "_response",
       '            return ", ".join(values)\n',
       '            return ",".join(values)\n',
       ("seed:20.10.2:getheader-join",), (FAIL,)),
    _m("getheader_iterable_default_not_joined",
       "an iterable default of getheader is returned as is instead of joined",
       SEED, "_response",
       '        return ", ".join(default)\n',
       "        return default\n",
       ("seed:20.10.2:getheader-iterable-default",), (FAIL,)),
    _m("bare_cr_in_field_accepted",
       "a bare CR inside a received field value is kept instead of rejected",
       MODERN, "_headers",
       '        if b"\\r" in line or b"\\0" in line:\n',
       '        if b"\\0" in line:\n',
       ("rfc9112:2.2:bare-cr-invalid",), (FAIL,)),
    _m("header_count_unlimited",
       "the limit of 100 header lines is removed",
       MODERN, "_headers",
       "MAX_FIELDS = 100",
       "MAX_FIELDS = 10**9",
       ("modern:exceptions:too-many-headers",), (FAIL,)),
    _m("status_line_length_unlimited",
       "the line-length limit of the receive buffer is removed (status lines of any size)",
       MODERN, "_reader",
       "MAX_LINE = 65536  # longest status",
       "MAX_LINE = 2**62  # longest status",
       ("modern:exceptions:LineTooLong",), (FAIL,)),
    _m("obs_fold_joined_without_space",
       "an obs-fold continuation line is glued to the previous value with no space",
       MODERN, "_headers",
       'fields.append((name, value + " " + line.strip(b" \\t").decode("latin-1")))',
       'fields.append((name, value + line.strip(b" \\t").decode("latin-1")))',
       ("rfc9112:5.2:obs-fold-replaced",), (FAIL,)),
    # -- persistence (RFC 9112 §9) -------------------------------------------
    _m("never_persistent",
       "keep-alive is broken: the connection is closed after every response",
       MODERN, "_response",
       '        return self.version != 11 and "keep-alive" not in tokens\n',
       "        return True\n",
       ("rfc9112:9.3:persistent-by-default",), (FAIL,)),
    _m("http10_persistent",
       "an HTTP/1.0 response without keep-alive is treated as persistent",
       MODERN, "_response",
       '        return self.version != 11 and "keep-alive" not in tokens\n',
       "        return False\n",
       ("rfc9112:9.3:http10-close-by-default",), (FAIL,)),
    _m("connection_close_substring",
       "'close' is searched as a substring of the Connection value, not as a token",
       MODERN, "_response",
       '        if "close" in tokens:\n',
       '        if any("close" in token for token in tokens):\n',
       ("rfc9112:9.3:connection-option-token",), (FAIL,)),
    _m("connection_close_case_sensitive",
       "Connection options are compared case-sensitively: 'Close' keeps the connection",
       MODERN, "_response",
       'tokens = {t.strip().lower() for v in fields for t in v.split(",")}',
       'tokens = {t.strip() for v in fields for t in v.split(",")}',
       ("rfc9112:9.3:connection-close",), (FAIL,)),
    # -- the request (RFC 9112 §3, seed 20.10.1) ------------------------------
    _m("no_automatic_host",
       "putrequest does not add the Host field",
       MODERN, "_connection",
       '            lines.append(b"Host: " + self._host_field(url))\n',
       "            pass\n",
       ("rfc9112:3.2:host-required",), (FAIL,)),
    _m("host_without_port",
       "the Host field never carries the port, even a non-default one",
       MODERN, "_request",
       "    if port != default:\n",
       "    if port is None:\n",
       ("rfc9112:3.2:host-matches-authority",), (FAIL,)),
    _m("close_keeps_dead_socket",
       "close() closes the socket but keeps it, so the next request cannot reconnect",
       MODERN, "_connection",
       "        sock, self.sock = self.sock, None\n",
       "        sock = self.sock\n",
       ("modern:HTTPConnection:close", "modern:HTTPConnection:connect"), (FAIL, CRASH)),
    _m("no_accept_encoding",
       "putrequest does not add 'Accept-Encoding: identity'",
       SEED, "_connection",
       '            lines.append(b"Accept-Encoding: identity")\n',
       "            pass\n",
       ("seed:20.10.1:putrequest-auto-accept-encoding",), (FAIL,)),
    _m("header_value_crlf_allowed",
       "CR and LF are let through in header values (header injection)",
       MODERN, "_request",
       '_BAD_VALUE = re.compile(rb"[\\x00-\\x08\\x0a-\\x1f\\x7f]")',
       '_BAD_VALUE = re.compile(rb"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]")',
       ("rfc9112:5:field-value-crlf-nul",), (FAIL,)),
    _m("url_control_characters_allowed",
       "the URL is not checked for whitespace and control characters",
       MODERN, "_request",
       "if not isinstance(url, str) or _BAD_TARGET.search(url) or not url.isascii():",
       "if not isinstance(url, str) or not url.isascii():",
       ("rfc9112:3.2:request-target-no-whitespace",), (FAIL,)),
    _m("method_not_validated",
       "the method is not checked to be a token",
       MODERN, "_request",
       'if not isinstance(method, str) or not is_token(method.encode("latin-1", "replace")):',
       "if not isinstance(method, str):",
       ("rfc9112:3.1:method-token",), (FAIL,)),
    _m("putheader_continuation_without_tab",
       "putheader's extra values become continuation lines without the leading tab",
       SEED, "_connection",
       'b"\\r\\n\\t".join(',
       'b"\\r\\n".join(',
       ("seed:20.10.1:putheader-continuation",), (FAIL,)),
    _m("str_body_utf8",
       "a str body is encoded as UTF-8 instead of ISO-8859-1",
       MODERN, "_request",
       '        return text.encode("latin-1")\n',
       '        return text.encode("utf-8")\n',
       ("modern:HTTPConnection:request-body-types",), (FAIL,)),
    _m("no_content_length_for_bytes",
       "a bytes body is sent without Content-Length (and without chunking)",
       MODERN, "_request",
       '        return [("Content-Length", str(len(data)))], False\n',
       "        return [], False\n",
       ("modern:HTTPConnection:request-content-length",), (FAIL,)),
    _m("post_without_body_no_length",
       "POST without a body is sent without 'Content-Length: 0'",
       MODERN, "_request",
       'METHODS_EXPECTING_BODY = ("PATCH", "POST", "PUT")',
       'METHODS_EXPECTING_BODY = ("PATCH", "PUT")',
       ("modern:HTTPConnection:request-content-length-zero",), (FAIL,)),
    _m("empty_chunk_ends_body",
       "an empty piece of an iterable body is sent as a chunk of size 0, ending the body",
       MODERN, "_request",
       "        if block:\n            yield b\"%X\\r\\n%s\\r\\n\" % (len(block), block)\n",
       "        yield b\"%X\\r\\n%s\\r\\n\" % (len(block), block)\n",
       ("modern:HTTPConnection:request-empty-chunks-skipped",), (FAIL,)),
    _m("putrequest_twice_allowed",
       "a second putrequest while a request is being written is not refused",
       MODERN, "_connection",
       "        if self._state != IDLE:\n            raise CannotSendRequest(self._state)\n",
       "",
       ("modern:HTTPConnection:state-errors",), (FAIL,)),
    _m("debuglevel_not_passed",
       "the connection's debuglevel is not passed to the responses it creates",
       MODERN, "_connection",
       "self.response_class(self.sock, self.debuglevel, method=method, url=self._url)",
       "self.response_class(self.sock, 0, method=method, url=self._url)",
       ("modern:HTTPResponse:debuglevel",), (FAIL,)),
    _m("readinto_reports_buffer_size",
       "readinto returns the size of the buffer instead of the number of bytes read",
       MODERN, "client",
       "        view[: len(data)] = data\n        return len(data)\n",
       "        view[: len(data)] = data\n        return len(view)\n",
       ("modern:HTTPResponse:readinto",), (FAIL,)),
    _m("getheaders_returns_dict",
       "getheaders returns a dict instead of a list of (header, value) tuples",
       MODERN, "_response",
       "        return list(self.msg.items())\n",
       "        return dict(self.msg.items())\n",
       ("modern:HTTPResponse:getheaders",), (FAIL,)),
    _m("send_not_debugged",
       "set_debuglevel(1) prints nothing for the bytes sent",
       SEED, "_connection",
       '                    print("send:", repr(block))\n',
       "                    pass\n",
       ("seed:20.10.1:set_debuglevel-output",), (FAIL,)),
    _m("timeout_not_applied",
       "the timeout given to HTTPConnection is not applied to the socket",
       MODERN, "_connection",
       "            (self.host, self.port), self.timeout, self.source_address\n",
       "            (self.host, self.port), None, self.source_address\n",
       ("modern:HTTPConnection:timeout",), (FAIL,)),
    _m("encode_chunked_ignored",
       "encode_chunked=True with a caller-given Transfer-Encoding sends the body unencoded",
       MODERN, "_request",
       '        return [], encode_chunked and "transfer-encoding" in names\n',
       "        return [], False\n",
       ("modern:HTTPConnection:request-encode-chunked",), (CRASH,)),
    # -- construction, constants and names -------------------------------------
    _m("non_numeric_port_value_error",
       "a non-numeric port in 'host:port' raises ValueError instead of InvalidURL",
       SEED, "_request",
       '                raise InvalidURL(f"nonnumeric port: {digits!r}")\n',
       '                raise ValueError(f"nonnumeric port: {digits!r}")\n',
       ("seed:20.10:InvalidURL-non-numeric-port",), (CRASH,)),
    _m("empty_port_not_refused",
       "an empty port ('host:') is not refused up front; int('') then fails with ValueError",
       SEED, "_request",
       "            if not (digits.isascii() and digits.isdigit()):\n",
       "            if digits and not (digits.isascii() and digits.isdigit()):\n",
       ("seed:20.10:InvalidURL-empty-port",), (CRASH,)),
    _m("seed_strict_not_passed",
       "the seed HTTPConnection does not pass strict on to its responses",
       SEED, "seed",
       "self.sock, self.debuglevel, self.strict or 0, method=method",
       "self.sock, self.debuglevel, 0, method=method",
       ("seed:20.10:HTTPConnection-strict",), (FAIL,)),
    _m("tunnel_connect_http10",
       "the CONNECT request of set_tunnel is sent as HTTP/1.0",
       MODERN, "_connection",
       'b"CONNECT " + target + b" HTTP/1.1"',
       'b"CONNECT " + target + b" HTTP/1.0"',
       ("modern:HTTPConnection:set_tunnel-http11",), (FAIL,)),
    _m("http_port_8080",
       "HTTP_PORT is 8080",
       SEED, "_status",
       "HTTP_PORT = 80  #",
       "HTTP_PORT = 8080  #",
       ("seed:20.10:HTTP_PORT", "seed:20.10:HTTPConnection-default-port"), (FAIL,)),
    _m("https_default_port_80",
       "HTTPSConnection's default port is 80",
       MODERN, "_connection",
       "    default_port = HTTPS_PORT\n",
       "    default_port = HTTP_PORT\n",
       ("modern:HTTPSConnection:subclass",), (FAIL,)),
    _m("responses_404_wrong",
       "responses[404] is 'Not found' (wrong case)",
       SEED, "_status",
       '("NOT_FOUND", 404, "Not Found")',
       '("NOT_FOUND", 404, "Not found")',
       ("seed:20.10:responses-not-found-example",), (FAIL,)),
    _m("modern_responses_are_names",
       "responses maps codes to HTTPStatus names ('NOT_FOUND') instead of phrases",
       MODERN, "_status",
       "return {status.value: status.phrase for status in HTTPStatus}",
       "return {status.value: status.name for status in HTTPStatus}",
       ("modern:constants:responses-not-found",), (FAIL,)),
    _m("modern_no_verification",
       "HTTPSConnection without a context does not verify the server's certificate",
       MODERN, "_tls",
       "    context = ssl.create_default_context()\n",
       "    context = ssl._create_unverified_context()\n",
       ("modern:HTTPSConnection:verify-by-default",), (FAIL,)),
    _m("seed_http09_refused",
       "the seed edition's non-strict mode does not read HTTP/0.9 simple responses",
       SEED, "seed",
       "        self._http09 = not strict\n",
       "        self._http09 = False\n",
       ("seed:20.10:HTTPConnection-strict-default",), (LENIENT,)),
]

CONTROLS: List[Mutant] = [
    Mutant(f"unmutated_{edition}", "the reference, copied by the same loader, unchanged",
           edition, None, "", "", (), ())
    for edition in EDITIONS
]


def _check_unique() -> None:
    seen = set()
    for mutant in MUTANTS + CONTROLS:
        if mutant.name in seen:
            raise ValueError(f"mutant name {mutant.name!r} is used twice")
        seen.add(mutant.name)


_check_unique()
