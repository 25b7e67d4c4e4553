"""The scenario language: what a scripted server does on the wire, as data.

A scenario is read by three parties:

* the runtime (``servers.runtime``) plays its ``connections`` step by step;
* the checks (``conformance``) make the client do ``requests`` and grade
  what it observes against ``expect``;
* people, through ``python -m servers show NAME``.

Each accepted connection plays the next script of ``connections`` (a client
that reconnects after the server closed meets the second script, and so on).
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple, Union

EDITIONS = ("seed", "modern")

# --------------------------------------------------------------------------
# Steps: what the server does, in order, on one connection.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectRequest:
    """Read one request (request line, fields, body by Content-Length or
    chunked), parse it strictly and keep it for the check."""

    timeout: float = 5.0
    # False reads only the request line and fields; an ``ExpectBody`` step
    # reads the body later (an ``Expect: 100-continue`` flow).
    read_body: bool = True
    # True when a conforming client may close (or send nothing) instead: the
    # script then ends quietly rather than reporting the request missing.
    optional: bool = False


@dataclass(frozen=True)
class ExpectBody:
    """Read the body of the request whose head the last ``ExpectRequest``
    (with ``read_body=False``) read."""

    timeout: float = 5.0


@dataclass(frozen=True)
class Receive:
    """Read whatever the client sends (at least one byte, bounded by
    ``timeout``) without parsing it: for clients that speak something other
    than HTTP/1.x, such as a TLS handshake on a plain port."""

    timeout: float = 2.0


@dataclass(frozen=True)
class Send:
    """Send ``data``.

    ``split`` fragments it: ``None`` sends it whole, an int sends pieces of
    that many bytes, a tuple of ints sends it cut at those offsets.
    ``interval`` waits that long between pieces (a slow server).
    """

    data: bytes
    split: Union[None, int, Tuple[int, ...]] = None
    interval: float = 0.0


@dataclass(frozen=True)
class Pause:
    """Send nothing for ``seconds``, then go on."""

    seconds: float


@dataclass(frozen=True)
class Stall:
    """Send nothing until the client closes, or ``limit`` seconds pass."""

    limit: float = 10.0


@dataclass(frozen=True)
class ExpectClose:
    """Wait until the client closes its side (bounded by ``timeout``)."""

    timeout: float = 5.0


@dataclass(frozen=True)
class HalfClose:
    """Shut down the write side (the client reads EOF); keep reading."""


@dataclass(frozen=True)
class Close:
    """Close the connection in an orderly way (FIN)."""


@dataclass(frozen=True)
class Reset:
    """Abort the connection with RST (SO_LINGER with a zero timeout)."""


CERT_KINDS = (
    "valid",  # for localhost/127.0.0.1/::1, issued by the test CA
    "self-signed",
    "expired",
    "not-yet-valid",
    "wrong-host",
    "untrusted-ca",
    "incomplete-chain",  # leaf from an intermediate the server does not send
)


@dataclass(frozen=True)
class StartTLS:
    """Wrap the connection in TLS, presenting a certificate of ``cert`` kind
    (one of ``CERT_KINDS``). A client that refuses a bad certificate ends the
    script quietly; refusing a ``valid`` one is the client's failure unless
    ``refusable`` (the case expects the client not to trust the test CA)."""

    cert: str = "valid"
    refusable: bool = False


Step = Union[
    ExpectRequest,
    ExpectBody,
    Receive,
    Send,
    Pause,
    Stall,
    ExpectClose,
    HalfClose,
    Close,
    Reset,
    StartTLS,
]

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
    pairs that ``getheader(name)`` must return."""

    status: int
    reason: Optional[str] = None
    version: Optional[int] = None
    body: Optional[bytes] = None
    headers: Tuple[Tuple[str, str], ...] = ()


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
class Scenario:
    """One scripted server behaviour and what a client should make of it."""

    name: str
    category: str
    description: str
    clauses: Tuple[str, ...]
    connections: Tuple[Tuple[Step, ...], ...]
    requests: Tuple[Request, ...] = (Request(),)
    expect: Dict[str, Expectation] = field(default_factory=dict)
    # A scenario that needs a special client (TLS, a tunnel, hand-written
    # putrequest calls) names it here; generic checks skip such scenarios.
    driver: str = "generic"
    # Seconds the check passes as ``timeout`` to the connection (scenarios
    # that stall need one); None leaves the check's own default.
    client_timeout: Optional[float] = None
    # Extra inputs for a special driver, as (name, value) pairs: e.g. the
    # hostile host an "inject-host" check passes to HTTPConnection.
    params: Tuple[Tuple[str, str], ...] = ()

    def expectation(self, edition: str) -> Optional[Expectation]:
        """The expectation for ``edition`` (``seed`` or ``modern``), or None
        when the scenario grades nothing in that edition."""
        return self.expect.get(edition)
