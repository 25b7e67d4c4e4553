"""``python -m conformance report`` and ``matrix``: grade many implementations, then
build the report.

Each job is one ``python -m conformance run --impl X [--edition E] --results
FILE`` process, run from the checkout (so every interpreter grades with the
checkout's checks), a few at a time. A run's exit 0 or 1 is a result (1 only
says it found deviations); exit 2, 3, a crash or a timeout is reported by
name and the other jobs go on. The records go to ``--records`` (one JSON Lines
file per job, the folder emptied first), then ``python -m reports build``
turns them into ``-o``; nothing here reads a record.

``report`` grades with this interpreter; ``matrix`` with each tox env's
interpreter (``.tox/<env>/bin/python``), refreshing an env with ``tox -e ENV
--notest`` when it is missing or older than ``pyproject.toml``/``tox.ini``. An
interpreter tox cannot find is one line saying it was skipped.
"""

import argparse
import configparser
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, NamedTuple, Optional, Sequence, Set, TextIO, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

REFERENCES: Tuple[Tuple[str, Optional[str]], ...] = (
    ("reference.seed", "seed"), ("reference.client", "modern"))
# The drop-in replacements, each graded in both editions. geventhttpclient through
# its adapter: ``geventhttpclient.httplib`` as given defines three classes, so
# every other name is ``missing`` and the checks expecting an exception class
# cannot tell their grade (docs/peers.md).
PEERS: Tuple[str, ...] = (
    "conformance/adapters/geventhttpclient_patched.py",
    "future.backports.http.client",
    "conformance/adapters/urllib3_connection.py",
)
PEERS_ENV = "peers"
# Runs at a time. A run mostly waits on sockets: on 2 cores, make matrix took
# 2:31 two at a time, 2:02 three, 1:45 four (machine shared, load 6-10), with
# the same grades and outcomes in all three.
DEFAULT_PARALLEL = 3
JOB_TIMEOUT = 900.0  # seconds for one run; each check has its own deadline inside
TOX_TIMEOUT = 1800.0  # seconds for creating or refreshing the tox envs
STAMP = ".conformance-matrix"  # in a tox env: the digest of the files it was made from
EXIT_OK, EXIT_FAILED_JOBS, EXIT_USAGE, EXIT_NO_REPORT = 0, 1, 2, 3


class Job(NamedTuple):
    """One run: an implementation on one interpreter, in one edition or both."""

    python: str  # the interpreter's executable
    where: str  # what to call that interpreter in progress lines and file names
    impl: str
    edition: Optional[str]  # None: both editions
    extra: Tuple[str, ...] = ()  # more options of ``conformance run``

    @property
    def title(self) -> str:
        return f"{self.impl} ({self.edition or 'both editions'}) on {self.where}"

    @property
    def slug(self) -> str:
        text = f"{self.where}-{self.impl}-{self.edition or 'both'}"
        return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-")


def heaviest_first(jobs: Sequence[Job]) -> List[Job]:
    """The jobs with the longest first, so the last to start are short (measured here:
    geventhttpclient takes about 3 times http.client, PyPy about 2 times CPython, a
    reference in one edition half)."""
    def weight(job: Job) -> float:
        cost = 3.0 if "geventhttpclient" in job.impl else 1.0
        cost *= 0.5 if job.edition else 1.0
        return cost * (2.0 if "pypy" in job.where.lower() else 1.0)

    return sorted(jobs, key=weight, reverse=True)


class Outcome(NamedTuple):
    job: Job
    code: Optional[int]  # None: did not finish (timeout, could not start)
    records: Optional[str]  # the records file, when the run wrote one
    log: str


class Progress:
    """Progress lines with the time since the start, from any thread."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.start = time.monotonic()
        self.lock = threading.Lock()

    def say(self, text: str) -> None:
        elapsed = int(time.monotonic() - self.start)
        with self.lock:
            self.out.write(f"[{elapsed // 60:2d}:{elapsed % 60:02d}] {text}\n")
            self.out.flush()


def interpreter_jobs(python: str, where: str) -> List[Job]:
    """The references (each in its own edition) and the interpreter's http.client."""
    jobs = [Job(python, where, impl, edition) for impl, edition in REFERENCES]
    jobs.append(Job(python, where, "http.client", None))
    return jobs


def peer_jobs(python: str, where: str) -> List[Job]:
    return [Job(python, where, impl, None) for impl in PEERS]


def add_arguments(parser: argparse.ArgumentParser, matrix: bool) -> None:
    """The options of ``report`` (``matrix=False``) or ``matrix``."""
    default_records = os.path.join("results", "matrix" if matrix else "report")
    parser.add_argument("-o", "--output", default=os.path.join("reports", "out"), metavar="DIR",
                        help="where the report goes (default reports/out)")
    parser.add_argument("--records", default=default_records, metavar="DIR",
                        help=f"where each run's records and log go, emptied first "
                             f"(default {default_records})")
    parser.add_argument("--parallel", type=int, default=DEFAULT_PARALLEL, metavar="N",
                        help=f"runs at a time (default {DEFAULT_PARALLEL})")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help="processes inside each run (default 1)")
    if matrix:
        parser.add_argument("--env", action="append", default=None, metavar="ENV",
                            help="tox env to grade (repeatable; default: tox.ini's envlist "
                                 f"and {PEERS_ENV})")
        parser.add_argument("--tox", default=None, metavar="PATH",
                            help="tox executable for creating or refreshing envs (default: "
                                 "beside this interpreter, else on PATH)")
        parser.add_argument("--no-refresh", action="store_true",
                            help="grade the envs as they are (never run tox)")
    else:
        parser.add_argument("--no-peers", action="store_true",
                            help="grade the references and http.client only")


def main(args: argparse.Namespace, matrix: bool) -> int:
    """Run the jobs, build the report; return the exit status."""
    problem = _bad_argument(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    progress = Progress(sys.stdout)
    if matrix:
        jobs = _matrix_jobs(args, progress)
    else:
        jobs = interpreter_jobs(sys.executable, _interpreter_name())
        if not args.no_peers:
            jobs.extend(peer_jobs(sys.executable, _interpreter_name()))
    return grade_and_build(jobs, os.path.abspath(args.records), os.path.abspath(args.output),
                           args.parallel, args.jobs, progress)


def grade_and_build(jobs: Sequence[Job], records_dir: str, output: str, parallel: int,
                    inner_jobs: int, progress: Progress) -> int:
    """Run ``jobs`` into ``records_dir``, build the report in ``output``, print the
    path of its index.html last; the exit status."""
    _empty(records_dir)
    outcomes = run_jobs(heaviest_first(jobs), records_dir, parallel, inner_jobs, progress)
    failed = [o for o in outcomes if o.code not in (0, 1)]
    for outcome in failed:
        status = "did not finish" if outcome.code is None else f"exit {outcome.code}"
        progress.say(f"FAILED {outcome.job.title}: {status}; its output: {outcome.log}")
    files = [o.records for o in outcomes if o.records]
    if not files:
        progress.say("error: no run wrote records; no report")
        return EXIT_NO_REPORT
    index, complete = build_report(files, output, progress)
    if index is None:
        return EXIT_NO_REPORT
    print(index)
    return EXIT_FAILED_JOBS if failed or not complete else EXIT_OK


def _bad_argument(args: argparse.Namespace) -> str:
    if args.parallel < 1:
        return f"--parallel must be at least 1, got {args.parallel}"
    if args.jobs < 1:
        return f"-j must be at least 1, got {args.jobs}"
    for env in getattr(args, "env", None) or ():
        if not re.match(r"^[A-Za-z0-9._-]+$", env):
            return f"--env {env!r} is not a tox env name"
    return ""


def _interpreter_name() -> str:
    import platform

    return f"{platform.python_implementation()} {platform.python_version()}"


def _empty(folder: str) -> None:
    """Remove the records and logs of an earlier run (only the files this module writes)."""
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.endswith((".jsonl", ".log")):
            os.remove(os.path.join(folder, name))


def run_jobs(jobs: Sequence[Job], records_dir: str, parallel: int, inner_jobs: int,
             progress: Progress) -> List[Outcome]:
    """Run every job, ``parallel`` at a time; the outcomes in the order of ``jobs``."""
    done = [0]
    total = len(jobs)
    counter = threading.Lock()

    def one(job: Job) -> Outcome:
        progress.say(f"start  {job.title}")
        started = time.monotonic()
        outcome = run_job(job, records_dir, inner_jobs)
        with counter:
            done[0] += 1
            number = done[0]
        progress.say(f"done {number}/{total}: {job.title}: {describe(outcome)} "
                     f"({time.monotonic() - started:.0f} s)")
        return outcome

    progress.say(f"{total} runs, {parallel} at a time, records in {records_dir}")
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return list(pool.map(one, jobs))


def run_job(job: Job, records_dir: str, inner_jobs: int) -> Outcome:
    """One ``conformance run`` process from the checkout, its output to a log file."""
    records = os.path.join(records_dir, job.slug + ".jsonl")
    log = os.path.join(records_dir, job.slug + ".log")
    command = [job.python, "-m", "conformance", "run", "--impl", job.impl,
               "-j", str(inner_jobs), "--results", records]
    if job.edition:
        command.extend(["--edition", job.edition])
    command.extend(job.extra)
    code: Optional[int] = None
    with open(log, "w", encoding="utf-8") as out:
        out.write("$ " + " ".join(command) + "\n")
        out.flush()
        try:
            code = _run_in_group(command, out, JOB_TIMEOUT)
        except subprocess.TimeoutExpired:
            out.write(f"\n(stopped after {JOB_TIMEOUT:.0f} s)\n")
        except OSError as exc:
            out.write(f"\n(could not start: {exc})\n")
    return Outcome(job, code, records if os.path.exists(records) else None, log)


def _run_in_group(command: List[str], out: TextIO, timeout: float) -> int:
    """Run ``command`` from the checkout in a process group of its own; on timeout,
    kill the group (the run and the pytest processes it started), then re-raise."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=os.name == "posix")
    try:
        return process.wait(timeout=timeout)
    except BaseException:
        _kill_group(process)
        process.wait()
        raise


def describe(outcome: Outcome) -> str:
    """What a run's exit status means, in a few words."""
    meanings = {0: "no failure", 1: "deviations found", 2: "usage error",
                3: "the kit failed (check graded error)"}
    if outcome.code is None:
        return "did not finish"
    return f"exit {outcome.code}, " + meanings.get(outcome.code, "crashed")


def build_report(files: Sequence[str], output: str,
                 progress: Progress) -> Tuple[Optional[str], bool]:
    """``python -m reports build FILES -o OUTPUT``: the path of index.html (None when
    no report was written) and whether every record was read."""
    progress.say(f"building the report from {len(files)} records files into {output}")
    command = [sys.executable, "-m", "reports", "build", *files, "-o", output]
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True, check=False)
    lines = done.stdout.splitlines()
    for line in lines[:-1]:
        print(line)
    index = lines[-1] if lines else ""
    if done.returncode not in (0, 1) or not index.endswith("index.html"):
        progress.say(f"error: 'python -m reports build' failed (exit {done.returncode}): "
                     + (index or "no output"))
        return None, False
    if done.returncode == 1:
        progress.say("some records could not be read (listed above); the report leaves them out")
    return index, done.returncode == 0


def tox_envs(tox_ini: str) -> List[str]:
    """tox.ini's envlist, then the peers env."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(tox_ini, encoding="utf-8")
    listed = parser.get("tox", "envlist", fallback="")
    envs = [name.strip() for name in re.split(r"[,\s]+", listed) if name.strip()]
    if parser.has_section(f"testenv:{PEERS_ENV}") and PEERS_ENV not in envs:
        envs.append(PEERS_ENV)
    return envs


def env_python(env: str) -> str:
    folder = "Scripts" if os.name == "nt" else "bin"
    return os.path.join(ROOT, ".tox", env, folder, "python")


def env_digest() -> str:
    """What an env's packages depend on: the digest of pyproject.toml and tox.ini."""
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "tox.ini"):
        with open(os.path.join(ROOT, name), "rb") as src:
            digest.update(src.read())
    return digest.hexdigest()


def is_current(env: str, digest: str) -> bool:
    """The env exists and was made or refreshed from today's pyproject.toml and tox.ini."""
    stamp = os.path.join(ROOT, ".tox", env, STAMP)
    if not os.path.exists(env_python(env)) or not os.path.exists(stamp):
        return False
    with open(stamp, encoding="utf-8") as src:
        return src.read().strip() == digest


def find_tox(given: Optional[str]) -> Optional[str]:
    if given:
        return given
    beside = os.path.join(os.path.dirname(sys.executable), "tox")
    return beside if os.path.exists(beside) else shutil.which("tox")


# tox's line as it finishes an env: "py38: OK ✔ in 23.2 seconds", "py27: SKIP ...",
# "py39: FAIL ✖ ...", or "py27: skipped because could not find python interpreter ...";
# and its summary at the end ("  peers: OK (12.40 seconds)"), the only line for the last
# env when tox runs several.
_TOX_DONE = re.compile(r"^\s*([A-Za-z0-9._-]+): (OK|SKIP|FAIL|skipped|failed)\b")


def refresh_envs(envs: Sequence[str], tox: Optional[str], log: str,
                 progress: Progress) -> None:
    """``tox run -e ENVS --notest``: create the missing envs, bring the stale ones up to
    date, saying each as tox finishes it; stamp the envs tox made (``OK``)."""
    if tox is None:
        progress.say(f"no tox found (--tox PATH names one): {', '.join(envs)} not refreshed")
        return
    progress.say(f"tox: creating or refreshing {', '.join(envs)} (log: {log})")
    command = [tox, "run", "-e", ",".join(envs), "--notest"]
    made: List[str] = []
    reported: Set[str] = set()
    failed = seen = 0
    with open(log, "w", encoding="utf-8") as out:
        try:
            process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       text=True, encoding="utf-8", errors="replace",
                                       start_new_session=os.name == "posix")
        except OSError as exc:
            progress.say(f"tox: could not start {tox!r}: {exc}")
            return
        watchdog = threading.Timer(TOX_TIMEOUT, _kill_group, (process,))
        watchdog.start()
        try:
            assert process.stdout is not None
            for line in process.stdout:
                out.write(line)
                found = _TOX_DONE.match(line)
                if found and found.group(1) in envs and found.group(1) not in reported:
                    reported.add(found.group(1))
                    seen += 1
                    status = found.group(2)
                    failed += status in ("FAIL", "failed")
                    if status == "OK":
                        made.append(found.group(1))
                    if status not in ("SKIP", "skipped"):  # a skip gets its own line later
                        progress.say(f"tox: {line.strip()}")
            code = process.wait()
        finally:
            watchdog.cancel()
    if failed or (code != 0 and not seen):  # an env failed, or tox itself did
        progress.say(f"tox: exit {code}; the envs it could not make are skipped (log: {log})")
    digest = env_digest()
    for env in made:
        with open(os.path.join(ROOT, ".tox", env, STAMP), "w", encoding="utf-8") as out:
            out.write(digest + "\n")


def _kill_group(process: "subprocess.Popen[str]") -> None:
    """Stop ``process`` and what it started (its own process group)."""
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.kill()


def _matrix_jobs(args: argparse.Namespace, progress: Progress) -> List[Job]:
    envs = args.env or tox_envs(os.path.join(ROOT, "tox.ini"))
    digest = env_digest()
    stale = [env for env in envs if not is_current(env, digest)]
    tox = find_tox(args.tox)
    log = os.path.join(os.path.abspath(args.records), "tox.txt")
    refreshed = bool(stale) and not args.no_refresh and tox is not None
    if stale and not args.no_refresh:
        os.makedirs(os.path.abspath(args.records), exist_ok=True)
        refresh_envs(stale, tox, log, progress)
    jobs: List[Job] = []
    for env in envs:
        python = env_python(env)
        if not os.path.exists(python):
            progress.say(f"{env}: skipped (no interpreter for it: .tox/{env} does not exist)")
        elif refreshed and env in stale and not is_current(env, digest):
            progress.say(f"{env}: skipped (tox could not bring it up to date: {log})")
        elif env == PEERS_ENV:
            jobs.extend(peer_jobs(python, env))
        else:
            jobs.extend(interpreter_jobs(python, env))
    return jobs


def make_parsers(commands: "argparse._SubParsersAction") -> Dict[str, argparse.ArgumentParser]:
    """Add ``report`` and ``matrix`` to the ``python -m conformance`` subcommands."""
    report = commands.add_parser(
        "report", help="grade the references, this interpreter's http.client and the peers, "
                       "then build reports/out")
    add_arguments(report, matrix=False)
    matrix = commands.add_parser(
        "matrix", help="the same in every tox env (one per interpreter, and peers), "
                       "merged into one report")
    add_arguments(matrix, matrix=True)
    return {"report": report, "matrix": matrix}
