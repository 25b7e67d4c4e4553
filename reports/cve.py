"""The known-vulnerability section: one row per CVE or CPython issue of the
``cve`` catalogue (``servers/catalogue/cve.py``), one column per implementation.

Rows come from the catalogue's case names (``cve-2016-5699-header-value-crlf``
belongs to CVE-2016-5699, ``gh-150743-endless-trailers`` to gh-150743); a
cell comes from the records whose ``script`` is one of the row's cases:
``vulnerable`` when any of them deviates, ``safe`` when all pass (or record
``info``), ``error`` when the kit failed on one and none deviates, ``not run``
when there is none. Nothing here is typed by hand.
"""

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from reports.grades import is_deviation, is_kit_error
from reports.matrix import Matrix
from servers.catalogue.cve import CASES

ISSUE = re.compile(r"^(?P<id>cve-\d{4}-\d+|gh-\d+)-")
SAFE, VULNERABLE, KIT_ERROR, NOT_RUN = "safe", "vulnerable", "error", "not run"


@dataclass
class Issue:
    """One CVE or CPython issue and the catalogue cases that play it."""

    id: str  # "CVE-2016-5699" or "gh-146211"
    cases: List[str] = field(default_factory=list)
    descriptions: List[str] = field(default_factory=list)
    cells: List[List[int]] = field(default_factory=list)  # record indexes per column
    states: List[str] = field(default_factory=list)


def issues_in_catalogue() -> List[Issue]:
    """Every issue of the ``cve`` catalogue, in catalogue order, with its cases."""
    issues: Dict[str, Issue] = {}
    for case in CASES.values():
        match = ISSUE.match(case.name)
        if match is None:
            continue  # a de-facto case (cpython-...), not a known vulnerability
        raw = match.group("id")
        name = raw.upper() if raw.startswith("cve-") else raw
        issue = issues.setdefault(name, Issue(name))
        issue.cases.append(case.name)
        issue.descriptions.append(case.description)
    return list(issues.values())


def cve_table(matrix: Matrix) -> List[Issue]:
    """The issues with each column's records and state (see the module docstring)."""
    issues = issues_in_catalogue()
    where: Dict[str, Issue] = {case: issue for issue in issues for case in issue.cases}
    width = len(matrix.columns)
    for issue in issues:
        issue.cells = [[] for _ in range(width)]
    for index, record in enumerate(matrix.records):
        issue = where.get(record["script"] or "")
        if issue is not None:
            issue.cells[matrix.record_columns[index]].append(index)
    for issue in issues:
        issue.states = [state([matrix.records[i]["grade"] for i in cell]) for cell in issue.cells]
    return issues


def state(grades: Sequence[str]) -> str:
    """The state of one cell from the grades of its records."""
    if not grades:
        return NOT_RUN
    if any(is_deviation(g) and not is_kit_error(g) for g in grades):
        return VULNERABLE
    if any(is_kit_error(g) for g in grades):
        return KIT_ERROR
    return SAFE


def vulnerable_to(issues: Sequence[Issue], column: int) -> List[str]:
    """The ids of the issues ``column`` is vulnerable to."""
    return [issue.id for issue in issues if issue.states[column] == VULNERABLE]


def summary_of(issue: Issue) -> Optional[str]:
    """A one-line description: the first case's, without the id, up to its first ';'."""
    if not issue.descriptions:
        return None
    text = issue.descriptions[0].split(";")[0]
    prefix = f"{issue.id}: "
    return text[len(prefix):] if text.lower().startswith(prefix.lower()) else text
