"""Grades: how a check's outcome becomes one word (see DESIGN.md, "Grade").

A check returns normally (``pass``), fails an assertion (``fail``) or raises
one of the signals below. Anything else escaping a check is a ``crash``,
unless it is plainly a bug of the kit itself (``kit_bug``): then ``error``.
The level of the clause graded then decides what a deviation weighs
(``by_level``).
"""

import os
from typing import Collection, Optional, Tuple

PASS = "pass"
FAIL = "fail"
LENIENT = "lenient"
MISSING = "missing"
HANG = "hang"
CRASH = "crash"
INFO = "info"
ERROR = "error"
NON_STRICT = "non-strict"
UNLIKE_CPYTHON = "unlike-cpython"

GRADES: Tuple[str, ...] = (PASS, FAIL, LENIENT, NON_STRICT, UNLIKE_CPYTHON, MISSING, HANG,
                           CRASH, INFO, ERROR)

# Grades that do not fail a run: ``lenient`` is safe by definition (it is still
# listed in summaries); ``non-strict`` (a SHOULD not followed) and
# ``unlike-cpython`` (a de-facto clause not followed) are reported, not failed,
# unless the run binds their level. ``error`` is the kit's failure, never the
# implementation's: no baseline lists it. The others are deviations a baseline
# may list as known.
OK_GRADES: Tuple[str, ...] = (PASS, INFO, LENIENT, NON_STRICT, UNLIKE_CPYTHON)
DEVIATION_GRADES: Tuple[str, ...] = (FAIL, MISSING, HANG, CRASH)


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


class KitError(Signal):
    """The kit itself failed (a script that cannot be played, a bug in a check or
    a driver): nothing is known about the implementation. Never baselined; a run
    with any ``error`` exits 3."""

    grade = ERROR


# What a ``fail`` or ``missing`` weighs at each level when the run does not bind
# that level (``--strict`` binds SHOULD, ``--like-cpython`` binds de-facto).
_UNBOUND = {"SHOULD": NON_STRICT, "de-facto": UNLIKE_CPYTHON, "MAY": INFO, "INFO": INFO}
BINDABLE_LEVELS: Tuple[str, ...] = ("SHOULD", "de-facto")


def by_level(grade: str, level: str, binding: Collection[str] = ()) -> str:
    """The grade of an outcome ``grade`` against a clause of ``level``.

    MUST: as observed. SHOULD and de-facto: a ``fail`` or ``missing`` is
    ``non-strict`` / ``unlike-cpython`` unless ``binding`` holds the level. MAY:
    not doing it is ``info``. INFO: everything observed is ``info``. ``lenient``,
    ``hang``, ``crash`` and ``error`` keep their grade at every level."""
    if level == "INFO" and grade == PASS:
        return INFO
    if grade in (FAIL, MISSING) and level in _UNBOUND and level not in binding:
        return _UNBOUND[level]
    return grade


def grade_exception(exc: Optional[BaseException]) -> Tuple[str, str]:
    """Map what escaped a check (None when it returned) to ``(grade, message)``."""
    if exc is None:
        return PASS, ""
    if isinstance(exc, Signal):
        return exc.grade, _with_notes(exc.message, exc)
    if isinstance(exc, AssertionError):
        return FAIL, _with_notes(str(exc).strip() or "assertion failed", exc)
    text = f"{type(exc).__name__}: {exc}".strip()
    where = kit_bug(exc)
    if where is not None:
        return ERROR, _with_notes(f"the kit failed: {text} ({where})", exc)
    return CRASH, _with_notes(text, exc)


# Exceptions that, raised in the kit's own code, can only be a bug of the kit:
# an implementation cannot make the kit misspell a name or index its own data.
# (An AttributeError or TypeError raised in a check's frame may come from the
# implementation's objects or signatures, so those stay ``crash``.)
KIT_BUG_TYPES = (NameError, KeyError, IndexError, ImportError, SyntaxError)
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_KIT_DIRS = tuple(os.path.join(_ROOT, d) + os.sep for d in ("conformance", "servers"))
_NOT_KIT = os.path.join(_KIT_DIRS[0], "adapters") + os.sep  # adapters stand for the impl


def kit_bug(exc: BaseException) -> Optional[str]:
    """``file:line`` when ``exc`` is a bug of the kit: one of ``KIT_BUG_TYPES``
    raised in the kit's own code (its innermost frame is in ``conformance/`` or
    ``servers/``, adapters excepted); None otherwise."""
    if not isinstance(exc, KIT_BUG_TYPES):
        return None
    tb = exc.__traceback__
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    path = os.path.abspath(tb.tb_frame.f_code.co_filename)
    if path.startswith(_KIT_DIRS) and not path.startswith(_NOT_KIT):
        return f"{os.path.relpath(path, _ROOT)}:{tb.tb_lineno}"
    return None


def _with_notes(message: str, exc: BaseException) -> str:
    """``message`` and the exception's notes (a property's falsifying example)."""
    notes = [str(n) for n in getattr(exc, "__notes__", None) or () if str(n).strip()]
    return "\n".join([message, *notes]) if notes else message


def first_line(text: str) -> str:
    """The first non-empty line of ``text``, stripped (a summary's one-line reason)."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


class Crash(Signal):
    """The implementation raised an exception type its documentation does not allow."""

    grade = CRASH
