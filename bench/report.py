"""Print the figures as a table, and write them as JSON."""

import json
import platform
from typing import Any, Dict, List, Optional, TextIO

from bench.ceiling import NEAR
from bench.memory import GOAL_KIB, MemoryResult
from bench.runner import Outcome


def _marks(stream: TextIO) -> Dict[bool, str]:
    """Check marks, or plain words where the stream cannot encode them."""
    try:
        "\u2713\u2717\u2265".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return {True: "ok", False: "no"}
    return {True: "\u2713", False: "\u2717"}


def _mib(kib: Optional[int]) -> str:
    return "n/a" if kib is None else f"{kib / 1024:.1f} MiB"


class Table:
    """Prints the header, then one line per workload as soon as it is done."""

    def __init__(self, stream: TextIO, titles: List[str]) -> None:
        self._stream = stream
        self._marks = _marks(stream)
        self._geq = "\u2265" if self._marks[True] == "\u2713" else ">="
        self._width = max(len(title) for title in titles)

    def header(self, names: List[str], rounds: int) -> None:
        """What is compared, and how to read the figures."""
        self._write(
            f"http.client benchmark: impl {names[0]}, peer {names[1]},"
            f" Python {platform.python_version()}, {rounds} rounds\n"
            "  figures: medians of interleaved rounds (impl, peer, impl, peer...)\n"
            "  ratio: median of impl/peer within a round [quartiles]; higher is better;"
            " targets are for information\n"
        )

    def outcome(self, outcome: Outcome, rounds: int) -> None:
        """Both medians, the ratio and the target, or why there are none;
        notes when a slow client was given fewer than ``rounds`` rounds."""
        title = outcome.workload.title.ljust(self._width)
        if outcome.failure is not None:
            self._write(f"  {title}  FAILED: {outcome.failure}\n")
            return
        unit = outcome.workload.unit
        ratio = outcome.ratio()
        low, high = outcome.ratio_quartiles()
        goal = outcome.workload.goal
        self._write(
            f"  {title}  impl {outcome.median(0):10.1f} {unit:<5}"
            f"  peer {outcome.median(1):10.1f} {unit:<5}"
            f"  ratio {ratio:5.2f} [{low:.2f}-{high:.2f}]"
            f"  target {self._geq}{goal:.1f} {self._marks[ratio >= goal]}"
        )
        done = len(outcome.samples[0])
        if done < rounds:
            self._write(f"  (only {done} rounds: a client is slow)")
        self._write("\n")

    def memory(self, title: str, results: List[MemoryResult]) -> None:
        """The peak resident memory of each child, against the goal."""
        parts = []
        for side, result in zip(("impl", "peer"), results):
            if result.failure is not None:
                parts.append(f"{side} FAILED: {result.failure}")
                continue
            met = result.met()
            mark = "" if met is None else " " + self._marks[met]
            growth = ""
            if result.peak_kib is not None and result.before_kib is not None:
                grew = max(0, result.peak_kib - result.before_kib) / 1024
                growth = f" (+{grew:.1f} MiB while reading)"
            parts.append(f"{side} {_mib(result.peak_kib)}{mark}{growth}")
        self._write(
            f"  memory: {title}, peak RSS of a fresh child: {'  '.join(parts)}"
            f"  (target < {GOAL_KIB // 1024} MiB)\n"
        )

    def ceilings(self, outcomes: List[Outcome], ceilings: List[Optional[float]]) -> None:
        """The raw-socket ceiling of each workload; flags figures near it."""
        parts = []
        for outcome, ceiling in zip(outcomes, ceilings):
            if ceiling is None:
                continue
            text = f"{outcome.workload.key} {ceiling:.0f} {outcome.workload.unit}"
            if outcome.failure is None and max(outcome.median(0), outcome.median(1)) > (
                NEAR * ceiling
            ):
                text += " (a client is near it: the ratio understates)"
            parts.append(text)
        if parts:
            self._write(f"  server ceiling (raw socket, no parsing): {', '.join(parts)}\n")

    def failures(self, failures: List[str]) -> None:
        """Why the run failed: a client delivered something wrong."""
        self._write("bench: FAILED: a client delivered a wrong result; its figures mean nothing:\n")
        for failure in failures:
            self._write(f"  - {failure}\n")

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()


def as_data(
    names: List[str],
    rounds: int,
    quick: bool,
    outcomes: List[Outcome],
    ceilings: List[Optional[float]],
    memory: List[MemoryResult],
    memory_size: int,
    failures: List[str],
) -> Dict[str, Any]:
    """Everything measured, as plain JSON-ready data."""
    workloads = []
    for outcome, ceiling in zip(outcomes, ceilings):
        entry: Dict[str, Any] = {
            "key": outcome.workload.key,
            "title": outcome.workload.title,
            "unit": outcome.workload.unit,
            "goal": outcome.workload.goal,
            "exchanges_per_round": outcome.count,
            "server_ceiling": ceiling,
            "failure": outcome.failure,
        }
        if outcome.failure is None:
            entry.update(
                impl=outcome.median(0),
                peer=outcome.median(1),
                ratio=outcome.ratio(),
                ratio_quartiles=list(outcome.ratio_quartiles()),
                met=outcome.ratio() >= outcome.workload.goal,
                samples={"impl": outcome.samples[0], "peer": outcome.samples[1]},
            )
        workloads.append(entry)
    return {
        "impl": names[0],
        "peer": names[1],
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "rounds": rounds,
        "quick": quick,
        "workloads": workloads,
        "memory": {
            "body_bytes": memory_size,
            "goal_mib": GOAL_KIB // 1024,
            "impl": _memory_data(memory[0]),
            "peer": _memory_data(memory[1]),
        },
        "failures": failures,
        "ok": not failures,
    }


def _memory_data(result: MemoryResult) -> Dict[str, Any]:
    return {
        "peak_mib": None if result.peak_kib is None else result.peak_kib / 1024,
        "before_read_mib": None if result.before_kib is None else result.before_kib / 1024,
        "met": result.met(),
        "failure": result.failure,
    }


def write_json(path: str, data: Dict[str, Any]) -> None:
    """Write ``data`` to ``path`` as indented JSON."""
    with open(path, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2)
        out.write("\n")
