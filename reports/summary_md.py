"""``summary.md``: short enough for a pull-request comment.

One line per column: passed/total per edition (``pass`` and ``info`` count as
passed), the run-failing deviations (``fail``, ``missing``, ``hang``,
``crash``, ``error``), the others (``lenient``, ``non-strict``,
``unlike-cpython``) and the known vulnerabilities; then the clauses where
columns disagree, each naming the columns by their number in the table.
"""

from typing import Dict, List, Sequence

from conformance.clauses import EDITIONS
from conformance.grading import DEVIATION_GRADES, ERROR
from reports import markdown
from reports.cve import Issue, vulnerable_to
from reports.grades import SEVERITY, is_deviation
from reports.matrix import Matrix

FAILING = tuple(DEVIATION_GRADES) + (ERROR,)


def render(matrix: Matrix, issues: Sequence[Issue], title: str,
           problems: Sequence[str]) -> str:
    lines = [f"# {markdown.text(title)}", ""]
    lines.append("| # | column | " + " | ".join(f"{e} passed" for e in EDITIONS)
                 + " | failing | other deviations | vulnerable to |")
    lines.append("|---|---|" + "---|" * len(EDITIONS) + "---|---|---|")
    for n, column in enumerate(matrix.columns):
        grades = _grades_by_edition(matrix, n)
        every = [g for e in EDITIONS for g in grades[e]]
        passed = []
        for edition in EDITIONS:
            mine = grades[edition]
            ok = sum(1 for g in mine if not is_deviation(g))
            passed.append(f"{ok}/{len(mine)}" if mine else "-")
        failing = _count(every, FAILING)
        others = _count(every, [g for g in SEVERITY if is_deviation(g) and g not in FAILING])
        vulnerable = ", ".join(vulnerable_to(issues, n)) or "none"
        lines.append(f"| {n + 1} | {markdown.text(column.label)} | " + " | ".join(passed)
                     + f" | {failing} | {others} | {vulnerable} |")
    lines.append("")
    disagreeing = [row for row in matrix.rows() if matrix.disagrees(row)]
    lines.append(f"## Clauses where implementations disagree ({len(disagreeing)})")
    lines.append("")
    lines.append("Worst grade per column (columns by number), for the clauses graded "
                 "differently across columns.")
    lines.append("")
    for row in disagreeing:
        by_grade: Dict[str, List[int]] = {}
        for n in range(len(matrix.columns)):
            grade = matrix.grade(row, n)
            if grade is not None:
                by_grade.setdefault(grade, []).append(n + 1)
        spread = "; ".join(f"{g} {_numbers(by_grade[g])}" for g in SEVERITY if g in by_grade)
        lines.append(f"- {markdown.code(row.clause)} ({row.level}): {spread}")
    if problems:
        lines.append("")
        lines.append(f"## Left out: {len(problems)} unreadable part(s) of the records files")
        lines.append("")
        lines.extend(f"- {markdown.text(p)}" for p in problems)
    return "\n".join(lines) + "\n"


def _grades_by_edition(matrix: Matrix, column: int) -> Dict[str, List[str]]:
    grades: Dict[str, List[str]] = {e: [] for e in EDITIONS}
    for record, n in zip(matrix.records, matrix.record_columns):
        if n == column:
            grades.setdefault(record["edition"], []).append(record["grade"])
    return grades


def _count(grades: Sequence[str], which: Sequence[str]) -> str:
    parts = [f"{grades.count(g)} {g}" for g in which if g in grades]
    return ", ".join(parts) or "0"


def _numbers(columns: Sequence[int]) -> str:
    """``#1-3, #7``: runs of consecutive column numbers joined."""
    runs: List[List[int]] = []
    for n in columns:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"#{r[0]}" if len(r) == 1 else f"#{r[0]}-{r[-1]}" for r in runs)
