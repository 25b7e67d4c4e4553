"""Small builders shared by the catalogue modules, so each case reads as
data: the bytes on the wire and what a conforming client makes of them."""

from typing import Dict, Optional, Sequence, Tuple, Union

from servers.case import Case, Expectation, Outcome, Raises, Request, Response, Sent
from servers.script import Close, ExpectRequest, Script, Send, Step

Outcomes = Union[Outcome, Sequence[Outcome]]

__all__ = ["Maker", "Raises", "Request", "Response", "Sent", "ex", "exchange", "ok"]


def _tuple(outcomes: Outcomes) -> Tuple[Outcome, ...]:
    if isinstance(outcomes, (Response, Raises)):
        return (outcomes,)
    return tuple(outcomes)


def ex(outcomes: Outcomes, lenient: Optional[Outcomes] = None, note: str = "",
       also: Sequence[Outcomes] = (), sent: Optional[Sent] = None) -> Expectation:
    """An Expectation from one outcome or a sequence of them; ``also`` lists
    other conforming outcomes (one outcome or a sequence each); ``sent`` is
    what the server must receive."""
    return Expectation(_tuple(outcomes), None if lenient is None else _tuple(lenient), note,
                       tuple(_tuple(other) for other in also), sent)


def exchange(
    data: bytes,
    *,
    split: Union[None, int, Tuple[int, ...]] = None,
    interval: float = 0.0,
    then: Tuple[Step, ...] = (Close(),),
    optional: bool = False,
) -> Tuple[Step, ...]:
    """One connection script: read a request, send ``data``, then ``then``.
    ``optional``: a conforming client may close without sending the request."""
    return (ExpectRequest(optional=optional), Send(data, split, interval)) + then


def ok(body: bytes = b"hello", extra: bytes = b"") -> bytes:
    """A well-formed ``200 OK`` with Content-Length framing."""
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n%s\r\n%s" % (len(body), extra, body)


class Maker:
    """Collects the cases of one category, in order."""

    def __init__(self, category: str):
        self.category = category
        self.cases: Dict[str, Case] = {}

    def add(
        self,
        name: str,
        description: str,
        clauses: Sequence[str],
        connections: Union[Tuple[Step, ...], Sequence[Tuple[Step, ...]]],
        *,
        seed: Optional[Expectation] = None,
        modern: Optional[Expectation] = None,
        both: Optional[Expectation] = None,
        requests: Sequence[Request] = (Request(),),
        driver: str = "generic",
        client_timeout: Optional[float] = None,
        params: Tuple[Tuple[str, str], ...] = (),
        related: Sequence[str] = (),
    ) -> Case:
        """Add one case: it grades ``clauses`` (one per edition) and touches
        ``related``; its script is ``connections`` (one tuple of steps, or one
        per connection); ``both`` is the expectation shared by both editions,
        ``seed``/``modern`` override it."""
        if name in self.cases:
            raise ValueError(f"case name {name!r} used twice in {self.category}")
        scripts = tuple(connections)
        if scripts and not isinstance(scripts[0], tuple):
            scripts = (scripts,)  # a single script given bare
        expect: Dict[str, Expectation] = {}
        for edition, value in (("seed", seed or both), ("modern", modern or both)):
            if value is not None:
                expect[edition] = value
        case = Case(
            name=name,
            category=self.category,
            description=description,
            clauses=tuple(clauses),
            script=Script(name, scripts),  # type: ignore[arg-type]
            requests=tuple(requests),
            expect=expect,
            driver=driver,
            client_timeout=client_timeout,
            params=tuple(params),
            related=tuple(related),
        )
        self.cases[name] = case
        return case
