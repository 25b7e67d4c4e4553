"""The ``--impl`` adapter for every mutant of the reference (tests/mutants/catalogue.py).

The environment variable ``HTTPCLIENT_MUTANT`` names the mutant (or control)
this module becomes; its records carry the version ``mutant:<name>``::

    HTTPCLIENT_MUTANT=chunk_size_off_by_one \\
        python -m conformance run --impl tests/mutants/impl.py --edition modern
"""

import os
import sys

_TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

from mutants.loader import MUTANT_VARIABLE, export  # noqa: E402

if not os.environ.get(MUTANT_VARIABLE):
    raise ImportError(f"set {MUTANT_VARIABLE} to the name of a mutant of "
                      "tests/mutants/catalogue.py (python tests/mutants/loader.py lists them)")
export(globals(), os.environ[MUTANT_VARIABLE])
