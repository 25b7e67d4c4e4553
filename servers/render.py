"""Plain-text views of cases for people: the catalogue listing and one
case in full, with the exact bytes each step sends (escaped)."""

from typing import Iterable, List

from servers.case import Case, Expectation, Outcome, Raises, Request, Response
from servers.player import pieces
from servers.script import ExpectRequest, Send, Step
from servers.transcript import escape


def listing(cases: Iterable[Case]) -> str:
    """One line per case: name, category, description."""
    rows = list(cases)
    width = max((len(s.name) for s in rows), default=0)
    cat_width = max((len(s.category) for s in rows), default=0)
    return "".join(
        f"{s.name.ljust(width)}  {s.category.ljust(cat_width)}  {s.description}\n" for s in rows
    )


def _clip(data: bytes, max_bytes: int) -> str:
    if max_bytes and len(data) > max_bytes:
        return f'"{escape(data[:max_bytes])}" ... ({len(data) - max_bytes} more bytes)'
    return f'"{escape(data)}"'


def step_text(step: Step, max_bytes: int = 0) -> str:
    """One step as a line (a Send shows its bytes)."""
    if isinstance(step, Send):
        how = ""
        if step.split is not None:
            parts = pieces(step)
            sizes = ", ".join(str(len(p)) for p in parts[:12])
            more = ", ..." if len(parts) > 12 else ""
            how = f" in {len(parts)} pieces ({sizes}{more})"
        if step.interval:
            how += f", {step.interval:g} s apart"
        return f"send {len(step.data)} bytes{how}: {_clip(step.data, max_bytes)}"
    if isinstance(step, ExpectRequest) and not step.read_body:
        return f"expect request head only (timeout {step.timeout:g} s)"
    return repr(step)


def _outcome(outcome: Outcome) -> str:
    if isinstance(outcome, Raises):
        return f"raises {outcome.error} at {outcome.at}"
    assert isinstance(outcome, Response)
    parts = [f"status {outcome.status}"]
    if outcome.reason is not None:
        parts.append(f"reason {outcome.reason!r}")
    if outcome.version is not None:
        parts.append(f"version {outcome.version}")
    if outcome.body is not None:
        parts.append(f"body {_clip(outcome.body, 200)}")
    for name, value in outcome.headers:
        parts.append(f"getheader({name!r}) == {value if value is None else value[:80]!r}")
    return "response: " + ", ".join(parts)


def _request(request: Request) -> str:
    text = f"{request.method!r} {request.url!r}"
    if request.body is not None:
        text += f" body {_clip(request.body, 200)}"
    if request.headers:
        text += f" headers {dict(request.headers)!r}"
    return text


def _expectation(edition: str, expectation: Expectation) -> List[str]:
    lines = [f"  {edition}:"]
    lines += [f"    {i + 1}. {_outcome(o)}" for i, o in enumerate(expectation.outcomes)]
    for other in expectation.also:
        lines += [f"    or {i + 1}. {_outcome(o)}" for i, o in enumerate(other)]
    if expectation.lenient is not None:
        lines += [f"    lenient {i + 1}. {_outcome(o)}" for i, o in enumerate(expectation.lenient)]
    if expectation.note:
        lines.append(f"    note: {expectation.note}")
    return lines


def show(case: Case, max_bytes: int = 0) -> str:
    """The whole case: what it is, what the client does, what it should
    observe, and each connection script step by step."""
    lines = [
        f"name:        {case.name}",
        f"category:    {case.category}",
        f"description: {case.description}",
        f"driver:      {case.driver}",
        f"clauses:     {', '.join(case.clauses)}",
    ]
    if case.client_timeout is not None:
        lines.append(f"client timeout: {case.client_timeout:g} s")
    for name, value in case.params:
        lines.append(f"param {name}: {escape(value.encode('utf-8'))}")
    lines.append("requests:")
    lines += [f"  {i + 1}. {_request(r)}" for i, r in enumerate(case.requests)]
    lines.append("expect:")
    for edition, expectation in case.expect.items():
        lines += _expectation(edition, expectation)
    for number, script in enumerate(case.script.connections):
        lines.append(f"connection #{number}:")
        lines += [f"  {i}. {step_text(step, max_bytes)}" for i, step in enumerate(script)]
    return "\n".join(lines) + "\n"
