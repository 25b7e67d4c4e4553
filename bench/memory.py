"""The memory workload, parent side: run ``bench.memory_child`` in a fresh
process per client and collect the peak resident memory it reports."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from bench import impl
from bench.memory_child import READ_SIZE

CHILD_TIMEOUT = 180.0  # the whole child process (seconds)
GOAL_KIB = 64 * 1024  # the peak aimed at (information only)

__all__ = ["READ_SIZE", "GOAL_KIB", "MemoryResult", "measure"]


@dataclass
class MemoryResult:
    """What one child reported."""

    peak_kib: Optional[int] = None
    before_kib: Optional[int] = None  # the peak before the body was read
    failure: Optional[str] = None

    def met(self) -> Optional[bool]:
        """Whether the peak is under the goal (None when unknown or failed)."""
        if self.failure is not None or self.peak_kib is None:
            return None
        return self.peak_kib < GOAL_KIB


def _child_env() -> Dict[str, str]:
    """The environment of the child: ours, with this package importable."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def measure(name: str, address: Tuple[str, int], size: int) -> MemoryResult:
    """Run one child reading ``size`` bytes with implementation ``name``."""
    command = [
        sys.executable, "-m", "bench.memory_child",
        impl.portable_name(name), address[0], str(address[1]), str(size),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=CHILD_TIMEOUT, env=_child_env()
        )
    except subprocess.TimeoutExpired:
        return MemoryResult(failure=f"did not finish within {CHILD_TIMEOUT}s")
    lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        report = json.loads(lines[-1])
    except (IndexError, ValueError):
        errors = done.stderr.decode("utf-8", "replace").strip().splitlines()
        last = errors[-1] if errors else "no output"
        return MemoryResult(failure=f"child exited {done.returncode}: {last}")
    return MemoryResult(report["peak_kib"], report["before_kib"], report["error"])
