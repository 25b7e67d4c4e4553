"""The catalogue of cases: ``CASES`` (name -> Case, in order) and
``get(name)``. One module per category; each exports ``CASES``."""

import difflib
import re
from typing import Dict, List

from servers.case import Case
from servers.catalogue import (
    chunked,
    connection_faults,
    connection_reuse,
    content_length,
    cve,
    empty_body,
    header_fields,
    request_capture,
    status_line,
    tls,
)

_MODULES = (
    status_line,
    header_fields,
    content_length,
    chunked,
    empty_body,
    connection_reuse,
    connection_faults,
    request_capture,
    tls,
    cve,
)

_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")


class UnknownCase(LookupError):
    """A case name that is not in the catalogue."""


def _collect() -> Dict[str, Case]:
    found: Dict[str, Case] = {}
    for module in _MODULES:
        for name, case in module.CASES.items():
            if not _NAME.match(name):
                raise ValueError(f"case name {name!r} is not kebab-case")
            if name in found:
                raise ValueError(f"case name {name!r} is defined twice")
            found[name] = case
    return found


CASES: Dict[str, Case] = _collect()
CATEGORIES: List[str] = list(dict.fromkeys(s.category for s in CASES.values()))


def closest(name: str, count: int = 3) -> List[str]:
    """The catalogue names nearest to ``name``."""
    names = list(CASES)
    close = difflib.get_close_matches(name, names, n=count, cutoff=0.4)
    if not close:
        close = [n for n in names if name and name.lower() in n][:count]
    return close


def get(name: str) -> Case:
    """The case called ``name``; ``UnknownCase`` names the closest."""
    try:
        return CASES[name]
    except (KeyError, TypeError):
        pass
    near = closest(name) if isinstance(name, str) else []
    hint = "; closest: " + ", ".join(near) if near else "; see `python -m servers list`"
    raise UnknownCase(f"unknown case {name!r}{hint}")
