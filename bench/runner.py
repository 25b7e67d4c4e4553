"""Interleaved rounds: the implementation and the peer take turns, so
whatever else the machine is doing slows both alike.

Each figure is the median over rounds; the ratio is the median over rounds
of impl/peer measured in the same round, which is far steadier on a busy
machine than the ratio of the two medians.
"""

import statistics
from dataclasses import dataclass, field
from types import ModuleType
from typing import List, Optional, Tuple

from bench.impl import one_line
from bench.workloads import Address, Workload, rate, time_exchanges, verify

SIDES = ("impl", "peer")
MIN_ROUNDS = 5


@dataclass
class Outcome:
    """The samples of one workload, or why it could not be measured."""

    workload: Workload
    samples: Tuple[List[float], List[float]] = field(default_factory=lambda: ([], []))
    count: int = 0  # exchanges per round
    failure: Optional[str] = None  # "impl ..." / "peer ..." when a client misbehaved

    def median(self, side: int) -> float:
        """The median figure of ``side`` (0 = impl, 1 = peer)."""
        return statistics.median(self.samples[side])

    def ratios(self) -> List[float]:
        """impl / peer within each round; above 1 means the implementation
        was faster. Pairing rounds cancels load that lasts longer than one."""
        return [impl / peer for impl, peer in zip(*self.samples)]

    def ratio(self) -> float:
        """The median of the per-round ratios."""
        return statistics.median(self.ratios())

    def ratio_quartiles(self) -> Tuple[float, float]:
        """The first and third quartile of the per-round ratios (their spread)."""
        ratios = self.ratios()
        if len(ratios) < 2:
            return ratios[0], ratios[0]
        quartiles = statistics.quantiles(ratios, n=4)
        return quartiles[0], quartiles[2]


def _describe(exc: BaseException) -> str:
    text = one_line(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _seconds_per_exchange(
    module: ModuleType, address: Address, workload: Workload, budget: float
) -> float:
    """Time a growing number of exchanges until one batch lasts ``budget``."""
    count = 1
    while True:
        seconds = time_exchanges(module, address, workload, count)
        if seconds >= budget or count >= 1 << 20:
            return seconds / count
        count *= 4


def run_workload(
    modules: Tuple[ModuleType, ModuleType],
    names: Tuple[str, str],
    address: Address,
    workload: Workload,
    rounds: int,
    round_seconds: float,
    budget: Optional[float] = None,
) -> Outcome:
    """Verify both clients, size the rounds so the slower client spends about
    ``round_seconds`` in each, then alternate impl, peer, impl, peer...

    With a ``budget`` (seconds), a client so slow that ``rounds`` rounds would
    overrun it gets fewer rounds, but never fewer than ``MIN_ROUNDS``.
    """
    outcome = Outcome(workload)
    side = 0
    try:
        for side in (0, 1):
            verify(modules[side], address, workload)
        slowest = 0.0
        for side in (0, 1):
            per = _seconds_per_exchange(modules[side], address, workload, round_seconds / 4)
            slowest = max(slowest, per)
        outcome.count = max(1, int(round_seconds / max(slowest, 1e-9)))
        if budget is not None:
            affordable = int(budget / (2 * slowest * outcome.count))
            rounds = min(rounds, max(MIN_ROUNDS, affordable))
        for _ in range(rounds):
            for side in (0, 1):
                seconds = time_exchanges(modules[side], address, workload, outcome.count)
                outcome.samples[side].append(rate(workload, outcome.count, seconds))
    except Exception as exc:  # a misbehaving client is reported, not fatal
        outcome.failure = f"{SIDES[side]} {names[side]}: {_describe(exc)}"
    return outcome
