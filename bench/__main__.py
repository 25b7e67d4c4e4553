"""``python -m bench``: measure an implementation against a peer.

Exit status: 0 when both clients delivered every body correctly (the
targets are information, not a verdict), 1 when a client delivered a wrong
body or failed, 2 for bad command-line input.
"""

import argparse
import os
import signal
import socket
import sys
from typing import List, NoReturn, Optional

from bench import impl, memory, report
from bench.ceiling import raw_rate
from bench.runner import Outcome, run_workload
from bench.server import STOP_BOUND, ServerProcess
from bench.workloads import FULL, QUICK, TIMEOUT, build, size_text

FULL_ROUNDS = 51
QUICK_ROUNDS = 3
FULL_ROUND_SECONDS = 0.1  # the slower client's time in one round
QUICK_ROUND_SECONDS = 0.02
WORKLOAD_BUDGET = 20.0  # a very slow client gets fewer rounds (seconds per workload)
# After SIGTERM, how long the unwinding may take before the process ends itself:
# ServerProcess.stop()'s own bound and a little more (seconds).
EXIT_GRACE = STOP_BOUND + 2.0


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"bench: {message}\n")
        sys.exit(2)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def parse(argv: Optional[List[str]]) -> argparse.Namespace:
    """The command line; see ``python -m bench --help``."""
    parser = _Parser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--impl", default="reference.client",
                        help="implementation: dotted module name or .py path"
                        " (default: %(default)s)")
    parser.add_argument("--peer", default="http.client",
                        help="what to compare with (default: %(default)s)")
    parser.add_argument("--rounds", type=_positive, default=None,
                        help="timed rounds per client and workload"
                        f" (default: {FULL_ROUNDS}, --quick: {QUICK_ROUNDS})")
    parser.add_argument("--quick", action="store_true",
                        help="small bodies and few short rounds (a smoke test)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    return parser.parse_args(argv)


def _check_writable(path: str) -> Optional[str]:
    """Why ``path`` cannot take the JSON figures, or None if it can."""
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        return f"cannot write --json {path!r}: {exc.strerror}"
    return None


def main(argv: Optional[List[str]] = None) -> int:
    """Run the benchmark; return the exit status."""
    args = parse(argv)
    try:
        modules = (impl.load(args.impl, "--impl"), impl.load(args.peer, "--peer"))
    except impl.ImplError as exc:
        sys.stderr.write(f"bench: {exc}\n")
        return 2
    problem = _check_writable(args.json) if args.json else None
    if problem is not None:
        sys.stderr.write(f"bench: {problem}\n")
        return 2
    names = [args.impl, args.peer]
    sizes = QUICK if args.quick else FULL
    rounds = args.rounds or (QUICK_ROUNDS if args.quick else FULL_ROUNDS)
    round_seconds = QUICK_ROUND_SECONDS if args.quick else FULL_ROUND_SECONDS
    workloads = build(sizes)
    memory_title = f"{size_text(sizes.memory_body)} body via read({memory.READ_SIZE})"
    table = report.Table(sys.stdout, [w.title for w in workloads])
    socket.setdefaulttimeout(TIMEOUT)  # also bounds sockets an impl makes without one

    table.header(names, rounds)
    outcomes: List[Outcome] = []
    ceilings: List[Optional[float]] = []
    failures: List[str] = []
    with ServerProcess({w.target: w.response for w in workloads}) as server:
        for workload in workloads:
            outcome = run_workload(
                modules, (names[0], names[1]), server.address, workload, rounds, round_seconds,
                None if args.rounds else WORKLOAD_BUDGET,
            )
            table.outcome(outcome, rounds)
            outcomes.append(outcome)
            if outcome.failure is not None:
                failures.append(outcome.failure)
            try:
                ceilings.append(raw_rate(server.address, workload, 2 * round_seconds))
            except (OSError, ValueError) as exc:
                ceilings.append(None)
                failures.append(f"server ({workload.key}): {impl.one_line(exc)}")
        peaks = [memory.measure(name, server.address, sizes.memory_body) for name in names]
        table.memory(memory_title, peaks)
    table.ceilings(outcomes, ceilings)

    for side, name, result in zip(("impl", "peer"), names, peaks):
        if result.failure is not None:
            failures.append(f"{side} {name} (memory workload): {result.failure}")
    if failures:
        table.failures(failures)
    if args.json:
        report.write_json(args.json, report.as_data(
            names, rounds, args.quick, outcomes, ceilings, peaks, sizes.memory_body, failures
        ))
    return 1 if failures else 0


def _exit_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so the server process is stopped too.

    The SystemExit raised here is lost when the signal arrives while a
    finalizer runs Python code (an HTTPResponse being collected calls its
    close(); Python discards an exception raised there and carries on), and
    the bench would then go on with all its rounds. So an alarm ends the
    process ``EXIT_GRACE`` seconds later if the unwinding has not: the
    server process stops by itself once its parent is gone."""
    status = 128 + signum
    if hasattr(signal, "setitimer") and not signal.getitimer(signal.ITIMER_REAL)[0]:
        signal.signal(signal.SIGALRM, lambda *_: _exit_now(status))
        signal.setitimer(signal.ITIMER_REAL, EXIT_GRACE)
    raise SystemExit(status)


def _exit_now(status: int) -> None:
    """End the process at once with ``status`` (the unwinding took too long)."""
    sys.stderr.write(f"bench: still running {EXIT_GRACE:g} s after SIGTERM; exiting\n")
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    sys.exit(main())
