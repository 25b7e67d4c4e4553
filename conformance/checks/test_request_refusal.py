"""Request side: control characters (CR, LF, NUL, space where not allowed) are
refused with ValueError or InvalidURL BEFORE anything reaches the server
(modern request-control-characters, set_tunnel-control-characters; RFC 9112
sections 3, 3.2 and 5)."""

from typing import Any, Callable, Sequence

import pytest

from conformance import drive, drivers, local
from conformance.impl import Implementation

Action = Callable[[Any], Any]

BAD = {"cr": "\r", "lf": "\n", "crlf": "\r\n", "nul": "\x00"}
# What the server answers to a request that should never have been sent.
ANSWER = (local.response(),)
# Through a tunnel a client that does not refuse sends CONNECT and then its
# request: the server answers both, so it has read everything the client sent
# before it closes. Answering CONNECT alone and closing raced the request, which
# was in the transcript in some runs and not in others.
TUNNEL_ANSWERS = (b"HTTP/1.1 200 Connection established\r\n\r\n", local.response())


def _refuse(impl: Implementation, name: str, action: Action,
            answers: Sequence[bytes] = ANSWER) -> None:
    """Run ``action(conn)``; it must raise ValueError or InvalidURL and send nothing.
    ``answers`` are the server's answers, one per request a client that does not
    refuse sends."""
    allowed = (ValueError, getattr(impl.module, "InvalidURL", ValueError))
    http_error = getattr(impl.module, "HTTPException", OSError)
    outcome = {}

    def client(conn, srv):
        try:
            action(conn)
            conn.getresponse().read()
        except allowed as exc:
            outcome["refused"] = exc
        except (OSError, http_error) as exc:  # sent, then the server hung up on it
            outcome["other"] = exc

    script = local.answering(name, answers, timeout=1.0)
    played = drive.run_script(impl, script, client=drivers.with_connection(client))
    sent = played.received()
    error = repr(outcome["other"]) if "other" in outcome else "no error"
    assert "refused" in outcome, (
        f"not refused with ValueError/InvalidURL ({error}); "
        f"server received {sent[:120]!r}")
    assert sent == b"", f"refused, but only after sending {sent[:120]!r}"


def _cases(template: str):
    return [pytest.param(ch, id=f"{template}-{key}") for key, ch in BAD.items()]


@pytest.mark.clauses("modern:HTTPConnection:request-control-characters", "rfc9112:3.1:method-token")
@pytest.mark.parametrize("bad", _cases("method"))
def test_method_refused(impl: Implementation, bad: str) -> None:
    """A method holding a control character is refused."""
    _refuse(impl, "refuse-method", lambda c: c.request(f"GET{bad}X", "/"))


@pytest.mark.clauses("modern:HTTPConnection:request-control-characters",
                     "rfc9112:3.2:request-target-no-whitespace")
@pytest.mark.parametrize("bad", _cases("url") + [pytest.param(" ", id="url-space")])
def test_url_refused(impl: Implementation, bad: str) -> None:
    """A URL holding a control character or a space is refused."""
    _refuse(impl, "refuse-url", lambda c: c.request("GET", f"/a{bad}HTTP/1.1"))


@pytest.mark.clauses("rfc9112:3.2:host-no-control-characters")
@pytest.mark.parametrize("bad", _cases("host"))
def test_host_refused(impl: Implementation, bad: str) -> None:
    """A Host value holding a control character is refused."""

    def action(conn):
        conn.putrequest("GET", "/", skip_host=True)
        conn.putheader("Host", f"example.org{bad}X-Evil: 1")
        conn.endheaders()

    _refuse(impl, "refuse-host", action)


@pytest.mark.clauses("modern:HTTPConnection:request-control-characters",
                     "rfc9112:5:field-name-token")
@pytest.mark.parametrize("bad", _cases("name") + [pytest.param(" ", id="name-space"),
                                                   pytest.param(":", id="name-colon")])
def test_header_name_refused(impl: Implementation, bad: str) -> None:
    """A field name that is not a token is refused."""
    _refuse(impl, "refuse-header-name",
            lambda c: c.request("GET", "/", None, {f"X-A{bad}B": "1"}))


@pytest.mark.clauses("modern:HTTPConnection:request-control-characters",
                     "rfc9112:5:field-value-crlf-nul")
@pytest.mark.parametrize("bad", _cases("value"))
def test_header_value_refused(impl: Implementation, bad: str) -> None:
    """A field value holding CR, LF or NUL is refused (no header injection)."""
    _refuse(impl, "refuse-header-value",
            lambda c: c.request("GET", "/", None, {"X-A": f"1{bad}X-Evil: 2"}))


@pytest.mark.clauses("modern:HTTPConnection:set_tunnel-control-characters")
@pytest.mark.parametrize("bad", _cases("tunnel-host"))
def test_tunnel_host_refused(impl: Implementation, bad: str) -> None:
    """``set_tunnel`` refuses a host holding a control character."""

    def action(conn):
        conn.set_tunnel(f"example.org{bad}X-Evil: 1", 80)
        conn.request("GET", "/")

    _refuse(impl, "refuse-tunnel-host", action, TUNNEL_ANSWERS)


@pytest.mark.clauses("modern:HTTPConnection:set_tunnel-control-characters")
@pytest.mark.parametrize("bad", _cases("tunnel-header"))
def test_tunnel_header_refused(impl: Implementation, bad: str) -> None:
    """``set_tunnel`` refuses a tunnel header holding a control character."""

    def action(conn):
        conn.set_tunnel("example.org", 80, {"Proxy-Authorization": f"x{bad}X-Evil: 1"})
        conn.request("GET", "/")

    _refuse(impl, "refuse-tunnel-header", action, TUNNEL_ANSWERS)
