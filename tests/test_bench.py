"""Tests of the benchmark behind ``make bench`` (the ``bench`` package)."""

import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, List, Optional, Set

import h11
import pytest

from bench import ceiling, impl, memory, memory_child, payloads, runner, workloads
from bench.server import START_TIMEOUT, STOP_BOUND, ServerProcess, request_target

ROOT = Path(__file__).resolve().parent.parent
RUN_TIMEOUT = 20.0  # one quick benchmark run (seconds)

TRUNCATING_CLIENT = '''
    """A broken client: every read() drops the last byte it was given."""
    import http.client
    from http.client import *  # noqa: F403


    class HTTPResponse(http.client.HTTPResponse):
        def read(self, amt=None):
            data = super().read(amt)
            return data[:-1]


    class HTTPConnection(http.client.HTTPConnection):
        response_class = HTTPResponse
'''

CORRUPTING_CLIENT = '''
    """A broken client: the right number of bytes, one of them wrong."""
    import http.client
    from http.client import *  # noqa: F403


    class HTTPResponse(http.client.HTTPResponse):
        def read(self, amt=None):
            data = super().read(amt)
            if len(data) > 40:
                data = data[:40] + bytes([data[40] ^ 1]) + data[41:]
            return data


    class HTTPConnection(http.client.HTTPConnection):
        response_class = HTTPResponse
'''

BUFFERING_CLIENT = '''
    """A wasteful client: read(amt) first loads the whole body into memory."""
    import http.client
    from http.client import *  # noqa: F403


    class HTTPResponse(http.client.HTTPResponse):
        _whole = None

        def read(self, amt=None):
            if self._whole is None:
                self._whole = super().read()
                self._offset = 0
            data = self._whole[self._offset:self._offset + (amt or len(self._whole))]
            self._offset += len(data)
            return data


    class HTTPConnection(http.client.HTTPConnection):
        response_class = HTTPResponse
'''

SLOW_CLIENT = '''
    """A slow client: every getresponse() waits 20 ms first."""
    import http.client
    import time
    from http.client import *  # noqa: F403


    class HTTPConnection(http.client.HTTPConnection):
        def getresponse(self):
            time.sleep(0.02)
            return super().getresponse()
'''

WRONG_HEADER_CLIENT = '''
    """A broken client: getheader() never finds anything."""
    import http.client
    from http.client import *  # noqa: F403


    class HTTPResponse(http.client.HTTPResponse):
        def getheader(self, name, default=None):
            return default


    class HTTPConnection(http.client.HTTPConnection):
        response_class = HTTPResponse
'''


def run_bench(args: List[str], pythonpath: Optional[Path] = None) -> subprocess.CompletedProcess:
    """``python -m bench ARGS`` from the project root, bounded in time."""
    env = dict(os.environ)
    paths = [str(ROOT)] + ([str(pythonpath)] if pythonpath else [])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return subprocess.run(
        [sys.executable, "-m", "bench"] + args,
        cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT,
    )


def write_client(directory: Path, name: str, source: str) -> None:
    (directory / (name + ".py")).write_text(textwrap.dedent(source))


# --------------------------------------------------------------------------
# The command as a whole
# --------------------------------------------------------------------------


def test_quick_run_reports_four_workloads_and_memory(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = run_bench(
        ["--quick", "--impl", "http.client", "--peer", "http.client", "--json", str(out)]
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = done.stdout
    for title in ("keep-alive GET", "Content-Length body", "chunked body", "50 header lines"):
        lines = [line for line in text.splitlines() if title in line]
        assert len(lines) == 1, text
        match = re.search(
            r"impl +([0-9.]+) (req/s|MB/s) +peer +([0-9.]+) \2 +ratio +([0-9.]+) "
            r"\[([0-9.]+)-([0-9.]+)\] +target",
            lines[0],
        )
        assert match, lines[0]
        assert float(match.group(1)) > 0 and float(match.group(3)) > 0
        assert float(match.group(5)) <= float(match.group(4)) <= float(match.group(6))
    memory_line = re.search(
        r"memory: .*read\(65536\).*impl ([0-9.]+) MiB.*peer ([0-9.]+) MiB", text
    )
    assert memory_line, text
    assert 0 < float(memory_line.group(1)) < 1024

    data = json.loads(out.read_text())
    assert data["ok"] is True and data["failures"] == []
    assert [w["key"] for w in data["workloads"]] == [
        "keepalive", "content-length", "chunked", "headers",
    ]
    for entry in data["workloads"]:
        impl_samples, peer_samples = entry["samples"]["impl"], entry["samples"]["peer"]
        assert len(impl_samples) == len(peer_samples) == 3
        per_round = sorted(a / b for a, b in zip(impl_samples, peer_samples))
        assert entry["ratio"] == pytest.approx(per_round[1])  # the median of three
        assert entry["impl"] == pytest.approx(sorted(impl_samples)[1])
    assert data["memory"]["impl"]["peak_mib"] > 0
    assert data["memory"]["peer"]["failure"] is None


def test_bad_impl_is_one_line_and_exit_2() -> None:
    done = run_bench(["--quick", "--impl", "no_such_module_for_bench"])
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "--impl" in lines[0] and "'no_such_module_for_bench'" in lines[0]


def test_impl_without_http_names_is_exit_2() -> None:
    done = run_bench(["--quick", "--impl", "json"])
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "bench: --impl 'json' has no HTTPConnection; expected a module with the http.client names"
    ]


def test_bad_peer_and_bad_json_path_are_exit_2(tmp_path: Path) -> None:
    done = run_bench(["--quick", "--impl", "http.client", "--peer", "nowhere.py"])
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["bench: cannot import --peer 'nowhere.py': no such file"]
    target = tmp_path / "no-such-dir" / "out.json"
    done = run_bench(["--quick", "--impl", "http.client", "--json", str(target)])
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and str(target) in lines[0] and "--json" in lines[0], done.stderr


def test_first_difference_is_exact() -> None:
    body = payloads.pattern(200000)
    for offset in (0, 65535, 65536, 199999):
        damaged = body[:offset] + bytes([body[offset] ^ 0xFF]) + body[offset + 1:]
        assert workloads._first_difference(damaged, body) == offset
    assert workloads._first_difference(body[:1000], body) == 1000


def test_bad_rounds_is_one_line_and_exit_2() -> None:
    done = run_bench(["--quick", "--impl", "http.client", "--rounds", "0"])
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "'0'" in lines[0], done.stderr


def test_truncating_client_fails_the_run(tmp_path: Path) -> None:
    write_client(tmp_path, "truncating_client", TRUNCATING_CLIENT)
    done = run_bench(["--quick", "--rounds", "1", "--impl", "truncating_client"], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "bench: FAILED" in done.stdout
    failed = [line for line in done.stdout.splitlines() if "FAILED: impl truncating_client" in line]
    assert len(failed) == 4, done.stdout  # every workload reads a body
    assert "read() returned 99 bytes, expected 100" in done.stdout
    assert "memory workload" in done.stdout


def test_corrupting_client_fails_the_run(tmp_path: Path) -> None:
    path = tmp_path / "corrupting.py"
    path.write_text(textwrap.dedent(CORRUPTING_CLIENT))
    done = run_bench(["--quick", "--rounds", "1", "--impl", str(path)])
    assert done.returncode == 1, done.stdout + done.stderr
    assert "wrong bytes from offset 40" in done.stdout
    assert "wrong bytes after offset 0" in done.stdout  # the memory child checks bytes too


def test_client_with_broken_getheader_fails_the_header_workload(tmp_path: Path) -> None:
    write_client(tmp_path, "headerless_client", WRONG_HEADER_CLIENT)
    done = run_bench(["--quick", "--rounds", "1", "--impl", "headerless_client"], tmp_path)
    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if "  FAILED:" in line]
    assert len(failed) == 1 and "50 header lines" in failed[0]
    assert "getheader('X-Bench-Probe') returned None" in failed[0]


# --------------------------------------------------------------------------
# The pieces
# --------------------------------------------------------------------------


def parse_with_h11(wire: bytes) -> Any:
    """Parse ``wire`` as one response to a GET with h11, an independent parser."""
    client = h11.Connection(h11.CLIENT)
    client.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))
    client.send(h11.EndOfMessage())
    client.receive_data(wire)
    response, body = None, b""
    while True:
        event = client.next_event()
        if isinstance(event, h11.Response):
            response = event
        elif isinstance(event, h11.Data):
            body += bytes(event.data)
        elif isinstance(event, h11.EndOfMessage):
            return response, body
        else:
            raise AssertionError(f"h11 stopped at {event!r}")


def test_workload_responses_are_valid_http() -> None:
    built = {w.key: w for w in workloads.build(workloads.QUICK)}
    for workload in built.values():
        response, body = parse_with_h11(workload.response)
        assert response.status_code == 200
        assert body == workload.body
    response, _ = parse_with_h11(built["headers"].response)
    assert len(response.headers) == 50
    assert (b"x-bench-probe", b"found-it") in list(response.headers)
    response, _ = parse_with_h11(built["chunked"].response)
    assert (b"transfer-encoding", b"chunked") in list(response.headers)
    # 256 chunk-size lines of 1 KiB ("400" in hex), each after a CRLF
    assert built["chunked"].response.count(b"\r\n400\r\n") == 256


def test_pattern_detects_shifts() -> None:
    body = payloads.pattern(4096)
    assert len(body) == 4096
    assert body[8:] != payloads.pattern(4088)
    assert payloads.pattern(100) == body[:100]
    with pytest.raises(ValueError, match="-1"):
        payloads.pattern(-1)


def test_server_streams_and_routes_and_stops() -> None:
    server = ServerProcess({"/hello": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"})
    with server:
        with socket.create_connection(server.address, timeout=5) as sock:
            sock.sendall(
                b"GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            expected = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi" + b"HTTP/1.1 404"
            received = b""
            while len(received) < len(expected):
                received += sock.recv(4096)
            assert received.startswith(expected)
        with socket.create_connection(server.address, timeout=5) as sock:
            size = payloads.BLOCK_SIZE * 2 + 10
            sock.sendall(b"GET /stream/%d HTTP/1.1\r\nHost: x\r\n\r\n" % size)
            head = payloads.stream_head(size)
            wanted = len(head) + size
            received = b""
            while len(received) < wanted:
                chunk = sock.recv(65536)
                assert chunk, "server closed early"
                received += chunk
            block = payloads.stream_block()
            assert received == head + block + block + block[:10]
        process = server._process
    assert process is not None and not process.is_alive()


def test_request_target() -> None:
    assert request_target(b"GET /x?y HTTP/1.1\r\nHost: a") == "/x?y"
    assert request_target(b"garbage") == ""


class FakeResponse:
    """Hands out pre-cut pieces, as read(amt) would."""

    def __init__(self, pieces: List[bytes]) -> None:
        self._pieces = list(pieces)

    def read(self, amt: int) -> bytes:
        return self._pieces.pop(0) if self._pieces else b""


def test_drain_accepts_the_stream_and_rejects_damage() -> None:
    block = payloads.stream_block()
    size = 2 * len(block)
    pieces = [block[:1000], block[1000:], block, b""]
    assert memory_child.drain(FakeResponse(pieces), size) == (size, None)
    assert memory_child.drain(FakeResponse([block]), size) == (
        len(block), f"read {len(block)} bytes in all, expected {size}",
    )
    shifted = [block[:1000], block[1001:]]
    assert memory_child.drain(FakeResponse(shifted), size)[1] == "wrong bytes after offset 1000"
    too_big = [block + block[:1]]
    assert memory_child.drain(FakeResponse(too_big), size)[1] == "read(65536) returned 65537 bytes"
    assert memory_child.drain(FakeResponse([block, block, block]), size)[1] == (
        f"wrong bytes after offset {size}"
    )


def test_peak_memory_is_reported() -> None:
    peak = memory_child.peak_kib()
    assert peak is not None and 1024 < peak < 4 * 1024 * 1024


def test_load_by_path_and_bad_names(tmp_path: Path) -> None:
    good = tmp_path / "goodclient.py"
    good.write_text("from http.client import *  # noqa: F403\n")
    assert hasattr(impl.load(str(good)), "HTTPResponse")
    with pytest.raises(impl.ImplError, match=r"--peer '.*missing\.py': no such file"):
        impl.load(str(tmp_path / "missing.py"), "--peer")
    broken = tmp_path / "broken.py"
    broken.write_text("raise RuntimeError('boom\\nsecond line')\n")
    with pytest.raises(impl.ImplError, match="RuntimeError: boom second line$"):
        impl.load(str(broken))
    assert impl.portable_name("goodclient.py") == os.path.abspath("goodclient.py")
    assert impl.portable_name("a.b") == "a.b"


@pytest.mark.skipif(platform.python_implementation() == "PyPy",
                    reason="PyPy's collector keeps freed buffers until a major collection, so "
                    "a streaming client's RSS grows past the 8 MiB bound measured on CPython")
def test_memory_child_sees_a_client_that_buffers_the_body(tmp_path: Path) -> None:
    path = tmp_path / "buffering.py"
    path.write_text(textwrap.dedent(BUFFERING_CLIENT))
    size = 64 * workloads.MIB
    with ServerProcess({}) as server:
        wasteful = memory.measure(str(path), server.address, size)
        frugal = memory.measure("http.client", server.address, size)
    assert wasteful.failure is None and frugal.failure is None
    assert wasteful.peak_kib is not None and wasteful.before_kib is not None
    assert frugal.peak_kib is not None and frugal.before_kib is not None
    assert wasteful.peak_kib - wasteful.before_kib > 60 * 1024
    assert wasteful.met() is False
    assert frugal.peak_kib - frugal.before_kib < 8 * 1024
    assert frugal.met() is True


def test_memory_child_reports_a_bad_impl() -> None:
    with ServerProcess({}) as server:
        result = memory.measure("no_such_module_for_bench", server.address, 1024)
    assert result.failure is not None
    assert "no_such_module_for_bench" in result.failure and result.met() is None


def test_ceiling_checks_the_server_bytes() -> None:
    workload = workloads.build(workloads.QUICK)[0]
    with ServerProcess({workload.target: workload.response}) as server:
        assert ceiling.raw_rate(server.address, workload, 0.02) > 0
    with ServerProcess({workload.target: workload.response[:-1] + b"?"}) as server:
        with pytest.raises(ValueError, match="wrong bytes for /small"):
            ceiling.raw_rate(server.address, workload, 0.02)


def test_slow_client_gets_fewer_rounds_within_the_budget(tmp_path: Path) -> None:
    path = tmp_path / "slow.py"
    path.write_text(textwrap.dedent(SLOW_CLIENT))
    modules = (impl.load(str(path)), impl.load("http.client"))
    workload = workloads.build(workloads.QUICK)[0]
    with ServerProcess({workload.target: workload.response}) as server:
        outcome = runner.run_workload(
            modules, ("slow", "http.client"), server.address, workload,
            rounds=50, round_seconds=0.01, budget=0.3,
        )
    assert outcome.failure is None
    assert outcome.count == 1
    assert runner.MIN_ROUNDS <= len(outcome.samples[0]) == len(outcome.samples[1]) <= 10
    assert outcome.median(0) < 60  # requests/s, at 20 ms or more each
    assert outcome.ratio() < 0.5


def test_ratio_is_the_median_of_per_round_ratios() -> None:
    workload = workloads.build(workloads.QUICK)[0]
    impl_samples = [10.0, 30.0, 20.0, 40.0, 8.0]
    peer_samples = [5.0, 10.0, 40.0, 20.0, 8.0]
    outcome = runner.Outcome(workload, (impl_samples, peer_samples))
    assert outcome.ratios() == [2.0, 3.0, 0.5, 2.0, 1.0]
    assert outcome.ratio() == 2.0
    assert outcome.median(0) == 20.0 and outcome.median(1) == 10.0
    assert outcome.ratio_quartiles() == pytest.approx((0.75, 2.5))
    single = runner.Outcome(workload, ([3.0], [2.0]))
    assert single.ratio_quartiles() == (1.5, 1.5)


def children_of(pid: int) -> Set[int]:
    """The process ids whose parent is ``pid`` (read from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry))
    return found


def gone(pid: int) -> bool:
    """True once ``pid`` no longer runs (a zombie counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


SWALLOWED_SIGTERM = '''
    """SIGTERM lands while a finalizer runs: its SystemExit is discarded."""
    import io, os, signal, time
    import bench.__main__ as main

    main.EXIT_GRACE = 0.5
    signal.signal(signal.SIGTERM, main._exit_on_sigterm)


    class Collected(io.RawIOBase):
        def close(self):
            os.kill(os.getpid(), signal.SIGTERM)  # the handler runs in this finalizer
            super().close()


    Collected()
    time.sleep(30)  # what the rounds would do next
'''


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the exit alarm needs setitimer")
@pytest.mark.skipif(platform.python_implementation() == "PyPy",
                    reason="finalizers run when PyPy's collector does, not when the last "
                    "reference goes: the lost-SystemExit race is CPython's")
def test_sigterm_lost_in_a_finalizer_still_ends_the_bench(tmp_path: Path) -> None:
    """A SystemExit raised in a finalizer is discarded by Python and the script
    sleeps on; the alarm the SIGTERM handler set ends it anyway, with the
    SIGTERM status."""
    script = tmp_path / "swallowed.py"
    script.write_text(textwrap.dedent(SWALLOWED_SIGTERM), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(script)], cwd=str(ROOT), env=env,
                          capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert "still running 0.5 s after SIGTERM" in done.stderr


# What a loaded machine adds to the bench's own bounds: starting and ending
# interpreters while other suites keep both CPUs busy (seconds).
LOAD_SLACK = 30.0


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads children from /proc")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_killed_bench_leaves_no_server_process(how: int) -> None:
    """Killed mid-run, the bench exits and none of its children outlives it.

    The waits are the bench's own bounds (server start-up; stop(): a grace
    period, then terminate, then kill) plus ``LOAD_SLACK``: a bench that
    behaves returns well within them, however loaded the machine."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "bench", "--impl", "http.client", "--rounds", "500"]
    bench = subprocess.Popen(
        command, cwd=str(ROOT), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT + LOAD_SLACK
        children: Set[int] = set()
        while len(children) < 2 and time.monotonic() < deadline:  # server + resource tracker
            time.sleep(0.1)
            children |= children_of(bench.pid)
        assert len(children) >= 2, "the server process never started"
        time.sleep(0.5)  # let the bench get into its rounds
        bench.send_signal(how)
        assert bench.wait(timeout=STOP_BOUND + LOAD_SLACK) != 0
        deadline = time.monotonic() + STOP_BOUND + LOAD_SLACK
        while not all(gone(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(gone(pid) for pid in children), "a child of the bench outlived it"
    finally:
        if bench.poll() is None:
            bench.kill()
            bench.wait(timeout=LOAD_SLACK)
