"""One-sentence explanations of deviations, kept as data and keyed by check id.

The file (``reports/explanations.json`` by default) reads::

    {"schema": "httpclient-conformance-explanations/1",
     "explanations": {
       "<check id>": {"*": "One sentence for any implementation.",
                      "<impl name>": "One sentence for this implementation."}}}

``<impl name>`` is a record's ``impl.name``. ``Explanations.explain`` tries the
implementation's own sentence first, then ``"*"``. A deviation is any record
whose grade is neither ``pass`` nor ``info``; every deviation a baseline lists
has a sentence here (``tests/test_explanations.py`` holds the project to it).
"""

import json
import os
import re
from typing import Dict, Iterator, List, Mapping, Optional, Tuple

SCHEMA = "httpclient-conformance-explanations/1"
ANY_IMPL = "*"
DEFAULT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "explanations.json")
MAX_SENTENCE = 400

# A second sentence starts after a full stop, a question or exclamation mark and
# a space, with a capital letter ("... valid. RFC ..."); dotted names such as
# "http.client" or "3.8" have no space after the dot.
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


def sentence_problem(text: object) -> Optional[str]:
    """Why ``text`` is not one sentence, or None when it is."""
    if not isinstance(text, str):
        return f"is a {type(text).__name__}, not a string"
    if not text or text != text.strip():
        return "is empty or has leading or trailing whitespace"
    if "\n" in text or "\r" in text:
        return "spans several lines"
    if len(text) > MAX_SENTENCE:
        return f"is {len(text)} characters long (at most {MAX_SENTENCE})"
    if not text[0].isupper() and not text[0].isdigit() and text[0] not in "`'\"":
        return "does not start with a capital letter"
    if not text.endswith("."):
        return "does not end with a full stop"
    if _SENTENCE_BREAK.search(text[:-1]):
        return "holds more than one sentence"
    return None


class Explanations:
    """The sentences of one explanations file."""

    def __init__(self, by_check: Mapping[str, Mapping[str, str]], path: str = "") -> None:
        self.path = path
        self._by_check: Dict[str, Dict[str, str]] = {
            check: dict(by_impl) for check, by_impl in by_check.items()
        }

    def explain(self, check: str, impl_name: str) -> Optional[str]:
        """The sentence for ``check`` failed by ``impl_name``, or None if none is kept."""
        by_impl = self._by_check.get(check)
        if by_impl is None:
            return None
        return by_impl.get(impl_name, by_impl.get(ANY_IMPL))

    def checks(self) -> Iterator[str]:
        """Every check id that has at least one sentence."""
        return iter(sorted(self._by_check))

    def sentences(self, check: str) -> Dict[str, str]:
        """The sentences of ``check`` by implementation name (``"*"`` for any)."""
        return dict(self._by_check.get(check, {}))

    def __contains__(self, check: object) -> bool:
        return check in self._by_check

    def __len__(self) -> int:
        return len(self._by_check)


def _fail(path: str, where: str, problem: str) -> ValueError:
    return ValueError(f"{path}: {where} {problem}")


def parse(data: object, path: str) -> Explanations:
    """Validate the decoded JSON ``data`` of the file ``path``; ``ValueError`` names the bad key."""
    if not isinstance(data, dict):
        raise _fail(path, "the top level", "is not a JSON object")
    unknown = sorted(set(data) - {"schema", "explanations"})
    if unknown:
        raise _fail(path, f"key {unknown[0]!r}", "is not one of 'schema', 'explanations'")
    if data.get("schema") != SCHEMA:
        raise _fail(path, f"schema {data.get('schema')!r}", f"is unknown (expected {SCHEMA!r})")
    table = data.get("explanations")
    if not isinstance(table, dict):
        raise _fail(path, "key 'explanations'", "is not a JSON object")
    for check, by_impl in table.items():
        if not check.strip() or check != check.strip():
            raise _fail(path, f"check key {check!r}", "is empty or has surrounding whitespace")
        if not isinstance(by_impl, dict) or not by_impl:
            raise _fail(path, f"check {check!r}", "is not a non-empty JSON object")
        for impl_name, sentence in by_impl.items():
            if not impl_name.strip() or impl_name != impl_name.strip():
                raise _fail(
                    path,
                    f"implementation key {impl_name!r} of check {check!r}",
                    "is empty or has surrounding whitespace",
                )
            problem = sentence_problem(sentence)
            if problem:
                raise _fail(path, f"explanation {check!r} / {impl_name!r}", problem)
    return Explanations(table, path)


class _DuplicateKey(Exception):
    pass


def _refuse_duplicates(pairs: List[Tuple[str, object]]) -> Dict[str, object]:
    seen: Dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def load(path: Optional[str] = None) -> Explanations:
    """Read and validate an explanations file (default: the one beside this module)."""
    path = path or DEFAULT_PATH
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream, object_pairs_hook=_refuse_duplicates)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except _DuplicateKey as exc:
        raise ValueError(f"{path}: key {exc.args[0]!r} appears twice") from None
    return parse(data, path)
