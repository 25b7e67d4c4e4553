"""Socket-like objects that offer only the protocol CPython's ``http.client``
uses on a socket it did not create: ``sendall(data)``, ``makefile("rb")``
and ``close()`` (the de-facto clauses ``cpython:HTTPConnection:sock-protocol``
and neighbours).

``NarrowSocket`` plays a server from canned answers: the k-th answer becomes
readable once the k-th request head has been sent through ``sendall``, the
way a socket's bytes arrive only after the request went out. ``NarrowWrapper``
hands the three calls to a real socket (a subclass's ``connect()`` wraps
``self.sock`` in one). Any other attribute looked up on either is noted by
name in ``SocketLog.others`` and refused with ``AttributeError``, as an
object lacking it would; a ``makefile`` mode other than ``"rb"`` is noted in
``SocketLog.problems``. Special names (``__class__``, ``__repr__``...) stay
reachable: the language and ``isinstance`` look them up on any object.

The checks read what happened through ``log_of(sock)``.
"""

import io
from typing import Any, List, Sequence

PROTOCOL = ("sendall", "makefile", "close")
HEAD_END = b"\r\n\r\n"


class SocketLog:
    """What the code under test did with one narrow socket."""

    def __init__(self) -> None:
        self.sent: List[bytes] = []  # every sendall() payload, in order
        self.others: List[str] = []  # attributes looked up beyond the protocol
        self.problems: List[str] = []  # protocol calls made the wrong way
        self.files = 0  # makefile() calls
        self.closed = 0  # close() calls

    def sent_bytes(self) -> bytes:
        """Everything sent, joined."""
        return b"".join(self.sent)

    def other_names(self) -> List[str]:
        """The attributes looked up beyond the protocol, each once, in order."""
        return list(dict.fromkeys(self.others))

    def summary(self) -> str:
        """``''`` when only the protocol was used the right way, else one clause
        naming what else happened (for a failure message)."""
        parts = []
        if self.others:
            parts.append("beyond sendall, makefile('rb') and close it looked up "
                         + ", ".join(self.other_names()))
        parts.extend(dict.fromkeys(self.problems))
        return "; ".join(parts)


def _is_special(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _log(sock: Any) -> SocketLog:
    return object.__getattribute__(sock, "_log")


def log_of(sock: Any) -> SocketLog:
    """The ``SocketLog`` of a ``NarrowSocket`` or ``NarrowWrapper``."""
    return _log(sock)


class _Narrow:
    """Refuses every attribute but the protocol's (and special names)."""

    def __init__(self) -> None:
        object.__setattr__(self, "_log", SocketLog())

    def __getattribute__(self, name: str) -> Any:
        if name in PROTOCOL or _is_special(name):
            return object.__getattribute__(self, name)
        _log(self).others.append(name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        _log(self).others.append(f"{name} (set)")
        raise AttributeError(f"{type(self).__name__} takes no attribute {name!r}")

    def _check_mode(self, mode: Any, rest: Sequence[Any]) -> None:
        if mode != "rb":
            call = ", ".join(repr(a) for a in (mode, *rest))
            _log(self).problems.append(f"makefile({call}) asked for mode {mode!r}, not 'rb'")


class _Reader(io.RawIOBase):
    """One ``makefile("rb")`` view of a ``NarrowSocket``'s incoming bytes;
    closing it closes the view only, as with a real socket's files."""

    def __init__(self, source: "NarrowSocket") -> None:
        super().__init__()
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return object.__getattribute__(self._source, "_take")(buffer)


class NarrowSocket(_Narrow):
    """A connected socket's stand-in with only sendall, makefile('rb') and close,
    answering each request head it is sent with the next of ``answers``
    (``at_once``: every answer is readable from the start, for a response read
    without a request). A read past the answers released so far is the end of
    the stream, so a client that reads before it sends sees the server close."""

    def __init__(self, answers: Sequence[bytes], at_once: bool = False) -> None:
        super().__init__()
        object.__setattr__(self, "_answers", list(answers))
        object.__setattr__(self, "_incoming", bytearray())
        object.__setattr__(self, "_released", 0)
        if at_once:
            object.__getattribute__(self, "_release")(len(answers))

    def _release(self, count: int) -> None:
        state = object.__getattribute__
        answers, incoming = state(self, "_answers"), state(self, "_incoming")
        released = state(self, "_released")
        while released < min(count, len(answers)):
            incoming.extend(answers[released])
            released += 1
        object.__setattr__(self, "_released", released)

    def _take(self, buffer: Any) -> int:
        incoming = object.__getattribute__(self, "_incoming")
        count = min(len(buffer), len(incoming))
        buffer[:count] = incoming[:count]
        del incoming[:count]
        return count

    def sendall(self, data: Any) -> None:
        """Note ``data``; release one answer per request head sent so far."""
        log = _log(self)
        if log.closed:
            raise OSError(9, "sendall() on a closed socket")
        log.sent.append(bytes(data))
        object.__getattribute__(self, "_release")(log.sent_bytes().count(HEAD_END))

    def makefile(self, mode: Any = "r", *rest: Any, **options: Any) -> Any:
        """A buffered reader over the bytes released so far and to come."""
        object.__getattribute__(self, "_check_mode")(mode, rest)
        _log(self).files += 1
        return io.BufferedReader(_Reader(self))

    def close(self) -> None:
        """Note the close; readers already made keep reading what arrived."""
        _log(self).closed += 1


class NarrowWrapper(_Narrow):
    """Only sendall, makefile and close of the real socket ``sock``."""

    def __init__(self, sock: Any) -> None:
        super().__init__()
        object.__setattr__(self, "_sock", sock)

    def sendall(self, data: Any) -> None:
        """The real socket's sendall, noted."""
        _log(self).sent.append(bytes(data))
        object.__getattribute__(self, "_sock").sendall(data)

    def makefile(self, mode: Any = "r", *rest: Any, **options: Any) -> Any:
        """The real socket's makefile (a mode other than 'rb' is noted)."""
        object.__getattribute__(self, "_check_mode")(mode, rest)
        _log(self).files += 1
        return object.__getattribute__(self, "_sock").makefile(mode, *rest, **options)

    def close(self) -> None:
        """The real socket's close, noted."""
        _log(self).closed += 1
        object.__getattribute__(self, "_sock").close()


def real_socket(wrapper: NarrowWrapper) -> Any:
    """The socket a ``NarrowWrapper`` hands its calls to (to close it in any case)."""
    return object.__getattribute__(wrapper, "_sock")
