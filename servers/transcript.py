"""Transcripts: the bytes each way on one connection, in order, with times."""

import hashlib
import threading
import time
from dataclasses import dataclass, field
from typing import List, Optional

DIRECTIONS = ("recv", "send", "note")
# A rendered event shows at most this many bytes (head and tail); the rest is
# summarised by its length and digest, so a transcript of a 1 MiB body stays small.
SHOWN_BYTES = 1024
TAIL_BYTES = 128


def escape(data: bytes) -> str:
    """Printable form of ``data``: ASCII kept, CR/LF/TAB as ``\\r\\n\\t``,
    everything else as ``\\xNN`` (backslash doubled)."""
    out = []
    for byte in data:
        if byte == 0x5C:
            out.append("\\\\")
        elif byte == 0x0D:
            out.append("\\r")
        elif byte == 0x0A:
            out.append("\\n")
        elif byte == 0x09:
            out.append("\\t")
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append(f"\\x{byte:02x}")
    return "".join(out)


def abridged(data: bytes, shown: int = SHOWN_BYTES) -> str:
    """``escape(data)``, or for more than ``shown`` bytes its head and tail with
    the length and SHA-256 of the bytes left out."""
    if len(data) <= shown:
        return escape(data)
    head, tail = data[: shown - TAIL_BYTES], data[-TAIL_BYTES:]
    middle = data[len(head): len(data) - TAIL_BYTES]
    digest = hashlib.sha256(middle).hexdigest()[:16]
    return (f"{escape(head)}\u2026[{len(middle)} bytes not shown, sha256:{digest}]\u2026"
            f"{escape(tail)}")


@dataclass(frozen=True)
class Event:
    """``data`` went ``direction`` at ``t`` seconds after the accept."""

    t: float
    direction: str
    data: bytes


@dataclass
class Transcript:
    """Everything that happened on one accepted connection."""

    index: int = 0
    peer: str = ""
    events: List[Event] = field(default_factory=list)
    closed_by: Optional[str] = None  # "server" | "client" | None
    close_how: Optional[str] = None  # "fin" | "rst" | "timeout" | None
    # TLS only: the server name the client's handshake named (SNI), and whether
    # the client's end of stream came with a closure alert (RFC 9112 9.8).
    tls_server_name: Optional[str] = None
    tls_close_notify: Optional[bool] = None
    _start: float = field(default_factory=time.monotonic, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, direction: str, data: bytes) -> None:
        """Record one event now."""
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS!r}, not {direction!r}")
        with self._lock:
            self.events.append(Event(time.monotonic() - self._start, direction, data))

    def note(self, text: str) -> None:
        """Record a human remark (step boundaries, TLS, errors)."""
        self.add("note", text.encode("utf-8", "replace"))

    def closed(self, by: str, how: str) -> None:
        """Record who ended the connection first, and how (kept once)."""
        with self._lock:
            if self.closed_by is None:
                self.closed_by = by
                self.close_how = how

    def received(self) -> bytes:
        """All bytes the server received, joined."""
        return b"".join(e.data for e in self.events if e.direction == "recv")

    def sent(self) -> bytes:
        """All bytes the server sent, joined."""
        return b"".join(e.data for e in self.events if e.direction == "send")

    def render(self, shown: int = SHOWN_BYTES) -> str:
        """Human-readable log: one line per event, bytes escaped; an event over
        ``shown`` bytes keeps its head and tail, the middle summarised."""
        arrows = {"recv": "<<", "send": ">>", "note": "--"}
        lines = [f"connection #{self.index} from {self.peer or '?'}"]
        for event in self.events:
            if event.direction == "note":
                text = event.data.decode("utf-8", "replace")
            else:
                text = abridged(event.data, shown)
            lines.append(f"{event.t:8.3f} {arrows[event.direction]} {text}")
        lines.append(
            f"closed by {self.closed_by or 'nobody'} ({self.close_how or 'still open'})"
        )
        return "\n".join(lines)
