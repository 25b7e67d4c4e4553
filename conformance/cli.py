"""``python -m conformance``: run the suite, write baselines, show the catalogue.

Exit status: 0 when no check fails (``lenient`` and ``info`` do not fail) or
every failure is known to the baseline with the same outcome; 1 on new or
changed failures, or when no check ran; 2 on a usage error (a foreign
baseline included); 3 when any check was graded ``error`` (the kit failed,
so the run proves nothing, whatever else it found).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Sequence, Tuple

from conformance import matrix
from conformance.baseline import (
    Baseline,
    BaselineError,
    check_origin,
    compare,
    interpreter_here,
    load_baseline,
    make_baseline,
)
from conformance.grading import ERROR
from conformance.impl import ImplError, load
from conformance.profiles import PROFILES
from conformance.results import ResultsError, read_records, write_records
from reports.summary import coverage, render_side_by_side, render_summary

DEFAULT_CHECKS = "conformance.checks"
# Most of a run is waiting on sockets, so two processes halve it even on 2 cores.
DEFAULT_JOBS = 2
EXIT_OK, EXIT_DEVIATIONS, EXIT_USAGE, EXIT_KIT_ERROR = 0, 1, 2, 3
# pytest's own exit codes that mean "the command line was wrong".
PYTEST_USAGE = (4,)

Record = Dict[str, Any]


class UsageError(Exception):
    """A bad argument; the message is one line naming the value."""


class RunFailed(Exception):
    """pytest could not run the checks (a check module that does not import, an
    internal error): the kit failed, exit status 3."""


class NothingRan(Exception):
    """No check was selected for an implementation (exit status 1)."""


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m conformance",
                                     description="http.client conformance kit")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("run", "grade implementations and print a summary"),
                       ("compare", "grade several implementations side by side"),
                       ("baseline", "print a baseline (JSON) of an implementation's deviations")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--impl", action="append", required=True,
                         help="dotted module or .py adapter (repeat to grade several)")
        sub.add_argument("--edition", choices=("seed", "modern"), default=None)
        sub.add_argument("--check", action="append", default=[], metavar="ID",
                         help="run only this check id (repeatable)")
        sub.add_argument("--checks", default=DEFAULT_CHECKS, metavar="TARGET",
                         help="package or path holding the checks (default conformance.checks)")
        sub.add_argument("-j", "--jobs", type=int, default=DEFAULT_JOBS, metavar="N",
                         help=f"run the checks in N parallel processes (default {DEFAULT_JOBS})")
        sub.add_argument("--deadline", type=float, default=None, metavar="SECONDS",
                         help="time one run of a script may take before it is graded hang")
        sub.add_argument("--check-deadline", type=float, default=None, metavar="SECONDS",
                         help="time a whole check may take before it is graded hang")
        sub.add_argument("--client-timeout", type=float, default=None, metavar="SECONDS",
                         help="socket timeout given to the client")
        sub.add_argument("--strict", action="store_true",
                         help="SHOULD clauses bind: a deviation fails the run")
        sub.add_argument("--like-cpython", action="store_true",
                         help="de-facto clauses (CPython's behaviour beyond its documentation) "
                              "bind: a deviation fails the run (for drop-in replacements)")
        sub.add_argument("-v", "--verbose", action="store_true", help="show pytest's output")
        sub.add_argument("--hypothesis-profile", default=None, choices=PROFILES,
                         help="the property checks' Hypothesis profile (default ci: "
                              "derandomised, bounded; dev; thorough: 10,000 examples each)")
        if name == "run":
            sub.add_argument("--results", default=None, metavar="FILE",
                             help="write the records (JSON Lines) to FILE")
            sub.add_argument("--baseline", default=None, metavar="FILE",
                             help="known deviations (from 'python -m conformance baseline')")
            sub.add_argument("--baseline-from-other-impl", action="store_true",
                             help="accept a baseline made from another --impl or interpreter")
            sub.add_argument("--shard", default=None, metavar="I/N",
                             help="run only shard I of N (0 <= I < N) of the checks, e.g. one "
                                  "CI worker's share; the N shards' records merge into one run")
        if name == "baseline":
            sub.add_argument("--repeat", type=int, default=1, metavar="N",
                             help="run N times and list every outcome seen (for behaviour "
                                  "that truly varies between runs)")
    matrix.make_parsers(commands)
    replay = commands.add_parser("replay", help="run one property example again, once "
                                                "(from a records file or an example JSON)")
    replay.add_argument("file", metavar="FILE",
                        help="an example object, or records (JSON Lines or a JSON array)")
    replay.add_argument("--impl", required=True, help="dotted module or .py adapter")
    replay.add_argument("--check", default=None, metavar="ID",
                        help="the property check whose example to replay")
    replay.add_argument("--edition", choices=("seed", "modern"), default=None)
    commands.add_parser("clauses", help="print the clause catalogue with check coverage")
    commands.add_parser("checks", help="print every check id (what --check takes) and its "
                                       "clauses")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "clauses":
            return cmd_clauses()
        if args.command == "checks":
            return cmd_checks()
        if args.command in ("report", "matrix"):
            return matrix.main(args, matrix=args.command == "matrix")
        if args.command == "replay":
            from conformance.replay import run as replay

            return replay(args.file, load(args.impl), args.check, args.edition)
        baseline = _validate(args)
        runs = _run_all(args)
        status = EXIT_OK
    except (UsageError, ImplError, BaselineError, ResultsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RunFailed as exc:
        print(f"error: the kit failed: {exc}", file=sys.stderr)
        return EXIT_KIT_ERROR
    except NothingRan as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DEVIATIONS
    if any(r["grade"] == ERROR for _, records in runs for r in records):
        status = EXIT_KIT_ERROR
    if args.command == "baseline":
        if status == EXIT_KIT_ERROR:
            _print_errors(runs)
            return status
        print(json.dumps(make_baseline([r for _, records in runs for r in records]), indent=1))
        return EXIT_OK
    if args.command == "compare":
        print(render_side_by_side(runs))
        failing = any(compare(r, {}).failing for _, r in runs)
        return status or (EXIT_DEVIATIONS if failing else EXIT_OK)
    return _report(args, runs, status, baseline)


def _validate(args: argparse.Namespace) -> Optional[Baseline]:
    """Check the arguments before anything runs; return the ``--baseline``, if any."""
    if args.command == "baseline" and len(args.impl) != 1:
        raise UsageError("baseline takes exactly one --impl")
    if args.command == "compare" and len(args.impl) < 2:
        raise UsageError("compare needs at least two --impl")
    if args.jobs < 1:
        raise UsageError(f"-j must be at least 1, got {args.jobs}")
    if getattr(args, "shard", None) is not None:
        parse_shard(args.shard)
    if getattr(args, "repeat", 1) < 1:
        raise UsageError(f"--repeat must be at least 1, got {args.repeat}")
    for name in ("deadline", "client_timeout", "check_deadline"):
        value = getattr(args, name)
        if value is not None and not value > 0:
            raise UsageError(f"--{name.replace('_', '-')} must be positive, got {value!r}")
    for spec in args.impl:
        load(spec)
    results = getattr(args, "results", None)
    if results is not None:
        folder = os.path.dirname(os.path.abspath(results))
        if not os.path.isdir(folder) or os.path.isdir(results):
            raise UsageError(f"--results {results!r} is not a writable file path")
    if getattr(args, "baseline", None) is None:
        return None
    if len(args.impl) != 1:
        raise UsageError("--baseline takes exactly one --impl")
    baseline = load_baseline(args.baseline)
    if not args.baseline_from_other_impl:
        check_origin(baseline, args.impl[0])
    return baseline


def _report(args: argparse.Namespace, runs: List[Tuple[str, List[Record]]],
            status: int, baseline: Optional[Baseline]) -> int:
    if baseline is not None:
        _say_where_the_baseline_is_from(baseline, args.impl[0])
    for name, records in runs:
        against = compare(records, baseline.known if baseline else {})
        title = f"== {name} ({_describe_impl(records)}) =="
        print(render_summary(title, records, against if baseline else None,
                             baseline.known if baseline else None))
        print()
        if against.failing and status == EXIT_OK:
            status = EXIT_DEVIATIONS
    if args.results:
        write_records(args.results, [r for _, records in runs for r in records])
    if status == EXIT_KIT_ERROR:
        _print_errors(runs)
    return status


def _say_where_the_baseline_is_from(baseline: Baseline, impl_name: str) -> None:
    """One line when the baseline was made from another implementation or another
    release of this interpreter: its outcomes may differ for that reason alone."""
    theirs, here = baseline.interpreter, interpreter_here()
    made = (f"--impl {baseline.impl['name']!r} on {theirs['implementation']} "
            f"{theirs['version']}")
    if baseline.impl["name"] != impl_name or theirs != here:
        print(f"note: baseline {baseline.path!r} was made from {made}; this run is --impl "
              f"{impl_name!r} on {here['implementation']} {here['version']}", file=sys.stderr)


def _print_errors(runs: List[Tuple[str, List[Record]]]) -> None:
    errors = [r for _, records in runs for r in records if r["grade"] == ERROR]
    print(f"error: the kit failed in {len(errors)} check(s); these results prove nothing "
          "about the implementation:", file=sys.stderr)
    for record in errors:
        print(f"  [{record['edition']}] {record['check']}: {record['message']}", file=sys.stderr)


def _describe_impl(records: List[Record]) -> str:
    first = records[0]
    interp = first["interpreter"]
    return (f"impl version {first['impl']['version']} on "
            f"{interp['implementation']} {interp['version']}, run {first['run_id'][:8]}")


def _run_all(args: argparse.Namespace) -> List[Tuple[str, List[Record]]]:
    specs = list(args.impl) * getattr(args, "repeat", 1)
    if args.command == "baseline":  # its stdout is the baseline: progress goes to stderr
        runs = []
        for number, spec in enumerate(specs, 1):
            print(f"baseline: run {number} of {len(specs)} for --impl {spec}", file=sys.stderr)
            runs.append((spec, run_impl(spec, args)))
        return runs
    with ThreadPoolExecutor(max_workers=max(1, len(args.impl))) as pool:
        futures = [pool.submit(run_impl, spec, args) for spec in specs]
        return [(spec, future.result()) for spec, future in zip(specs, futures)]


def run_impl(spec: str, args: argparse.Namespace) -> List[Record]:
    """Run the checks against ``spec`` in ``args.jobs`` pytest processes; return the records."""
    run_id = uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix="conformance-") as tmp:
        shards = process_shards(getattr(args, "shard", None), args.jobs)
        with ThreadPoolExecutor(max_workers=len(shards)) as pool:
            futures = [
                pool.submit(_pytest, spec, args, os.path.join(tmp, f"r{i}.jsonl"), shard, run_id)
                for i, shard in enumerate(shards)
            ]
            outputs = [future.result() for future in futures]
        records: List[Record] = []
        for i, (code, output) in enumerate(outputs):
            if args.verbose:
                sys.stderr.write(output)
            if code in PYTEST_USAGE:
                raise UsageError(_last_error_line(output) or f"pytest rejected --impl {spec!r}")
            path = os.path.join(tmp, f"r{i}.jsonl")
            if code not in (0, 1, 5) or (code != 5 and not os.path.exists(path)):
                cause = _collection_error(spec, args) or _last_error_line(output)
                raise RunFailed(f"pytest failed (exit {code}) for --impl {spec!r}: {cause} "
                                "(-v shows pytest's output)")
            if os.path.exists(path):
                records.extend(read_records(path))
    if not records:
        raise NothingRan(f"no check ran for --impl {spec!r}")
    return records


def parse_shard(text: str) -> Tuple[int, int]:
    """``"I/N"`` as ``(I, N)`` with ``0 <= I < N``; ``UsageError`` naming the value otherwise."""
    parts = text.split("/")
    if len(parts) == 2 and all(part.strip().isdigit() for part in parts):
        index, count = int(parts[0]), int(parts[1])
        if index < count:
            return index, count
    raise UsageError(f"--shard {text!r} is not I/N with 0 <= I < N")


def process_shards(shard: Optional[str], jobs: int) -> List[Optional[str]]:
    """The plugin's ``--shard`` of each of the ``jobs`` processes running ``shard``.

    The plugin keeps a check when ``crc32(id) % N == I``. Shard I of N split over
    J processes is shards ``I + N*j`` of ``N*J`` (j < J): a number that is
    ``I + N*j`` modulo ``N*J`` is ``I`` modulo N, so the J process shards are
    disjoint and together hold exactly shard I of N.
    """
    index, count = parse_shard(shard) if shard is not None else (0, 1)
    if count == 1 and jobs == 1:
        return [None]
    return [f"{index + count * j}/{count * jobs}" for j in range(jobs)]


def _collection_error(spec: str, args: argparse.Namespace) -> str:
    """The first error of collecting the checks (a module that does not import),
    or "" when collection succeeds: what a failed run most often means."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=short",
               "--collect-only", *_plugin_args(), "--rootdir", os.getcwd(),
               *_target(args.checks), "--impl", spec]
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, check=False, timeout=120)
    except subprocess.TimeoutExpired:
        return ""
    for line in done.stdout.splitlines():
        if line.startswith("E   "):
            return line[4:].strip()
    return ""


def _target(checks: str) -> List[str]:
    """pytest's arguments naming the checks: a path, or a package (``--pyargs``)."""
    return [checks] if os.path.exists(checks) else ["--pyargs", checks]


RUN_TIMEOUT = 1800  # seconds for one pytest process; each check has its own deadline
LONG_RUN_TIMEOUT = 6 * 3600  # the same under the dev and thorough profiles


def _plugin_args() -> List[str]:
    """``-p conformance.plugin`` unless the installed entry point already loads it."""
    try:
        from importlib import metadata

        found = metadata.entry_points()
        group = (found.select(group="pytest11") if hasattr(found, "select")
                 else found.get("pytest11", []))
        if any(ep.value == "conformance.plugin" for ep in group):
            return []
    except Exception:  # no metadata: load it explicitly
        pass
    return ["-p", "conformance.plugin"]


def _pytest(spec: str, args: argparse.Namespace, results: str,
            shard: Optional[str], run_id: str) -> Tuple[int, str]:
    target = args.checks
    # The records carry every grade and message; pytest's tracebacks are only
    # wanted with -v (and formatting them has tripped CPython 3.11's
    # "AST constructor recursion depth mismatch" bug, gh-106905).
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "--tb=short" if args.verbose else "--tb=no",
               *_plugin_args(), "--rootdir", os.getcwd()]
    command.extend(_target(target))
    command.extend(["--impl", spec, "--results", results, "--run-id", run_id])
    if args.edition:
        command.extend(["--edition", args.edition])
    for check in args.check:
        command.extend(["--check", check])
    if shard:
        command.extend(["--shard", shard])
    if args.deadline is not None:
        command.extend(["--deadline", str(args.deadline)])
    if args.client_timeout is not None:
        command.extend(["--client-timeout", str(args.client_timeout)])
    if args.check_deadline is not None:
        command.extend(["--check-deadline", str(args.check_deadline)])
    if args.hypothesis_profile:
        command.extend(["--hypothesis-profile", args.hypothesis_profile])
    if getattr(args, "results", None):
        # a failed property's reproduce command replays its example from there
        command.extend(["--replay-file", args.results])
    if args.strict:
        command.append("--strict-should")
    if args.like_cpython:
        command.append("--like-cpython")
    # the dev and thorough profiles search far longer than the ci default
    limit = RUN_TIMEOUT if args.hypothesis_profile in (None, "ci") else LONG_RUN_TIMEOUT
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, check=False, timeout=limit)
    except subprocess.TimeoutExpired:
        raise RunFailed(f"the checks for --impl {spec!r} did not finish within "
                        f"{limit} s") from None
    return done.returncode, done.stdout


def _last_error_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith("ERROR:") or line.startswith("E "):
            return line.split(":", 1)[1].strip() if line.startswith("ERROR:") else line[2:]
    return lines[-1] if lines else ""


def cmd_clauses() -> int:
    """Print the catalogue with the checks grading each clause, then the two
    coverage figures (``conformance.coverage``)."""
    from conformance.clauses import render_catalogue
    from conformance.coverage import figures, proven_clauses

    listing = _collect_checks()
    if listing is None:
        return EXIT_KIT_ERROR
    graded = coverage(listing)
    print(render_catalogue(graded))
    print(figures(graded, proven_clauses()))
    return EXIT_OK


def cmd_checks() -> int:
    """Print each check id (what ``--check`` takes), the clause it grades in each
    edition, and the clauses it relates to."""
    listing = _collect_checks()
    if listing is None:
        return EXIT_KIT_ERROR
    for check_id in sorted(listing):
        entry = listing[check_id]
        graded = " ".join(f"{e}={c}" for e, c in sorted(entry["graded"].items(), reverse=True))
        related = f"  related: {' '.join(entry['related'])}" if entry["related"] else ""
        print(f"{check_id}  {graded}{related}")
    return EXIT_OK


def _collect_checks() -> Optional[Dict[str, Dict[str, Any]]]:
    """``{check id: {"graded": {edition: clause id}, "related": [clause ids]}}`` of
    every check, or None (with the reason on stderr) when the checks cannot be
    collected."""
    with tempfile.TemporaryDirectory(prefix="conformance-") as tmp:
        listing_path = os.path.join(tmp, "checks.json")
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   *_plugin_args(), "--collect-only", "--pyargs", DEFAULT_CHECKS,
                   "--impl", "http.client", "--list-checks", listing_path]
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, check=False)
        if not os.path.exists(listing_path):
            sys.stderr.write(done.stdout)
            print("error: the kit failed: could not collect the checks", file=sys.stderr)
            return None
        with open(listing_path, encoding="utf-8") as src:
            listing: Dict[str, Dict[str, Any]] = json.load(src)
    return listing
