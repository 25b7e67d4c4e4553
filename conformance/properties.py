"""Running a property check: Hypothesis search, shrinking, and a replayable example.

A ``Property`` is a name (its check id), a strategy of inputs per edition
(plain data: ``conformance.strategies``) and ``run(impl, edition, input)``,
which plays one example and raises on a deviation (``AssertionError``, a
grading signal such as ``Hang`` or ``Crash``, or what the implementation
raised). The framework:

- runs it under the loaded Hypothesis profile (``conformance.profiles``);
- starts every example afresh (``context.CheckContext.start_example``): a hang
  ends that example, never the property, so later examples and shrinking run
  normally, and the record's transcript is the one of the reported example;
- bounds shrinking in time (``profiles.SHRINK_SECONDS``): past it, examples
  already seen failing fail again as they did and new ones are not run, so
  Hypothesis settles on the smallest failure found so far;
- keeps the reported (shrunk) example in the check's context as JSON
  (``example``: property, edition, input; bytes as ``{"latin-1": text}``),
  which the record carries and ``replay`` runs again once, without Hypothesis.

``PROPERTIES`` maps each registered property's name to it.
"""

import json
import re
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import Flaky

from conformance import context, profiles
from conformance.grading import KitError
from conformance.impl import Implementation

Runner = Callable[[Implementation, str, Any], None]


@dataclass(frozen=True)
class Property:
    """One property: its check id, its inputs per edition, and one example's run."""

    name: str
    inputs: Callable[[str], "st.SearchStrategy[Any]"]
    run: Runner
    # the share of the ``ci`` profile's examples it runs (one that plays several
    # scripts per example runs fewer); other profiles run their full count
    ci_share: float = 1.0


PROPERTIES: Dict[str, Property] = {}


def register(name: str, inputs: Callable[[str], "st.SearchStrategy[Any]"],
             run: Runner, ci_share: float = 1.0) -> Property:
    """Define the property ``name`` (its check id) and return it."""
    prop = Property(name, inputs, run, ci_share)
    PROPERTIES[name] = prop
    return prop


# -- the example as JSON ------------------------------------------------------------

BYTES_KEY = "latin-1"


def encode(value: Any) -> Any:
    """``value`` as JSON data: bytes become ``{"latin-1": text}``, tuples lists."""
    if isinstance(value, bytes):
        return {BYTES_KEY: value.decode("latin-1")}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    return value


def decode(value: Any) -> Any:
    """The inverse of ``encode`` (lists stay lists)."""
    if isinstance(value, dict):
        if set(value) == {BYTES_KEY} and isinstance(value[BYTES_KEY], str):
            return value[BYTES_KEY].encode("latin-1")
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def example_of(prop: Property, edition: str, data: Any) -> Dict[str, Any]:
    """The replayable example: ``{"property", "edition", "input"}``."""
    return {"property": prop.name, "edition": edition, "input": encode(data)}


class ExampleError(ValueError):
    """An example that cannot be replayed; the message names what is wrong."""


def parse_example(example: Any) -> Tuple[Property, str, Any]:
    """(property, edition, input) of an example object; ``ExampleError`` otherwise."""
    if not isinstance(example, dict) or set(example) != {"property", "edition", "input"}:
        raise ExampleError(f"an example is an object with keys property, edition and input, "
                           f"got {json.dumps(example)[:120]}")
    prop = PROPERTIES.get(example["property"])
    if prop is None:
        raise ExampleError(f"unknown property {example['property']!r} (known: "
                           f"{', '.join(sorted(PROPERTIES))})")
    if example["edition"] not in ("seed", "modern"):
        raise ExampleError(f"example edition {example['edition']!r} is not seed or modern")
    return prop, example["edition"], decode(example["input"])


def render_input(data: Any, limit: int = 1500) -> str:
    """A one-line rendering of an input for a failure message (long bytes abridged)."""
    text = json.dumps(encode(_abridged(data)), ensure_ascii=True, sort_keys=True)
    return text if len(text) <= limit else text[:limit] + "..."


def _abridged(value: Any) -> Any:
    if isinstance(value, bytes) and len(value) > 200:
        return value[:200] + b"...(%d bytes)" % len(value)
    if isinstance(value, (list, tuple)):
        return [_abridged(v) for v in value]
    if isinstance(value, dict):
        return {k: _abridged(v) for k, v in value.items()}
    return value


# -- running under Hypothesis -----------------------------------------------------------


class _Search:
    """The state of one property's search: failures seen, and the clock that
    bounds shrinking."""

    def __init__(self, prop: Property, impl: Implementation, edition: str) -> None:
        self.prop, self.impl, self.edition = prop, impl, edition
        # key of each failing example -> (its exception, transcripts, outcome)
        self.failures: Dict[str, Tuple[BaseException, List[str], Any]] = {}
        self.inputs: Dict[str, Any] = {}  # key -> the failing example's input
        self.first_failure: Optional[float] = None
        self.cut_short = False
        self.shrink_calls = 0
        self.last: Any = None

    def _shrinking_over(self) -> bool:
        assert self.first_failure is not None
        profile = profiles.current()
        return (self.shrink_calls > profiles.SHRINK_EXAMPLES[profile]
                or time.monotonic() - self.first_failure > profiles.SHRINK_SECONDS[profile])

    def example(self, data: Any) -> None:
        """Hypothesis's test function: one example."""
        key = json.dumps(encode(data), sort_keys=True)
        ctx = context.current()
        if self.first_failure is not None:
            self.shrink_calls += 1
        if self.first_failure is not None and self._shrinking_over():
            self.cut_short = True
            if key in self.failures:  # seen failing: fails again, as it did
                self.last = data
                exc, transcripts, outcome = self.failures[key]
                ctx.transcripts[:] = transcripts
                ctx.outcome = outcome
                raise exc
            return  # not run: shrinking is over
        ctx.start_example()
        self.last = data
        try:
            self.prop.run(self.impl, self.edition, data)
        except BaseException as exc:
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            if self.first_failure is None:
                self.first_failure = time.monotonic()
            self.failures[key] = (exc, list(ctx.transcripts), ctx.outcome)
            self.inputs[key] = data
            raise

    def wrong_value_seen(self) -> Optional[Tuple[Any, AssertionError, List[str]]]:
        """A failing example whose client reported a wrong value (an
        ``AssertionError``, not a hang or an exception), if any was seen."""
        for key, (exc, transcripts, _) in self.failures.items():
            if isinstance(exc, AssertionError):
                return self.inputs[key], exc, transcripts
        return None


def check(prop: Property, impl: Implementation, edition: str) -> None:
    """Search for a counterexample to ``prop`` on ``impl`` in ``edition``; on failure
    raise the shrunk example's exception, its message followed by the input and
    how to replay it, with the example kept in the check's context."""
    search = _Search(prop, impl, edition)

    def example(data: Any) -> None:
        search.example(data)

    # Hypothesis seeds a derandomised run from the test function's digest: give
    # each property and edition its own, so their examples do not depend on which
    # other properties ran before in the process.
    example._hypothesis_internal_add_digest = (  # type: ignore[attr-defined]
        f"{prop.name}/{edition}".encode())
    count = profiles.EXAMPLES[profiles.current()]
    if profiles.current() == "ci":
        count = max(1, round(count * prop.ci_share))
    test = settings(max_examples=count)(given(prop.inputs(edition))(example))
    try:
        test()
    except Flaky:
        seen = search.wrong_value_seen()
        if seen is not None:
            # a wrong value the client reported is proof enough, even if a replay of
            # the same example passed (how the bytes arrive changed what it read)
            data, exc, transcripts = seen
            ctx = context.current()
            ctx.transcripts[:] = transcripts
            ctx.example = example_of(prop, edition, data)
            ctx.outcome = [failure_signature(exc)]
            failure = AssertionError(
                f"{exc} (seen once: the same example passed when replayed, so this "
                f"client's result depends on how the bytes arrive)")
            _explain(failure, data, search.cut_short)
            raise failure from None
        # the same example failed (a hang, an exception), then passed: nothing
        # stable is known
        data = search.last
        context.current().example = example_of(prop, edition, data)
        raise KitError(f"an example's outcome changed when Hypothesis replayed it (a loaded "
                       f"machine, or a client whose behaviour depends on timing); input: "
                       f"{render_input(data)}") from None
    except BaseException as exc:
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        data = search.last
        ctx = context.current()
        ctx.example = example_of(prop, edition, data)
        ctx.outcome = [failure_signature(exc)]
        _explain(exc, data, search.cut_short)
        raise


_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_NUMBER = re.compile(r"\d+")


def failure_signature(exc: BaseException) -> str:
    """What a baseline compares for a failed property: the kind of failure, its
    first line with quoted values and numbers masked. The shrunk example is the
    smallest one found, and which of several equally small ones (four responses
    or six, NEL or NBSP) may differ between runs; the kind of failure does not."""
    first = (str(exc).splitlines() or [""])[0]
    return f"{type(exc).__name__}: {_NUMBER.sub('N', _QUOTED.sub('…', first))}"


def _explain(exc: BaseException, data: Any, cut_short: bool) -> None:
    """Replace Hypothesis's notes on ``exc`` with the input, rendered once."""
    notes = ["input: " + render_input(data)]
    if cut_short:
        profile = profiles.current()
        notes.append(f"(shrinking stopped at its bound, {profiles.SHRINK_EXAMPLES[profile]} "
                     f"examples or {profiles.SHRINK_SECONDS[profile]:g} s: the smallest "
                     "failing example found by then)")
    exc.__notes__ = notes  # type: ignore[attr-defined]


def replay(example: Dict[str, Any], impl: Implementation) -> None:
    """Run one example once (no Hypothesis); raise as the property's run does."""
    prop, edition, data = parse_example(example)
    ctx = context.current()
    ctx.start_example()
    ctx.example = example
    prop.run(impl, edition, data)


def property_check(prop: Property, defined_in: str) -> Callable[[Implementation, str], None]:
    """The pytest check running ``prop`` (a module marks it with its clauses);
    ``defined_in`` names the module whose functions play its examples."""
    def test(impl: Implementation, edition: str) -> None:
        check(prop, impl, edition)

    test.is_property = True  # type: ignore[attr-defined]  # the plugin's longer limit
    test.__doc__ = f"Property {prop.name} ({defined_in})."
    return test
