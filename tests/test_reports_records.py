"""Loading and merging records files for a report (reports.records, reports.merge)."""

import json

import pytest

from conformance.schema import SCHEMA
from reports import results_json
from reports.merge import DuplicateRecord, identity, merge
from reports.records import RecordsError, load_files
from tests.reports_support import record, write_jsonl


def test_jsonl_and_results_json_read_back(tmp_path) -> None:
    records = [record(check=f"c{n}", grade="pass" if n % 2 else "fail") for n in range(5)]
    lines = write_jsonl(tmp_path / "a.jsonl", records)
    array = tmp_path / "results.json"
    array.write_text(results_json.render(records), encoding="utf-8")
    for path in (lines, str(array)):
        loaded = load_files([path])
        assert loaded.records == records and loaded.problems == []
        assert loaded.sources == [path] * 5


def test_empty_array_and_empty_file(tmp_path) -> None:
    (tmp_path / "e.json").write_text(results_json.render([]))
    (tmp_path / "e.jsonl").write_text("")
    loaded = load_files([str(tmp_path / "e.json"), str(tmp_path / "e.jsonl")])
    assert loaded.records == [] and loaded.problems == []


def test_a_malformed_line_is_named_and_the_rest_kept(tmp_path) -> None:
    good = [record(check="one"), record(check="two")]
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(good[0]) + "\n{not json\n" + json.dumps(good[1]) + "\n")
    loaded = load_files([str(path)])
    assert loaded.records == good
    [problem] = loaded.problems
    assert (problem.path, problem.line) == (str(path), 2)
    assert str(problem).startswith(f"{path} line 2: malformed JSON")


def test_a_record_breaking_the_schema_is_named(tmp_path) -> None:
    broken = record()
    broken["grade"] = "excellent"
    path = write_jsonl(tmp_path / "r.jsonl", [record(check="ok"), broken])
    loaded = load_files([path])
    assert [r["check"] for r in loaded.records] == ["ok"]
    assert "line 2" in str(loaded.problems[0]) and "excellent" in str(loaded.problems[0])


def test_a_truncated_file_is_named_with_its_last_line(tmp_path) -> None:
    text = "".join(json.dumps(record(check=f"c{n}")) + "\n" for n in range(3))
    path = tmp_path / "cut.jsonl"
    path.write_text(text[:-40])  # the write stopped inside the third record
    loaded = load_files([str(path)])
    assert [r["check"] for r in loaded.records] == ["c0", "c1"]
    assert str(loaded.problems[0]) == f"{path} line 3: truncated record (the file ends inside it)"


def test_a_truncated_results_json_keeps_the_records_before_the_cut(tmp_path) -> None:
    text = results_json.render([record(check=f"c{n}") for n in range(3)])
    path = tmp_path / "results.json"
    path.write_text(text[: text.index('"c2"')])
    loaded = load_files([str(path)])
    assert [r["check"] for r in loaded.records] == ["c0", "c1"]
    assert str(loaded.problems[0]).startswith(f"{path} line 4: truncated")
    path.write_text(text.rstrip()[:-1])  # every record whole, the closing ']' lost
    loaded = load_files([str(path)])
    assert len(loaded.records) == 3 and "truncated" in str(loaded.problems[0])


def test_a_malformed_results_json_is_named_with_its_line(tmp_path) -> None:
    text = results_json.render([record(check=f"c{n}") for n in range(3)])
    path = tmp_path / "results.json"
    path.write_text(text.replace('"c1"', "c1", 1))
    loaded = load_files([str(path)])
    assert [r["check"] for r in loaded.records] == ["c0"]
    assert str(loaded.problems[0]).startswith(f"{path} line 3: malformed JSON")
    path.write_text(text + "[]")
    assert "after the closing" in str(load_files([str(path)]).problems[0])
    path.write_text(text.replace("},\n", "}\n", 1))
    assert "expected ','" in str(load_files([str(path)]).problems[0])


def test_another_schema_version_is_refused_naming_file_and_version(tmp_path) -> None:
    old = dict(record(), schema="httpclient-conformance/2")
    path = write_jsonl(tmp_path / "old.jsonl", [record(check="x"), old])
    with pytest.raises(RecordsError) as caught:
        load_files([path])
    message = str(caught.value)
    assert path in message and "httpclient-conformance/2" in message and SCHEMA in message


def test_an_unreadable_file_is_refused(tmp_path) -> None:
    with pytest.raises(RecordsError, match="missing.jsonl"):
        load_files([str(tmp_path / "missing.jsonl")])


def test_merge_keeps_one_of_identical_records() -> None:
    a, b = record(check="a"), record(check="b")
    assert merge([a, b, dict(a)], ["x", "x", "y"]) == [a, b]


def test_merge_refuses_two_different_records_of_one_identity(tmp_path) -> None:
    first = write_jsonl(tmp_path / "run1.jsonl", [record(check="dup", grade="pass")])
    second = write_jsonl(tmp_path / "run2.jsonl", [record(check="dup", grade="fail")])
    loaded = load_files([first, second])
    with pytest.raises(DuplicateRecord) as caught:
        merge(loaded.records, loaded.sources)
    assert first in str(caught.value) and second in str(caught.value)
    assert "'dup'" in str(caught.value)


def test_identity_separates_interpreters_and_editions() -> None:
    base = record(check="c")
    others = [record(check="c", interpreter="3.12.1"), record(check="c", edition="seed"),
              record(check="c", impl="future.backports.http.client", version="1.0.0")]
    assert len({identity(r) for r in [base] + others}) == 4
    assert merge([base] + others, ["f"] * 4) == [base] + others


def test_shards_of_separate_runs_merge_into_the_whole(tmp_path) -> None:
    """Records of two shards (disjoint checks) and of two interpreters merge into
    their union, whatever order the files come in."""
    every = [record(check=f"c{n}", interpreter=v) for n in range(6) for v in ("3.8.18", "3.13.1")]
    files = [write_jsonl(tmp_path / f"s{k}.jsonl", every[k::3]) for k in range(3)]
    loaded = load_files(files[::-1])
    merged = merge(loaded.records, loaded.sources)
    assert sorted(map(identity, merged)) == sorted(map(identity, every))


def test_deeply_nested_json_is_a_problem_not_a_crash(tmp_path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"a": ' + "[" * 100000 + "]" * 100000 + "}\n" + json.dumps(record()) + "\n")
    loaded = load_files([str(path)])
    assert len(loaded.records) == 1
    assert str(loaded.problems[0]) == f"{path} line 1: malformed JSON: nested too deeply"
