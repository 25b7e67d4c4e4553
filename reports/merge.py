"""Merging records from several files (runs, shards, interpreters) into one set.

A record's identity is ``(impl.name, impl.version, interpreter.implementation,
interpreter.version, edition, check)`` (``conformance.schema``). The same
record met twice (a file given twice, a ``results.json`` merged again) is
kept once; two different records with one identity are an error naming both
files: a report cannot say which of them is the truth.
"""

from typing import Any, Dict, List, Sequence, Tuple

from reports.columns import column_key

Record = Dict[str, Any]
Identity = Tuple[str, str, str, str, str, str]


class DuplicateRecord(Exception):
    """Two different records with the same identity; the message names both files."""


def identity(record: Record) -> Identity:
    """The record's identity (see the module docstring)."""
    return column_key(record) + (record["edition"], record["check"])


def merge(records: Sequence[Record], sources: Sequence[str]) -> List[Record]:
    """``records`` without repeats, in first-seen order; ``sources[i]`` is the file
    ``records[i]`` came from (for the error)."""
    seen: Dict[Identity, int] = {}
    merged: List[Record] = []
    for index, record in enumerate(records):
        key = identity(record)
        first = seen.get(key)
        if first is None:
            seen[key] = index
            merged.append(record)
        elif records[first] != record:
            raise DuplicateRecord(
                f"two different records of check {key[5]!r} (edition {key[4]}, {key[0]} "
                f"{key[1]} on {key[2]} {key[3]}): one in {sources[first]!r}, one in "
                f"{sources[index]!r}")
    return merged
