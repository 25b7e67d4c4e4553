"""``python -m conformance run --shard I/N``: one CI worker's share of the checks.

The N shards of a run are disjoint and together hold every check, whatever
``-j`` each process uses inside."""

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Set, Tuple

import pytest
from conformance_support import FAST, run_cli, toy_checks

from conformance.cli import UsageError, parse_shard, process_shards
from conformance.results import read_records


@pytest.mark.parametrize("text, expected", [("0/1", (0, 1)), ("2/3", (2, 3)), ("0/10", (0, 10))])
def test_parse_shard(text: str, expected: Tuple[int, int]) -> None:
    assert parse_shard(text) == expected


@pytest.mark.parametrize("text", ["1/1", "3/2", "-1/2", "a/2", "1", "1/2/3", "0/0", ""])
def test_bad_shard_is_a_usage_error_naming_it(text: str) -> None:
    with pytest.raises(UsageError, match=f"--shard '{text}' is not I/N"):
        parse_shard(text)


def test_process_shards_split_a_shard_exactly() -> None:
    assert process_shards(None, 1) == [None]
    assert process_shards(None, 2) == ["0/2", "1/2"]
    assert process_shards("1/3", 1) == ["1/3"]
    assert process_shards("1/3", 2) == ["1/6", "4/6"]
    # what the plugin keeps: crc % (N*J) == I + N*j; over every residue, the J
    # process shards of shard I are exactly the residues congruent to I mod N
    for count, jobs in ((2, 2), (3, 2), (4, 3)):
        for index in range(count):
            kept = {value for value in range(count * jobs * 5)
                    for shard in process_shards(f"{index}/{count}", jobs)
                    if value % int(shard.split("/")[1]) == int(shard.split("/")[0])}
            assert kept == {v for v in range(count * jobs * 5) if v % count == index}


def test_bad_shard_on_the_command_line_exits_2() -> None:
    result = run_cli(["run", "--impl", "http.client", "--shard", "2/2"])
    assert result.code == 2
    assert result.err.strip() == "error: --shard '2/2' is not I/N with 0 <= I < N"


@pytest.fixture(scope="module")
def shard_runs(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, List[dict]]:
    """The toy checks on http.client: whole, as two shards, and shard 1/2 over two
    processes; each run's records keyed by its name."""
    folder = str(tmp_path_factory.mktemp("shards"))
    checks = toy_checks(folder)
    commands = {
        "whole": [],
        "0/2": ["--shard", "0/2"],
        "1/2": ["--shard", "1/2"],
        "1/2 -j 2": ["--shard", "1/2", "-j", "2"],
    }

    def run(name: str) -> List[dict]:
        path = os.path.join(folder, f"{len(name)}-{name.replace('/', '_')}.jsonl")
        result = run_cli(["run", "--impl", "http.client", "--checks", checks,
                          "--results", path, *FAST, *commands[name]])
        assert result.code == 0, result.err
        return read_records(path)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(commands, pool.map(run, commands)))


def _ids(records: List[dict]) -> Set[Tuple[str, str]]:
    return {(r["check"], r["edition"]) for r in records}


def test_shards_are_disjoint_and_cover_the_run(shard_runs: Dict[str, List[dict]]) -> None:
    first, second = _ids(shard_runs["0/2"]), _ids(shard_runs["1/2"])
    assert first and second, "the toy checks should land in both shards"
    assert not first & second
    assert first | second == _ids(shard_runs["whole"])


def test_a_shard_over_two_processes_is_the_same_shard(shard_runs) -> None:
    assert _ids(shard_runs["1/2 -j 2"]) == _ids(shard_runs["1/2"])
    assert len({r["run_id"] for r in shard_runs["1/2 -j 2"]}) == 1
