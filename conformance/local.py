"""Small scripts built by the checks themselves (request capture, examples,
property tests): a server that reads each request and answers it, or sends
prepared bytes. They are scripts only; the check that plays one grades it."""

from typing import Sequence, Tuple

from servers.script import Close, ExpectRequest, Script, Send, Step


def response(status: int = 200, reason: str = "OK", body: bytes = b"hello",
             extra: Sequence[Tuple[str, str]] = ()) -> bytes:
    """A well-formed HTTP/1.1 response with Content-Length framing."""
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
    head.extend(f"{name}: {value}" for name, value in extra)
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def answering(name: str, answers: Sequence[bytes] = (response(),), timeout: float = 3.0,
              connections: int = 1) -> Script:
    """A script whose every connection (``connections`` of them), for each of
    ``answers``, reads a request and sends it; then closes. Used to capture what
    the client sends."""
    steps: Tuple[Step, ...] = ()
    for answer in answers:
        steps += (ExpectRequest(timeout=timeout), Send(answer))
    return Script(name, (steps + (Close(),),) * connections)


def sending(name: str, data: bytes, split: Tuple[int, ...] = ()) -> Script:
    """A one-connection script that reads a request and sends ``data`` cut at ``split``."""
    step = Send(data, split=tuple(split) or None)
    return Script(name, ((ExpectRequest(), step, Close()),))
