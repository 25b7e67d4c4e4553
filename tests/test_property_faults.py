"""Each property check catches the fault it was built for, and reports a minimal
counterexample that ``python -m conformance replay`` reproduces.

The faults are mutants of the reference (``tests/mutants/catalogue.py``,
``PROPERTY_FAULTS``). Each is graded by ``python -m conformance run`` as a
user would run it (the ``ci`` profile, derandomised); the record must carry
the shrunk example, the example must have the minimal shape stated here, and
its ``reproduce`` command must fail on the mutant and pass on the unmutated
reference.
"""

import json
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Tuple

import pytest
from mutants.catalogue import PROPERTY_FAULTS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADAPTER = os.path.join("tests", "mutants", "impl.py")
TIMEOUT = 300


def _body(example: Dict[str, Any]) -> Dict[str, Any]:
    return example["input"]["response"]


def _is_4097_bytes(example: Dict[str, Any]) -> str:
    response = _body(example)
    assert response["body"]["size"] == 4097, response
    assert response["fields"] == [] and response["interim"] == [], response
    return "a Content-Length body of exactly 4097 bytes, no other field"


def _one_upper_chunk(example: Dict[str, Any]) -> str:
    response = _body(example)
    plan = response["chunks"]
    edges = [0, *plan["cuts"], response["body"]["size"]]
    sizes = [format(b - a, "x") for a, b in zip(edges, edges[1:])]
    upper = [s for s, line in zip(sizes, plan["lines"])
             if line["case"] == "upper" and any(d in "abcdef" for d in s)]
    assert len(upper) == 1, (sizes, plan)  # exactly one size line with an upper-case letter
    assert all(not line["ext"] and not line["zeros"] for line in plan["lines"]), plan
    assert plan["trailers"] == [] and response["fields"] == [], response
    # (shrinking keeps the size bucket it found the failure in, so the body is the
    # smallest failing one of that bucket, not always 10 bytes)
    return f"chunk sizes {sizes}: one size line, {upper[0].upper()!r}, in upper case"


def _21_fields(example: Dict[str, Any]) -> str:
    response = _body(example)
    framing = 1 if response["framing"] in ("length", "chunked") else 0
    total = len(response["fields"]) + framing + (1 if response["close"] else 0)
    assert total == 21, response
    assert all(value == "" for _, value in response["fields"]), response
    return "exactly 21 fields, every generated value empty"


def _read_one_of_two(example: Dict[str, Any]) -> str:
    data = example["input"]
    assert data["pattern"] == [["read_amt", 1]], data["pattern"]
    assert _body(example)["body"]["size"] == 2, _body(example)
    return "read(1) on a body of 2 bytes"


# mutant name -> (check id, what the minimal example must be)
MINIMAL: Dict[str, Tuple[str, Callable[[Dict[str, Any]], str]]] = {
    "body_corrupted_at_4096": ("valid_content_length", _is_4097_bytes),
    "chunk_size_lower_case_only": ("valid_chunked", _one_upper_chunk),
    "header_dropped_past_20": ("header_fields", _21_fields),
    "read_amt_one_more": ("read_amt_at_most_amt", _read_one_of_two),
}


def _env(mutant: str) -> Dict[str, str]:
    env = dict(os.environ)
    env["HTTPCLIENT_MUTANT"] = mutant
    return env


def _grade(mutant: str, edition: str, check: str, results: str) -> Dict[str, Any]:
    command = [sys.executable, "-m", "conformance", "run", "--impl", ADAPTER, "--edition",
               edition, "--check", check, "--results", results, "-j", "1"]
    subprocess.run(command, cwd=ROOT, env=_env(mutant), stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, timeout=TIMEOUT, check=False)
    with open(results, encoding="utf-8") as src:
        records = [json.loads(line) for line in src if line.strip()]
    assert len(records) == 1, records
    return records[0]


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Dict[str, Any]]:
    """Every planted fault graded by its property (two at a time)."""
    out = tmp_path_factory.mktemp("property-faults")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {m.name: pool.submit(_grade, m.name, m.edition, MINIMAL[m.name][0],
                                       str(out / f"{m.name}.jsonl"))
                   for m in PROPERTY_FAULTS}
        return {name: future.result() for name, future in futures.items()}


def _replay(command: str, mutant: str) -> "subprocess.CompletedProcess[str]":
    argv = shlex.split(command)
    assert argv[:4] == ["python", "-m", "conformance", "replay"], command
    return subprocess.run([sys.executable, *argv[1:]], cwd=ROOT, env=_env(mutant),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=TIMEOUT, check=False)


@pytest.mark.parametrize("mutant", [m.name for m in PROPERTY_FAULTS])
def test_property_catches_its_fault_minimally(mutant: str,
                                              graded: Dict[str, Dict[str, Any]]) -> None:
    record = graded[mutant]
    check, minimal = MINIMAL[mutant]
    assert record["check"] == check and record["grade"] == "fail", record["message"]
    example = record["example"]
    assert example is not None and example["property"] == check, record
    # (the shape is what counts: shrinking may reach it and still stop at its
    # bound, trying passes that find nothing smaller)
    shape = minimal(example)
    assert shape
    done = _replay(record["reproduce"], mutant)
    assert done.returncode == 1 and "verdict: fail" in done.stdout, done.stdout
    unmutated = "unmutated_" + record["edition"]
    done = _replay(record["reproduce"], unmutated)
    assert done.returncode == 0 and "verdict: pass" in done.stdout, done.stdout


def test_every_planted_fault_has_a_minimal_shape() -> None:
    names: List[str] = [m.name for m in PROPERTY_FAULTS]
    assert sorted(names) == sorted(MINIMAL)
