"""Helpers for the tests of the conformance plugin and CLI: toy implementations,
a small check module built on inline scenarios, and a way to run the CLI."""

import os
import subprocess
import sys
import textwrap
from typing import Dict, List, NamedTuple, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Fast limits so the toys' hangs and timeouts cost little.
FAST = ["--deadline", "1.5", "--client-timeout", "0.5", "--check-deadline", "5", "-j", "1"]

TOY_CHECKS = textwrap.dedent('''
    """A tiny check module over inline cases (no catalogue needed)."""
    import pytest

    from conformance import drive, expect
    from servers.case import Case, Expectation, Raises, Response
    from servers.script import Close, ExpectRequest, Script, Send, Stall

    def _both(*outcomes, lenient=None):
        e = Expectation(tuple(outcomes), lenient)
        return {"seed": e, "modern": e}

    HELLO = Case(
        "toy-hello", "toy", "a well-framed 200", ("rfc9112:6.3:content-length-valid",),
        Script("toy-hello", ((ExpectRequest(),
                              Send(b"HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nhello"),
                              Close()),)),
        expect=_both(Response(200, reason="OK", body=b"hello")),
    )
    STALL = Case(
        "toy-stall", "toy", "the server never answers", ("rfc9112:6.3:content-length-incomplete",),
        Script("toy-stall", ((ExpectRequest(), Stall(30.0)),)),
        expect=_both(Raises("OSError")),
    )

    @pytest.mark.clauses("rfc9112:6.3:content-length-valid")
    def test_hello(impl):
        played = drive.run_case(impl, HELLO, "seed")
        expect.grade_case(impl, played, HELLO.expectation("seed"))

    @pytest.mark.clauses("rfc9112:6.3:content-length-incomplete")
    def test_stall(impl):
        played = drive.run_case(impl, STALL, "seed")
        expect.grade_case(impl, played, STALL.expectation("seed"))

    @pytest.mark.clauses("seed:20.10:HTTP_PORT")
    def test_port(impl):
        assert impl.attr("HTTP_PORT") == 80, "HTTP_PORT is not 80"

    @pytest.mark.clauses("seed:20.10:HTTPConnection-port-from-host")
    def test_construct(impl):
        """Outside any scenario: only the plugin's whole-check deadline guards this."""
        conn = impl.attr("HTTPConnection")("127.0.0.1", 9)
        assert conn.port == 9, f"port was {conn.port!r}"
''')

# getresponse blocks on a socket with no timeout (ignores the one it was given).
HANGING_TOY = textwrap.dedent('''
    from http.client import *  # noqa
    from http.client import HTTP_PORT, HTTPS_PORT  # noqa: F401
    import http.client as _std

    class HTTPConnection(_std.HTTPConnection):
        def connect(self):
            super().connect()
            self.sock.settimeout(None)
''')

# getresponse raises an exception type the documentation does not allow.
CRASHING_TOY = textwrap.dedent('''
    from http.client import *  # noqa
    from http.client import HTTP_PORT, HTTPS_PORT  # noqa: F401
    import http.client as _std

    class HTTPConnection(_std.HTTPConnection):
        def getresponse(self):
            raise KeyError("toy bug")
''')

# Only the connection class: every other documented name is missing.
MISSING_TOY = textwrap.dedent('''
    from http.client import HTTPConnection  # noqa: F401
''')

# The constructor blocks forever on a socket nobody writes to.
STUCK_TOY = textwrap.dedent('''
    from http.client import *  # noqa
    from http.client import HTTP_PORT, HTTPS_PORT  # noqa: F401
    import http.client as _std
    import socket

    class HTTPConnection(_std.HTTPConnection):
        def __init__(self, *args, **kwargs):
            self._pair = socket.socketpair()
            self._pair[0].recv(1)
''')

BROKEN_TOY = "raise RuntimeError('cannot import me')\n"


class Result(NamedTuple):
    code: int
    out: str
    err: str


def write(folder: str, name: str, text: str) -> str:
    """Write ``text`` to ``folder/name`` and return the path."""
    path = os.path.join(str(folder), name)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    return path


def toy_checks(folder: str) -> str:
    """A folder holding the toy check module; returns its path."""
    checks = os.path.join(str(folder), "toychecks")
    os.makedirs(checks, exist_ok=True)
    write(checks, "test_toy.py", TOY_CHECKS)
    return checks


def run_cli(args: List[str], timeout: float = 60.0,
            env: Optional[Dict[str, str]] = None) -> Result:
    """Run ``python -m conformance ARGS`` from the project root (``env``: extra variables)."""
    done = subprocess.run(
        [sys.executable, "-m", "conformance", *args], cwd=ROOT, capture_output=True,
        text=True, timeout=timeout, check=False, env={**os.environ, **(env or {})},
    )
    return Result(done.returncode, done.stdout, done.stderr)


def run_pytest(args: List[str], cwd: str, timeout: float = 60.0) -> Result:
    """Run ``python -m pytest ARGS`` (the plugin is always loaded) in ``cwd``."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=cwd,
        capture_output=True, text=True, timeout=timeout,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)
