"""``python -m conformance report`` / ``matrix`` (``conformance.matrix``): runs graded
as separate processes with progress, a failed run named while the others go on,
then the report built; tox envs refreshed when stale, a missing one skipped."""

import argparse
import io
import os
import re
import subprocess
import sys
import textwrap
import time
from typing import List

import pytest
from conformance_support import FAST, MISSING_TOY, toy_checks, write

from conformance import matrix
from conformance.matrix import Job, Progress


def _toy_jobs(folder: str) -> List[Job]:
    checks = ("--checks", toy_checks(folder), *FAST)
    toy = write(folder, "missing_toy.py", MISSING_TOY)
    return [
        Job(sys.executable, "here", "http.client", None, checks),
        Job(sys.executable, "here", toy, "seed", checks),
        Job(sys.executable, "here", "no_such_module_xyz", None, checks),
    ]


def test_runs_go_on_past_a_failed_one_and_the_report_is_built(tmp_path, capsys) -> None:
    folder = str(tmp_path)
    jobs = _toy_jobs(folder)
    out = io.StringIO()
    status = matrix.grade_and_build(
        jobs, os.path.join(folder, "records"), os.path.join(folder, "report"),
        parallel=2, inner_jobs=1, progress=Progress(out))
    printed = capsys.readouterr().out.splitlines()
    progress = out.getvalue()
    assert status == matrix.EXIT_FAILED_JOBS, progress
    assert printed[-1] == os.path.join(folder, "report", "index.html")
    assert os.path.isfile(printed[-1])
    # each run starts and ends with how many are done and the time since the start
    for number in (1, 2, 3):
        assert re.search(rf"^\[ 0:\d\d\] done {number}/3: ", progress, re.M), progress
    assert "http.client (both editions) on here: exit 0, no failure" in progress
    assert "(seed) on here: exit 1, deviations found" in progress
    assert re.search(r"FAILED no_such_module_xyz \(both editions\) on here: exit 2; its output: "
                     r".*no-such-module-xyz-both\.log", progress)
    records = sorted(os.listdir(os.path.join(folder, "records")))
    assert [name for name in records if name.endswith(".jsonl")] == sorted(
        job.slug + ".jsonl" for job in jobs[:2])
    assert jobs[0].slug == "here-http.client-both"
    with open(os.path.join(folder, "records", "here-no-such-module-xyz-both.log"),
              encoding="utf-8") as src:
        assert "is not importable" in src.read()


def test_no_records_no_report(tmp_path) -> None:
    folder = str(tmp_path)
    out = io.StringIO()
    status = matrix.grade_and_build(_toy_jobs(folder)[2:], os.path.join(folder, "records"),
                                    os.path.join(folder, "report"), 1, 1, Progress(out))
    assert status == matrix.EXIT_NO_REPORT
    assert "no run wrote records; no report" in out.getvalue()
    assert not os.path.exists(os.path.join(folder, "report"))


def test_an_earlier_runs_records_are_removed(tmp_path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    for name in ("old.jsonl", "old.log", "tox.txt"):
        (records / name).write_text("x")
    matrix._empty(str(records))
    assert sorted(os.listdir(str(records))) == ["tox.txt"]


def test_the_heaviest_runs_start_first() -> None:
    jobs = [Job("p", "py311", "reference.seed", "seed"), Job("p", "py311", "http.client", None),
            Job("p", "pypy3", "http.client", None),
            Job("p", "peers", matrix.PEERS[0], None)]
    assert [(j.where, j.impl) for j in matrix.heaviest_first(jobs)] == [
        ("peers", matrix.PEERS[0]), ("pypy3", "http.client"), ("py311", "http.client"),
        ("py311", "reference.seed")]


def test_the_envs_are_tox_ini_s_and_peers() -> None:
    envs = matrix.tox_envs(os.path.join(matrix.ROOT, "tox.ini"))
    assert envs == ["py38", "py39", "py310", "py311", "py312", "py313", "pypy3", "peers"]


def test_report_and_matrix_jobs_cover_the_columns() -> None:
    report = matrix.interpreter_jobs("p", "here") + matrix.peer_jobs("p", "here")
    assert [(j.impl, j.edition) for j in report] == [
        ("reference.seed", "seed"), ("reference.client", "modern"), ("http.client", None),
        *((peer, None) for peer in matrix.PEERS)]
    for peer in matrix.PEERS:
        assert "/" not in peer or os.path.isfile(os.path.join(matrix.ROOT, peer))


FAKE_TOX = textwrap.dedent('''
    """A stand-in for tox: makes .tox/ENV/bin/python for each env, says OK, but
    for py27 (no interpreter: skipped) and py39 (made, then its install fails).
    As tox 4 does, the last env gets no progress line, only its summary line."""
    import os, sys
    envs = sys.argv[sys.argv.index("-e") + 1].split(",")
    print("fake tox", " ".join(sys.argv[1:]))
    for env in envs:
        if env == "py27":
            print("py27: skipped because could not find python interpreter with spec(s): py27")
            continue
        folder = os.path.join(".tox", env, "bin")
        os.makedirs(folder, exist_ok=True)
        os.symlink(sys.executable, os.path.join(folder, "python"))
        print(f"{env}: install_deps> python -I -m pip install pytest")
        if env != envs[-1]:
            print(f"{env}: FAIL code 1 (0.20 seconds)" if env == "py39" else
                  f"{env}: OK ✔ in 0.10 seconds")
    for env in envs:
        print(f"  {env}: " + ("SKIP" if env == "py27" else "FAIL code 1" if env == "py39"
                              else "OK") + " (0.10 seconds)")
    sys.exit(1 if "py39" in envs else 0)
''')


@pytest.fixture
def checkout(tmp_path, monkeypatch) -> str:
    """A checkout of its own (tox.ini, pyproject.toml, no .tox) for the runner."""
    folder = str(tmp_path / "checkout")
    os.makedirs(folder)
    write(folder, "tox.ini", "[tox]\nenvlist = py27, py39, py311\n[testenv:peers]\n")
    write(folder, "pyproject.toml", "[project]\nname = 'x'\n")
    tox = write(str(tmp_path), "fake_tox.py", FAKE_TOX)
    launcher = write(str(tmp_path), "tox", f"#!/bin/sh\nexec {sys.executable} {tox} \"$@\"\n")
    os.chmod(launcher, 0o755)
    monkeypatch.setattr(matrix, "ROOT", folder)
    return folder


def _matrix_args(checkout: str, *extra: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    matrix.add_arguments(parser, matrix=True)
    tox = os.path.join(os.path.dirname(checkout), "tox")
    return parser.parse_args(["--tox", tox, "--records", os.path.join(checkout, "r"), *extra])


def test_missing_envs_are_made_a_missing_interpreter_skipped(checkout: str) -> None:
    out = io.StringIO()
    jobs = matrix._matrix_jobs(_matrix_args(checkout), Progress(out))
    progress = out.getvalue()
    assert "tox: creating or refreshing py27, py39, py311, peers" in progress
    # each env as tox finishes it
    assert "tox: py311: OK ✔ in 0.10 seconds" in progress
    assert "tox: peers: OK (0.10 seconds)" in progress  # the last env: its summary line
    assert "tox: py39: FAIL code 1 (0.20 seconds)" in progress
    assert "tox: exit 1; the envs it could not make are skipped" in progress
    assert "py27: skipped (no interpreter for it: .tox/py27 does not exist)" in progress
    assert "tox: py27" not in progress, "a missing interpreter is one line"
    assert "py39: skipped (tox could not bring it up to date: " in progress
    assert [(j.where, j.impl) for j in jobs] == [
        ("py311", "reference.seed"), ("py311", "reference.client"), ("py311", "http.client"),
        *(("peers", peer) for peer in matrix.PEERS)]
    digest = matrix.env_digest()
    assert matrix.is_current("py311", digest) and not matrix.is_current("py39", digest)
    with open(os.path.join(checkout, "r", "tox.txt"), encoding="utf-8") as src:
        assert src.readline() == "fake tox run -e py27,py39,py311,peers --notest\n"
    # current envs are not refreshed again; a changed tox.ini makes them stale
    again = io.StringIO()
    matrix._matrix_jobs(_matrix_args(checkout, "--env", "py311"), Progress(again))
    assert "tox:" not in again.getvalue()
    with open(os.path.join(checkout, "tox.ini"), "a", encoding="utf-8") as out_file:
        out_file.write("# changed\n")
    assert not matrix.is_current("py311", matrix.env_digest())


def test_without_refresh_a_missing_env_is_skipped(checkout: str) -> None:
    out = io.StringIO()
    jobs = matrix._matrix_jobs(_matrix_args(checkout, "--no-refresh"), Progress(out))
    assert jobs == []
    assert out.getvalue().count("skipped") == 4 and "tox:" not in out.getvalue()


@pytest.mark.parametrize("argv, words", [
    (["--parallel", "0"], "--parallel must be at least 1, got 0"),
    (["-j", "0"], "-j must be at least 1, got 0"),
    (["--env", "py3 11"], "--env 'py3 11' is not a tox env name"),
])
def test_bad_arguments_exit_2(argv: List[str], words: str, capsys) -> None:
    parser = argparse.ArgumentParser()
    matrix.add_arguments(parser, matrix=True)
    assert matrix.main(parser.parse_args(argv), matrix=True) == matrix.EXIT_USAGE
    assert capsys.readouterr().err.strip() == f"error: {words}"


GRANDPARENT = textwrap.dedent('''
    import subprocess, sys, time
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    print(child.pid, flush=True)
    time.sleep(60)
''')


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as src:
            return src.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_run_past_its_time_is_stopped_with_the_processes_it_started(tmp_path) -> None:
    log = tmp_path / "log"
    with open(str(log), "w", encoding="utf-8") as out:
        with pytest.raises(subprocess.TimeoutExpired):
            matrix._run_in_group([sys.executable, "-c", GRANDPARENT], out, timeout=2)
    grandchild = int(log.read_text().split()[0])
    deadline = time.monotonic() + 5
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(grandchild)


def test_a_run_past_its_time_is_reported_and_not_read(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(matrix, "JOB_TIMEOUT", 0.2)
    job = _toy_jobs(str(tmp_path))[0]
    outcome = matrix.run_job(job, str(tmp_path), 1)
    assert outcome.code is None and outcome.records is None
    assert matrix.describe(outcome) == "did not finish"
    with open(outcome.log, encoding="utf-8") as src:
        assert "(stopped after 0 s)" in src.read()
