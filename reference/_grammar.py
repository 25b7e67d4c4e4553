"""The RFC 9112 grammar the client reads: one line reader, one pattern per element.

Every line of a response head, chunk-size line or trailer is read by
``read_line`` (from the response's ``Reader``, or from a file for
``parse_headers``) and matched by one pattern here; no other module parses
bytes.

Line ends (RFC 9112 §2.2): a line ends at LF; exactly one CRLF, or a bare LF,
is removed. A CR left in what remains is a bare CR, and no pattern admits
one, so a bare CR anywhere makes its element invalid
(``rfc9112:2.2:bare-cr-invalid``: the recipient rejects the element or
replaces each bare CR with SP; the reference rejects, the one rule for
every line type). Each element raises its own documented exception; this
module only says whether bytes match.
"""

import re
from typing import TYPE_CHECKING, List, Optional, Protocol, Tuple

from ._errors import HTTPException, LineTooLong

if TYPE_CHECKING:  # pragma: no cover
    from ._reader import Reader

MAX_LINE = 65536  # longest status, field, chunk-size or trailer line, line end included
MAX_FIELDS = 100  # field lines (and trailer lines) per section

# RFC 9110 §5.6.2: token = 1*tchar (rfc9112:5:field-name-token).
_TOKEN = rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+"
TOKEN = re.compile(_TOKEN)
_TEXT_TOKEN = re.compile(_TOKEN.decode("ascii"))  # the same, for decoded names
_OWS = rb"[ \t]*"
# RFC 9110 §5.6.4: quoted-string, qdtext and quoted-pair (obs-text included).
_QUOTED = rb'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t -~\x80-\xff])*"'

# rfc9112:4:status-line-syntax, rfc9112:4:status-line-whitespace:
# status-line = HTTP-version SP status-code SP [ reason-phrase ].
# A recipient MAY split on any whitespace (SP, HTAB, VT, FF; a bare CR is
# rejected first) and ignore whitespace around the parts. The code is any
# word here; ``status_code`` judges it, so a bad code and a bad version are
# told apart. The reason is every octet but CR (and LF, which ends the line).
_WS = rb"[ \t\x0b\x0c]"
STATUS_LINE = re.compile(
    rb"HTTP/(\d)\.(\d)" + _WS + rb"+([^ \t\x0b\x0c\r]+)(?:" + _WS + rb"+([^\r]*?))?" + _WS + rb"*"
)
# rfc9112:4:status-code-three-digits: 3DIGIT, the first digit 1-9.
STATUS_CODE = re.compile(rb"[1-9][0-9][0-9]")
# rfc9112:5:field-line-syntax, rfc9112:5:field-value-ows-trimmed:
# field-line = field-name ":" OWS field-value OWS. rfc9112:5:field-value-crlf-nul:
# NUL (like CR and LF) in a value makes it invalid.
FIELD_LINE = re.compile(rb"(" + _TOKEN + rb"):" + _OWS + rb"([^\r\x00]*?)" + _OWS)
# rfc9112:5.2:obs-fold-replaced: a line that continues the previous field value.
OBS_FOLD = re.compile(rb"[ \t]+([^\r\x00]*?)" + _OWS)
# rfc9112:7.1:chunked-syntax, rfc9112:7.1.1:chunk-extensions-ignored:
# chunk-size [ chunk-ext ], where
# chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ( token / quoted-string ) ] ).
CHUNK_LINE = re.compile(
    rb"([0-9A-Fa-f]+)(?:" + _OWS + rb";" + _OWS + _TOKEN
    + rb"(?:" + _OWS + rb"=" + _OWS + rb"(?:" + _TOKEN + rb"|" + _QUOTED + rb"))?)*" + _OWS
)


def is_token(name: bytes) -> bool:
    """RFC 9110 §5.6.2: a non-empty run of tchar."""
    return TOKEN.fullmatch(name) is not None


class LineSource(Protocol):
    """A ``Reader`` or a binary file: what ``read_line`` reads from."""

    def readline(self, limit: int) -> bytes: ...  # pragma: no cover - a type only


def read_line(fp: LineSource, kind: str) -> Tuple[bytes, bool]:
    """The next line of ``fp`` without its line end, and whether it had one
    (rfc9112:2.2:bare-lf-line-terminator, rfc9112:9110-2.3:reasonable-limits).

    At most ``MAX_LINE`` bytes, line end included, else ``LineTooLong``
    naming ``kind``. A line without an end is the stream ending (b"" when
    nothing at all was left)."""
    return split_line(fp.readline(MAX_LINE + 1), kind)


def split_line(raw: bytes, kind: str) -> Tuple[bytes, bool]:
    """``read_line`` for a line already read with ``readline(MAX_LINE + 1)``."""
    if len(raw) > MAX_LINE:
        raise LineTooLong(kind, MAX_LINE)
    if raw[-1:] != b"\n":
        return raw, False
    return raw[:-2] if raw[-2:-1] == b"\r" else raw[:-1], True


def read_section(fp: LineSource, kind: str) -> Tuple[List[bytes], bool]:
    """Lines up to the empty line ending a field section (RFC 9112 §2.1),
    without line ends; at most ``MAX_FIELDS`` of them.

    Returns the lines and whether the stream ended before the empty line."""
    lines: List[bytes] = []
    while True:
        line, ended = read_line(fp, kind)
        if not ended:
            return lines, True
        if not line:
            return lines, False
        if len(lines) == MAX_FIELDS:
            raise HTTPException(f"got more than {MAX_FIELDS} {kind.split()[0]}s")
        lines.append(line)


def parse_fields(lines: List[bytes]) -> Optional[List[Tuple[str, str]]]:
    """Field lines to (name, value) pairs, or None if a line is invalid.

    rfc9112:5.2:obs-fold-replaced: an obs-fold line is joined to the previous
    value with one SP; rfc9112:2.2:whitespace-before-first-field: a
    whitespace-led line before the first field is ignored."""
    fields: List[Tuple[str, str]] = []
    for line in lines:
        match = FIELD_LINE.fullmatch(line)
        if match is not None:
            fields.append((match.group(1).decode("ascii"), match.group(2).decode("latin-1")))
            continue
        fold = OBS_FOLD.fullmatch(line)
        if fold is None:
            return None
        if fields:
            name, value = fields.pop()
            fields.append((name, value + " " + fold.group(1).decode("latin-1")))
    return fields


def status_line(line: bytes) -> Optional[Tuple[int, int, bytes, str]]:
    """(major, minor, code word, reason) of a status line, or None when it
    does not have the shape of one."""
    match = STATUS_LINE.fullmatch(line)
    if match is None:
        return None
    major, minor, code, reason = match.groups()
    return int(major), int(minor), code, (reason or b"").decode("latin-1")


def status_code(word: bytes) -> Optional[int]:
    """The status code a status line's second word holds, or None."""
    return int(word) if STATUS_CODE.fullmatch(word) else None


def chunk_size(line: bytes) -> Optional[int]:
    """The size on a chunk-size line (extensions checked and ignored,
    ``rfc9112:7.1.1:chunk-extensions-ignored``), or None if invalid."""
    match = CHUNK_LINE.fullmatch(line)
    return None if match is None else int(match.group(1), 16)


def read_chunk_end(fp: LineSource) -> bool:
    """Consume the CRLF (or bare LF, RFC 9112 §2.2) after chunk data
    (§7.1); False if anything else comes."""
    end = fp.readline(2)
    return end == b"\r\n" or end == b"\n"


# -- fast paths --------------------------------------------------------------
# Each gives exactly what the line-by-line path gives on the same bytes, for
# any bytes and any segmentation (tests/test_reference_properties.py proves
# it with Hypothesis), and leaves anything irregular to that path.

# A whole CRLF-ended chunk-size line: the grammar of CHUNK_LINE, then CRLF.
CHUNK_HEAD = re.compile(CHUNK_LINE.pattern + rb"\r\n")


def buffered_fields(reader: "Reader") -> Optional[List[Tuple[str, str]]]:
    """The whole field section, when it is already buffered and regular
    (CRLF line ends only, no obs-fold, no CR or NUL, within the limits);
    None leaves everything to ``read_section`` and ``parse_fields``."""
    buf, pos = reader.buf, reader.pos
    if buf.startswith(b"\r\n", pos):
        reader.pos = pos + 2
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
    if not _TEXT_TOKEN.fullmatch("".join(names)):
        return None
    reader.pos = end + 4
    return fields



def whole_chunks(reader: "Reader", parts: List[bytes]) -> None:
    """Append the data of every complete, regular chunk already buffered
    (CRLF-ended size line of at most ``MAX_LINE`` bytes, data, CRLF); stop
    before anything else (the last chunk, a partial chunk, an odd line). A
    size line equal to the previous one is not matched again."""
    buf, pos = reader.buf, reader.pos
    startswith = buf.startswith
    head, size = b"", 0
    while True:
        if not (head and startswith(head, pos)):
            match = CHUNK_HEAD.match(buf, pos)
            if match is None or match.end() - pos > MAX_LINE:
                break
            head, size = match.group(), int(match.group(1), 16)
            if not size:
                break
        start = pos + len(head)
        end = start + size
        if not startswith(b"\r\n", end):
            break
        parts.append(buf[start:end])
        pos = end + 2
    reader.pos = pos
