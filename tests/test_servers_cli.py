"""The command line, driven as a user would: subprocesses, and the real
curl binary against ``serve``."""

import os
import re
import signal
import subprocess
import sys
from typing import Iterator, List, Tuple

import pytest

from servers.catalogue import CASES, closest

CURL = "/usr/bin/curl"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Only our own output on stderr: no deprecation notices from dependencies.
ENV = dict(os.environ, PYTHONWARNINGS="ignore")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "servers", *args],
        cwd=ROOT, env=ENV, capture_output=True, timeout=30, text=True,
    )


def curl(*args: str) -> Tuple[int, str]:
    done = subprocess.run(
        [CURL, "-sS", "-m", "5", "-i", *args], capture_output=True, timeout=10
    )
    return done.returncode, done.stdout.decode("latin-1")


class Served:
    """A ``python -m servers serve`` subprocess and the URL it printed."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "servers", "serve", *args],
            cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = re.match(r"serving on (http://127\.0\.0\.1:\d+/) ", line)
        if not match:
            self.stop()
            raise AssertionError(f"unexpected first line {line!r}")
        self.url = match.group(1)

    def stop(self, sig: int = signal.SIGTERM) -> Tuple[int, str, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            out, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate(timeout=10)
            raise AssertionError("serve did not stop within 10 s") from None
        return self.proc.returncode, out, err


@pytest.fixture
def served() -> Iterator[Served]:
    server = Served()
    try:
        yield server
    finally:
        server.stop()


def body_of(response: str) -> str:
    return response.split("\r\n\r\n", 1)[1]


def test_list_prints_one_line_per_case() -> None:
    done = run("list")
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(CASES)


def test_show_prints_steps_and_escaped_bytes() -> None:
    done = run("show", "chunked-crlf-in-data")
    assert done.returncode == 0
    assert "category:    chunked" in done.stdout
    assert '"HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n7\\r\\nhe\\r\\nllo' in (
        done.stdout
    )
    assert "0. ExpectRequest(" in done.stdout


def test_show_unknown_name_exits_2_with_one_line() -> None:
    done = run("show", "status-http11-okay")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "servers: unknown case 'status-http11-okay'; closest: "
        + ", ".join(closest("status-http11-okay"))
    ]
    assert "status-http11-ok" in done.stderr


def test_serve_unknown_case_exits_2() -> None:
    done = run("serve", "--case", "nope-nope")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert "unknown case 'nope-nope'" in done.stderr


def test_serve_refuses_a_remote_address_without_the_flag() -> None:
    done = run("serve", "--host", "0.0.0.0")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "servers: cannot serve on '0.0.0.0' port 0: host '0.0.0.0' is not a loopback address "
        "(0.0.0.0); servers bind to loopback only unless allow_remote is set"
    ]


def test_curl_root_lists_the_catalogue(served: Served) -> None:
    code, response = curl(served.url)
    assert code == 0
    assert response.startswith("HTTP/1.1 200 OK\r\n")
    assert "Content-Type: text/plain; charset=utf-8" in response
    names = [line.split()[0] for line in body_of(response).splitlines()]
    assert names == list(CASES)


@pytest.mark.parametrize(
    "name, status, body",
    [
        ("status-http11-404", "HTTP/1.1 404 Not Found", "not found"),
        ("chunked-basic", "HTTP/1.1 200 OK", "hello world"),
        ("close-delimited-http10", "HTTP/1.0 200 OK", "hello"),
        ("header-duplicate-joined", "HTTP/1.1 200 OK", "hello"),
    ],
)
def test_curl_get_name_plays_that_case(served: Served, name: str, status: str,
                                           body: str) -> None:
    code, response = curl(served.url + name)
    assert code == 0
    assert response.startswith(status + "\r\n")
    assert body_of(response) == body


def test_curl_posts_to_a_case_path(served: Served) -> None:
    code, response = curl("--data-binary", "payload", served.url + "interim-100-continue")
    assert code == 0
    assert "HTTP/1.1 200 OK" in response and response.endswith("hello")


def test_curl_unknown_path_gets_404_with_the_closest(served: Served) -> None:
    code, response = curl(served.url + "chunked-basik")
    assert code == 0
    assert response.startswith("HTTP/1.1 404 Not Found\r\n")
    assert "unknown case 'chunked-basik'; closest: chunked-basic" in body_of(response)


def test_curl_tls_case_by_path_is_explained(served: Served) -> None:
    code, response = curl(served.url + "tls-valid")
    assert response.startswith("HTTP/1.1 400 Bad Request\r\n")
    assert "serve --case tls-valid" in body_of(response)


def test_serve_stops_cleanly_on_sigint_and_sigterm() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        server = Served()
        code, response = curl(server.url + "status-http10-ok")
        assert code == 0 and body_of(response) == "hello"
        status, out, err = server.stop(sig)
        assert status == 0
        assert out.strip().endswith("stopped")
        assert err == ""


def test_serve_one_case_on_every_connection() -> None:
    server = Served("--case", "reuse-close-then-reconnect")
    try:
        bodies: List[str] = []
        for _ in range(3):
            code, response = curl(server.url + "anything")
            assert code == 0
            bodies.append(body_of(response))
        # the case's two connection scripts, then the first again
        assert bodies == ["one", "second", "one"]
    finally:
        status, _, err = server.stop()
    assert status == 0


def test_serve_reports_script_errors_on_stderr() -> None:
    server = Served("--case", "status-http11-ok")
    code, _ = curl("-X", "BAD METHOD", server.url)
    status, _, err = server.stop()
    assert status == 0
    assert "bad request: malformed request line" in err
