"""The scenario catalogue: ``SCENARIOS`` (name -> Scenario, in order) and
``get(name)``. One module per category; each exports ``SCENARIOS``."""

import difflib
import re
from typing import Dict, List

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
from servers.scenario import Scenario

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


class UnknownScenario(LookupError):
    """A scenario name that is not in the catalogue."""


def _collect() -> Dict[str, Scenario]:
    found: Dict[str, Scenario] = {}
    for module in _MODULES:
        for name, scenario in module.SCENARIOS.items():
            if not _NAME.match(name):
                raise ValueError(f"scenario name {name!r} is not kebab-case")
            if name in found:
                raise ValueError(f"scenario name {name!r} is defined twice")
            found[name] = scenario
    return found


SCENARIOS: Dict[str, Scenario] = _collect()
CATEGORIES: List[str] = list(dict.fromkeys(s.category for s in SCENARIOS.values()))


def closest(name: str, count: int = 3) -> List[str]:
    """The catalogue names nearest to ``name``."""
    names = list(SCENARIOS)
    close = difflib.get_close_matches(name, names, n=count, cutoff=0.4)
    if not close:
        close = [n for n in names if name and name.lower() in n][:count]
    return close


def get(name: str) -> Scenario:
    """The scenario called ``name``; ``UnknownScenario`` names the closest."""
    try:
        return SCENARIOS[name]
    except (KeyError, TypeError):
        pass
    near = closest(name) if isinstance(name, str) else []
    hint = "; closest: " + ", ".join(near) if near else "; see `python -m servers list`"
    raise UnknownScenario(f"unknown scenario {name!r}{hint}")
