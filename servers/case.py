"""Cases: a script plus what the client does and what it should observe.

A case is read by three parties:

* the runtime (``servers.runtime``) plays its ``script``;
* the checks (``conformance``) make the client do ``requests`` with the
  case's ``driver`` and grade what it observes against ``expect`` for the
  edition graded, and what the server received against ``Expectation.sent``;
* people, through ``python -m servers show NAME``.
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple, Union

from servers.script import Script

EDITIONS = ("seed", "modern")

# --------------------------------------------------------------------------
# The client side: what a check asks the implementation to do, and what a
# conforming client observes.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One ``conn.request(method, url, body, headers)`` a check makes."""

    method: str = "GET"
    url: str = "/"
    body: Optional[bytes] = None
    headers: Tuple[Tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Response:
    """A response the client must deliver: ``status`` always; the other
    fields are compared only when given. ``headers`` lists (name, value)
    pairs that ``getheader(name)`` must return (None: the field is absent)."""

    status: int
    reason: Optional[str] = None
    version: Optional[int] = None
    body: Optional[bytes] = None
    headers: Tuple[Tuple[str, Optional[str]], ...] = ()


@dataclass(frozen=True)
class Raises:
    """The client must raise ``error``: the name of a documented exception
    (looked up in the implementation's module, then in builtins, so
    ``"OSError"`` and ``"ValueError"`` work too). ``at`` is where:
    ``"request"``, ``"getresponse"``, ``"read"`` or ``"any"``."""

    error: str
    at: str = "any"


Outcome = Union[Response, Raises]


@dataclass(frozen=True)
class Sent:
    """What the server must have received as the client's first request; only
    the fields given are compared (``close_unless_kept`` looks at every request).
    In ``fields`` values, ``{port}`` stands for the server's port."""

    method: Optional[str] = None
    target: Optional[str] = None
    version: Optional[str] = None
    # (name, accepted values): exactly one field of that name (any case), with
    # one of the values.
    fields: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    absent: Tuple[str, ...] = ()  # field names that must not be sent
    body: Optional[bytes] = None
    content_length: Optional[int] = None  # exactly one Content-Length with this value
    chunked: Optional[bool] = None  # whether the body was sent chunked
    chunks: Optional[Tuple[bytes, ...]] = None  # the chunk data of a chunked body, in order
    # RFC 9112 9.3: when the client sent each request on a connection of its
    # own (it did not keep the connection), every request carries the 'close'
    # connection option; a client that reused a connection is not concerned.
    close_unless_kept: bool = False
    # TLS, on the connection of the first request: the server name the handshake
    # named (SNI), and whether the client closed with a closure alert (RFC 9112 9.8).
    tls_server_name: Optional[str] = None
    tls_close_notify: Optional[bool] = None


@dataclass(frozen=True)
class Expectation:
    """What a conforming client observes, one outcome per request.

    ``also`` lists other outcome sequences that conform just as well (the
    clause lets the client choose: a recipient MAY reject or repair, either
    documented exception, a race the case cannot order); each passes.

    ``lenient`` is an alternative that accepts what the clause calls invalid
    but stays safe; a client that matches it is graded ``lenient``. It is
    defined once (``lenient_problems``): a lenient outcome may only stand where
    the documented outcome is an exception (the message is invalid and must
    be refused) and it reads a response instead; it never replaces the
    documented outcome of a valid message, and never swaps one exception for
    another.
    """

    outcomes: Tuple[Outcome, ...]
    lenient: Optional[Tuple[Outcome, ...]] = None
    note: str = ""
    also: Tuple[Tuple[Outcome, ...], ...] = ()
    sent: Optional[Sent] = None  # what the server must receive, when the case says

    def lenient_problems(self) -> List[str]:
        """Why ``lenient`` breaks the rule above, one line per request (empty: it keeps it)."""
        if self.lenient is None:
            return []
        if len(self.lenient) != len(self.outcomes):
            return [f"lenient has {len(self.lenient)} outcome(s) for {len(self.outcomes)} "
                    "request(s)"]
        problems = []
        for index, (documented, lenient) in enumerate(zip(self.outcomes, self.lenient)):
            if documented == lenient:
                continue
            if not isinstance(documented, Raises):
                problems.append(f"request {index + 1}: lenient {lenient} replaces the documented "
                                f"response {documented}")
            elif not isinstance(lenient, Response):
                problems.append(f"request {index + 1}: lenient {lenient} swaps the documented "
                                f"exception {documented} for another")
        return problems


@dataclass(frozen=True)
class Case:
    """One scripted server behaviour and what a client should make of it."""

    name: str
    category: str
    description: str
    # The clause the case grades, one per edition it has an expectation for (a
    # clause of the edition's own document, else one of rfc9112/cpython); the
    # clauses it only touches are ``related``.
    clauses: Tuple[str, ...]
    script: Script
    requests: Tuple[Request, ...] = (Request(),)
    expect: Dict[str, Expectation] = field(default_factory=dict)
    # A case that needs a special client (TLS, a tunnel, hand-written
    # putrequest calls) names it here; the generic check skips such cases.
    driver: str = "generic"
    # Seconds the check passes as ``timeout`` to the connection (cases whose
    # script stalls need one); None leaves the check's own default.
    client_timeout: Optional[float] = None
    # Extra inputs for a special driver, as (name, value) pairs: e.g. the
    # hostile host an "inject-host" check passes to HTTPConnection.
    params: Tuple[Tuple[str, str], ...] = ()
    related: Tuple[str, ...] = ()

    def expectation(self, edition: str) -> Optional[Expectation]:
        """The expectation for ``edition`` (``seed`` or ``modern``), or None
        when the case grades nothing in that edition."""
        return self.expect.get(edition)
