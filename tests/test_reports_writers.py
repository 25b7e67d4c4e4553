"""The report writers: columns, the matrix, the CVE table, summary.md,
results.json, JUnit XML, deviations.md and index.html (as text; the browser
tests are in test_reports_browser.py)."""

import re
import xml.etree.ElementTree as ET

from reports import deviations, html, junit, summary_md
from reports.columns import columns_of, label
from reports.cve import NOT_RUN, SAFE, VULNERABLE, cve_table, issues_in_catalogue
from reports.explanations import Explanations
from reports.grades import worst
from reports.matrix import build_matrix
from tests.reports_support import MODERN_CLAUSE, RFC_CLAUSE, SEED_CLAUSE, record

URLLIB3 = "conformance/adapters/urllib3_connection.py"


def sample():
    """Three columns: http.client on 3.8 and 3.11, urllib3's adapter on 3.11."""
    recs = []
    for interp in ("3.8.18", "3.11.7"):
        recs += [record(interpreter=interp, check="a", clause=RFC_CLAUSE, edition="seed"),
                 record(interpreter=interp, check="a", clause=RFC_CLAUSE, edition="modern",
                        grade="fail" if interp == "3.8.18" else "pass",
                        message="boom\nsecond line", transcript="   0.000 >> HTTP/1.1"),
                 record(interpreter=interp, check="b", clause=SEED_CLAUSE, edition="seed"),
                 record(interpreter=interp, check="c", clause=MODERN_CLAUSE,
                        grade="lenient")]
    recs.append(record(impl=URLLIB3, version="2.8.0", check="a", clause=RFC_CLAUSE,
                       grade="crash", message="Traceback"))
    return recs


def test_labels_are_short_and_readable() -> None:
    assert label(("http.client", "CPython 3.8.18", "CPython", "3.8.18")) == \
        "http.client \u00b7 CPython 3.8.18"
    assert label((URLLIB3, "2.8.0", "CPython", "3.11.7")) == \
        "urllib3 2.8.0 (adapter) \u00b7 CPython 3.11.7"
    assert label(("future.backports.http.client", "1.0.0", "PyPy", "3.9.19")) == \
        "future.backports.http.client 1.0.0 \u00b7 PyPy 3.9.19"
    assert label(("my/own.py", "unknown", "CPython", "3.12.1")) == \
        "own (adapter) \u00b7 CPython 3.12.1"


def test_columns_are_ordered_and_slugs_unique() -> None:
    cols = columns_of(sample() + [record(impl="reference.client", version="0.1.0")])
    assert [c.label.split(" \u00b7 ")[0] for c in cols] == [
        "reference.client 0.1.0", "http.client", "http.client", "urllib3 2.8.0 (adapter)"]
    assert [c.key[3] for c in cols[1:3]] == ["3.8.18", "3.11.7"]
    assert len({c.slug for c in cols}) == 4
    assert all(re.fullmatch(r"[a-z0-9._-]+", c.slug) for c in cols)


def test_worst_grade() -> None:
    assert worst(["pass", "info", "lenient"]) == "lenient"
    assert worst(["fail", "crash", "pass"]) == "crash"
    assert worst([]) is None


def test_matrix_rows_cells_and_disagreement() -> None:
    matrix = build_matrix(sample())
    rows = {row.clause: row for row in matrix.rows()}
    assert set(rows) == {RFC_CLAUSE, SEED_CLAUSE, MODERN_CLAUSE}
    assert [s for s, _ in matrix.sections] == sorted(
        {s for s, _ in matrix.sections}, key=lambda s: ["seed", "modern", "rfc9112"].index(
            s.split(":")[0]))
    rfc = rows[RFC_CLAUSE]
    assert [matrix.grade(rfc, n) for n in range(3)] == ["fail", "pass", "crash"]
    assert [matrix.grade(rfc, n, "seed") for n in range(3)] == ["pass", "pass", None]
    assert matrix.disagrees(rfc) and not matrix.disagrees(rfc, "seed")
    assert not matrix.disagrees(rows[MODERN_CLAUSE])
    assert rows[SEED_CLAUSE].text and rows[SEED_CLAUSE].level


def test_cve_table_is_derived_from_the_records() -> None:
    issues = issues_in_catalogue()
    ids = [i.id for i in issues]
    assert "CVE-2016-5699" in ids and "gh-150743" in ids
    assert not any(i.startswith("cpython") for i in ids)
    first = issues[0]
    recs = [record(check=f"wire[{first.cases[0]}]", script=first.cases[0]),
            record(interpreter="3.8.18", check=f"wire[{first.cases[0]}]",
                   script=first.cases[0], grade="fail"),
            record(interpreter="3.8.18", check=f"wire[{first.cases[-1]}]",
                   script=first.cases[-1], edition="seed"),
            record(impl="reference.client", version="0.1.0", check="other")]
    matrix = build_matrix(recs)
    table = {issue.id: issue for issue in cve_table(matrix)}
    labels = [c.label for c in matrix.columns]
    states = dict(zip(labels, table[first.id].states))
    assert states == {"reference.client 0.1.0 \u00b7 CPython 3.11.7": NOT_RUN,
                      "http.client \u00b7 CPython 3.8.18": VULNERABLE,
                      "http.client \u00b7 CPython 3.11.7": SAFE}
    assert set(table[issues[1].id].states) == {NOT_RUN}


def test_summary_md_one_line_per_column_then_disagreements() -> None:
    matrix = build_matrix(sample())
    text = summary_md.render(matrix, cve_table(matrix), "Report", ["f.jsonl line 3: bad"])
    table = [line for line in text.splitlines() if re.match(r"\| \d", line)]
    assert len(table) == 3
    assert table[0] == ("| 1 | http.client \u00b7 CPython 3.8.18 | 2/2 | 0/2 | 1 fail | "
                        "1 lenient | none |")
    assert "| 3 | urllib3 2.8.0 \\(adapter\\)" in table[2] and "| 1 crash |" in table[2]
    assert f"- `{RFC_CLAUSE}` (MUST): pass #2; fail #1; crash #3" in text
    assert "f.jsonl line 3: bad" in text


def test_summary_md_escapes_record_text() -> None:
    matrix = build_matrix([record(impl="x|<b>`y`</b>\x1b", version="1")])
    text = summary_md.render(matrix, cve_table(matrix), "R", [])
    assert "<b>" not in text and "\x1b" not in text and "x\\|" in text


def test_junit_per_column_counts_and_escapes() -> None:
    matrix = build_matrix(sample() + [record(
        impl=URLLIB3, version="2.8.0", check="d", grade="error",
        message="kit broke \x00 \x1b[31m <x> & ]]>", transcript="\x07bell")])
    column = matrix.columns[2]
    mine = [r for r, n in zip(matrix.records, matrix.record_columns) if n == 2]
    tree = ET.fromstring(junit.render(column, mine).encode("utf-8"))
    suite = tree.find("testsuite")
    assert suite.get("name") == column.label
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "1")
    error = suite.find("testcase[@name='d [modern]']/error")
    assert "\\x00" in error.text and "<x> & ]]>" in error.text and "\\x07bell" in error.text
    first = build_matrix(sample())
    lenient = [r for r, n in zip(first.records, first.record_columns) if n == 0]
    suite = ET.fromstring(junit.render(first.columns[0], lenient)).find("testsuite")
    assert suite.find("testcase[@name='c [modern]']/system-out").text.startswith(
        "grade: lenient")
    assert suite.find("testcase[@name='b [seed]']").findall("*") == []


def test_deviations_md_explains_or_says_none_yet() -> None:
    matrix = build_matrix(sample())
    explanations = Explanations({"a": {"*": "Any implementation fails it.",
                                       URLLIB3: "urllib3 crashes on it."}})
    text = deviations.render(matrix, explanations.explain, "Deviations")
    assert "- `a` fail [modern]" in text and "Any implementation fails it." in text
    assert "- `a` crash [modern]" in text and "urllib3 crashes on it." in text
    assert f"- `c` lenient [modern] (`{MODERN_CLAUSE}`): {deviations.NO_EXPLANATION}" in text
    assert "`b`" not in text  # passes are no deviation
    assert text.rstrip().endswith("2 deviation(s) without an explanation.")


def test_inert_json_cannot_close_a_script_element() -> None:
    text = html.inert_json({"m": "</script><script>alert(1)</script>&amp;<!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text


HOSTILE = '</script><script>document.title="pwned"</script><img src=x onerror=alert(1)>'


def test_html_escapes_every_record_string_and_allows_only_its_own_script() -> None:
    recs = [record(impl=f"evil{HOSTILE}.py", version="1", check=f"c{HOSTILE}", grade="fail",
                   message=HOSTILE, transcript=HOSTILE, reproduce=HOSTILE,
                   outcome=[HOSTILE])]
    matrix = build_matrix(recs)
    page = html.render(matrix, cve_table(matrix), "T", [f"x.jsonl line 1: {HOSTILE}"], "now")
    assert page.count("<script") == 2  # the inert data block and the page's own script
    assert "<img" not in page and "<script>document" not in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "unsafe" not in policy
    script = re.search(r"<script>(.*)</script>", page, re.S).group(1)
    assert html.csp_hash(script) in policy
    style = re.search(r"<style>(.*)</style>", page, re.S).group(1)
    assert html.csp_hash(style) in policy


def test_control_characters_and_lone_surrogates_become_escapes() -> None:
    from reports.visible import escape_controls

    assert escape_controls("a\rb\x1b\x00\ud800\ufffe\tc\n") == \
        "a\\rb\\x1b\\x00\\ud800\\ufffe\\tc\\n"
    assert escape_controls("a\rb\tc\n", keep="\t\n") == "a\\rb\tc\n"
    from reports.markdown import text

    assert text("x\ny|z") == "x\\\\ny\\|z"
