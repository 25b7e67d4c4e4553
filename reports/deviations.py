"""``deviations.md``: every deviation of every column (a record graded neither
``pass`` nor ``info``), each with its one-sentence explanation from
``reports/explanations.json`` (keyed by check id, then implementation name),
or "(no explanation yet)". A check deviating the same way in both editions is
one line naming both."""

from typing import Callable, Dict, List, Optional, Sequence, Tuple

from reports import markdown
from reports.grades import SEVERITY, is_deviation
from reports.matrix import Matrix

NO_EXPLANATION = "(no explanation yet)"
Explain = Callable[[str, str], Optional[str]]


def render(matrix: Matrix, explain: Explain, title: str) -> str:
    lines = [f"# {markdown.text(title)}", "",
             "Every deviation (a grade other than pass and info) of every column, with its "
             "explanation. The sentences are kept in `reports/explanations.json`, keyed by "
             "check id.", ""]
    unexplained = 0
    for n, column in enumerate(matrix.columns):
        found: Dict[Tuple[str, str, str], List[str]] = {}
        for record, at in zip(matrix.records, matrix.record_columns):
            if at == n and is_deviation(record["grade"]):
                key = (record["check"], record["grade"], record["clause"])
                found.setdefault(key, []).append(record["edition"])
        lines.append(f"## {markdown.text(column.label)} ({_count(found)})")
        lines.append("")
        if not found:
            lines.append("No deviation.")
        for (check, grade, clause), editions in sorted(
                found.items(), key=lambda kv: (kv[0][0], -SEVERITY.index(kv[0][1]))):
            sentence = explain(check, column.impl_name)
            if sentence is None:
                unexplained += 1
            lines.append(f"- {markdown.code(check)} {grade} [{', '.join(sorted(editions))}] "
                         f"({markdown.code(clause)}): "
                         f"{sentence or NO_EXPLANATION}")
        lines.append("")
    lines.append(f"{unexplained} deviation(s) without an explanation.")
    return "\n".join(lines) + "\n"


def _count(found: Dict[Tuple[str, str, str], Sequence[str]]) -> str:
    return f"{len(found)} deviation{'s' if len(found) != 1 else ''}"
