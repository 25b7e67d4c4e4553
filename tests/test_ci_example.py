"""The example workflow of ``docs/ci.md``, read from the page: every command it runs
is one the kit accepts, every baseline it names would be accepted on the
interpreter its worker pins, and the shards of each implementation are whole.

(GitHub Actions itself is not run here; the merge of records made by separate
runs is tested for real in ``tests/test_shards.py``.)"""

import json
import os
import re
import shlex
from collections import defaultdict
from typing import Dict, List, Tuple

import pytest

from conformance.baseline import check_origin, load_baseline
from conformance.cli import build_parser as conformance_parser
from conformance.cli import parse_shard
from reports.cli import build_parser as reports_parser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KNOWN_MODULES = ("http.client", "reference.client", "reference.seed",
                 "future.backports.http.client")


def _workflow() -> str:
    with open(os.path.join(ROOT, "docs", "ci.md"), encoding="utf-8") as src:
        blocks = re.findall(r"```yaml\n(.*?)```", src.read(), re.S)
    assert len(blocks) == 1, "docs/ci.md should hold one yaml block"
    return blocks[0]


def _entries() -> List[Dict[str, str]]:
    """The matrix entries (one flow mapping, written as JSON, per line)."""
    found = [json.loads(line.strip()[2:]) for line in _workflow().splitlines()
             if line.strip().startswith("- {")]
    assert found
    return found


def _step(name: str) -> List[str]:
    """The command lines of the ``run: |`` block of the step called ``name``."""
    lines = _workflow().splitlines()
    start = lines.index(f"      - name: {name}")
    assert lines[start + 1] == "        run: |"
    commands = []
    for line in lines[start + 2:]:
        if not line.startswith("          "):
            break
        commands.append(line.strip())
    return commands


def _expand(command: str, entry: Dict[str, str]) -> List[str]:
    def value(match: "re.Match[str]") -> str:
        return entry[match.group(1)]

    return shlex.split(re.sub(r"\$\{\{ matrix\.(\w+) \}\}", value, command))


def _interpreter(python: str) -> Dict[str, str]:
    """What ``setup-python``'s version gives, as a record names it."""
    if python.startswith("pypy"):
        return {"implementation": "PyPy", "version": python[len("pypy"):]}
    return {"implementation": "CPython", "version": python}


@pytest.mark.parametrize("entry", _entries(), ids=lambda entry: entry["name"])
def test_each_worker_runs_a_command_the_kit_accepts(entry: Dict[str, str]) -> None:
    grade = _step("grade")
    assert grade[0] == "mkdir -p records"
    words = _expand(grade[1], entry)
    assert words[:3] == ["python", "-m", "conformance"]
    args = conformance_parser().parse_args(words[3:])
    assert args.command == "run" and args.impl == [entry["impl"]]
    assert args.results == f"records/{entry['name']}.jsonl"
    impl = entry["impl"]
    assert impl in KNOWN_MODULES or os.path.isfile(os.path.join(ROOT, impl)), impl
    if args.shard is not None:
        parse_shard(args.shard)
    if args.baseline is not None:
        baseline = load_baseline(os.path.join(ROOT, args.baseline))
        check_origin(baseline, impl, _interpreter(entry["python"]))
    assert entry["extras"] in ("", "[peers]")
    if impl not in KNOWN_MODULES[:3]:
        assert entry["extras"] == "[peers]", f"{impl} needs the peers extra"


def test_the_names_are_unique_and_the_shards_whole() -> None:
    entries = _entries()
    assert len({entry["name"] for entry in entries}) == len(entries)
    shards: Dict[Tuple[str, str], List[Tuple[int, int]]] = defaultdict(list)
    for entry in entries:
        args = conformance_parser().parse_args(_expand(_step("grade")[1], entry)[3:])
        shards[(entry["python"], entry["impl"])].append(
            parse_shard(args.shard) if args.shard else (0, 1))
    for key, found in shards.items():
        count = found[0][1]
        assert sorted(found) == [(index, count) for index in range(count)], key


def test_the_report_job_merges_what_the_workers_upload() -> None:
    workflow = _workflow()
    assert "path: records/" in workflow and "pattern: records-*" in workflow
    merge, build, summary = _step("merge and build")
    merged = reports_parser().parse_args(shlex.split(merge)[3:])
    assert merged.command == "merge" and merged.records == ["records/*.jsonl"]
    built = reports_parser().parse_args(shlex.split(build)[3:])
    assert built.command == "build" and built.records == [merged.output]
    assert summary == f'cat {built.output}/summary.md >> "$GITHUB_STEP_SUMMARY"'
