"""The conformance front door and plugin, end to end, against toy implementations.

The CLI runs are independent processes, so the module plays them all at once
(``runs``) and each test asserts on the outcome it cares about.
"""

import json
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List

import pytest
from conformance_support import (
    BROKEN_TOY,
    CRASHING_TOY,
    FAST,
    HANGING_TOY,
    MISSING_TOY,
    STUCK_TOY,
    Result,
    run_cli,
    run_pytest,
    toy_checks,
    write,
)

from conformance.results import read_records
from conformance.schema import validate_record


@pytest.fixture(scope="module")
def toys(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, str]:
    folder = str(tmp_path_factory.mktemp("toys"))
    return {
        "checks": toy_checks(folder),
        "hang": write(folder, "hang_toy.py", HANGING_TOY),
        "crash": write(folder, "crash_toy.py", CRASHING_TOY),
        "missing": write(folder, "missing_toy.py", MISSING_TOY),
        "stuck": write(folder, "stuck_toy.py", STUCK_TOY),
        "broken": write(folder, "broken_toy.py", BROKEN_TOY),
        "dir": folder,
    }


def _all(commands: Dict[str, List[str]]) -> Dict[str, Result]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(run_cli, args) for name, args in commands.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="module")
def runs(toys: Dict[str, str]) -> Dict[str, Result]:
    """Every CLI run of this module, keyed by name; ``<name>.jsonl`` holds its records."""
    out = toys["dir"]

    def run(impl: str, name: str, *extra: str) -> List[str]:
        return ["run", "--impl", toys.get(impl, impl), "--checks", toys["checks"],
                "--results", os.path.join(out, f"{name}.jsonl"), *FAST, *extra]

    first = _all({
        "stdlib": run("http.client", "stdlib"),
        "hang": run("hang", "hang"),
        "stuck": run("stuck", "stuck", "--edition", "seed"),
        "crash": run("crash", "crash", "--edition", "seed"),
        "missing": run("missing", "missing", "--edition", "seed"),
        "modern": run("http.client", "modern", "--edition", "modern"),
        "hello": run("http.client", "hello", "--check", "hello"),
        "jobs": run("http.client", "jobs", "-j", "2"),
        "nothing": run("http.client", "nothing", "--check", "no-such-check"),
        "baseline": ["baseline", "--impl", toys["missing"], "--checks", toys["checks"],
                     "--edition", "seed", *FAST],
        "compare": ["compare", "--impl", "http.client", "--impl", toys["missing"],
                    "--checks", toys["checks"], "--edition", "seed", *FAST],
    })
    path = write(out, "baseline.json", first["baseline"].out)
    first.update(_all({
        "known": run("missing", "known", "--edition", "seed", "--baseline", path),
        # another toy's baseline, accepted on purpose: its deviations are all new
        "new": run("crash", "new", "--edition", "seed", "--baseline", path,
                   "--baseline-from-other-impl"),
        "foreign": run("crash", "foreign", "--edition", "seed", "--baseline", path),
    }))
    return first


def grades(toys: Dict[str, str], name: str) -> Dict[tuple, str]:
    path = os.path.join(toys["dir"], f"{name}.jsonl")
    return {(r["check"], r["edition"]): r["grade"] for r in read_records(path)}


@pytest.mark.parametrize("spec, words", [
    ("no_such_module_xyz", "is not importable"),
    ("json", "has no HTTPConnection"),
    ("/nonexistent/adapter.py", "is not a file"),
])
def test_bad_impl_is_one_line_and_exit_2(spec: str, words: str) -> None:
    result = run_cli(["run", "--impl", spec])
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert spec in lines[0] and words in lines[0]
    assert result.out == ""


def test_adapter_failing_at_import_is_a_usage_error(toys: Dict[str, str]) -> None:
    result = run_cli(["run", "--impl", toys["broken"]])
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "cannot import me" in result.err and toys["broken"] in result.err


def test_bad_impl_through_pytest_is_a_usage_error(toys: Dict[str, str]) -> None:
    result = run_pytest(["--pyargs", "conformance.checks", "--impl", "json"], cwd=toys["dir"])
    assert result.code == 4  # pytest's usage-error status
    assert "ERROR: --impl 'json': module 'json' has no HTTPConnection" in result.err
    assert "Traceback" not in result.err + result.out


def test_stdlib_passes_the_toy_checks_and_results_validate(toys, runs) -> None:
    assert runs["stdlib"].code == 0, runs["stdlib"].out + runs["stdlib"].err
    assert "rfc9112:6.3" in runs["stdlib"].out and "total" in runs["stdlib"].out
    records = read_records(os.path.join(toys["dir"], "stdlib.jsonl"))
    # three checks; the two rfc9112 ones are graded in both editions
    assert sorted((r["check"], r["edition"]) for r in records) == [
        ("construct", "seed"), ("hello", "modern"), ("hello", "seed"), ("port", "seed"),
        ("stall", "modern"), ("stall", "seed")]
    for record in records:
        assert validate_record(json.loads(json.dumps(record))) == record
        assert record["grade"] == "pass"
        # a pass keeps the transcript of what it played: it shows why it passed
        played = record["check"] in ("hello", "stall")
        assert (record["transcript"] is not None) == played
        assert ("GET / HTTP/1.1" in record["transcript"]) if played else True
        assert record["impl"]["name"] == "http.client"
    assert len({r["run_id"] for r in records}) == 1


def test_hanging_implementation_is_graded_hang_and_the_run_ends(toys, runs) -> None:
    assert runs["hang"].code == 1
    graded = grades(toys, "hang")
    assert graded[("stall", "seed")] == "hang"
    assert graded[("hello", "seed")] == "pass"
    hung = [r for r in read_records(os.path.join(toys["dir"], "hang.jsonl"))
            if r["grade"] == "hang"][0]
    assert "toy-stall" in hung["message"] and "1.5s" in hung["message"]
    assert "GET / HTTP/1.1" in hung["transcript"]
    assert "HANG" in runs["hang"].out


def test_stuck_implementation_is_graded_hang_inside_and_outside_scenarios(toys, runs) -> None:
    assert runs["stuck"].code == 1, runs["stuck"].err
    assert grades(toys, "stuck") == {("hello", "seed"): "hang", ("stall", "seed"): "hang",
                                     ("construct", "seed"): "hang", ("port", "seed"): "pass"}
    messages = {r["check"]: r["message"]
                for r in read_records(os.path.join(toys["dir"], "stuck.jsonl"))}
    assert messages["construct"] == "the check did not finish within 5 s (left running)"
    assert "toy-hello: client did not finish within 1.5s" in messages["hello"]


def test_crashing_implementation_is_graded_crash(toys, runs) -> None:
    assert runs["crash"].code == 1
    assert grades(toys, "crash") == {("hello", "seed"): "crash", ("stall", "seed"): "crash",
                                     ("port", "seed"): "pass", ("construct", "seed"): "pass"}
    assert "KeyError" in runs["crash"].out


def test_missing_names_are_graded_missing(toys, runs) -> None:
    assert runs["missing"].code == 1
    assert grades(toys, "missing")[("port", "seed")] == "missing"
    assert "MISSING [seed] port (seed:20.10:HTTP_PORT, MUST): HTTP_PORT is missing" in \
        runs["missing"].out


def test_baseline_known_versus_new(runs) -> None:
    assert runs["baseline"].code == 0, runs["baseline"].err
    baseline = json.loads(runs["baseline"].out)
    assert [(k["check"], k["seen"]) for k in baseline["known"]] == [
        ("port", [{"grade": "missing", "outcome": ["HTTP_PORT is missing"]}])]
    assert runs["known"].code == 0, runs["known"].out + runs["known"].err
    assert "MISSING known" in runs["known"].out
    # the crashing toy deviates in ways the baseline does not list
    assert runs["new"].code == 1
    assert "CRASH   NEW" in runs["new"].out
    # without saying so, another implementation's baseline is a usage error
    assert runs["foreign"].code == 2 and runs["foreign"].out == ""
    assert "--baseline-from-other-impl" in runs["foreign"].err


@pytest.mark.parametrize("content, words", [
    (None, "cannot read baseline"),
    ("{not json", "is not JSON"),
    ('{"schema": "other"}', "has schema 'other'"),
    ('{"schema": "httpclient-conformance-baseline/1", "known": []}',
     "regenerate it"),
    ('{"schema": "httpclient-conformance-baseline/3", "known": []}', "lacks \"impl\""),
    ('{"schema": "httpclient-conformance-baseline/3", "impl": {"name": "http.client", '
     '"module": "http.client", "version": "1"}, "interpreter": {"implementation": "CPython", '
     '"version": "3"}, "known": [{"check": 1}]}', "entry 0 is malformed"),
])
def test_bad_baseline_is_a_usage_error(tmp_path, content, words: str) -> None:
    path = str(tmp_path / "baseline.json")
    if content is not None:
        write(str(tmp_path), "baseline.json", content)
    result = run_cli(["run", "--impl", "http.client", "--baseline", path])
    assert result.code == 2
    assert result.err.count("\n") == 1 and words in result.err and path in result.err


def test_bad_results_path_is_a_usage_error(tmp_path) -> None:
    path = str(tmp_path / "no" / "such" / "dir" / "r.jsonl")
    result = run_cli(["run", "--impl", "http.client", "--results", path])
    assert result.code == 2 and path in result.err


def test_no_check_ran_is_a_failure(runs) -> None:
    assert runs["nothing"].code == 1
    assert "no check ran" in runs["nothing"].err


def test_edition_filter_and_check_selection(toys, runs) -> None:
    assert runs["modern"].code == 0
    # the seed-only check does not run for the modern edition
    assert sorted(grades(toys, "modern")) == [("hello", "modern"), ("stall", "modern")]
    assert sorted(grades(toys, "hello")) == [("hello", "modern"), ("hello", "seed")]


def test_jobs_split_the_checks_and_compare_prints_both(toys, runs) -> None:
    assert runs["jobs"].code == 0
    records = read_records(os.path.join(toys["dir"], "jobs.jsonl"))
    assert len(records) == 6 and len({r["run_id"] for r in records}) == 1
    compared = runs["compare"]
    assert compared.code == 1
    assert compared.out.splitlines()[0].split()[1:] == ["http.client", toys["missing"]]
    assert f"[seed] port: http.client=pass, {toys['missing']}=missing" in compared.out


def test_plugin_is_idle_without_impl(tmp_path) -> None:
    write(str(tmp_path), "test_plain.py",
          "import pytest\n\n@pytest.mark.clauses('seed:20.10:HTTP_PORT')\n"
          "def test_plain():\n    assert 1 + 1 == 2\n")
    result = run_pytest(["-q", "test_plain.py"], cwd=str(tmp_path))
    assert result.code == 0, result.out
    assert "1 passed" in result.out and "conformance grades" not in result.out
