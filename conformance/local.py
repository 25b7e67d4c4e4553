"""Small scenarios built by the checks themselves (request capture, examples,
property tests): a server that reads each request and answers it."""

from typing import Sequence, Tuple

from servers.scenario import Close, ExpectRequest, Scenario, Send, Step


def response(status: int = 200, reason: str = "OK", body: bytes = b"hello",
             extra: Sequence[Tuple[str, str]] = ()) -> bytes:
    """A well-formed HTTP/1.1 response with Content-Length framing."""
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
    head.extend(f"{name}: {value}" for name, value in extra)
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def answering(name: str, clauses: Sequence[str], answers: Sequence[bytes] = (response(),),
              timeout: float = 3.0, connections: int = 1) -> Scenario:
    """A scenario whose every connection (``connections`` of them), for each of
    ``answers``, reads a request and sends it; then closes. Used to capture what
    the client sends."""
    steps: Tuple[Step, ...] = ()
    for answer in answers:
        steps += (ExpectRequest(timeout=timeout), Send(answer))
    script = steps + (Close(),)
    return Scenario(name=name, category="local", description="reads requests and answers them",
                    clauses=tuple(clauses), connections=(script,) * connections, driver="local")


def sending(name: str, clauses: Sequence[str], data: bytes,
            split: Tuple[int, ...] = ()) -> Scenario:
    """A one-connection scenario that reads a request and sends ``data`` cut at ``split``."""
    step = Send(data, split=tuple(split) or None)
    return Scenario(name=name, category="local", description="sends prepared bytes",
                    clauses=tuple(clauses), connections=((ExpectRequest(), step, Close()),),
                    driver="local")
