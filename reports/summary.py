"""Plain-text summaries of grade records, as ``python -m conformance run``
prints them: per section, deviations, side by side."""

import re
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from conformance.baseline import Comparison, expected_outcomes
from conformance.clauses import LEVELS
from conformance.grading import GRADES, INFO, PASS, first_line
from reports.visible import escape_controls

Record = Dict[str, Any]


def section_of(record: Record) -> str:
    """``origin:section`` of the clause the record grades (its row in a summary)."""
    origin, section = record["clause"].split(":")[:2]
    return f"{origin}:{section}"


ORIGIN_ORDER = {"seed": 0, "modern": 1, "rfc9112": 2, "cpython": 3}


def section_key(section: str) -> Tuple[int, List[Tuple[int, str]]]:
    """Order sections by origin, then numerically (``6.3`` before ``6.10``)."""
    origin, _, rest = section.partition(":")
    parts = [(int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"[.-]", rest)]
    return ORIGIN_ORDER.get(origin, len(ORIGIN_ORDER)), parts


def count_by_section(records: Iterable[Record]) -> Dict[str, Dict[str, int]]:
    """``{section: {grade: count}}``, sections in catalogue order (``section_key``)."""
    table: Dict[str, Dict[str, int]] = {}
    for record in records:
        row = table.setdefault(section_of(record), {g: 0 for g in GRADES})
        row[record["grade"]] += 1
    return {section: table[section] for section in sorted(table, key=section_key)}


def render_summary(title: str, records: Sequence[Record],
                   against: Optional[Comparison] = None,
                   known: Optional[Dict[Any, Any]] = None) -> str:
    """Grades per section, a total line, then every deviation with its reason.

    ``against`` (when a baseline was given) tags each deviation NEW, CHANGED
    (with the outcome the baseline expected, from ``known``) or known, and
    lists the checks the baseline knows that no longer deviate.
    """
    lines = [title]
    table = count_by_section(records)
    width = max([len("section")] + [len(s) for s in table])
    cols = {g: max(7, len(g)) for g in GRADES}
    lines.append(f"  {'section':<{width}}  " + " ".join(f"{g:>{cols[g]}}" for g in GRADES))
    totals = {g: 0 for g in GRADES}
    for section, row in table.items():
        lines.append(f"  {section:<{width}}  "
                     + " ".join(f"{row[g]:>{cols[g]}}" for g in GRADES))
        for grade in GRADES:
            totals[grade] += row[grade]
    lines.append(f"  {'total':<{width}}  " + " ".join(f"{totals[g]:>{cols[g]}}" for g in GRADES))
    deviations = [r for r in records if r["grade"] not in (PASS, INFO)]
    by_level = deviations_by_level(deviations)
    if by_level:
        lines.append("  deviations by level: " + ", ".join(
            f"{level} {count}" for level, count in by_level.items()))
    tags: Dict[int, str] = {}
    if against is not None:
        tags.update({id(r): " NEW" for r in against.new})
        tags.update({id(r): " CHANGED" for r in against.changed})
        tags.update({id(r): " known" for r in against.known})
    if deviations:
        lines.append("  deviations:")
        for record in deviations:
            lines.append(
                f"  {record['grade'].upper():<7}{tags.get(id(record), '')} [{record['edition']}] "
                f"{record['check']} ({record['clause']}, {record['level']}): "
                f"{terminal_safe(first_line(record['message']))}"
            )
            if id(record) in tags and tags[id(record)] == " CHANGED":
                lines.append(f"      observed: {terminal_safe(' / '.join(record['outcome']))}")
                for line in expected_outcomes(known or {}, record):
                    lines.append(f"      baseline: {terminal_safe(line)}")
    if against is not None:
        lines.append(f"  against the baseline: {len(against.new)} new, {len(against.changed)} "
                     f"changed, {len(against.known)} known, {len(against.fixed)} fixed")
        for record in against.fixed:
            lines.append(f"  FIXED   [{record['edition']}] {record['check']}: now "
                         f"{record['grade']}")
    return "\n".join(lines)


def terminal_safe(text: str) -> str:
    """``text`` with control characters written as escapes: record data holds
    what misbehaving servers sent (a bare CR in a field name), and a raw CR or
    ESC on a terminal would rewrite the line it is printed on."""
    return escape_controls(text, keep="\t\n")


def deviations_by_level(deviations: Iterable[Record]) -> Dict[str, int]:
    """How many of ``deviations`` there are at each clause level, in ``LEVELS``
    order; levels with none are left out."""
    counts = {level: 0 for level in LEVELS}
    for record in deviations:
        counts[record["level"]] += 1
    return {level: n for level, n in counts.items() if n}


def render_side_by_side(runs: Sequence[Tuple[str, Sequence[Record]]]) -> str:
    """Pass counts per section for several implementations, then differing checks."""
    tables = [count_by_section(records) for _, records in runs]
    sections = sorted({s for table in tables for s in table}, key=section_key)
    width = max([len("section")] + [len(s) for s in sections])
    cols = [max(len(name), 11) for name, _ in runs]
    lines = [f"{'section':<{width}}  " + "  ".join(f"{n:>{c}}" for (n, _), c in zip(runs, cols))]
    for section in sections:
        cells = []
        for table, col in zip(tables, cols):
            row = table.get(section)
            cell = "-" if row is None else f"{row['pass'] + row['info']}/{sum(row.values())}"
            cells.append(f"{cell:>{col}}")
        lines.append(f"{section:<{width}}  " + "  ".join(cells))
    grades: Dict[Tuple[str, str], List[str]] = {}
    for index, (_, records) in enumerate(runs):
        for record in records:
            key = (record["check"], record["edition"])
            grades.setdefault(key, ["-"] * len(runs))[index] = record["grade"]
    differ = [(k, v) for k, v in grades.items() if len(set(v)) > 1]
    if differ:
        lines.append("checks graded differently:")
        for (check, edition), row in differ:
            lines.append(f"  [{edition}] {check}: " + ", ".join(
                f"{name}={grade}" for (name, _), grade in zip(runs, row)))
    return "\n".join(lines)


def coverage(listing: Dict[str, Dict[str, Any]]) -> Dict[str, List[str]]:
    """Invert a check listing (``{check: {"graded": {edition: clause}, "related":
    [...]}}``, what ``--list-checks`` writes) into ``{clause: checks grading it}``.
    A clause a check only relates to is not covered by it."""
    result: Dict[str, List[str]] = {}
    for check, entry in sorted(listing.items()):
        seen: Set[str] = set()
        for clause in entry["graded"].values():
            if clause not in seen:
                seen.add(clause)
                result.setdefault(clause, []).append(check)
    return result
