"""JUnit XML, one file per column, for CI systems.

One ``testcase`` per record (``name``: check and edition, ``classname``: the
clause's origin and section). ``fail``, ``missing``, ``hang`` and ``crash``
are ``<failure>``s, ``error`` (the kit failed) an ``<error>``; the other
deviations (``lenient``, ``non-strict``, ``unlike-cpython``) pass, as they
pass a run, with their grade and message in ``<system-out>``. Text from
records is escaped, and characters XML 1.0 cannot carry (NUL, ESC...) are
written as ``\\x00``-style escapes.
"""

from typing import Any, Dict, List, Sequence
from xml.sax.saxutils import escape, quoteattr

from conformance.grading import DEVIATION_GRADES, ERROR
from reports.columns import Column
from reports.grades import is_deviation
from reports.summary import section_of
from reports.visible import escape_controls

Record = Dict[str, Any]


def xml_text(value: str) -> str:
    """``value`` escaped as XML character data (control characters as escapes)."""
    return escape(escape_controls(value, keep="\t\n\r"))


def xml_attr(value: str) -> str:
    return quoteattr(escape_controls(value, keep="\t\n\r"))


def render(column: Column, records: Sequence[Record]) -> str:
    failures = sum(1 for r in records if r["grade"] in DEVIATION_GRADES)
    errors = sum(1 for r in records if r["grade"] == ERROR)
    seconds = sum(r["duration"] for r in records)
    lines: List[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<testsuites tests=\"{len(records)}\" failures=\"{failures}\" errors=\"{errors}\">",
        f"<testsuite name={xml_attr(column.label)} tests=\"{len(records)}\" "
        f"failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{seconds:.3f}\">",
    ]
    for record in records:
        lines.append(_testcase(record))
    lines.append("</testsuite>")
    lines.append("</testsuites>")
    return "\n".join(lines) + "\n"


def _testcase(record: Record) -> str:
    name = f"{record['check']} [{record['edition']}]"
    head = (f"<testcase name={xml_attr(name)} classname={xml_attr(section_of(record))} "
            f"time=\"{record['duration']:.4f}\">")
    grade = record["grade"]
    detail = _detail(record)
    first = record["message"].strip().split("\n")[0] if record["message"] else grade
    if grade in DEVIATION_GRADES or grade == ERROR:
        tag = "failure" if grade in DEVIATION_GRADES else "error"
        return (f"{head}<{tag} type={xml_attr(grade)} message={xml_attr(first)}>"
                f"{xml_text(detail)}</{tag}></testcase>")
    if is_deviation(grade):
        return f"{head}<system-out>{xml_text(detail)}</system-out></testcase>"
    return f"{head}</testcase>"


def _detail(record: Record) -> str:
    parts = [f"grade: {record['grade']} ({record['clause']}, {record['level']})"]
    if record["message"]:
        parts.append(record["message"])
    if record["transcript"]:
        parts.append(record["transcript"])
    parts.append(f"reproduce: {record['reproduce']}")
    return "\n\n".join(parts)
