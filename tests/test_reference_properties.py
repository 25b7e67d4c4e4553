"""Reference client: property tests of body framing. Whatever the chunk
sizes, extensions, receive sizes and read sizes, the body read back is the
body sent (this drives the fast and the general parsing paths together)."""

from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_support import wire_response

from reference import _reader, client, seed

chunks = st.lists(st.binary(min_size=1, max_size=300), max_size=12)
receive_sizes = st.sampled_from([1, 2, 7, 64, 1000, 65536])
extensions = st.sampled_from([b"", b";a=b", b" ;x", b';q="v"'])


@contextmanager
def receive_size(size: int):
    """The reader receives at most ``size`` bytes at a time, inside the block."""
    original = _reader.RECV_SIZE
    _reader.RECV_SIZE = size
    try:
        yield
    finally:
        _reader.RECV_SIZE = original


def chunked_wire(parts, ext: bytes, upper: bool) -> bytes:
    body = b""
    for part in parts:
        size = b"%X" % len(part) if upper else b"%x" % len(part)
        body += size + ext + b"\r\n" + part + b"\r\n"
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    return head + body + b"0\r\nT: 1\r\n\r\n"


@settings(max_examples=60, deadline=None)
@given(
    parts=chunks, ext=extensions, upper=st.booleans(), recv=receive_sizes, step=st.integers(1, 50)
)
@pytest.mark.parametrize("mod", [seed, client], ids=["seed", "client"])
def test_chunked_round_trip(mod, parts, ext, upper, recv, step):
    wire = chunked_wire(parts, ext, upper)
    with receive_size(recv), wire_response(mod, wire) as resp:
        assert resp.read() == b"".join(parts)
        assert resp.isclosed()
    with receive_size(recv), wire_response(mod, wire) as resp:
        got = b""
        while True:
            piece = resp.read(step)
            if not piece:
                break
            assert len(piece) <= step
            got += piece
        assert got == b"".join(parts)


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=3000), recv=receive_sizes, step=st.integers(1, 700))
def test_content_length_round_trip(body, recv, step):
    head = b"HTTP/1.1 200 OK\r\nX-Pad: %s\r\nContent-Length: %d\r\n\r\n" % (b"p" * 40, len(body))
    with receive_size(recv), wire_response(client, head + body) as resp:
        pieces = []
        while not resp.isclosed():
            pieces.append(resp.read(step))
        assert b"".join(pieces) == body
    with receive_size(recv), wire_response(client, head + body) as resp:
        assert b"".join(iter(resp)) == body
