"""The two coverage figures of the clause catalogue (``python -m conformance clauses``).

* graded: clauses that some check grades (a clause a check only relates to
  does not count);
* proven: clauses whose grading check is proven able to fail: a mutant of
  the reference in ``tests/mutants/catalogue.py`` breaks the clause, and
  ``tests/test_mutants.py`` requires a check grading that clause to catch it.
  The figure is read from the mutant catalogue of a source checkout.
"""

import importlib.util
import os
from typing import Collection, List, Mapping, Optional, Sequence, Set

from conformance.clauses import CLAUSES, ORIGINS, by_origin

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MUTANT_CATALOGUE = os.path.join(ROOT, "tests", "mutants", "catalogue.py")


def proven_clauses(path: str = MUTANT_CATALOGUE) -> Optional[Set[str]]:
    """The clause ids some mutant (not one of the known gaps) must be caught on;
    None when ``path`` (the source checkout's mutant catalogue) is absent."""
    if not os.path.exists(path):
        return None
    spec = importlib.util.spec_from_file_location("_mutant_catalogue", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {c for m in module.MUTANTS if m.gap is None for c in m.clauses}


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part // whole if whole else 0}%)"


def figures(graded: Mapping[str, Sequence[str]], proven: Optional[Collection[str]]) -> str:
    """The two figures as text: per origin, then for the MUST clauses."""
    lines: List[str] = []
    musts = [c for c in CLAUSES.values() if c.level == "MUST"]
    graded_ids = {c for c, checks in graded.items() if checks}
    per_origin = ", ".join(
        f"{origin} {sum(1 for c in by_origin(origin) if c.id in graded_ids)}"
        f"/{len(by_origin(origin))}" for origin in ORIGINS)
    lines.append(f"graded: {_ratio(len(graded_ids & set(CLAUSES)), len(CLAUSES))} clauses "
                 f"have a check grading them ({per_origin}); MUST "
                 f"{_ratio(sum(1 for c in musts if c.id in graded_ids), len(musts))}")
    if proven is None:
        lines.append(f"proven: unknown ({os.path.relpath(MUTANT_CATALOGUE, ROOT)} is not here; "
                     "run from a source checkout)")
    else:
        held = graded_ids & set(proven)
        lines.append(f"proven: {_ratio(sum(1 for c in musts if c.id in held), len(musts))} "
                     f"MUST clauses (and {len(held)} clauses in all) have a grading check "
                     "proven able to fail by a mutant it catches (tests/mutants)")
    return "\n".join(lines)

