"""``python -m conformance run --shard I/N``: one CI worker's share of the checks.

The N shards of a run are disjoint and together hold every check, whatever
``-j`` each process uses inside."""

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, Set, Tuple

import pytest
from conformance_support import FAST, MISSING_TOY, ROOT, run_cli, toy_checks, write

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
def shard_runs(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, str]:
    """The toy checks on http.client (whole, as two shards, shard 1/2 over two
    processes) and on a toy missing every name but one: each run's records file,
    keyed by the run's name."""
    folder = str(tmp_path_factory.mktemp("shards"))
    checks = toy_checks(folder)
    toy = write(folder, "missing_toy.py", MISSING_TOY)
    commands = {
        "whole": ["--impl", "http.client"],
        "0/2": ["--impl", "http.client", "--shard", "0/2"],
        "1/2": ["--impl", "http.client", "--shard", "1/2"],
        "1/2 -j 2": ["--impl", "http.client", "--shard", "1/2", "-j", "2"],
        "other impl": ["--impl", toy, "--edition", "seed"],
    }

    def run(name: str) -> str:
        path = os.path.join(folder, re.sub(r"[^a-z0-9]+", "-", name) + ".jsonl")
        result = run_cli(["run", "--checks", checks, "--results", path, *FAST,
                          *commands[name]])
        assert result.code in (0, 1) and os.path.exists(path), result.err
        return path

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(commands, pool.map(run, commands)))


def _ids(path: str) -> Set[Tuple[str, str]]:
    return {(r["check"], r["edition"]) for r in read_records(path)}


def test_shards_are_disjoint_and_cover_the_run(shard_runs: Dict[str, str]) -> None:
    first, second = _ids(shard_runs["0/2"]), _ids(shard_runs["1/2"])
    assert first and second, "the toy checks should land in both shards"
    assert not first & second
    assert first | second == _ids(shard_runs["whole"])


def test_a_shard_over_two_processes_is_the_same_shard(shard_runs: Dict[str, str]) -> None:
    assert _ids(shard_runs["1/2 -j 2"]) == _ids(shard_runs["1/2"])
    assert len({r["run_id"] for r in read_records(shard_runs["1/2 -j 2"])}) == 1


def _reports(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reports", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def _identity(record: dict) -> tuple:
    return (record["impl"]["name"], record["interpreter"]["version"], record["edition"],
            record["check"])


def test_records_of_separate_runs_merge(shard_runs: Dict[str, str], tmp_path) -> None:
    """Two shards of one implementation and a run of another, each its own process
    (as CI workers would make them), merge into one results.json and one report."""
    parts = [shard_runs["0/2"], shard_runs["1/2"], shard_runs["other impl"]]
    merged = os.path.join(str(tmp_path), "results.json")
    done = _reports("merge", *parts, "-o", merged)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == merged
    with open(merged, encoding="utf-8") as src:
        records = json.load(src)
    expected = [r for part in parts for r in read_records(part)]
    assert sorted(map(_identity, records)) == sorted(map(_identity, expected))
    http_client = {(r["check"], r["edition"]) for r in records
                   if r["impl"]["name"] == "http.client"}
    assert http_client == _ids(shard_runs["whole"])
    other = _impl_name(shard_runs["other impl"])
    assert {r["impl"]["name"] for r in records} == {"http.client", other}
    report = os.path.join(str(tmp_path), "report")
    built = _reports("build", merged, "-o", report)
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[-1] == os.path.join(report, "index.html")
    assert len(os.listdir(os.path.join(report, "junit"))) == 2


def _impl_name(path: str) -> str:
    return read_records(path)[0]["impl"]["name"]


def test_overlapping_runs_do_not_merge(shard_runs: Dict[str, str], tmp_path) -> None:
    """A shard and the whole run hold the same checks from different runs: the merge
    names both files instead of picking one."""
    merged = os.path.join(str(tmp_path), "results.json")
    done = _reports("merge", shard_runs["whole"], shard_runs["0/2"], "-o", merged)
    assert done.returncode == 2
    assert shard_runs["whole"] in done.stderr and shard_runs["0/2"] in done.stderr
    assert not os.path.exists(merged)
