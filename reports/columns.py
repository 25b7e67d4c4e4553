"""Report columns: one implementation on one interpreter.

A column's key is ``(impl.name, impl.version, interpreter.implementation,
interpreter.version)`` of its records; its label is short and readable
(``http.client · CPython 3.8.18``, ``urllib3 2.8.0 (adapter) · CPython 3.11.7``).
"""

import os
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Tuple

Record = Dict[str, Any]
ColumnKey = Tuple[str, str, str, str]

# Endings of an adapter file's name that say nothing about what it adapts.
ADAPTER_SUFFIXES = ("_connection", "_patched", "_adapter")


@dataclass(frozen=True)
class Column:
    """One implementation on one interpreter."""

    key: ColumnKey
    label: str
    slug: str

    @property
    def impl_name(self) -> str:
        return self.key[0]


def column_key(record: Record) -> ColumnKey:
    impl, interpreter = record["impl"], record["interpreter"]
    return (impl["name"], impl["version"], interpreter["implementation"], interpreter["version"])


def label(key: ColumnKey) -> str:
    """The short label of a column (see the module docstring)."""
    name, version, interpreter, interpreter_version = key
    running = f"{interpreter} {interpreter_version}"
    shown = name
    if name.endswith(".py"):
        stem = os.path.basename(name)[:-3]
        for suffix in ADAPTER_SUFFIXES:
            if stem.endswith(suffix) and len(stem) > len(suffix):
                stem = stem[: -len(suffix)]
        shown = f"{stem} {version} (adapter)" if _shown_version(version, running) else \
            f"{stem} (adapter)"
    elif _shown_version(version, running):
        shown = f"{name} {version}"
    return f"{shown} \u00b7 {running}"


def _shown_version(version: str, running: str) -> bool:
    """A stdlib module's version is its interpreter's; "unknown" says nothing."""
    return version not in (running, "unknown", "")


def slug(key: ColumnKey) -> str:
    """A file-name-safe id of the column, unique per key."""
    text = "-".join(key).lower()
    return re.sub(r"[^a-z0-9._]+", "-", text).strip("-.") or "column"


def _order(key: ColumnKey) -> Tuple[int, str, str, List[Tuple[int, str]]]:
    name = key[0]
    family = 0 if name.startswith("reference.") else 1 if name == "http.client" else 2
    version = [(int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"[.]", key[3])]
    return family, name, key[2], version


def columns_of(records: Iterable[Record]) -> List[Column]:
    """The columns of ``records``: the reference first, then ``http.client``, then the
    others by name, each by interpreter and version; slugs made unique."""
    keys = sorted({column_key(r) for r in records}, key=_order)
    columns, used = [], set()
    for key in keys:
        base = candidate = slug(key)
        n = 2
        while candidate in used:
            candidate = f"{base}-{n}"
            n += 1
        used.add(candidate)
        columns.append(Column(key, label(key), candidate))
    return columns
