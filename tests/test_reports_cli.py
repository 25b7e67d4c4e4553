"""``python -m reports build`` and ``merge``: files written, exit status, errors."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

from reports.cli import main
from reports.records import load_files
from tests.reports_support import record, write_jsonl

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def two_runs(tmp_path):
    first = write_jsonl(tmp_path / "py38.jsonl", [
        record(interpreter="3.8.18", check="a", grade="fail", message="m"),
        record(interpreter="3.8.18", check="b")])
    second = write_jsonl(tmp_path / "py312.jsonl", [
        record(interpreter="3.12.1", check="a"), record(interpreter="3.12.1", check="b")])
    return first, second


def test_build_writes_every_file_and_prints_the_index_last(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["build", *two_runs(tmp_path), "-o", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == str(out / "index.html")
    assert sorted(os.listdir(out)) == ["deviations.md", "index.html", "junit", "results.json",
                                       "summary.md"]
    junit = sorted(os.listdir(out / "junit"))
    assert junit == ["http.client-cpython-3.12.1-cpython-3.12.1.xml",
                     "http.client-cpython-3.8.18-cpython-3.8.18.xml"]
    suite = ET.parse(str(out / "junit" / junit[1])).getroot().find("testsuite")
    assert suite.get("failures") == "1"
    assert len(load_files([str(out / "results.json")]).records) == 4
    assert not [n for n in os.listdir(out) if n.startswith(".report-")]  # no temp file left


def test_build_from_its_own_results_json_and_stale_junit_removed(tmp_path) -> None:
    out = tmp_path / "out"
    first, second = two_runs(tmp_path)
    assert main(["build", first, second, "-o", str(out)]) == 0
    again = tmp_path / "again"
    assert main(["build", str(out / "results.json"), "-o", str(again)]) == 0
    assert (out / "summary.md").read_text() == (again / "summary.md").read_text()
    assert main(["build", first, "-o", str(out)]) == 0
    assert len(os.listdir(out / "junit")) == 1


def test_a_damaged_file_is_reported_and_the_report_still_written(tmp_path, capsys) -> None:
    first, second = two_runs(tmp_path)
    with open(second, "a") as out:
        out.write('{"schema": "httpclient-')  # cut short
    assert main(["build", first, second, "-o", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert f"{second} line 3: truncated" in captured.err
    assert captured.out.strip().endswith("index.html")
    summary = (tmp_path / "out" / "summary.md").read_text()
    assert "line 3: truncated" in summary and "| 2 |" in summary


def test_usage_errors_exit_2_with_one_line(tmp_path, capsys) -> None:
    first, _ = two_runs(tmp_path)
    old = write_jsonl(tmp_path / "old.jsonl", [dict(record(), schema="httpclient-conformance/1")])
    dup = write_jsonl(tmp_path / "dup.jsonl", [record(interpreter="3.8.18", check="a")])
    a_file = tmp_path / "file"
    a_file.write_text("")
    cases = [
        (["build", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "o")], "none.jsonl"),
        (["build", old, "-o", str(tmp_path / "o")], "httpclient-conformance/1"),
        (["build", first, dup, "-o", str(tmp_path / "o")], "dup.jsonl"),
        (["build", first, "-o", str(a_file)], "is a file"),
        (["build", first, "-o", str(tmp_path / "no" / "where")], "parent folder"),
        (["merge", first, "-o", str(tmp_path)], "not a writable file path"),
        (["build", first], "-o"),
        (["frobnicate"], "frobnicate"),
    ]
    for argv, named in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and named in err, (argv, err)
    assert not os.path.exists(tmp_path / "o")


def test_merge_writes_one_results_json(tmp_path, capsys) -> None:
    first, second = two_runs(tmp_path)
    target = tmp_path / "merged.json"
    assert main(["merge", first, second, first, "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    merged = json.loads(target.read_text())
    assert len(merged) == 4
    assert main(["merge", str(target), second, "-o", str(tmp_path / "m2.json")]) == 0


def test_module_entry_point(tmp_path) -> None:
    first, _ = two_runs(tmp_path)
    done = subprocess.run([sys.executable, "-m", "reports", "build", first, "-o",
                           str(tmp_path / "o")], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == str(tmp_path / "o" / "index.html")


def test_a_malformed_explanations_file_is_a_usage_error(tmp_path, capsys, monkeypatch) -> None:
    from reports import explanations

    bad = tmp_path / "explanations.json"
    bad.write_text('{"schema": "httpclient-conformance-explanations/1", "explanations": []}')
    monkeypatch.setattr(explanations, "DEFAULT_PATH", str(bad))
    first, _ = two_runs(tmp_path)
    assert main(["build", first, "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(bad) in err and "'explanations'" in err
    assert not os.path.exists(tmp_path / "o")
