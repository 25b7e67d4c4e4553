"""Compare the grades of identical runs: which checks changed grade or outcome.

Grade one implementation several times with ``--results``, then::

    python tests/determinism.py /tmp/det/http.client-*.jsonl

Records are keyed by ``(check, edition)``; a key is *differing* when its grade
or its outcome (the record's normalised ``outcome``, what a baseline compares:
ports, addresses and durations already masked) is not the same in every run,
or when some runs lack it.
Prints one block per differing key with each outcome and the runs that saw
it, then a one-line figure. Exit status 0 when every key agrees, 1 otherwise,
2 on an unreadable file.
"""

import argparse
import os
import sys
from collections import defaultdict
from typing import Dict, List, Sequence, Tuple

from conformance.context import mask_volatile
from conformance.results import ResultsError, read_records

Key = Tuple[str, str]  # (check, edition)
Outcome = Tuple[str, str]  # (grade, outcome)


def normalise(text: str) -> str:
    """``text`` with what differs between runs by design (ports, addresses) masked."""
    return mask_volatile(text)


def label(path: str) -> str:
    """A run's short name: the file name without its folder and ``.jsonl``."""
    name = os.path.basename(path)
    return name[: -len(".jsonl")] if name.endswith(".jsonl") else name


def outcomes_by_key(paths: Sequence[str]) -> Dict[Key, Dict[Outcome, List[str]]]:
    """For each (check, edition): outcome -> the runs (``label``) that saw it."""
    table: Dict[Key, Dict[Outcome, List[str]]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        for record in read_records(path):
            key = (record["check"], record["edition"])
            seen = normalise(" / ".join(record["outcome"]))
            table[key][(record["grade"], seen)].append(label(path))
    return table


def differing(table: Dict[Key, Dict[Outcome, List[str]]], runs: int) -> List[Key]:
    """The keys whose outcome is not the same in all ``runs`` runs."""
    found = []
    for key, seen in table.items():
        if len(seen) > 1 or sum(len(r) for r in seen.values()) != runs:
            found.append(key)
    return sorted(found)


def report(paths: Sequence[str], out: "object" = sys.stdout) -> int:
    """Print the differing keys of the runs in ``paths``; return how many differ."""
    table = outcomes_by_key(paths)
    keys = differing(table, len(paths))
    for check, edition in keys:
        print(f"{check} [{edition}]", file=out)
        for (grade, message), runs in sorted(table[(check, edition)].items(),
                                             key=lambda item: -len(item[1])):
            print(f"  {len(runs):>3}x {grade}: {message[:300]}", file=out)
            print(f"       runs {', '.join(runs)}", file=out)
        missing = len(paths) - sum(len(r) for r in table[(check, edition)].values())
        if missing:
            print(f"  {missing:>3}x (no record)", file=out)
    print(f"{len(table)} checks x editions, {len(paths)} runs, {len(keys)} differing", file=out)
    return len(keys)


def main(argv: Sequence[str] = ()) -> int:
    """Command line: ``determinism.py RESULTS...``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", help="results files of identical runs")
    args = parser.parse_args(list(argv) or None)
    try:
        return 1 if report(args.results) else 0
    except ResultsError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
