"""What a client reports for generated responses: the observations the property
checks compare (with a model, or with the reference).

``play_responses`` serves prepared bytes (one connection per entry of
``connections``) cut as a segmentation says, makes one request per response on
one ``HTTPConnection`` and reads each body with a read pattern
(``conformance.strategies.read_patterns``). ``Seen`` is what the client
reported for one request: version, status, reason, ``getheaders()``,
``getheader`` and ``msg`` per name, the pieces each read call returned, and the
exception (with the call that raised it) if any.
"""

import array
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from conformance import context, drive
from conformance.grading import KitError
from conformance.impl import Implementation
from conformance.strategies import MAX_WRITES
from servers.player import KIT
from servers.script import Close, ExpectRequest, Script, Send, Step

# A read pattern cycles until the body ends; past this many calls one read()
# takes the rest (a 1 MiB body read 1 byte at a time would take minutes).
MAX_READ_CALLS = 5000
GETRESPONSE, READ = "getresponse", "read"
# The socket timeout of property examples: every octet is sent at once on
# loopback, so a client still waiting after this long waits for octets that
# the script never sends.
PROPERTY_CLIENT_TIMEOUT = 1.0


@dataclass
class Seen:
    """What the client reported for one request."""

    version: Optional[int] = None
    status: Optional[int] = None
    reason: Optional[str] = None
    headers: Optional[List[Tuple[str, str]]] = None  # getheaders()
    joined: Dict[str, Optional[str]] = field(default_factory=dict)  # getheader(name)
    msg: Dict[str, Optional[List[str]]] = field(default_factory=dict)  # msg.get_all(name)
    pieces: List[Tuple[str, int, bytes]] = field(default_factory=list)  # (op, size, returned)
    error: Optional[BaseException] = None
    at: Optional[str] = None
    connection: int = 0  # index of the connection the response came on

    @property
    def body(self) -> bytes:
        """Every body octet the read calls returned, joined (peeks excluded)."""
        return b"".join(data for op, _, data in self.pieces if op != "peek")

    def summary(self) -> Dict[str, Any]:
        """The observation as plain data, for a message or a side-by-side view."""
        if self.error is not None:
            return {"error": f"{type(self.error).__name__} at {self.at}",
                    "message": str(self.error)[:120],
                    "body_before": _short(self.body)}
        return {"version": self.version, "status": _shown(self.status),
                "reason": _shown(self.reason),
                "headers": [[_shown(n), _shown(v)] for n, v in self.headers or []],
                "body": _short(self.body), "connection": self.connection}

    def outcome(self) -> Dict[str, Any]:
        """What the differential property compares: the summary with the full body
        and the exception's type only (messages differ between implementations)."""
        if self.error is not None:
            return {"error": type(self.error).__name__, "at": self.at, "body": self.body}
        return {"version": self.version, "status": self.status, "reason": self.reason,
                "headers": self.headers, "body": self.body, "connection": self.connection}


def _shown(value: Any, limit: int = 120) -> Any:
    """``value`` itself, or its repr abridged when that is longer than ``limit``
    (a 64 KiB field value, a mapping where a string belongs)."""
    if isinstance(value, (int, type(None))) or (isinstance(value, str) and len(value) <= limit):
        return value
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}...({len(text)} characters)"


def _short(data: bytes, limit: int = 48) -> str:
    text = repr(data[:limit]) + ("..." if len(data) > limit else "")
    return f"{text} ({len(data)} bytes)"


def script_for(name: str, connections: Sequence[Sequence[bytes]],
               segmentation: Dict[str, Any]) -> Script:
    """A script whose connection i answers one request with each of ``connections[i]``
    (cut as ``segmentation`` says), then closes."""
    split = segmentation.get("split")
    steps_per_connection = []
    for answers in connections:
        steps: Tuple[Step, ...] = ()
        for data in answers:
            cut: Any = tuple(c for c in split if 0 < c < len(data)) if isinstance(split, list) \
                else split
            if isinstance(cut, int):  # never more than MAX_WRITES writes
                cut = max(cut, -(-len(data) // MAX_WRITES))
            if cut == () or (isinstance(cut, int) and cut >= len(data)):
                cut = None
            steps += (ExpectRequest(timeout=3.0),
                      Send(data, split=cut, interval=segmentation.get("pause", 0.0)))
        steps_per_connection.append(steps + (Close(),))
    return Script(name, tuple(steps_per_connection))


def read_body(response: Any, pattern: Sequence[Sequence[Any]], seen: Seen,
              length: Optional[int] = None) -> None:
    """Consume ``response``'s body cycling through ``pattern`` ([op, size] pairs)
    into ``seen.pieces`` until a call reports the end; then one more ``read()``,
    which must return b"". ``length``, when the model knows it: no ``peek`` once
    that many octets were read (it would wait for octets past the body, which
    the documentation does not promise either way). Raises what the client
    raises."""
    calls = 0
    while calls < MAX_READ_CALLS:
        op, size = pattern[calls % len(pattern)]
        calls += 1
        if op == "peek" and length is not None and len(seen.body) >= length:
            continue
        data = _call(response, op, size)
        if data is None:  # the end of the body
            break
        seen.pieces.append((op, size, data))
    else:
        seen.pieces.append(("read", 0, response.read()))
    seen.pieces.append(("read-after-end", 0, response.read()))


def _call(response: Any, op: str, size: int) -> Optional[bytes]:
    """One read call; None when it reports the end of the body."""
    if op == "read":
        data = response.read()
    elif op == "read_amt":
        data = response.read(size)
    elif op == "readinto":
        buffer = array.array("B", bytes(size))
        count = response.readinto(buffer)
        data = buffer.tobytes()[:count] if 0 <= count <= size else buffer.tobytes() + b"?" * (
            count - size)
    elif op == "read1":
        data = response.read1(size)
    elif op == "readline":
        data = response.readline()
    elif op == "next":
        try:
            data = next(response)
        except StopIteration:
            return None
    else:  # peek: not consuming, never the end
        return response.peek(size)
    return data if data else None


def piece_problems(pieces: Sequence[Tuple[str, int, bytes]], body: bytes) -> Optional[str]:
    """The first read call that broke its method's contract, or None: ``read(amt)``,
    ``read1(n)`` and ``readinto`` return at most the size asked for, ``readline``
    ends at the first LF, ``peek`` shows a prefix of what is left, and after the
    end a ``read()`` returns b""."""
    offset = 0
    for number, (op, size, data) in enumerate(pieces, 1):
        rest = body[offset:]
        if op in ("read_amt", "read1", "readinto") and len(data) > size:
            call = {"read_amt": "read", "read1": "read1", "readinto": "readinto"}[op]
            return f"call {number}: {call}({size}) returned {len(data)} bytes"
        if op == "peek":
            if data[:len(rest)] != rest[:len(data)]:
                return f"call {number}: peek({size}) returned {data[:40]!r}, not what is left"
            continue
        if op in ("readline", "next") and b"\n" in data[:-1]:
            return f"call {number}: {op} returned more than one line: {data[:60]!r}"
        if op == "read-after-end" and data:
            return f"read() after the end of the body returned {len(data)} more bytes"
        offset += len(data)
    return None


def play_responses(impl: Implementation, name: str, connections: Sequence[Sequence[bytes]],
                   methods: Sequence[str], segmentation: Dict[str, Any],
                   pattern: Sequence[Sequence[Any]], deadline: float,
                   names: Sequence[str] = (), with_msg: bool = False,
                   strict: bool = True,
                   lengths: Optional[Sequence[int]] = None) -> List[Seen]:
    """Make ``len(methods)`` requests one after another on one HTTPConnection to a
    server sending ``connections`` and report each (stopping at the first
    exception). Notes the run in the check's record; a hang raises ``Hang``.
    ``strict``: a server that could not play its script to the end (a request
    that never came, one connection too many) fails the example
    (``drive.attach``); otherwise only the client's reports count.
    ``lengths``: each response's body length by the model (see ``read_body``)."""
    script = script_for(name, connections, segmentation)

    def client(impl: Implementation, srv: Any, timeout: float) -> List[Seen]:
        conn = impl.attr("HTTPConnection")(srv.host, srv.port, timeout=timeout)
        seen_all: List[Seen] = []
        try:
            for number, method in enumerate(methods):
                seen = Seen()
                seen_all.append(seen)
                length = lengths[number] if lengths is not None else None
                _one_request(conn, method, pattern, seen, names, with_msg, length)
                seen.connection = max(0, len(srv.transcripts) - 1)
                if seen.error is not None:
                    break
        finally:
            conn.close()
        return seen_all

    # a client waiting for octets that never come costs this much per example
    timeout = min(PROPERTY_CLIENT_TIMEOUT, context.settings.client_timeout)
    played = drive.play(impl, script, client, deadline=deadline, timeout=timeout)
    if strict:
        return drive.attach(played).result
    context.current().note(played.script.name, played.render())
    kit = sorted(e.message for e in played.errors if e.kind == KIT)
    if kit:
        raise KitError(f"the kit could not play {played.script.name}: {'; '.join(kit)}")
    if played.hang is not None:
        raise played.hang
    if played.error is not None:
        raise played.error
    return played.result


def _one_request(conn: Any, method: str, pattern: Sequence[Sequence[Any]], seen: Seen,
                 names: Sequence[str], with_msg: bool, length: Optional[int]) -> None:
    seen.at = GETRESPONSE
    try:
        conn.request(method, "/")
        response = conn.getresponse()
        seen.version, seen.status, seen.reason = response.version, response.status, \
            response.reason
        seen.headers = header_pairs(response.getheaders())
        seen.joined = {name: response.getheader(name) for name in names}
        if with_msg:
            seen.msg = {name: response.msg.get_all(name) for name in names}
        seen.at = READ
        read_body(response, pattern, seen, length)
        seen.at = None
    except Exception as exc:  # reported, then judged by the property
        seen.error = exc


class NotAsDocumented(TypeError):
    """A value the client returned in another shape than the documents give: a
    ``fail`` of the property, not an exception the client raised."""


def header_pairs(headers: Any) -> List[Tuple[str, str]]:
    """``getheaders()`` as the list of (name, value) pairs both editions document;
    anything else is ``NotAsDocumented`` saying what came back."""
    if isinstance(headers, list) and all(
            isinstance(pair, (tuple, list)) and len(pair) == 2 for pair in headers):
        return [(pair[0], pair[1]) for pair in headers]
    raise NotAsDocumented(f"getheaders() returned {type(headers).__name__} {headers!r:.60}, "
                    "not a list of (name, value) pairs")


def example_deadline() -> float:
    """Seconds one example may take before it is a hang (the run's deadline)."""
    return context.settings.deadline
