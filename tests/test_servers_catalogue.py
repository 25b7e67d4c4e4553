"""Every case's script in the catalogue, played by a raw-socket client that checks
each byte the server sends, the server's transcript and what it captured;
then no thread or file descriptor may be left behind."""

import time
from typing import Set

import pytest

from servers.catalogue import CASES
from servers.runtime import ScriptServer
from servers.script import ExpectRequest
from tests.servers_support import BODY, play_case, snapshot

BASELINE: list = []  # (threads, descriptors) as this module's first test starts
PLAYED: Set[str] = set()
NAMES = list(CASES)


@pytest.fixture(scope="module", autouse=True)
def baseline() -> None:
    BASELINE[:] = snapshot()


def _play_and_check(name: str) -> None:
    case = CASES[name]
    chunked = NAMES.index(name) % 2 == 1
    with ScriptServer(case.script) as srv:
        played = play_case(srv, case, chunked)
        assert srv.wait(5.0), f"{name}: scripts still running"
    PLAYED.add(name)
    assert srv.errors == []
    assert len(srv.transcripts) == len(case.script.connections)
    for number, (seen, transcript) in enumerate(zip(played, srv.transcripts)):
        where = f"{name} connection #{number}"
        assert seen.received == seen.expected, where
        assert transcript.sent() == seen.expected, where
        assert transcript.received() == seen.sent, where
        assert (transcript.closed_by, transcript.close_how) == (seen.closed_by, seen.close_how), (
            where + "\n" + transcript.render()
        )
        if seen.close_how == "rst":
            assert seen.reset_seen, where
        times = [event.t for event in transcript.events]
        assert times == sorted(times), where
    assert [r.raw for r in srv.requests] == [r for seen in played for r in seen.requests]
    heads = [s for steps in case.script.connections for s in steps
             if isinstance(s, ExpectRequest)]
    for request, step in zip(srv.requests, heads):
        assert request.version == "HTTP/1.1"
        assert request.header("Host") == f"127.0.0.1:{srv.port}".encode("ascii")
        if step.read_body:
            assert (request.method, request.body, request.chunked) == ("POST", BODY, chunked)


@pytest.mark.parametrize("name", NAMES)
def test_case_script_plays_as_scripted(name: str) -> None:
    _play_and_check(name)


def test_whole_catalogue_leaves_no_thread_or_descriptor() -> None:
    for name in NAMES:  # only those a -k selection left out
        if name not in PLAYED:
            _play_and_check(name)
    assert PLAYED == set(NAMES)
    threads, fds = snapshot()
    deadline = time.monotonic() + 2.0
    while (set(threads) - set(BASELINE[0]) or fds > BASELINE[1]) and time.monotonic() < deadline:
        time.sleep(0.05)
        threads, fds = snapshot()
    leaked = [t.name for t in set(threads) - set(BASELINE[0])]
    assert leaked == []
    assert fds <= BASELINE[1]
