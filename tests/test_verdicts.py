"""Verdicts you can trust: deliberately broken clients never get a clean exit.

Each test grades a broken implementation the way a user would (the command
line in a subprocess) and asserts on the verdict:

* a client whose request line ends in a space gets no ``pass`` on any check
  whose server reads a request (the server's complaint reaches the grade);
* a build of this interpreter's own ``http.client`` with a response desync is
  a CHANGED failure against the interpreter's baseline (exit 1), although the
  check failed before too;
* a baseline of another implementation is a usage error (exit 2);
* a script that cannot be played is graded ``error`` and the run exits 3;
* outcomes that a lenient grade once hid are failures: ``BadStatusLine`` where
  CPython raises ``UnknownProtocol`` (when de-facto clauses bind), the seed's non-strict mode
  refusing an HTTP/0.9 response, ``read(amt)`` returning more than ``amt``.
"""

import json
import os
import platform
import sys
from typing import Any, Dict, List

import pytest
from conformance_support import FAST, ROOT, run_cli, write
from verdict_support import broken_reference, desync_build

from conformance.baseline import BASELINE_SCHEMA
from conformance.grading import by_level
from conformance.results import read_records

REQUEST_LINE = ('    return b"%s %s HTTP/1.1" % (method.encode("ascii"), '
                '(url or "/").encode("ascii"))\n')


def this_interpreters_baseline() -> str:
    """The baseline tox uses for this interpreter's ``http.client`` (skip if none)."""
    if platform.python_implementation() == "PyPy":
        env = "pypy3"
    else:
        env = "py{}{}".format(*sys.version_info[:2])
    path = os.path.join(ROOT, "conformance", "baselines", f"{env}-http.client.json")
    if not os.path.exists(path):
        pytest.skip(f"no baseline for this interpreter ({os.path.basename(path)})")
    return path


def records(path: str) -> List[Dict[str, Any]]:
    return read_records(path)


def test_trailing_space_client_gets_no_pass_where_a_request_is_read(tmp_path) -> None:
    adapter = broken_reference(str(tmp_path), "trailing_space", "modern", "_request",
                               REQUEST_LINE, REQUEST_LINE.replace('HTTP/1.1"', 'HTTP/1.1 "'))
    results = str(tmp_path / "r.jsonl")
    done = run_cli(["run", "--impl", adapter, "--edition", "modern", "--results", results],
                   timeout=240)
    assert done.code == 1, done.err
    read = [r for r in records(results)
            if r["transcript"] and "ExpectRequest" in r["transcript"] and " << " in r["transcript"]]
    assert len(read) > 200, f"only {len(read)} checks read a request"
    # A failure weighs what its clause's level says: fail on a MUST, non-strict
    # on a SHOULD, unlike-cpython on a de-facto clause, info on MAY and INFO.
    wrong = [(r["check"], r["level"], r["grade"]) for r in read
             if r["grade"] not in ("crash", by_level("fail", r["level"]))]
    assert not wrong, wrong
    assert all("malformed request line" in r["message"] for r in read
               if r["grade"] in ("fail", "non-strict", "unlike-cpython"))


def test_desync_build_is_a_changed_failure_against_its_baseline(tmp_path) -> None:
    baseline = this_interpreters_baseline()
    check = "wire[reuse-unsolicited-extra-response]"
    stock = run_cli(["run", "--impl", "http.client", "--check", check, "--baseline", baseline])
    assert stock.code == 0, stock.out + stock.err  # the stock failure is the known one
    assert " known [" in stock.out
    build = desync_build(str(tmp_path))
    env = {"PYTHONPATH": os.pathsep.join([build, os.environ.get("PYTHONPATH", "")])}
    desync = run_cli(["run", "--impl", "http.client", "--check", check, "--baseline", baseline],
                     env=env)
    assert desync.code == 1, desync.out + desync.err
    assert f"CHANGED [modern] {check}" in desync.out
    assert "got b'stale'" in desync.out
    assert "0 new, 2 changed, 0 known" in desync.out


def test_foreign_baseline_is_a_usage_error() -> None:
    baseline = this_interpreters_baseline()
    foreign = run_cli(["run", "--impl", "reference.client", "--baseline", baseline])
    assert foreign.code == 2
    assert baseline in foreign.err and "--baseline-from-other-impl" in foreign.err
    assert foreign.out == ""
    accepted = run_cli(["run", "--impl", "reference.client", "--baseline", baseline,
                        "--baseline-from-other-impl", "--check", "wire[chunked-basic]"])
    assert accepted.code == 0, accepted.out + accepted.err
    assert "FIXED" in accepted.out or "0 fixed" in accepted.out


BROKEN_SCRIPT_CHECKS = '''
import pytest

from conformance import drive, expect
from servers.case import Case, Expectation, Response
from servers.script import Close, ExpectRequest, Script, Send

OK = Expectation((Response(200),))
BROKEN = Case(
    "toy-broken-script", "toy", "a Send step that cannot be played",
    ("rfc9112:6.3:content-length-valid",),
    Script("toy-broken-script",
           ((ExpectRequest(), Send(b"HTTP/1.1 200 OK\\r\\n", split=0), Close()),)),
    expect={"seed": OK, "modern": OK},
)


@pytest.mark.clauses("rfc9112:6.3:content-length-valid")
def test_broken_script(impl):
    played = drive.run_case(impl, BROKEN, "seed")
    expect.grade_case(impl, played, BROKEN.expectation("seed"))
'''


def test_a_script_that_cannot_be_played_is_an_error_and_exits_3(tmp_path) -> None:
    checks = write(str(tmp_path), "test_broken_checks.py", BROKEN_SCRIPT_CHECKS)
    results = str(tmp_path / "r.jsonl")
    done = run_cli(["run", "--impl", "reference.client", "--checks", checks, "--results",
                    results, *FAST])
    assert done.code == 3, done.out + done.err
    (record, *_) = records(results)
    assert record["grade"] == "error"
    assert "the kit could not play toy-broken-script" in record["message"]
    assert "Send.split must be a positive int" in record["message"]
    assert "prove nothing" in done.err
    baseline = str(tmp_path / "b.json")
    made = run_cli(["baseline", "--impl", "reference.client", "--checks", checks, *FAST])
    assert made.code == 3 and made.out == ""  # errors are never baselined
    with open(baseline, "w", encoding="utf-8") as out:
        json.dump({"schema": BASELINE_SCHEMA, "known": [],
                   "impl": {"name": "reference.client", "module": "reference.client",
                            "version": "0"},
                   "interpreter": {"implementation": platform.python_implementation(),
                                   "version": platform.python_version()}}, out)
    again = run_cli(["run", "--impl", "reference.client", "--checks", checks, "--baseline",
                     baseline, *FAST])
    assert again.code == 3


def test_checks_that_cannot_be_collected_are_the_kits_failure(tmp_path) -> None:
    checks = tmp_path / "checks"
    checks.mkdir()
    write(str(checks), "test_broken_import.py", "import no_such_module_zz\n")
    done = run_cli(["run", "--impl", "http.client", "--checks", str(checks), *FAST])
    assert done.code == 3, done.out + done.err
    assert "the kit failed" in done.err and "No module named 'no_such_module_zz'" in done.err
    assert done.err.count("\n") == 1


@pytest.mark.parametrize("name, edition, module, old, new, check, options", [
    # The docs do not say when UnknownProtocol is raised; CPython's behaviour
    # (cpython:HTTPResponse:UnknownProtocol) binds a run that asks for it.
    pytest.param("bad_status_for_unknown_protocol", "modern", "_response",
                 "            raise UnknownProtocol(f\"HTTP/{major}.{minor}\")\n",
                 "            raise BadStatusLine(text)\n",
                 "wire[status-http-2-0]", ["--like-cpython"],
                 id="unknown-protocol-as-bad-status-line"),
    pytest.param("seed_refuses_http09", "seed", "seed",
                 "        self._http09 = not strict\n", "        self._http09 = False\n",
                 "wire[status-http09-simple-response]", ["--like-cpython"],
                 id="seed-refuses-http09"),
    pytest.param("read_ignores_amt", "modern", "_response",
                 "        return self._guarded(self._body.read, amt)\n",
                 "        return self._guarded(self._body.read_all)\n",
                 "read_amt_at_most_amt", [], id="read-ignores-amt"),
])
def test_outcomes_once_lenient_now_fail(tmp_path, name: str, edition: str, module: str,
                                        old: str, new: str, check: str,
                                        options: List[str]) -> None:
    adapter = broken_reference(str(tmp_path), name, edition, module, old, new)
    results = str(tmp_path / "r.jsonl")
    done = run_cli(["run", "--impl", adapter, "--edition", edition, "--check", check,
                    "--results", results, *options])
    assert done.code == 1, done.out + done.err
    graded = [(r["check"], r["grade"]) for r in records(results)]
    assert graded == [(check, "fail")], graded
