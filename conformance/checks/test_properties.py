"""Property tests: framing and header joining hold for any body, any cut of the
bytes on the wire and any list of values (Hypothesis, few examples)."""

from typing import List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance import drive, drivers, local
from conformance.impl import Implementation

# Derandomized: every run draws the same examples, so a record's reproduce
# command replays the falsifying example that its message names.
SETTINGS = settings(max_examples=25, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))

bodies = st.binary(min_size=0, max_size=300)


def _cuts(length: int):
    return st.lists(st.integers(min_value=1, max_value=max(1, length - 1)), max_size=6,
                    unique=True).map(sorted)


def _pieces(impl: Implementation, name: str, data: bytes, cuts: List[int],
            amt: int = 0) -> List[bytes]:
    """The body of the response ``data`` (cut at ``cuts``) as the pieces read:
    one ``read()``, or ``read(amt)`` until it returns b'' (bounded)."""
    script = local.sending(name, data, tuple(c for c in cuts if 0 < c < len(data)))

    def action(conn, srv):
        conn.request("GET", "/")
        response = conn.getresponse()
        if not amt:
            return [response.read()]
        pieces = []
        for _ in range(len(data) + 2):  # a client that never returns b'' stops here
            piece = response.read(amt)
            if not piece:
                break
            pieces.append(piece)
        return pieces

    return drive.run_script(impl, script, client=drivers.with_connection(action)).result


def _read(impl: Implementation, name: str, data: bytes, cuts: List[int]) -> bytes:
    return b"".join(_pieces(impl, name, data, cuts))


@pytest.mark.clauses("rfc9112:6.3:content-length-valid",
                     related=("seed:20.10.2:read",))
@SETTINGS
@given(body=bodies, data=st.data())
def test_content_length_any_split(impl: Implementation, body: bytes, data) -> None:
    """A Content-Length body reads back identically however the bytes are cut."""
    wire = local.response(200, "OK", body)
    cuts = data.draw(_cuts(len(wire)), label="cuts")
    got = _read(impl, "prop-content-length", wire, cuts)
    assert got == body, f"read {len(got)} bytes, sent {len(body)} (cut at {cuts})"


@pytest.mark.clauses("rfc9112:7.1.3:chunked-decoding",
                     related=("rfc9112:7.1:chunked-syntax",))
@SETTINGS
@given(chunks=st.lists(st.binary(min_size=1, max_size=80), max_size=6), data=st.data())
def test_chunked_any_split(impl: Implementation, chunks: List[bytes], data) -> None:
    """A chunked body reads back as the joined chunks however the bytes are cut."""
    wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    wire += b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
    cuts = data.draw(_cuts(len(wire)), label="cuts")
    got = _read(impl, "prop-chunked", wire, cuts)
    assert got == b"".join(chunks), f"read {got[:60]!r}..., sent chunks {chunks!r} (cut at {cuts})"


@pytest.mark.clauses("seed:20.10.2:read-amt", "modern:HTTPResponse:read")
@SETTINGS
@given(body=bodies, amt=st.integers(min_value=1, max_value=64))
def test_read_amt_pieces(impl: Implementation, body: bytes, amt: int) -> None:
    """seed:20.10.2:read-amt: ``read(amt)`` until b'' yields the body, each piece
    at most amt bytes ("up to the next amt bytes")."""
    pieces = _pieces(impl, "prop-read-amt", local.response(200, "OK", body), [], amt=amt)
    longer = [len(piece) for piece in pieces if len(piece) > amt]
    assert not longer, f"read(amt={amt}) returned pieces of {longer} bytes"
    got = b"".join(pieces)
    assert got == body, f"read(amt={amt}) pieces joined to {len(got)} bytes, sent {len(body)}"


@pytest.mark.clauses("seed:20.10.2:getheader-join", "modern:HTTPResponse:getheader",
                     related=("rfc9112:5:field-combine-duplicates",))
@SETTINGS
@given(values=st.lists(st.text("abcxyz0123456789-_.", min_size=1, max_size=12),
                       min_size=1, max_size=5))
def test_getheader_joins_duplicates(impl: Implementation, values: List[str]) -> None:
    """Repeated fields come back from getheader joined by ', '."""
    wire = local.response(200, "OK", b"", [("X-Dup", v) for v in values])
    script = local.sending("prop-getheader-join", wire)

    def action(conn, srv):
        conn.request("GET", "/")
        response = conn.getresponse()
        response.read()
        return response.getheader("X-Dup"), response.getheader("x-dup")

    exact, lower = drive.run_script(impl, script, client=drivers.with_connection(action)).result
    assert exact == ", ".join(values), f"getheader('X-Dup') gave {exact!r} for {values!r}"
    assert lower == exact, f"getheader is case-sensitive: {lower!r} vs {exact!r}"
