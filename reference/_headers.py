"""Field sections: parsing received fields into an ``HTTPMessage``."""

import email.message
import re
from typing import IO, Callable, Dict, List, Optional, Tuple

from ._errors import HTTPException, LineTooLong
from ._reader import MAX_LINE, Reader

MAX_FIELDS = 100  # field lines (and trailer lines) per section

# RFC 9110 §5.6.2: tchar.
TCHAR = b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_TOKENS = re.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_FRAMING = ("connection", "content-length", "transfer-encoding")


class HTTPMessage(email.message.Message):
    """The response fields (seed 20.10.4): an ``email.message.Message``."""


def is_token(name: bytes) -> bool:
    """RFC 9110 §5.6.2: a non-empty run of tchar."""
    return bool(name) and not name.translate(None, TCHAR)


def parse_fields(lines: List[bytes]) -> List[Tuple[str, str]]:
    """Field lines (terminators removed) to (name, value) pairs.

    RFC 9112 §5: ``name ":" OWS value OWS``; §5.2: an obs-fold line is joined
    to the previous value with one SP; RFC 9110 §5.5: CR or NUL in a value is
    rejected."""
    fields: List[Tuple[str, str]] = []
    for line in lines:
        if b"\r" in line or b"\0" in line:
            raise HTTPException(f"invalid field value: {line!r}")
        if line[:1] in (b" ", b"\t"):
            if not fields:
                # RFC 9112 §2.2: a whitespace-preceded line before the first
                # field is consumed without further processing.
                continue
            name, value = fields.pop()
            fields.append((name, value + " " + line.strip(b" \t").decode("latin-1")))
            continue
        name, colon, value = line.partition(b":")
        if not colon or not is_token(name):
            raise HTTPException(f"malformed field line: {line!r}")
        fields.append((name.decode("ascii"), value.strip(b" \t").decode("latin-1")))
    return fields


def buffered_fields(reader: Reader) -> Optional[List[Tuple[str, str]]]:
    """Fast path: the whole field section when it is already buffered and
    regular (CRLF line ends only, no obs-fold, no CR/NUL in values, within
    the limits); None leaves everything to the line-by-line path."""
    buf, pos = reader.window()
    if buf.startswith(b"\r\n", pos):
        reader.advance(pos + 2)
        return []
    end = buf.find(b"\r\n\r\n", pos)
    if end < 0:
        return None
    block = buf[pos:end]
    crlf = block.count(b"\r\n")
    if block.count(b"\n") != crlf or block.count(b"\r") != crlf or b"\0" in block:
        return None
    lines = block.decode("latin-1").split("\r\n")
    if len(lines) > MAX_FIELDS or max(map(len, lines)) > MAX_LINE - 2:
        return None
    fields = []
    names = []
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not name:
            return None
        names.append(name)
        fields.append((name, value.strip(" \t")))
    if not _TOKENS.fullmatch("".join(names)):
        return None
    reader.advance(end + 4)
    return fields


def read_fields(reader: Reader) -> List[Tuple[str, str]]:
    """A response's field section; the stream ending inside it is an
    incomplete message (RFC 9112 §8)."""
    fields = buffered_fields(reader)
    if fields is not None:
        return fields
    lines, cut = read_section(lambda: reader.readline("header line"), "header line")
    if cut:
        raise HTTPException(f"connection closed inside the header section after {lines!r}")
    return parse_fields(lines)


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


def read_section(
    readline: Callable[[], bytes], kind: str, limit: int = MAX_FIELDS
) -> Tuple[List[bytes], bool]:
    """Lines up to the empty line ending a field section (RFC 9112 §2.1).

    Returns the lines without terminators and whether the section was ended
    by the stream ending instead of an empty line."""
    lines: List[bytes] = []
    while True:
        line = readline()
        if not line:
            return lines, True
        if len(line) > MAX_LINE:
            raise LineTooLong(kind, MAX_LINE)
        if line in (b"\r\n", b"\n"):
            return lines, False
        if len(lines) == limit:
            raise HTTPException(f"got more than {limit} {kind.split()[0]}s")
        if line.endswith(b"\r\n"):
            line = line[:-2]
        elif line.endswith(b"\n"):
            line = line[:-1]
        lines.append(line)


def parse_headers(fp: IO[bytes]) -> HTTPMessage:
    """Read a field section from a binary file object (modern ``parse_headers``).

    Leaves ``fp`` at the first byte after the empty line."""
    lines, _ = read_section(lambda: fp.readline(MAX_LINE + 1), "header line")
    return build_message(parse_fields(lines))
