"""The socket-protocol checks (conformance/checks/test_socket_protocol.py) pass
this interpreter's http.client and catch a client with one fault in how it
treats a socket it did not create, conn.sock or response_class.

Each faulty client is this interpreter's http.client with one fault added in
a subclass (never the reference: it is being rewritten); the checks run in
process with ``--like-cpython``, so a deviation from a de-facto clause is
``fail``, and without it, where the same deviation is ``unlike-cpython``.
"""

import json
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

MODULE = "conformance.checks.test_socket_protocol"

FAULTY = '''
"""This interpreter's http.client with one fault: {fault}."""
import http.client as _real
import sys as _sys

globals().update({{k: v for k, v in vars(_real).items() if not k.startswith("__")}})
FAULT = {fault!r}


class _Proxy:
    """A new object standing for the socket at each look-up."""

    def __init__(self, sock):
        self.sock = sock


# What code outside http.client and this module sees as conn.sock.
VIEWS = {{
    "sock-hidden": lambda conn, real: None,
    "sock-fresh": lambda conn, real: None if real is None else _Proxy(real),
    "sock-sticky": lambda conn, real: conn.__dict__.get("_last") if real is None else real,
}}


class HTTPResponse(_real.HTTPResponse):
    def __init__(self, sock, *args, **kwargs):
        if FAULT == "probes-fileno":
            sock.fileno()
        super().__init__(sock, *args, **kwargs)
        if FAULT == "text-makefile":
            sock.makefile("r").close()


class HTTPConnection(_real.HTTPConnection):
    response_class = HTTPResponse

    @property
    def sock(self):
        real = self.__dict__.get("_real")
        if FAULT in VIEWS and _sys._getframe(1).f_globals not in (vars(_real), globals()):
            return VIEWS[FAULT](self, real)
        return real

    @sock.setter
    def sock(self, value):
        self.__dict__["_real"] = value
        if value is not None:
            self.__dict__["_last"] = value

    def send(self, data):
        if FAULT == "probes-fileno" and self.sock is not None:
            self.sock.fileno()
        super().send(data)

    def request(self, *args, **kwargs):
        if FAULT == "reconnects":
            self.close()
        super().request(*args, **kwargs)

    def getresponse(self):
        if FAULT == "ignores-response-class":
            self.response_class = HTTPResponse
        return super().getresponse()
'''

ALL_CHECKS = [
    "preset_sock_with_only_the_protocol", "response_begin_over_a_narrow_socket",
    "connect_wraps_the_socket", "connect_sets_its_own_socket", "response_class_is_honoured",
    "sock_set_by_connect", "sock_kept_across_responses", "sock_none_after_close",
    "sock_none_after_a_closing_response[connection-close]",
    "sock_none_after_a_closing_response[http10]",
]

# fault -> {check: a fragment of its failure message}: the checks the fault must fail.
CAUGHT: Dict[str, Dict[str, str]] = {
    "probes-fileno": {  # a select() probe on the socket before sending and reading
        "preset_sock_with_only_the_protocol": "it looked up fileno",
        "response_begin_over_a_narrow_socket": "it looked up fileno",
        "connect_wraps_the_socket": "it looked up fileno",
    },
    "text-makefile": {
        "preset_sock_with_only_the_protocol": "makefile('r') asked for mode 'r', not 'rb'",
        "response_begin_over_a_narrow_socket": "makefile('r') asked for mode 'r', not 'rb'",
        "connect_wraps_the_socket": "makefile('r') asked for mode 'r', not 'rb'",
    },
    "reconnects": {  # a new connection for every request
        "preset_sock_with_only_the_protocol": "ConnectionRefusedError",
        "connect_wraps_the_socket": "steps for only 1 connection",
        "connect_sets_its_own_socket": "steps for only 1 connection",
        "sock_set_by_connect": "client closed the connection without sending a request",
        "sock_kept_across_responses": "steps for only 1 connection",
    },
    "ignores-response-class": {
        "response_class_is_honoured": "not the response_class set (Custom)",
    },
    "sock-hidden": {  # conn.sock is always None to its callers
        "connect_wraps_the_socket": "after the base connect(), self.sock is None",
        "connect_sets_its_own_socket": "not always the socket connect() set",
        "sock_set_by_connect": "after connect() connected, conn.sock is None",
        "sock_kept_across_responses": "after request(), conn.sock is None",
        "sock_none_after_close": "after connect(), conn.sock is None",
    },
    "sock-fresh": {  # a new object at each look-up
        "connect_wraps_the_socket": "'_Proxy' object has no attribute 'sendall'",
        "connect_sets_its_own_socket": "not always the socket connect() set",
        "sock_kept_across_responses": "not one object on one persistent connection",
    },
    "sock-sticky": {  # the last socket, closed, instead of None
        "sock_none_after_close": "after connect() then close(), conn.sock is a socket.socket",
        "sock_none_after_a_closing_response[connection-close]":
            "(connection-close), conn.sock is a socket.socket",
        "sock_none_after_a_closing_response[http10]":
            "(http10), conn.sock is a socket.socket",
    },
}

Grades = Dict[Tuple[str, str], Tuple[str, str]]


def run_checks(tmp_path: Path, impl: str, *options: str) -> Grades:
    """The socket-protocol checks against ``impl``: {(check, edition): (grade, message)}."""
    results = tmp_path / "results.jsonl"
    status = pytest.main(["-q", "-p", "no:cacheprovider", "--pyargs", MODULE, "--impl", impl,
                          "--results", str(results), *options])
    assert status in (0, 1), f"the socket-protocol checks did not run against {impl} ({status})"
    grades: Grades = {}
    for line in results.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        grades[(record["check"], record["edition"])] = (record["grade"], record["message"])
    return grades


def faulty(tmp_path: Path, fault: str) -> str:
    path = tmp_path / f"faulty_{fault.replace('-', '_')}.py"
    path.write_text(FAULTY.format(fault=fault), encoding="utf-8")
    return str(path)


def test_this_interpreters_http_client_passes_every_check(tmp_path: Path) -> None:
    grades = run_checks(tmp_path, "http.client", "--like-cpython")
    assert sorted(grades) == sorted((c, e) for c in ALL_CHECKS for e in ("seed", "modern"))
    assert {grade for grade, _ in grades.values()} == {"pass"}


def test_the_faulty_client_without_a_fault_passes(tmp_path: Path) -> None:
    grades = run_checks(tmp_path, faulty(tmp_path, "none"), "--like-cpython")
    assert {grade for grade, _ in grades.values()} == {"pass"}


@pytest.mark.parametrize("fault", list(CAUGHT))
def test_each_fault_fails_the_checks_it_breaks(tmp_path: Path, fault: str) -> None:
    grades = run_checks(tmp_path, faulty(tmp_path, fault), "--like-cpython")
    wrong: List[str] = []
    for check in ALL_CHECKS:
        for edition in ("seed", "modern"):
            grade, message = grades[(check, edition)]
            fragment = CAUGHT[fault].get(check)
            if fragment is None and grade != "pass":
                wrong.append(f"{check} ({edition}) is {grade}: {message}")
            elif fragment is not None and (grade != "fail" or fragment not in message):
                wrong.append(f"{check} ({edition}) is {grade}, not a fail naming "
                             f"{fragment!r}: {message}")
    assert not wrong, "\n".join(wrong)


def test_a_deviation_is_unlike_cpython_unless_de_facto_clauses_bind(tmp_path: Path) -> None:
    grades = run_checks(tmp_path, faulty(tmp_path, "probes-fileno"))
    assert grades[("preset_sock_with_only_the_protocol", "modern")][0] == "unlike-cpython"
    assert grades[("sock_none_after_close", "modern")][0] == "pass"
