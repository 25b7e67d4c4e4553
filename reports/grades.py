"""Grades as a report weighs them: which are deviations, which is worst."""

from typing import Iterable, Optional

from conformance.grading import ERROR, GRADES, INFO, PASS

# Least to most serious; a cell graded by several checks shows the last one met.
SEVERITY = ("pass", "info", "lenient", "unlike-cpython", "non-strict", "missing", "fail",
            "hang", "crash", "error")
assert sorted(SEVERITY) == sorted(GRADES), "SEVERITY must order every grade"

# One letter per grade, for the matrix cells (the legend spells them out).
LETTERS = {"pass": "P", "info": "I", "lenient": "L", "unlike-cpython": "U", "non-strict": "S",
           "missing": "M", "fail": "F", "hang": "H", "crash": "C", "error": "E"}


def is_deviation(grade: str) -> bool:
    """Every grade but ``pass`` and ``info`` is a deviation (what deviations.md lists)."""
    return grade not in (PASS, INFO)


def is_kit_error(grade: str) -> bool:
    """``error``: the kit failed, the implementation was not graded."""
    return grade == ERROR


def worst(grades: Iterable[str]) -> Optional[str]:
    """The most serious of ``grades`` (``SEVERITY``), None for none."""
    ranked = [SEVERITY.index(g) for g in grades]
    return SEVERITY[max(ranked)] if ranked else None
