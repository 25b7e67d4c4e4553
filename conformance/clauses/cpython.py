"""De-facto clauses: what every CPython does where its documentation is silent
or says otherwise, and programs rely on (level ``de-facto``, origin ``cpython``).

Each row names the CPython versions it was observed on. A documented clause
that CPython contradicts stays in ``seed``/``modern`` as written; CPython's
behaviour is the clause here, and ``reference/CONTRADICTIONS.md`` lists the
pair. These clauses bind both editions when a run asks for it
(``--like-cpython``); otherwise a deviation is reported as ``unlike-cpython``.
"""

from typing import List, Tuple

from .model import Clause, build_de_facto

ORIGIN = "cpython"

# (section, slug, kind, observed on, text)
_ROWS: List[Tuple[str, str, str, str, str]] = [
    ("HTTPConnection", "empty-port-default", "behaviour", "2.7, 3.6-3.13",
     "A host ending in a colon with no port ('example.com:') takes the default port; no "
     "InvalidURL is raised, though both editions of the documentation say it is."),
]

CLAUSES: List[Clause] = build_de_facto(_ROWS)
