"""Field sections: received fields into an ``HTTPMessage``."""

import email.message
from typing import IO, Dict, List, Tuple

from ._errors import HTTPException
from ._grammar import buffered_fields, parse_fields, read_section
from ._reader import Reader

_FRAMING = ("connection", "content-length", "transfer-encoding")


class HTTPMessage(email.message.Message):
    """The response fields (seed 20.10.4): an ``email.message.Message``."""


def read_fields(reader: Reader) -> List[Tuple[str, str]]:
    """A response's field section (RFC 9112 §5). A line that is not a field
    line (``rfc9112:5:field-line-syntax``, ``rfc9112:5:field-value-crlf-nul``)
    or the stream ending inside the section
    (``rfc9112:8:incomplete-header-section``) raises ``HTTPException``."""
    fields = buffered_fields(reader)
    if fields is not None:
        return fields
    lines, cut = read_section(reader, "header line")
    if cut:
        raise HTTPException(f"connection closed inside the header section after {lines!r}")
    return _parsed(lines)


def _parsed(lines: List[bytes]) -> List[Tuple[str, str]]:
    """``parse_fields(lines)``; a line that is not a field line raises."""
    fields = parse_fields(lines)
    if fields is None:
        raise HTTPException(f"malformed field line in {lines!r}")
    return fields


def framing_values(fields: List[Tuple[str, str]]) -> Dict[str, List[str]]:
    """Values of the fields that decide framing and persistence, by
    lower-case name, collected in one pass."""
    found: Dict[str, List[str]] = {}
    for name, value in fields:
        key = name.lower()
        if key in _FRAMING:
            found.setdefault(key, []).append(value)
    return found


def build_message(fields: List[Tuple[str, str]]) -> HTTPMessage:
    """An ``HTTPMessage`` holding ``fields`` in order."""
    msg = HTTPMessage()
    add = msg.set_raw
    for name, value in fields:
        add(name, value)
    return msg


def parse_headers(fp: IO[bytes]) -> HTTPMessage:
    """Read a field section from a binary file object (modern ``parse_headers``).

    Leaves ``fp`` at the first byte after the empty line; a section the
    stream cuts short is parsed as far as it goes."""
    lines, _ = read_section(fp, "header line")
    return build_message(_parsed(lines))
