"""Hypothesis profiles of the property checks: ``ci``, ``dev`` and ``thorough``.

One option chooses among them: ``--hypothesis-profile NAME`` (pytest, through
Hypothesis's own plugin) or ``python -m conformance run --hypothesis-profile
NAME``, which passes it on. Without it the plugin loads ``ci``.

- ``ci``: derandomised (every run draws the same examples), bounded, no
  example database: the default of ``make test``, the plugin and
  ``conformance run``.
- ``dev``: random examples, more of them, the example database in
  ``.hypothesis/`` (ignored by git) so a failure found once is tried first
  next time.
- ``thorough``: at least 10,000 examples per property, database as ``dev``.

``EXAMPLES`` is the number of examples each property runs; ``SHRINK_EXAMPLES``
bounds the examples tried to shrink a failure (a count, so a derandomised run
reports the same example every time) and ``SHRINK_SECONDS`` the time, as a
safety net (the smallest failing example found by then is reported);
``CHECK_SECONDS`` is the time a whole property check may take before it is
graded ``hang``.
"""

import os
from typing import Dict

from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

PROFILES = ("ci", "dev", "thorough")
DEFAULT_PROFILE = "ci"
EXAMPLES: Dict[str, int] = {"ci": 30, "dev": 300, "thorough": 10_000}
SHRINK_EXAMPLES: Dict[str, int] = {"ci": 150, "dev": 500, "thorough": 1000}
SHRINK_SECONDS: Dict[str, float] = {"ci": 40.0, "dev": 120.0, "thorough": 300.0}
CHECK_SECONDS: Dict[str, float] = {"ci": 120.0, "dev": 600.0, "thorough": 7200.0}
DATABASE_DIR = os.path.join(".hypothesis", "examples")

# No "explain" phase: it replays the shrunk example many more times to say which
# parts matter, which costs more than the search itself here.
PHASES = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink)
_COMMON = dict(deadline=None, suppress_health_check=list(HealthCheck),
               report_multiple_bugs=False, print_blob=False, phases=PHASES)


def register() -> None:
    """Register the three profiles with Hypothesis (idempotent)."""
    settings.register_profile("ci", max_examples=EXAMPLES["ci"], derandomize=True,
                              database=None, **_COMMON)
    for name in ("dev", "thorough"):
        settings.register_profile(
            name, max_examples=EXAMPLES[name], derandomize=False,
            database=DirectoryBasedExampleDatabase(DATABASE_DIR), **_COMMON)


def current() -> str:
    """The name of the loaded profile (``ci`` when it is none of ours)."""
    name = getattr(settings, "_current_profile", None)
    return name if name in PROFILES else DEFAULT_PROFILE


register()
