"""The explanations of deviations: the loader refuses a malformed file by name,
every deviation a baseline lists has a sentence, and every sentence names a
check the plugin collects."""

import glob
import json
import os
from typing import Any, Dict, List

import pytest
from conformance_support import ROOT, run_pytest

from conformance.baseline import load_baseline
from reports import explanations
from reports.explanations import SCHEMA, Explanations, load, parse

BASELINES = sorted(glob.glob(os.path.join(ROOT, "conformance", "baselines", "*.json")))


def _write(tmp_path, data: Any, name: str = "explanations.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return str(path)


def _file(table: Dict[str, Dict[str, str]]) -> Dict[str, Any]:
    return {"schema": SCHEMA, "explanations": table}


def unexplained(baseline_paths: List[str], table: Explanations) -> List[str]:
    """``check (impl) in FILE`` for each baseline entry that has no sentence."""
    missing = []
    for path in baseline_paths:
        baseline = load_baseline(path)
        impl_name = baseline.impl["name"]
        for check in sorted({check for check, _edition in baseline.known}):
            if table.explain(check, impl_name) is None:
                missing.append(f"{check} ({impl_name}) in {os.path.relpath(path, ROOT)}")
    return missing


# -- the loader ------------------------------------------------------------------


def test_lookup_prefers_the_implementation_then_any() -> None:
    table = parse(_file({"c[x]": {"*": "Any does this.", "urllib3": "This one does that."}}), "f")
    assert table.explain("c[x]", "urllib3") == "This one does that."
    assert table.explain("c[x]", "http.client") == "Any does this."
    assert table.explain("other", "http.client") is None
    assert "c[x]" in table and len(table) == 1 and list(table.checks()) == ["c[x]"]
    assert table.sentences("c[x]") == {"*": "Any does this.", "urllib3": "This one does that."}


def test_only_one_implementation_explained_leaves_the_others_unexplained() -> None:
    table = parse(_file({"c": {"urllib3": "This one does that."}}), "f")
    assert table.explain("c", "http.client") is None


def test_the_default_file_loads() -> None:
    table = load()
    assert table.path == explanations.DEFAULT_PATH
    assert len(table) > 0


@pytest.mark.parametrize(
    "data, named",
    [
        ({"schema": "httpclient-conformance-explanations/9", "explanations": {}},
         "'httpclient-conformance-explanations/9'"),
        ({"explanations": {}}, "schema None"),
        ([], "top level"),
        ({"schema": SCHEMA, "explanations": {}, "extra": 1}, "'extra'"),
        ({"schema": SCHEMA, "explanations": []}, "'explanations'"),
        (_file({"": {"*": "A sentence."}}), "check key ''"),
        (_file({" c": {"*": "A sentence."}}), "check key ' c'"),
        (_file({"c": {}}), "check 'c'"),
        (_file({"c": "A sentence."}), "check 'c'"),
        (_file({"c": {"": "A sentence."}}), "implementation key '' of check 'c'"),
        (_file({"c": {"*": ""}}), "'c' / '*' is empty"),
        (_file({"c": {"*": 3}}), "'c' / '*' is a int"),
        (_file({"c": {"*": "Two sentences. Here is the second."}}), "more than one sentence"),
        (_file({"c": {"*": "No full stop"}}), "full stop"),
        (_file({"c": {"*": "lower case start."}}), "capital"),
        (_file({"c": {"*": "Two\nlines."}}), "several lines"),
        (_file({"c": {"*": "A" + "a" * 400 + "."}}), "characters long"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_file_and_the_key(tmp_path, data, named) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(ValueError) as raised:
        load(path)
    assert str(raised.value).startswith(path + ": ")
    assert named in str(raised.value)


def test_a_file_that_is_not_json_is_refused_with_its_line(tmp_path) -> None:
    path = _write(tmp_path, '{"schema":\n')
    with pytest.raises(ValueError, match=r"not valid JSON \(line 2"):
        load(path)


def test_a_key_given_twice_is_refused(tmp_path) -> None:
    text = ('{"schema": ' + json.dumps(SCHEMA)
            + ', "explanations": {"c": {"*": "One."}, "c": {"*": "Two."}}}')
    with pytest.raises(ValueError, match="key 'c' appears twice"):
        load(_write(tmp_path, text))


def test_dotted_names_and_versions_stay_one_sentence() -> None:
    assert explanations.sentence_problem(
        "Reads http.client's chunk size 1F4 on CPython 3.8; RFC 9112 7.1 allows it.") is None
    assert explanations.sentence_problem("`foo()` is absent.") is None


# -- the data ----------------------------------------------------------------------


def test_every_baseline_deviation_has_an_explanation() -> None:
    assert BASELINES, "no baseline found under conformance/baselines"
    missing = unexplained(BASELINES, load())
    assert not missing, "deviations without an explanation in reports/explanations.json:\n" + (
        "\n".join(missing))


def test_a_planted_unexplained_deviation_is_caught(tmp_path) -> None:
    with open(BASELINES[0], encoding="utf-8") as src:
        baseline = json.load(src)
    explained = baseline["known"][0]
    planted = dict(explained, check="planted_check[never-explained]")
    baseline["known"] = [explained, planted]
    path = _write(tmp_path, baseline, "planted-baseline.json")
    table = parse(_file({explained["check"]: {"*": "Explained."}}), "f")
    assert unexplained([path], table) == [
        f"planted_check[never-explained] ({baseline['impl']['name']}) in "
        f"{os.path.relpath(path, ROOT)}"]


@pytest.fixture(scope="module")
def check_ids(tmp_path_factory: pytest.TempPathFactory) -> List[str]:
    """Every check id the plugin collects (its ``--list-checks`` listing)."""
    path = tmp_path_factory.mktemp("listing") / "checks.json"
    result = run_pytest(["--collect-only", "-q", "--pyargs", "conformance.checks",
                         "--impl", "http.client", "--list-checks", str(path)], cwd=ROOT)
    assert result.code == 0, result.out[-2000:] + result.err[-2000:]
    return sorted(json.loads(path.read_text(encoding="utf-8")))


def unknown_checks(table: Explanations, check_ids: List[str]) -> List[str]:
    """Explained ids that name no check. Some ids depend on the interpreter
    (``modern_status_constant[...]`` is parametrized by this interpreter's
    ``http.HTTPStatus``): an id a baseline lists was collected on the interpreter
    that made the baseline, so it exists too."""
    baselined = {check for path in BASELINES for check, _edition in load_baseline(path).known}
    return sorted(set(table.checks()) - set(check_ids) - baselined)


def test_every_explained_check_exists(check_ids: List[str]) -> None:
    unknown = unknown_checks(load(), check_ids)
    assert not unknown, f"reports/explanations.json explains unknown checks: {unknown}"


def test_a_planted_unknown_check_is_caught(check_ids: List[str]) -> None:
    table = parse(_file({"wire[no-such-case]": {"*": "Explained."},
                         check_ids[0]: {"*": "Explained."}}), "f")
    assert unknown_checks(table, check_ids) == ["wire[no-such-case]"]
