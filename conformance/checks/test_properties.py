"""Property checks: generated responses, read back by the implementation.

Each property (``conformance.properties``) draws its inputs from
``conformance.strategies`` and grades one clause per edition:

1. valid responses (``valid_*``, ``read_amt_at_most_amt``, ``header_fields``):
   the client reports the model's version, status, reason, ``getheaders()``,
   ``getheader``/``msg`` and body, for any segmentation and read pattern;
2. invalid responses (``invalid_truncated``, ``invalid_mutated``): only
   documented exceptions, and no octet handed back that was not content;
3. keep-alive (``keep_alive``): responses on one connection are read back in
   order, and one that ends the connection leads to a new one;
5. differential (``same_as_reference``): the implementation and the reference
   client of the same edition agree on every observable outcome (recorded,
   not graded: see the clause).

A failing property's record carries the shrunk example; ``python -m
conformance replay`` runs it again once.
"""

import json
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest
from hypothesis import strategies as st

from conformance import context, observe
from conformance import strategies as gen
from conformance.expect import documented
from conformance.grading import Crash, Hang
from conformance.impl import Implementation, load
from conformance.properties import Property, property_check, register

Spec = Dict[str, Any]
REFERENCES = {"seed": "reference.seed", "modern": "reference.client"}


# -- comparing what the client reported with the model ----------------------------


def _names(headers: Sequence[Tuple[str, str]]) -> List[str]:
    seen: List[str] = []
    for name, _ in headers:
        if name.lower() not in [n.lower() for n in seen]:
            seen.append(name)
    return seen


def _joined(headers: Sequence[Tuple[str, str]], name: str) -> Optional[str]:
    values = [v for n, v in headers if n.lower() == name.lower()]
    return ", ".join(values) if values else None


PROBLEM_LIMIT = 600  # characters of a problem shown (a field value may be 64 KiB)


def response_problem(seen: observe.Seen, model: Spec, edition: str) -> Optional[str]:
    """How ``seen`` differs from the model of a valid response, or None; a long
    description is cut to ``PROBLEM_LIMIT`` characters, saying how long it was."""
    problem = _problem(seen, model, edition)
    if problem is None or len(problem) <= PROBLEM_LIMIT:
        return problem
    return f"{problem[:PROBLEM_LIMIT]}...({len(problem)} characters)"


def _problem(seen: observe.Seen, model: Spec, edition: str) -> Optional[str]:
    if seen.error is not None:
        return f"raised {type(seen.error).__name__}({str(seen.error)[:120]!r}) at {seen.at}"
    for label in ("version", "status", "reason"):
        if getattr(seen, label) != model[label]:
            return f"{label} {getattr(seen, label)!r}, expected {model[label]!r}"
    headers = [tuple(h) for h in model["headers"]]
    if seen.headers != headers:
        return (f"getheaders() gave {len(seen.headers or [])} fields, expected {len(headers)}: "
                f"first difference {_first_difference(seen.headers or [], headers)}")
    for name, value in seen.joined.items():
        if value != _joined(headers, name):
            return f"getheader({name!r}) gave {value!r}, expected {_joined(headers, name)!r}"
    for name, values in seen.msg.items():
        want = [v for n, v in headers if n.lower() == name.lower()] or None
        if values != want:
            return f"msg.get_all({name!r}) gave {values!r}, expected {want!r}"
    problem = observe.piece_problems(seen.pieces, model["body"])
    if problem is not None:
        return problem
    body = seen.body
    if body != model["body"]:
        at = next((i for i, (a, b) in enumerate(zip(body, model["body"])) if a != b),
                  min(len(body), len(model["body"])))
        return (f"body of {len(body)} bytes, expected {len(model['body'])}; they differ from "
                f"byte {at}: got {body[at:at + 16]!r}, expected {model['body'][at:at + 16]!r}")
    return None


def _first_difference(got: Sequence[Any], want: Sequence[Any]) -> str:
    for index, (a, b) in enumerate(zip(got, want)):
        if a != b:
            return f"field {index}: got {a!r}, expected {b!r}"
    index = min(len(got), len(want))
    extra = got[index:] or want[index:]
    return f"field {index}: {'extra' if len(got) > len(want) else 'missing'} {extra[0]!r}"


def _note(seen: Sequence[observe.Seen]) -> None:
    """The observation as the record's outcome (stable: no message text, no port)."""
    context.current().outcome = [json.dumps(s.summary(), sort_keys=True, default=str)
                                 for s in seen]


def _undocumented(impl: Implementation, seen: Sequence[observe.Seen]) -> None:
    for s in seen:
        if isinstance(s.error, observe.NotAsDocumented):
            raise AssertionError(f"{s.error} (at {s.at})")
        if s.error is not None and not documented(impl, s.error):
            raise Crash(f"undocumented {type(s.error).__name__}({str(s.error)[:120]!r}) "
                        f"at {s.at}")


# -- property 1: valid responses -----------------------------------------------------


def valid_inputs(edition: str, responses: Optional["st.SearchStrategy[Spec]"] = None,
                 patterns: Optional["st.SearchStrategy[Any]"] = None,
                 ) -> "st.SearchStrategy[Spec]":
    """A valid response with a segmentation of its bytes and a read pattern."""
    responses = responses if responses is not None else gen.responses()
    patterns = patterns if patterns is not None else gen.read_patterns(edition)

    @st.composite
    def build(draw: Any) -> Spec:
        spec = draw(responses)
        length = len(gen.render_response(spec))
        return {"response": spec, "segmentation": draw(gen.segmentations(length)),
                "pattern": draw(patterns)}

    return build()


def run_valid(impl: Implementation, edition: str, data: Spec) -> None:
    """One valid response: the client must report exactly the model."""
    spec = data["response"]
    model = gen.model_of(spec)
    names = _names(model["headers"])[:8]
    seen = observe.play_responses(impl, "prop-valid-response", [[gen.render_response(spec)]],
                                  [spec["method"]], data["segmentation"], data["pattern"],
                                  observe.example_deadline(), names=names,
                                  with_msg=edition == "modern",
                                  lengths=[len(model["body"])])
    _note(seen)
    _undocumented(impl, seen)
    problem = response_problem(seen[0], model, edition)
    if problem is not None:
        raise AssertionError(problem)


def _framed(framing: str, interim: bool = False) -> "st.SearchStrategy[Spec]":
    return gen.responses(framing=framing, interim=interim)


# 102 and 103 interim responses only here: a client that stops at them would
# fail every property for that one reason
VALID_LENGTH = register("valid_content_length",
                        lambda e: valid_inputs(e, _framed("length", interim=True)), run_valid)
VALID_CHUNKED = register("valid_chunked", lambda e: valid_inputs(e, _framed("chunked")),
                         run_valid)
VALID_CLOSE = register("valid_close_delimited", lambda e: valid_inputs(e, _framed("close")),
                       run_valid)
READ_AMT = register("read_amt_at_most_amt", lambda e: valid_inputs(
    e, patterns=st.lists(st.tuples(st.just("read_amt"), gen.amounts()).map(list),
                         min_size=1, max_size=4)), run_valid)
HEADER_FIELDS = register("header_fields", lambda e: valid_inputs(
    e, gen.responses(4200), st.just([["read", 0]])), run_valid)



def _check(prop: Property) -> Any:
    return property_check(prop, "conformance.checks.test_properties")


test_valid_content_length = pytest.mark.clauses(
    "rfc9112:6.3:content-length-valid",
    related=("rfc9112:6.3:head-no-body", "rfc9112:6.3:204-no-body", "rfc9112:6.3:304-no-body",
             "rfc9112:9110-15.2:interim-responses"))(_check(VALID_LENGTH))
test_valid_chunked = pytest.mark.clauses(
    "rfc9112:7.1.3:chunked-decoding",
    related=("rfc9112:7.1:chunked-syntax", "rfc9112:7.1.1:chunk-extensions-ignored",
             "rfc9112:7.1.2:trailer-not-merged"))(_check(VALID_CHUNKED))
test_valid_close_delimited = pytest.mark.clauses(
    "rfc9112:6.3:until-close")(_check(VALID_CLOSE))
test_read_amt_at_most_amt = pytest.mark.clauses(
    "seed:20.10.2:read-amt", "modern:HTTPResponse:read")(_check(READ_AMT))
test_header_fields = pytest.mark.clauses(
    "seed:20.10.2:getheader-join", "modern:HTTPResponse:getheader",
    related=("rfc9112:5:field-combine-duplicates", "modern:HTTPResponse:getheaders-as-received",
             "rfc9112:5:field-value-obs-text"))(_check(HEADER_FIELDS))


# -- property 2: invalid responses ------------------------------------------------------


def mutate(spec: Spec, mutation: Spec, edition: str = "modern") -> Tuple[bytes, List[Any]]:
    """The bytes of ``spec`` with ``mutation`` applied, and the outcomes it allows:
    "raise" (a documented exception; any body octets handed back before it a
    prefix of the content), "raise-any" (a documented exception), or a model (a
    response reported exactly so)."""
    head, content, offsets = gen.render_parts(spec)
    model = gen.model_of(spec)
    kind = mutation["kind"]
    final = head.rfind(b"\r\n\r\n", 0, len(head) - 2) + 4 if spec["interim"] else 0
    lines = head[final:].split(b"\r\n")  # status line, fields, "", ""
    if kind == "truncate":
        at = mutation["at"]
        if at >= len(head) and spec["framing"] == "close":
            shorter = dict(model, body=model["body"][:at - len(head)])
            return (head + content)[:at], [shorter]
        if edition == "seed" and 0 < at < 5:
            # seed 20.10: with strict false (the default) a reply that does not
            # start with "HTTP/" is an HTTP/0.9 body
            http09 = {"version": 9, "status": 200, "reason": "", "headers": [],
                      "body": head[:at], "keeps_alive": False}
            return head[:at], ["raise", http09]
        return (head + content)[:at], ["raise"]
    if kind in ("bad-hex", "huge-chunk-size"):
        start = offsets[mutation["chunk"]]
        end = content.index(b"\r\n", start)
        line = content[start:end]
        digits = len(line) - len(line.lstrip(b"0123456789abcdefABCDEF"))
        if kind == "bad-hex":
            new = mutation["octet"].encode("latin-1") + line[1:]
            return head + content[:start] + new + content[end:], ["raise"]
        # a huge size announces octets that never come: what follows the line is
        # chunk data by that framing, so only the exception (and no crash) counts
        new = b"f" * 40 + line[digits:]
        return head + content[:start] + new + content[end:], ["raise-any"]
    if kind == "long-line":
        padded = b"X-Long: " + b"a" * 70000
        index = mutation["line"] + 1
        lines.insert(index, padded)
        fields = list(model["headers"])
        fields.insert(index - 1, ("X-Long", "a" * 70000))
        return head[:final] + b"\r\n".join(lines) + content, ["raise",
                                                              dict(model, headers=fields)]
    if kind == "bare-lf":
        index = mutation["line"]
        joined = b"\r\n".join(lines[:index + 1]) + b"\n" + b"\r\n".join(lines[index + 1:])
        return head[:final] + joined + content, ["raise", model]
    if kind == "conflicting-length":  # a second Content-Length, one more than the first
        where = next(i for i, (n, _) in enumerate(model["headers"])
                     if n.lower() == "content-length")
        lines.insert(where + 2, b"Content-Length: %d" % (spec["body"]["size"] + 1))
        return head[:final] + b"\r\n".join(lines) + content, ["raise"]
    field_index = _field_line(spec, mutation["field"])
    name, value = spec["fields"][mutation["field"]]
    fields = list(model["headers"])
    if kind == "bare-cr-value":
        middle = len(value) // 2
        raw = f"{name}: {value[:middle]}\r{value[middle:]}".encode("latin-1")
        fixed = (value[:middle] + " " + value[middle:]).strip(" \t")
        lines[field_index + 1] = raw
        fields[field_index] = (name, fixed)
        return head[:final] + b"\r\n".join(lines) + content, ["raise",
                                                              dict(model, headers=fields)]
    if kind == "missing-colon":
        lines[field_index + 1] = f"{name} {value}".encode("latin-1")
        del fields[field_index]
        return head[:final] + b"\r\n".join(lines) + content, ["raise",
                                                              dict(model, headers=fields)]
    # space-before-colon: dropped, or kept under either name (a SHOULD clause)
    lines[field_index + 1] = f"{name} : {value}".encode("latin-1")
    dropped = fields[:field_index] + fields[field_index + 1:]
    kept = [dict(model, headers=fields[:field_index] + [(n, value)] + fields[field_index + 1:])
            for n in (name, name + " ")]
    return head[:final] + b"\r\n".join(lines) + content, ["raise",
                                                          dict(model, headers=dropped), *kept]


def _field_line(spec: Spec, index: int) -> int:
    """The position among the header fields (framing ones included) of generated
    field ``index``."""
    fields = spec["fields"]
    at = spec["framing_at"] * len(fields) // 100
    return index if index < at else index + len(gen.framing_fields(spec))


def invalid_problem(impl: Implementation, seen: observe.Seen, allowed: Sequence[Any],
                    body: bytes, edition: str) -> Optional[str]:
    """None when ``seen`` is one of the ``allowed`` outcomes, else why not."""
    problems = []
    for outcome in allowed:
        if outcome == "raise-any":  # a documented exception, whatever came before it
            if seen.error is not None:
                return None
            problems.append("expected a documented exception")
        elif outcome == "raise":
            if seen.error is None:
                problems.append("expected a documented exception")
            elif seen.body != body[:len(seen.body)]:
                return (f"handed back {len(seen.body)} bytes that are not the content before "
                        f"raising {type(seen.error).__name__}: {seen.body[:40]!r}")
            else:
                return None
        else:
            problem = response_problem(seen, outcome, edition)
            if problem is None:
                return None
            problems.append(problem)
    return "; or ".join(problems)


def invalid_inputs(edition: str, truncation: bool) -> "st.SearchStrategy[Spec]":
    """A mutated response (truncations only, or every other mutation) with a
    segmentation and a read pattern."""
    pairs = gen.invalid_responses(truncation)

    @st.composite
    def build(draw: Any) -> Spec:
        spec, mutation = draw(pairs)
        length = len(mutate(spec, mutation)[0])
        return {"response": spec, "mutation": mutation,
                "segmentation": draw(gen.segmentations(length)),
                "pattern": draw(gen.read_patterns(edition))}

    return build()


def run_invalid(impl: Implementation, edition: str, data: Spec) -> None:
    """One mutated response: an allowed outcome, and nothing but content handed back."""
    spec = data["response"]
    wire, allowed = mutate(spec, data["mutation"], edition)
    model = gen.model_of(spec)
    names = _names(model["headers"])[:8]
    seen = observe.play_responses(impl, "prop-invalid-response", [[wire]], [spec["method"]],
                                  data["segmentation"], data["pattern"],
                                  observe.example_deadline(), names=names)
    _note(seen)
    _undocumented(impl, seen)
    problem = invalid_problem(impl, seen[0], allowed, model["body"], edition)
    if problem is not None:
        raise AssertionError(f"{data['mutation']['kind']}: {problem}")


INVALID_TRUNCATED = register("invalid_truncated", lambda e: invalid_inputs(e, True),
                             run_invalid)
INVALID_MUTATED = register("invalid_mutated", lambda e: invalid_inputs(e, False), run_invalid)

test_invalid_truncated = pytest.mark.clauses(
    "rfc9112:8:incomplete-response",
    related=("rfc9112:6.3:content-length-incomplete", "rfc9112:7.1:chunked-incomplete",
             "rfc9112:8:incomplete-header-section"))(_check(INVALID_TRUNCATED))
test_invalid_mutated = pytest.mark.clauses(
    "rfc9112:2.2:invalid-response-not-content",
    related=("rfc9112:7.1:chunk-size-invalid", "rfc9112:7.1:chunk-size-overflow",
             "rfc9112:6.3:invalid-content-length", "rfc9112:5:field-line-without-colon",
             "rfc9112:2.2:bare-cr-invalid", "rfc9112:2.2:bare-lf-line-terminator",
             "rfc9112:9110-2.3:reasonable-limits"))(_check(INVALID_MUTATED))


# -- property 3: keep-alive ------------------------------------------------------------


def connections_for(specs: Sequence[Spec]) -> Tuple[List[List[bytes]], List[int]]:
    """The responses grouped by the connection a conforming client reads each on
    (a new one after each response that ends its connection), and each one's
    connection index."""
    groups: List[List[bytes]] = [[]]
    where: List[int] = []
    for spec in specs:
        groups[-1].append(gen.render_response(spec))
        where.append(len(groups) - 1)
        if not gen.model_of(spec)["keeps_alive"]:
            groups.append([])
    return [g for g in groups if g], where


def keep_alive_inputs(edition: str) -> "st.SearchStrategy[Spec]":
    """A sequence of responses, a segmentation and a read pattern."""
    @st.composite
    def build(draw: Any) -> Spec:
        specs = draw(gen.response_sequences())
        longest = max(len(gen.render_response(s)) for s in specs)
        return {"responses": specs, "segmentation": draw(gen.segmentations(longest)),
                "pattern": draw(gen.read_patterns(edition))}

    return build()


def run_keep_alive(impl: Implementation, edition: str, data: Spec) -> None:
    """Each response read back exactly, on the connection the model says."""
    specs = data["responses"]
    groups, where = connections_for(specs)
    seen = observe.play_responses(impl, "prop-keep-alive", groups,
                                  [s["method"] for s in specs], data["segmentation"],
                                  data["pattern"], observe.example_deadline(),
                                  lengths=[len(gen.model_of(s)["body"]) for s in specs])
    _note(seen)
    _undocumented(impl, seen)
    for number, (spec, s, conn) in enumerate(zip(specs, seen, where), 1):
        problem = response_problem(s, gen.model_of(spec), edition)
        if problem is None and s.connection != conn:
            problem = f"read on connection {s.connection + 1}, expected {conn + 1}"
        if problem is not None:
            raise AssertionError(f"response {number} of {len(specs)}: {problem}")
    if len(seen) != len(specs):
        raise AssertionError(f"read {len(seen)} responses of {len(specs)}")


KEEP_ALIVE = register("keep_alive", keep_alive_inputs, run_keep_alive, ci_share=0.6)
test_keep_alive = pytest.mark.clauses(
    "rfc9112:9.2:response-order",
    related=("rfc9112:9.3:persistent-by-default", "rfc9112:9.3:reconnect-after-close",
             "rfc9112:9.3:connection-close", "rfc9112:9.3:close-delimited-not-persistent",
             "rfc9112:9.3:http10-close-by-default"))(_check(KEEP_ALIVE))


# -- property 5: differential against the reference --------------------------------------


def differential_inputs(edition: str) -> "st.SearchStrategy[Spec]":
    """A valid response or a mutated one, with a segmentation and a read pattern."""
    valid = gen.responses(70000).map(lambda spec: (spec, None))

    @st.composite
    def build(draw: Any) -> Spec:
        spec, mutation = draw(st.one_of(valid, gen.invalid_responses()))
        wire = gen.render_response(spec) if mutation is None else mutate(spec, mutation)[0]
        return {"response": spec, "mutation": mutation,
                "segmentation": draw(gen.segmentations(len(wire))),
                "pattern": draw(gen.read_patterns(edition))}

    return build()


def _outcome_of(impl: Implementation, edition: str,
                data: Spec) -> Tuple[List[Dict[str, Any]], str]:
    """What ``impl`` does with the input: each request's outcome (a second request
    follows a valid response, to see whether the connection is reused), or a hang."""
    spec, mutation = data["response"], data["mutation"]
    second = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    if mutation is None:
        first = gen.render_response(spec)
        groups = ([[first, second]] if gen.model_of(spec)["keeps_alive"]
                  else [[first], [second]])
        methods = [spec["method"], "GET"]
    else:
        groups, methods = [[mutate(spec, mutation, edition)[0]]], [spec["method"]]
    try:
        seen = observe.play_responses(impl, "prop-differential", groups, methods,
                                      data["segmentation"], data["pattern"],
                                      observe.example_deadline(), strict=False)
    except Hang:
        return [{"hang": True}], "hang"
    return [s.outcome() for s in seen], ""


def run_differential(impl: Implementation, edition: str, data: Spec) -> None:
    """The implementation and the reference agree on every outcome."""
    reference = load(REFERENCES[edition])
    ours, _ = _outcome_of(impl, edition, data)
    theirs, _ = _outcome_of(reference, edition, data)
    context.current().outcome = [json.dumps(o, sort_keys=True, default=repr)[:300]
                                 for o in ours]
    if ours != theirs:
        side = "\n".join(f"  request {n}: {impl.name}: {_render(a)}\n"
                         f"  request {n}: {reference.name}: {_render(b)}"
                         for n, (a, b) in enumerate(_pairs(ours, theirs), 1))
        raise AssertionError(f"{impl.name} and {reference.name} disagree:\n{side}")


def _pairs(a: List[Any], b: List[Any]) -> List[Tuple[Any, Any]]:
    length = max(len(a), len(b))
    return [(a[i] if i < len(a) else None, b[i] if i < len(b) else None) for i in range(length)]


def _render(outcome: Any) -> str:
    if not isinstance(outcome, dict):
        return repr(outcome)
    shown = {k: (observe._short(v) if isinstance(v, bytes) else v) for k, v in outcome.items()}
    return json.dumps(shown, sort_keys=True, default=repr)[:600]


DIFFERENTIAL = register("same_as_reference", differential_inputs, run_differential,
                        ci_share=0.6)
test_same_as_reference = pytest.mark.clauses(
    "rfc9112:2.2:outcome-as-reference")(_check(DIFFERENTIAL))
