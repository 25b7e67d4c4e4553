"""The script language: what a scripted server does on the wire, as data.

A ``Script`` is a name and one tuple of steps per connection: each accepted
connection plays the next one (a client that reconnects after the server
closed meets the second, and so on). The runtime (``servers.runtime``) plays
scripts and knows nothing of grading; what a client should make of a script
is a case's business (``servers.case``).
"""

from dataclasses import dataclass
from typing import Tuple, Union

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
class ExpectNothing:
    """Wait ``seconds`` and require that the client send nothing meanwhile (nor
    have sent anything the last read left over): a client waiting for the
    response to its request, not pipelining the next one (RFC 9112 9.3.2)."""

    seconds: float = 0.3


@dataclass(frozen=True)
class Stall:
    """Send nothing until the client closes, or ``limit`` seconds pass."""

    limit: float = 10.0


@dataclass(frozen=True)
class ExpectClose:
    """Wait until the client closes its side, for at most ``timeout`` seconds
    (then the script goes on: a client that stays is noted, not an error)."""

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
    ExpectNothing,
    Stall,
    ExpectClose,
    HalfClose,
    Close,
    Reset,
    StartTLS,
]


@dataclass(frozen=True)
class Script:
    """What the server does, step by step, on each connection it accepts."""

    name: str
    connections: Tuple[Tuple[Step, ...], ...]

    def uses_tls(self) -> bool:
        """Whether any connection switches to TLS."""
        return any(isinstance(s, StartTLS) for steps in self.connections for s in steps)
