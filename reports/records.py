"""Reading records files for a report: JSON Lines as ``conformance run --results``
writes them, or a ``results.json`` array as ``reports build``/``merge`` write it.

A damaged file does not stop the report: each bad line (malformed JSON, a
record breaking the schema, a truncated last line) is a ``Problem`` naming the
file and line, and the good records of the file are kept. Records of another
schema version are refused outright (``RecordsError``): mixing versions would
compare unlike things.
"""

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Sequence, Tuple

from conformance.schema import SCHEMA, SchemaError, validate_record

Record = Dict[str, Any]


class RecordsError(Exception):
    """A records file the report must refuse; one line naming the file and the value."""


@dataclass(frozen=True)
class Problem:
    """One unreadable part of a records file, kept out of the report."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path} line {self.line}: {self.reason}"


@dataclass
class Loaded:
    """The records read from some files, each with the file it came from, and the
    problems met on the way."""

    records: List[Record] = field(default_factory=list)
    sources: List[str] = field(default_factory=list)  # sources[i]: the file of records[i]
    problems: List[Problem] = field(default_factory=list)


def load_files(paths: Sequence[str]) -> Loaded:
    """Read every file of ``paths`` in order (see the module docstring)."""
    loaded = Loaded()
    for path in paths:
        try:
            with open(path, encoding="utf-8") as src:
                text = src.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise RecordsError(f"cannot read records file {path!r}: {exc}") from None
        for line, item in _items(path, text, loaded.problems):
            _take(path, line, item, loaded)
    return loaded


def _take(path: str, line: int, item: Any, loaded: Loaded) -> None:
    schema = item.get("schema") if isinstance(item, dict) else None
    if isinstance(schema, str) and schema != SCHEMA:
        raise RecordsError(f"records file {path!r} line {line}: schema {schema!r} is not "
                           f"{SCHEMA!r}; regenerate it with this version of the kit")
    try:
        loaded.records.append(validate_record(item))
    except SchemaError as exc:
        loaded.problems.append(Problem(path, line, str(exc)))
        return
    loaded.sources.append(path)


def _items(path: str, text: str, problems: List[Problem]) -> Iterator[Tuple[int, Any]]:
    """``(line, decoded value)`` of each record of ``text``; bad parts go to ``problems``."""
    if text.lstrip().startswith("["):
        yield from _array_items(path, text, problems)
        return
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except (ValueError, RecursionError) as exc:
            last = number == len(lines)  # no newline after it: the write was cut short
            reason = "truncated record (the file ends inside it)" if last else \
                _malformed(exc)
            problems.append(Problem(path, number, reason))


def _array_items(path: str, text: str, problems: List[Problem]) -> Iterator[Tuple[int, Any]]:
    """The elements of a JSON array, each with the line it starts on; a syntax
    error ends the file there (nothing after it can be trusted)."""
    decoder = json.JSONDecoder()
    pos = _skip_space(text, text.index("[") + 1)
    if text.startswith("]", pos):
        _trailing(path, text, pos + 1, problems)
        return
    while True:
        line = text.count("\n", 0, pos) + 1
        try:
            item, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError) as exc:
            cut = not text.rstrip().endswith("]")
            problems.append(Problem(path, line, "truncated record (the file ends inside it)"
                                    if cut else _malformed(exc)))
            return
        yield line, item
        pos = _skip_space(text, pos)
        if text.startswith(",", pos):
            pos = _skip_space(text, pos + 1)
        elif text.startswith("]", pos):
            _trailing(path, text, pos + 1, problems)
            return
        else:
            where = text.count("\n", 0, pos) + 1
            problems.append(Problem(path, where, "truncated (the file ends before the array "
                                    "closes)" if pos >= len(text) else
                                    "malformed JSON: expected ',' or ']'"))
            return


def _trailing(path: str, text: str, pos: int, problems: List[Problem]) -> None:
    pos = _skip_space(text, pos)
    if pos < len(text):
        problems.append(Problem(path, text.count("\n", 0, pos) + 1,
                                "malformed JSON: text after the closing ']'"))


def _malformed(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"malformed JSON: {exc.msg} (column {exc.colno})"
    return "malformed JSON: nested too deeply"  # RecursionError


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos
