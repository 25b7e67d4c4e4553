"""Reference client: properties of the grammar and the body framings.

Responses are read from a socket double that has only ``sendall``,
``makefile`` and ``close`` and whose file hands the bytes over in pieces of
any sizes (a cut at every point Hypothesis picks), so every reader meets
lines, chunk-size lines and chunk data split anywhere. Whatever the chunk
sizes, extensions, segmentation and read sizes, the body read back is the
body sent; a bare CR in any line of the head is refused.
"""

import io
from typing import List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_support import PiecesRaw, SocketDouble

from reference import _body, _headers, client, seed
from reference._body import ChunkedBody
from reference._errors import HTTPException
from reference._grammar import read_line
from reference._headers import read_fields
from reference._reader import Reader

EDITIONS = pytest.mark.parametrize("mod", [seed, client], ids=["seed", "client"])

chunks = st.lists(st.binary(min_size=1, max_size=300), max_size=12)
extensions = st.sampled_from([b"", b";a=b", b" ;x", b';q="v"', b";a;b=c", b'; e = "q\\"d"'])
# How many bytes each read of the raw stream returns, cycled: one byte at a
# time, odd small sizes, sizes around the buffer, or a whole response at once.
pieces = st.lists(st.integers(1, 9000), min_size=1, max_size=8)


def response(mod, wire: bytes, sizes: List[int], **kwargs):
    resp = mod.HTTPResponse(SocketDouble(wire, sizes), **kwargs)
    resp.begin()
    return resp


def chunked_wire(parts, ext: bytes, upper: bool) -> bytes:
    body = b""
    for part in parts:
        size = b"%X" % len(part) if upper else b"%x" % len(part)
        body += size + ext + b"\r\n" + part + b"\r\n"
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    return head + body + b"0" + ext + b"\r\nT: 1\r\n\r\n"


@settings(max_examples=80, deadline=None)
@given(parts=chunks, ext=extensions, upper=st.booleans(), sizes=pieces, step=st.integers(1, 50))
@EDITIONS
def test_chunked_round_trip(mod, parts, ext, upper, sizes, step):
    wire = chunked_wire(parts, ext, upper)
    resp = response(mod, wire, sizes)
    assert resp.read() == b"".join(parts)
    assert resp.isclosed()
    resp = response(mod, wire, sizes)
    got = b""
    while True:
        piece = resp.read(step)
        if not piece:
            break
        assert len(piece) <= step
        got += piece
    assert got == b"".join(parts)
    assert b"".join(iter(response(mod, wire, sizes))) == b"".join(parts)


@settings(max_examples=60, deadline=None)
@given(body=st.binary(max_size=20000), sizes=pieces, step=st.integers(1, 700))
@EDITIONS
def test_content_length_round_trip(mod, body, sizes, step):
    head = b"HTTP/1.1 200 OK\r\nX-Pad: %s\r\nContent-Length: %d\r\n\r\n" % (b"p" * 40, len(body))
    resp = response(mod, head + body, sizes)
    pieces_read = []
    while not resp.isclosed():
        pieces_read.append(resp.read(step))
        assert len(pieces_read[-1]) <= step
    assert b"".join(pieces_read) == body
    assert b"".join(iter(response(mod, head + body, sizes))) == body


@settings(max_examples=60, deadline=None)
@given(
    fields=st.lists(
        st.tuples(st.sampled_from([b"X-A", b"x-b", b"Set-Cookie", b"E"]),
                  st.binary(max_size=40).map(lambda v: v.replace(b"\r", b"").replace(b"\n", b"")
                                             .replace(b"\0", b"").strip(b" \t"))),
        max_size=30),
    sizes=pieces,
    bare_lf=st.booleans(),
)
@EDITIONS
def test_fields_round_trip(mod, fields, sizes, bare_lf):
    """Every field comes back in order, with the value's OWS trimmed, whatever
    the segmentation and whether lines end in CRLF or a bare LF."""
    end = b"\n" if bare_lf else b"\r\n"
    head = b"HTTP/1.1 200 OK" + end
    head += b"".join(name + b": " + value + b" " + end for name, value in fields)
    resp = response(mod, head + b"Content-Length: 0" + end + end, sizes)
    expected = [(n.decode(), v.decode("latin-1")) for n, v in fields] + [("Content-Length", "0")]
    assert resp.getheaders() == expected


HEADS = {
    "status line": (b"HTTP/1.1 200 OK\r\n", b"Content-Length: 0\r\n\r\n"),
    "field line": (b"HTTP/1.1 200 OK\r\nX-Field: some value\r\n", b"Content-Length: 0\r\n\r\n"),
}


@settings(max_examples=80, deadline=None)
@given(kind=st.sampled_from(sorted(HEADS)), at=st.integers(0, 100), sizes=pieces)
@EDITIONS
def test_bare_cr_in_the_head_is_refused(mod, kind, at, sizes):
    """rfc9112:2.2:bare-cr-invalid: a CR put anywhere before the line end of
    the status line or a field line is refused, never kept or skipped (the
    seed reads as strict: otherwise a reply not starting "HTTP/" is HTTP/0.9,
    all body)."""
    head, rest = HEADS[kind]
    start = head.rfind(b"\n", 0, -1) + 1  # the last line of ``head``
    at = start + at % (len(head) - start - 1)  # anywhere up to the CRLF
    strict = {"strict": 1} if mod is seed else {}
    with pytest.raises(mod.HTTPException):
        response(mod, head[:at] + b"\r" + head[at:] + rest, sizes, **strict).read()


@settings(max_examples=60, deadline=None)
@given(at=st.integers(0, 20), ext=extensions, sizes=pieces)
@EDITIONS
def test_bare_cr_in_a_chunk_line_is_refused(mod, at, ext, sizes):
    """rfc9112:2.2:bare-cr-invalid in a chunk-size line or its extension."""
    line = b"5" + ext
    at %= len(line) + 1
    wire = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + line[:at] + b"\r" + line[at:] + b"\r\nhello\r\n0\r\n\r\n")
    with pytest.raises(mod.IncompleteRead):
        response(mod, wire, sizes).read()


@given(line=st.binary(max_size=200), lf_only=st.booleans())
def test_read_line_strips_exactly_one_line_end(line, lf_only):
    """The one line reader: everything up to the LF, less one CRLF or a bare
    LF (so a CR before a bare LF goes with it: RFC 9112 2.2)."""
    line = line.replace(b"\n", b"")
    raw = line + (b"\n" if lf_only else b"\r\n") + b"next"
    fp = io.BytesIO(raw)
    expected = line[:-1] if lf_only and line.endswith(b"\r") else line
    assert read_line(fp, "test line") == (expected, True)
    assert read_line(fp, "test line") == (b"next", False)
    assert read_line(fp, "test line") == (b"", False)


# -- the fast paths give what the plain path gives ------------------------------
# reference._grammar keeps two fast paths (buffered_fields, whole_chunks). Each
# must give exactly the line-by-line result for any bytes and any segmentation:
# the same value or the same exception, and the same bytes left unread.

# Bytes that matter to the grammar, so random draws hit its edges often.
GRAMMAR_BYTES = st.sampled_from(
    [b"\r\n", b"\r", b"\n", b" ", b"\t", b":", b";", b"=", b'"', b"\\", b"\0", b"0", b"5",
     b"a", b"F", b"X-A", b"v", b"\x80", b"\xff", b",", b"(", b"\r\n\r\n", b"\r\n "]
)
grammar_bytes = st.lists(GRAMMAR_BYTES, max_size=40).map(b"".join)


def outcome(action, reader):
    """What ``action(reader)`` gives: its value or its exception, and the rest."""
    try:
        result = ("value", action(reader))
    except HTTPException as exc:
        result = ("raised", type(exc).__name__, str(exc), getattr(exc, "partial", None))
    return result, reader.read(1 << 20)


def segmented_reader(data: bytes, sizes: List[int], prefill: int) -> Reader:
    reader = Reader(io.BufferedReader(PiecesRaw(data, sizes)))
    reader.ensure(prefill)  # as the status line leaves it: some of the section buffered
    return reader


def fast_and_plain(action, module, fast_path: str, data: bytes, sizes: List[int], prefill: int):
    """The outcome of ``action`` on ``data`` with ``module.fast_path`` as it is,
    then with it turned off (it takes nothing, so the plain path does all)."""
    fast = outcome(action, segmented_reader(data, sizes, prefill))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, fast_path, lambda reader, *rest: None)
        plain = outcome(action, segmented_reader(data, sizes, prefill))
    return fast, plain


def read_all_chunked(reader: Reader) -> bytes:
    return ChunkedBody(reader).read_all()


# Values that are mostly regular, with one odd byte now and then.
field_values = st.lists(st.sampled_from([b"v", b"a b", b" ", b"\t", b",", b"\x80", b"\0", b"\r",
                                         b"\n", b"\r\n "]), max_size=6).map(b"".join)
fields_sections = st.one_of(
    grammar_bytes,
    st.lists(st.tuples(st.sampled_from([b"X-A", b"x", b"B c", b"", b" F", b"a:b"]),
                       st.one_of(field_values, grammar_bytes)),
             max_size=6).map(lambda fs: b"".join(n + b":" + v + b"\r\n" for n, v in fs)),
)


@settings(max_examples=300, deadline=None)
@given(section=fields_sections, end=st.sampled_from([b"\r\n", b"\n", b""]),
       rest=grammar_bytes, sizes=pieces, prefill=st.integers(0, 400))
def test_buffered_fields_matches_the_line_by_line_path(section, end, rest, sizes,
                                                       prefill):
    fast, plain = fast_and_plain(read_fields, _headers, "buffered_fields",
                                 section + end + rest, sizes, prefill)
    assert fast == plain


chunk_items = st.tuples(
    st.sampled_from([b"", b"0", b"00"]),  # leading zeros
    st.binary(max_size=40),  # the chunk data
    st.sampled_from([b"", b";a", b";a=b", b' ;q="x;y"', b";", b"; =", b";a\r"]),  # extensions
    st.sampled_from([b"\r\n", b"\n", b"\r\r\n", b" \r\n"]),  # size line end
    st.sampled_from([b"\r\n", b"\n", b"", b"XX"]),  # after the data
    st.integers(-2, 2),  # how far the size is off
    st.booleans(),  # upper-case hex
)


def chunk_bytes(item) -> bytes:
    zeros, data, ext, line_end, after, off, upper = item
    size = max(0, len(data) + off)
    digits = (b"%X" if upper else b"%x") % size
    return zeros + digits + ext + line_end + data + after


@settings(max_examples=300, deadline=None)
@given(items=st.lists(chunk_items, max_size=8), tail=st.one_of(grammar_bytes, st.sampled_from(
    [b"0\r\n\r\n", b"0\r\nT: 1\r\n\r\n", b"0\n\n", b"0\r\nbad trailer\r\n\r\n"])),
    sizes=pieces, prefill=st.integers(0, 800))
def test_whole_chunks_matches_the_chunk_by_chunk_path(items, tail, sizes, prefill):
    data = b"".join(map(chunk_bytes, items)) + tail
    fast, plain = fast_and_plain(read_all_chunked, _body, "whole_chunks", data, sizes, prefill)
    assert fast == plain


@pytest.mark.parametrize("line_length", [65535, 65536, 65537, 70000])
@pytest.mark.parametrize("sizes", [[1 << 20], [4096]])
def test_whole_chunks_keeps_the_line_limit(line_length, sizes):
    """Around MAX_LINE (65,536 bytes with the CRLF) the fast path refuses
    what the line reader refuses: a chunk-size line one byte too long."""
    line = b"5;" + b"x" * (line_length - 4) + b"\r\n"
    data = line + b"hello\r\n" + line + b"hello\r\n0\r\n\r\n"
    fast, plain = fast_and_plain(read_all_chunked, _body, "whole_chunks", data, sizes, len(data))
    assert fast == plain
    assert (fast[0][0] == "value") is (line_length <= 65536)
