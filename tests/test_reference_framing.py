"""Reference client: status line, fields and body framing (RFC 9112 §4-§8)."""

import pytest
from reference_support import KEEP_OPEN, wire_response

from reference import client, seed

MODULES = [seed, client]
ids = ["seed", "client"]
both = pytest.mark.parametrize("mod", MODULES, ids=ids)


def ok(body: bytes = b"", *fields: str, status: str = "200 OK", version: str = "1.1") -> bytes:
    head = "\r\n".join([f"HTTP/{version} {status}", *fields])
    return (head + "\r\n\r\n").encode("latin-1") + body


# -- status line ---------------------------------------------------------------


@both
@pytest.mark.parametrize(
    "line, version, status, reason",
    [
        (b"HTTP/1.1 200 OK", 11, 200, "OK"),
        (b"HTTP/1.0 404 Not Found", 10, 404, "Not Found"),
        (b"HTTP/1.1 200", 11, 200, ""),
        (b"HTTP/1.1 599 Odd  reason ", 11, 599, "Odd  reason"),
        (b"HTTP/1.2 200 OK", 11, 200, "OK"),
        (b"HTTP/1.1\t200\tOK", 11, 200, "OK"),
        (b"HTTP/1.0  301 \x0bMoved", 10, 301, "Moved"),
    ],
)
def test_status_line(mod, line, version, status, reason):
    with wire_response(mod, line + b"\r\nContent-Length: 0\r\n\r\n") as resp:
        assert (resp.version, resp.status, resp.reason) == (version, status, reason)


@both
@pytest.mark.parametrize(
    "line",
    [
        b"HTTP/1.1 2000 OK",
        b"HTTP/1.1 20x OK",
        b"HTTP/1.1",
        b"HTTP/1.1 099 x",
        b"HTTP/11 200 OK",
        b" HTTP/1.1 200 OK",
    ],
)
def test_bad_status_line(mod, line):
    with pytest.raises(mod.BadStatusLine) as info:
        with wire_response(mod, line + b"\r\n\r\n"):
            pass
    assert line.decode() in str(info.value)


@both
def test_other_major_version_is_unknown_protocol(mod):
    with pytest.raises(mod.UnknownProtocol, match="HTTP/2.0"):
        with wire_response(mod, b"HTTP/2.0 200 OK\r\n\r\n"):
            pass


def test_modern_rejects_http09_and_empty_reply():
    with pytest.raises(client.BadStatusLine, match="hello"):
        with wire_response(client, b"hello world\r\n"):
            pass
    with pytest.raises(client.BadStatusLine):
        with wire_response(client, b"   \r\n"):
            pass
    with pytest.raises(client.RemoteDisconnected) as info:
        with wire_response(client, b""):
            pass
    assert isinstance(info.value, ConnectionResetError)
    assert isinstance(info.value, client.BadStatusLine)


def test_seed_non_strict_accepts_http09():
    with wire_response(seed, b"<html>old\r\nstyle</html>") as resp:
        assert (resp.status, resp.version, resp.reason) == (200, 9, "")
        assert resp.getheaders() == []
        assert resp.read() == b"<html>old\r\nstyle</html>"
        assert resp.isclosed()


def test_seed_whitespace_led_reply_is_not_http09():
    for wire in (b" HTTP/1.1 200 OK\r\n\r\n", b"\r\nHTTP/1.1 200 OK\r\n\r\n"):
        with pytest.raises(seed.BadStatusLine):
            with wire_response(seed, wire):
                pass


def test_seed_strict_rejects_http09_and_other_versions():
    for wire in (b"<html>old</html>", b"HTTP/1.2 200 OK\r\n\r\n", b"HTTP/2.0 200 OK\r\n\r\n"):
        with pytest.raises(seed.BadStatusLine):
            with wire_response(seed, wire, strict=True):
                pass
    with wire_response(seed, ok(b"x", "Content-Length: 1"), strict=True) as resp:
        assert resp.read() == b"x"


def test_seed_empty_reply_is_bad_status_line():
    with pytest.raises(seed.BadStatusLine) as info:
        with wire_response(seed, b""):
            pass
    assert info.value.line == "''"


@both
def test_status_line_too_long(mod):
    with pytest.raises(mod.LineTooLong, match="status line"):
        with wire_response(mod, b"HTTP/1.1 200 " + b"x" * 70000 + b"\r\n\r\n"):
            pass


# -- fields -------------------------------------------------------------------


@both
def test_fields_fast_path(mod):
    wire = ok(b"hi", "Content-Length: 2", "X-A:  one ", "x-a:two", "Set-Cookie: a=b; c")
    with wire_response(mod, wire) as resp:
        assert resp.getheader("X-A") == "one, two"
        assert resp.getheader("missing") is None
        assert resp.getheader("missing", "d") == "d"
        assert resp.getheader("missing", ["a", "b"]) == "a, b"
        assert resp.getheader("missing", b"raw") == b"raw"
        assert resp.getheader("missing", 3) == 3
        assert resp.getheaders() == [
            ("Content-Length", "2"),
            ("X-A", "one"),
            ("x-a", "two"),
            ("Set-Cookie", "a=b; c"),
        ]
        assert isinstance(resp.msg, mod.HTTPMessage)
        assert resp.msg["set-cookie"] == "a=b; c"


@both
def test_fields_slow_path_bare_lf_and_fold(mod):
    wire = b"HTTP/1.1 200 OK\nX-Long: a\n  b\r\n\tc\nContent-Length: 1\n\nz"
    with wire_response(mod, wire) as resp:
        assert resp.getheader("x-long") == "a b c"
        assert resp.read() == b"z"


@both
@pytest.mark.parametrize(
    "field, message",
    [
        (b"No colon here", "malformed field line"),
        (b"Bad Name: x", "malformed field line"),
        (b": empty name", "malformed field line"),
        (b"X-A: nul\0byte", "malformed field line"),
        (b"X-A: cr\rbyte", "malformed field line"),
        (b"X-A: ok\n folded\0nul", "malformed field line"),
    ],
)
def test_bad_field_lines(mod, field, message):
    with pytest.raises(mod.HTTPException, match=message):
        with wire_response(mod, b"HTTP/1.1 200 OK\r\n" + field + b"\r\n\r\n"):
            pass


@both
def test_whitespace_before_first_field_is_ignored(mod):
    wire = b"HTTP/1.1 200 OK\r\n X-A: 1\r\n\tmore\r\nContent-Length: 0\r\n\r\n"
    with wire_response(mod, wire) as resp:
        assert resp.getheaders() == [("Content-Length", "0")]


@both
def test_field_limits(mod):
    hundred = ok(b"", *[f"X-{i}: {i}" for i in range(99)], "Content-Length: 0")
    with wire_response(mod, hundred) as resp:
        assert len(resp.getheaders()) == 100
    too_many = ok(b"", *[f"X-{i}: {i}" for i in range(101)])
    with pytest.raises(mod.HTTPException, match="got more than 100 headers"):
        with wire_response(mod, too_many):
            pass
    # The same limits on the line-by-line path (bare LF line ends).
    with pytest.raises(mod.HTTPException, match="got more than 100 headers"):
        with wire_response(mod, too_many.replace(b"\r\n", b"\n")):
            pass
    longest = "X: " + "v" * (65536 - 5)
    with wire_response(mod, ok(b"", longest, "Content-Length: 0")) as resp:
        assert len(resp.getheader("x")) == 65536 - 5
    with pytest.raises(mod.LineTooLong, match="header line"):
        with wire_response(mod, ok(b"", longest + "v", "Content-Length: 0")):
            pass
    with pytest.raises(mod.LineTooLong, match="header line"):
        with wire_response(mod, ok(b"", "X: " + "v" * 200000)):
            pass


@both
@pytest.mark.parametrize(
    "wire", [b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1", b"HTTP/1.1 200 OK\r\n"]
)
def test_header_section_cut_by_close(mod, wire):
    with pytest.raises(mod.HTTPException, match="inside the header section"):
        with wire_response(mod, wire):
            pass


# -- framing --------------------------------------------------------------------


@both
def test_content_length(mod):
    with wire_response(mod, ok(b"hello world", "Content-Length: 5") + KEEP_OPEN) as resp:
        assert not resp.will_close
        assert resp.read(2) == b"he"
        assert not resp.isclosed()
        assert resp.read() == b"llo"
        assert resp.isclosed()
        assert resp.read() == b""
        assert resp.read(3) == b""


@both
def test_identical_content_length_values_agree(mod):
    with wire_response(mod, ok(b"abc", "Content-Length: 3, 3", "Content-Length: 3")) as resp:
        assert resp.read() == b"abc"


@both
@pytest.mark.parametrize("value", ["3, 4", "-1", "abc", "", "+3", "0x3", "\xb3"])
def test_invalid_content_length(mod, value):
    with pytest.raises(mod.HTTPException, match="Content-Length"):
        with wire_response(mod, ok(b"abc", f"Content-Length: {value}")):
            pass


@both
def test_incomplete_content_length(mod):
    with wire_response(mod, ok(b"hello", "Content-Length: 10")) as resp:
        with pytest.raises(mod.IncompleteRead) as info:
            resp.read()
        assert info.value.partial == b"hello"
        assert info.value.expected == 5
        assert repr(info.value) == "IncompleteRead(5 bytes read, 5 more expected)"
        assert resp.isclosed()
    with wire_response(mod, ok(b"hello", "Content-Length: 10")) as resp:
        assert resp.read(3) == b"hel"
        with pytest.raises(mod.IncompleteRead) as info:
            resp.read(5)
        assert (info.value.partial, info.value.expected) == (b"lo", 5)


@both
def test_huge_content_length_lie_allocates_little(mod):
    # PyPy has no tracemalloc: the allocation bound is measured on CPython.
    pytest.importorskip("_tracemalloc", reason="no tracemalloc on this interpreter")
    import tracemalloc

    wire = ok(b"12345", "Content-Length: 10000000000")
    with wire_response(mod, wire) as resp:
        tracemalloc.start()
        try:
            with pytest.raises(mod.IncompleteRead) as info:
                resp.read()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert info.value.partial == b"12345"
    assert info.value.expected == 10000000000 - 5
    # At most one bounded block is reserved ahead of arrival.
    assert peak < 20 * 1024 * 1024


@both
def test_close_delimited(mod):
    with wire_response(mod, ok(b"until close")) as resp:
        assert resp.will_close
        assert resp.read(5) == b"until"
        assert resp.read() == b" close"
        assert resp.isclosed()
    with wire_response(mod, ok(b"abc")) as resp:
        assert resp.read(10) == b"abc"
        assert resp.isclosed()


@both
@pytest.mark.parametrize(
    "status, method",
    [("204 No Content", "GET"), ("304 Not Modified", "GET"), ("200 OK", "HEAD")],
)
def test_no_body(mod, status, method):
    wire = ok(b"", "Content-Length: 10", status=status) + KEEP_OPEN
    with wire_response(mod, wire, method=method) as resp:
        assert resp.isclosed()
        assert resp.read() == b""
        assert resp.complete  # the connection may carry the next request


@both
def test_bytes_after_no_body_response_close_the_socket(mod):
    with wire_response(mod, ok(b"junk", "Content-Length: 4"), method="HEAD") as resp:
        assert resp.read() == b""
        assert not resp.complete  # bytes after it: the stream is out of step


@both
def test_interim_responses_are_skipped(mod):
    wire = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + ok(
        b"done", "Content-Length: 4"
    )
    with wire_response(mod, wire) as resp:
        assert resp.status == 200
        assert resp.getheader("link") is None
        assert resp.read() == b"done"


@both
def test_interim_limit(mod):
    hundred = b"HTTP/1.1 100 Continue\r\n\r\n" * 100
    with wire_response(mod, hundred + ok(b"", "Content-Length: 0")) as resp:
        assert resp.status == 200
    with pytest.raises(mod.HTTPException, match="more than 100 interim"):
        with wire_response(mod, hundred + b"HTTP/1.1 100 Continue\r\n\r\n"):
            pass


@both
def test_switching_protocols_is_final(mod):
    wire = ok(b"", "Upgrade: x", status="101 Switching Protocols")
    with wire_response(mod, wire) as resp:
        assert resp.status == 101
        assert resp.will_close
        assert resp.read() == b""


@both
def test_connect_2xx_has_no_body(mod):
    with wire_response(mod, ok(b"", "Content-Length: 0") + KEEP_OPEN, method="CONNECT") as resp:
        assert resp.isclosed()


CHUNKED = "Transfer-Encoding: chunked"


@both
def test_chunked(mod):
    body = b"5\r\nhello\r\n6;name=val\r\n world\r\n0\r\nTrailer: x\r\n\r\n"
    with wire_response(mod, ok(body, CHUNKED) + KEEP_OPEN) as resp:
        assert not resp.will_close
        assert resp.read() == b"hello world"
        assert resp.isclosed()
        assert resp.complete


@both
def test_chunked_read_amt_across_chunks(mod):
    body = b"3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n"
    with wire_response(mod, ok(body, CHUNKED)) as resp:
        assert resp.read(2) == b"ab"
        assert resp.read(3) == b"cde"
        assert resp.read(10) == b"f"
        assert resp.read(10) == b""
        assert resp.isclosed()


@both
def test_chunked_odd_but_valid_framing(mod):
    # Bare LF line ends, BWS before extensions, upper-case hex, leading zeros.
    body = b"0A ;ext\n0123456789\n00b\r\nabcdefghijk\r\n0\n\n"
    with wire_response(mod, ok(body, CHUNKED)) as resp:
        assert resp.read() == b"0123456789abcdefghijk"


@both
def test_chunked_fast_path_repeats(mod):
    piece = b"400\r\n" + b"x" * 1024 + b"\r\n"
    body = piece * 50 + b"1\r\ny\r\n" + piece * 3 + b"0\r\n\r\n"
    with wire_response(mod, ok(body, CHUNKED)) as resp:
        assert resp.read() == b"x" * 51200 + b"y" + b"x" * 3072


@both
def test_chunked_fast_path_stops_at_partial_chunk(mod):
    # Two chunks whose data straddles the receive blocks of the reader.
    big = b"F000\r\n" + b"a" * 0xF000 + b"\r\n"
    body = big * 3 + b"0\r\n\r\n"
    with wire_response(mod, ok(body, CHUNKED)) as resp:
        assert resp.read() == b"a" * 0xF000 * 3


@both
@pytest.mark.parametrize(
    "body, partial",
    [
        (b"zz\r\nab\r\n0\r\n\r\n", b""),
        (b"2\r\nab\r\n-1\r\n", b"ab"),
        (b"2\r\nabXY0\r\n\r\n", b"ab"),
        (b"5\r\nab", b"ab"),
        (b"2\r\nab\r\n", b"ab"),
        (b"2\r\nab\r\n3", b"ab"),
        (b"0x2\r\nab\r\n0\r\n\r\n", b""),
        (b"", b""),
    ],
)
def test_chunked_bad_framing(mod, body, partial):
    with wire_response(mod, ok(body, CHUNKED)) as resp:
        with pytest.raises(mod.IncompleteRead) as info:
            resp.read()
        assert info.value.partial == partial
        assert resp.isclosed()


@both
def test_chunked_incomplete_reports_chunk_remainder(mod):
    with wire_response(mod, ok(b"5\r\nab", CHUNKED)) as resp:
        with pytest.raises(mod.IncompleteRead) as info:
            resp.read(4)
        assert (info.value.partial, info.value.expected) == (b"ab", 3)


@both
def test_chunk_size_line_limit(mod):
    line = b"1;" + b"e" * 70000 + b"\r\nx\r\n0\r\n\r\n"
    with wire_response(mod, ok(line, CHUNKED)) as resp:
        with pytest.raises(mod.LineTooLong, match="chunk size line"):
            resp.read()


@both
def test_trailer_limits(mod):
    trailers = b"".join(b"T-%d: v\r\n" % i for i in range(100))
    with wire_response(mod, ok(b"1\r\na\r\n0\r\n" + trailers + b"\r\n", CHUNKED)) as resp:
        assert resp.read() == b"a"
    many = trailers + b"T-x: v\r\n\r\n"
    with wire_response(mod, ok(b"1\r\na\r\n0\r\n" + many, CHUNKED)) as resp:
        with pytest.raises(mod.HTTPException, match="more than 100 trailers"):
            resp.read()
    long_trailer = b"T: " + b"v" * 70000 + b"\r\n\r\n"
    with wire_response(mod, ok(b"1\r\na\r\n0\r\n" + long_trailer, CHUNKED)) as resp:
        with pytest.raises(mod.LineTooLong, match="trailer line"):
            resp.read()


@both
@pytest.mark.parametrize("rest", [b"", b"X-Tra"])
def test_trailer_section_cut_by_close(mod, rest):
    with wire_response(mod, ok(b"1\r\na\r\n0\r\n" + rest, CHUNKED)) as resp:
        with pytest.raises(mod.IncompleteRead) as info:
            resp.read()
        assert info.value.partial == b"a"


@both
def test_transfer_encoding_overrides_content_length(mod):
    wire = ok(b"3\r\nabc\r\n0\r\n\r\n", CHUNKED, "Content-Length: 99") + KEEP_OPEN
    with wire_response(mod, wire) as resp:
        assert resp.will_close  # RFC 9112 §6.3 item 3: close after such a message
        assert resp.read() == b"abc"
        assert resp.complete and resp.fp is None


@both
def test_transfer_encoding_in_http10_is_faulty_framing(mod):
    with pytest.raises(mod.HTTPException, match="HTTP/1.0"):
        with wire_response(mod, ok(b"1\r\na\r\n0\r\n\r\n", CHUNKED, version="1.0")):
            pass


@both
def test_non_chunked_final_coding_reads_until_close(mod):
    wire = ok(b"raw gzip bytes", "Transfer-Encoding: chunked, gzip")
    with wire_response(mod, wire) as resp:
        assert resp.will_close
        assert resp.read() == b"raw gzip bytes"
    wire = ok(b"1\r\nz\r\n0\r\n\r\n", "Transfer-Encoding: gzip", "Transfer-Encoding: Chunked")
    with wire_response(mod, wire) as resp:
        assert resp.read() == b"z"


# -- persistence ------------------------------------------------------------------


@both
@pytest.mark.parametrize(
    "version, fields, closes",
    [
        ("1.1", (), False),
        ("1.1", ("Connection: close",), True),
        ("1.1", ("Connection: Upgrade, Close",), True),
        ("1.0", (), True),
        ("1.0", ("Connection: keep-alive",), False),
        ("1.0", ("Connection: Keep-Alive, foo",), False),
    ],
)
def test_will_close(mod, version, fields, closes):
    wire = ok(b"ab", "Content-Length: 2", *fields, version=version) + KEEP_OPEN
    with wire_response(mod, wire) as resp:
        assert resp.will_close is closes
        resp.read()
        assert resp.complete and resp.fp is None


# -- reading APIs -------------------------------------------------------------------


@both
def test_readline_and_iteration(mod):
    body = b"one\ntwo\nthree"
    with wire_response(mod, ok(body, f"Content-Length: {len(body)}")) as resp:
        assert list(resp) == [b"one\n", b"two\n", b"three"]
    with wire_response(mod, ok(b"2\r\nab\r\n3\r\nc\nd\r\n0\r\n\r\n", CHUNKED)) as resp:
        assert resp.readline() == b"abc\n"
        assert resp.readline(None) == b"d"
        assert resp.readline() == b""
    with wire_response(mod, ok(b"abcdef\n")) as resp:
        assert resp.readline(4) == b"abcd"
        assert resp.readlines() == [b"ef\n"]


@both
def test_readline_on_truncated_bodies(mod):
    with wire_response(mod, ok(b"abc", "Content-Length: 9")) as resp:
        with pytest.raises(mod.IncompleteRead) as info:
            resp.readline()
        assert (info.value.partial, info.value.expected) == (b"abc", 6)
    with wire_response(mod, ok(b"5\r\nabc", CHUNKED)) as resp:
        with pytest.raises(mod.IncompleteRead) as info:
            resp.readline()
        assert (info.value.partial, info.value.expected) == (b"abc", 2)


@both
def test_with_statement_closes(mod):
    with wire_response(mod, ok(b"abc", "Content-Length: 3") + KEEP_OPEN) as resp:
        with resp as same:
            assert same is resp
            assert resp.read(1) == b"a"
        assert resp.closed
        assert resp.isclosed()
        assert not resp.complete  # an unfinished body makes the connection unusable
        with pytest.raises(ValueError):
            resp.fileno()


@both
def test_readinto_default(mod):
    with wire_response(mod, ok(b"abcdef", "Content-Length: 6")) as resp:
        buf = bytearray(4)
        assert resp.readinto(buf) == 4
        assert buf == b"abcd"


def test_modern_io_methods():
    body = b"3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n"
    with wire_response(client, ok(body, CHUNKED), url="/where") as resp:
        assert resp.headers is resp.msg
        assert resp.info() is resp.msg
        assert resp.getcode() == 200
        assert resp.geturl() == resp.url == "/where"
        assert resp.peek() == b"abc"
        assert resp.read1(2) == b"ab"
        assert resp.read1() == b"c"
        view = memoryview(bytearray(8))
        assert resp.readinto(view) == 3
        assert bytes(view[:3]) == b"def"
        assert resp.read1() == b""
        assert resp.peek() == b""


def test_modern_read1_with_nothing_left():
    with wire_response(client, ok(b"", "Content-Length: 0")) as resp:
        assert resp.read1(5) == b""


def test_getheader_before_begin():
    with wire_response(client, b"", begin=False) as resp:
        assert resp.isclosed()
        assert resp.read() == b""
        with pytest.raises(client.ResponseNotReady):
            resp.getheader("x")
        with pytest.raises(client.ResponseNotReady):
            resp.getheaders()
        resp.close()


@both
def test_begin_twice_is_harmless(mod):
    with wire_response(mod, ok(b"a", "Content-Length: 1")) as resp:
        resp.begin()
        assert resp.read() == b"a"


@both
def test_debug_output(mod, capsys):
    with wire_response(mod, ok(b"a", "Content-Length: 1", "X-A: 1"), debuglevel=1) as resp:
        assert resp.debuglevel == 1
    out = capsys.readouterr().out
    assert "reply: 'HTTP/1.1 200 OK\\r\\n'" in out
    assert "header: X-A: 1" in out


@both
def test_read_all_after_partial_chunk(mod):
    with wire_response(mod, ok(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", CHUNKED)) as resp:
        assert resp.readable()
        assert resp.read(1) == b"a"
        assert resp.read() == b"bcde"


def test_seed_http09_short_reply_read_in_pieces():
    with wire_response(seed, b"abc") as resp:
        assert resp.version == 9
        assert resp.read(10) == b"abc"
        assert resp.read(10) == b""
        assert resp.isclosed()


@pytest.mark.parametrize("framing", ["Content-Length: 6", None], ids=["length", "close"])
def test_modern_read1_and_peek_by_framing(framing):
    """read1 and peek on a Content-Length body and on a close-delimited one:
    never past the body, b"" at its end (modern:HTTPResponse:read1, peek)."""
    fields = (framing,) if framing else ()
    with wire_response(client, ok(b"abcdef", *fields)) as resp:
        assert resp.peek().startswith(b"a") and len(resp.peek()) <= 6
        assert resp.read1(4) == b"abcd"
        assert resp.read1() == b"ef"
        assert resp.read1() == b""
        assert resp.peek() == b""
        assert resp.isclosed()


def test_modern_peek_on_a_cut_body():
    """A Content-Length or chunked body cut short: peek raises IncompleteRead."""
    with wire_response(client, ok(b"ab", "Content-Length: 6")) as resp:
        assert resp.read(2) == b"ab"
        with pytest.raises(client.IncompleteRead) as info:
            resp.peek()
        assert info.value.expected == 4
    with wire_response(client, ok(b"6\r\nab", CHUNKED)) as resp:
        assert resp.read(2) == b"ab"
        with pytest.raises(client.IncompleteRead) as info:
            resp.peek()
        assert info.value.expected == 4


@both
def test_fileno_is_the_socket_while_open(mod):
    """seed:20.10.2:fileno: the descriptor of the socket under the response;
    once the response is closed there is none (ValueError, as for a file)."""
    with wire_response(mod, ok(b"abc", "Content-Length: 3") + KEEP_OPEN) as resp:
        assert resp.fileno() >= 0
        resp.close()
        with pytest.raises(ValueError):
            resp.fileno()


def test_parse_headers_refuses_a_malformed_line():
    """modern:functions:parse_headers reads through the same grammar."""
    import io

    with pytest.raises(client.HTTPException, match="malformed field line"):
        client.parse_headers(io.BytesIO(b"X-A: ok\r\nno colon\r\n\r\n"))
    fp = io.BytesIO(b"X-A: ok\r\n\r\nbody")
    assert client.parse_headers(fp)["x-a"] == "ok"
    assert fp.read() == b"body"


def test_modern_read1_and_peek_meet_the_last_chunk():
    """After the data of the last data chunk, read1/peek read the last chunk
    and the trailer: b"" and the response is finished."""
    for method in ("read1", "peek"):
        with wire_response(client, ok(b"3\r\nabc\r\n0\r\n\r\n", CHUNKED)) as resp:
            assert resp.read(3) == b"abc"
            assert not resp.isclosed()
            assert getattr(resp, method)() == b""
            assert resp.isclosed()


@both
@pytest.mark.parametrize("trailer", [b"no colon\r\n", b"X-T: a\rb\r\n", b"Bad Name: v\r\n"])
def test_malformed_trailer_is_refused(mod, trailer):
    """rfc9112:7.1.2:trailer-section: trailer lines are field lines; one that
    is not (a bare CR included, rfc9112:2.2:bare-cr-invalid) is refused."""
    with wire_response(mod, ok(b"1\r\na\r\n0\r\n" + trailer + b"\r\n", CHUNKED)) as resp:
        with pytest.raises(mod.HTTPException, match="malformed trailer section"):
            resp.read()
