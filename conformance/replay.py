"""``python -m conformance replay FILE --impl X [--check ID] [--edition E]``:
run one property example again, once, without Hypothesis.

``FILE`` holds either one example object (``{"property", "edition",
"input"}``, the ``example`` field of a record) or records: JSON Lines (what
``--results`` writes) or a JSON array of records. Of the records carrying an
example, ``--check`` and ``--edition`` must leave exactly one. The replay
prints what the implementation did and the verdict, graded as the check
grades it (the level of the clause its check grades in that edition).
Exit status: 0 pass, 1 deviation, 2 usage error, 3 the kit failed.
"""

import importlib
import json
import sys
from typing import Any, Dict, List, Optional

from conformance import context
from conformance.clauses import CLAUSES, attribute
from conformance.grading import ERROR, OK_GRADES, by_level, grade_exception
from conformance.impl import Implementation
from conformance.properties import PROPERTIES, ExampleError, parse_example, replay


class ReplayUsageError(Exception):
    """A bad FILE or selection; the message is one line naming the value."""


def load_example(path: str, check: Optional[str], edition: Optional[str]) -> Dict[str, Any]:
    """The one example ``path`` holds (or the one its records select)."""
    try:
        with open(path, encoding="utf-8") as src:
            text = src.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReplayUsageError(f"cannot read {path!r}: {exc}") from None
    try:
        data: Any = json.loads(text)
    except ValueError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except ValueError as exc:
            raise ReplayUsageError(f"{path!r} is neither JSON nor JSON Lines: {exc}") from None
    if isinstance(data, dict) and "input" in data:
        return data
    records: List[Any] = data if isinstance(data, list) else [data]
    found = [r for r in records if isinstance(r, dict) and isinstance(r.get("example"), dict)
             and (check is None or r.get("check") == check)
             and (edition is None or r.get("edition") == edition)]
    if len(found) != 1:
        chosen = [f"{r.get('check')} [{r.get('edition')}]" for r in found]
        wanted = "".join(f" {flag} {value!r}" for flag, value in (("--check", check),
                                                                    ("--edition", edition))
                         if value is not None)
        raise ReplayUsageError(
            f"{path!r} has {len(found)} record(s) with an example{wanted or ''}"
            + (f": {', '.join(chosen)}; choose one with --check and --edition" if chosen
               else ""))
    return found[0]["example"]


# The check modules that register properties (importing them registers them).
PROPERTY_MODULES = ("conformance.checks.test_properties",
                    "conformance.checks.test_property_requests")


def _property_modules() -> List[Any]:
    return [importlib.import_module(name) for name in PROPERTY_MODULES]


def clause_for(property_name: str, edition: str) -> str:
    """The clause the property's check grades in ``edition``."""
    function = next(getattr(m, f"test_{property_name}") for m in _property_modules()
                    if hasattr(m, f"test_{property_name}"))
    graded: List[str] = []
    for mark in getattr(function, "pytestmark", []):
        if mark.name == "clauses":
            graded.extend(mark.args)
    return attribute(graded, ["seed", "modern"])[edition]


def run(path: str, impl: Implementation, check: Optional[str], edition: Optional[str]) -> int:
    """Replay; print the outcome and the verdict; return the exit status."""
    _property_modules()  # registers the properties

    try:
        example = load_example(path, check, edition)
        prop, chosen, _ = parse_example(example)
    except (ReplayUsageError, ExampleError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if edition is not None and chosen != edition:
        print(f"error: the example is for edition {chosen!r}, not {edition!r}", file=sys.stderr)
        return 2
    clause = CLAUSES[clause_for(prop.name, chosen)]
    ctx = context.begin()
    error: Optional[BaseException] = None
    try:
        replay(example, impl)
    except Exception as exc:  # graded below, as the plugin grades a check
        error = exc
    observed, message = grade_exception(error)
    grade = by_level(observed, clause.level)
    print(f"replayed {prop.name} [{chosen}] on --impl {impl.name} (of {len(PROPERTIES)} "
          "properties)")
    for line in ctx.outcome or []:
        print(f"outcome: {line}")
    if message:
        print(f"message: {message}")
    transcript = ctx.transcript()
    if transcript:
        print(transcript)
    print(f"verdict: {grade} ({clause.id}, {clause.level})")
    if grade == ERROR:
        return 3
    return 0 if grade in OK_GRADES else 1
