"""Grades: how a check's outcome becomes one word (see DESIGN.md, "Grade").

A check returns normally (``pass``), fails an assertion (``fail``) or raises
one of the signals below. Anything else escaping a check is a ``crash``.
"""

from typing import Optional, Tuple

PASS = "pass"
FAIL = "fail"
LENIENT = "lenient"
MISSING = "missing"
HANG = "hang"
CRASH = "crash"
INFO = "info"

GRADES: Tuple[str, ...] = (PASS, FAIL, LENIENT, MISSING, HANG, CRASH, INFO)

# Grades that do not fail a run: ``lenient`` is safe by definition (it is still
# listed in summaries). The others are deviations a baseline may list as known.
OK_GRADES: Tuple[str, ...] = (PASS, INFO, LENIENT)


class Signal(Exception):
    """Base of the exceptions a check raises to choose its grade."""

    grade = CRASH

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Lenient(Signal):
    """The implementation accepted what the clause calls invalid, safely."""

    grade = LENIENT


class Info(Signal):
    """Behaviour recorded where the clause is silent."""

    grade = INFO


class Missing(Signal):
    """A documented name is absent from the implementation."""

    grade = MISSING

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is missing")
        self.name = name


class Hang(Signal):
    """The implementation did not finish within the check's deadline."""

    grade = HANG


def grade_exception(exc: Optional[BaseException]) -> Tuple[str, str]:
    """Map what escaped a check (None when it returned) to ``(grade, message)``."""
    if exc is None:
        return PASS, ""
    if isinstance(exc, Signal):
        return exc.grade, exc.message
    if isinstance(exc, AssertionError):
        return FAIL, first_line(str(exc)) or "assertion failed"
    return CRASH, first_line(f"{type(exc).__name__}: {exc}")


def first_line(text: str) -> str:
    """The first non-empty line of ``text``, stripped (a record's one-line reason)."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


class Crash(Signal):
    """The implementation raised an exception type its documentation does not allow."""

    grade = CRASH
