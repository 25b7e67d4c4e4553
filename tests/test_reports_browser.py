"""index.html in a real browser (headless Chromium): the matrix renders, the
filters hide the rows they should, a cell's detail opens with its transcript,
and hostile record data stays text (nothing executes, the page is unchanged)."""

import os
import tempfile
from typing import Any, Dict, Iterator, List

import pytest

from reports import html
from reports.cve import cve_table, issues_in_catalogue
from reports.matrix import build_matrix
from tests.browser_support import CHROMIUM_ARGS, REQUIRE, chromium_path, unavailable
from tests.reports_support import MODERN_CLAUSE, RFC_CLAUSE, SEED_CLAUSE, record

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCREENSHOT = os.path.join(REPO, "reports", "out", "browser-test.png")
TITLE = "browser test report"
TIMEOUT_MS = 10000
TRANSCRIPT = ("== script chunked-basic ==\n   0.000 << GET / HTTP/1.1\\r\\n\\r\\n\n"
              "   0.002 >> HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n")
PAYLOAD = ("</script><script>window.__pwned = 1; document.title = 'pwned'</script>"
           "<img src=x onerror=\"window.__pwned = 2\"><b id=injected>bold</b>")


def write_page(path: str, records: List[Dict[str, Any]]) -> str:
    matrix = build_matrix(records)
    with open(path, "w", encoding="utf-8") as out:
        out.write(html.render(matrix, cve_table(matrix), TITLE, [], "now"))
    return path


def plain_records() -> List[Dict[str, Any]]:
    """Two columns. RFC clause: they disagree (fail with a transcript vs pass); seed
    clause: both pass (seed edition only); modern clause: both lenient."""
    cve = issues_in_catalogue()[0].cases[0]
    recs = []
    for interp, grade in (("3.8.18", "fail"), ("3.12.1", "pass")):
        recs += [
            record(interpreter=interp, check="wire[chunked-basic]", clause=RFC_CLAUSE,
                   grade=grade, script="chunked-basic", transcript=TRANSCRIPT,
                   message="expected b'hello', got b'hel'" if grade == "fail" else ""),
            record(interpreter=interp, check="names", clause=SEED_CLAUSE, edition="seed"),
            record(interpreter=interp, check="iter", clause=MODERN_CLAUSE, grade="lenient"),
            record(interpreter=interp, check=f"wire_driver[{cve}]", clause=RFC_CLAUSE,
                   edition="seed", script=cve, grade=grade),
        ]
    recs[0] = dict(recs[0], example={"chunk_sizes": [3, 0], "note": "<i>shrunk</i>"})
    return recs


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        unavailable("Chromium is not installed (no /usr/bin/chromium, none on PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (the test extra holds it)")
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            profile, executable_path=path, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 900}, timeout=TIMEOUT_MS)
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


def open_page(browser: Any, path: str) -> Any:
    page = browser.new_page()
    page.problems = []  # console errors (a CSP refusal is one), page errors, requests
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("request", lambda r: r.url.startswith("file:") or page.problems.append(r.url))
    page.goto("file://" + path)
    page.wait_for_selector("body[data-ready]")
    return page


def visible_clauses(page: Any) -> List[str]:
    return page.eval_on_selector_all(
        "#matrix tr[data-level]:not([hidden]) summary",
        "els => els.map(e => e.firstChild.textContent)")


def test_matrix_renders_filters_and_detail(browser: Any, tmp_path: Any) -> None:
    page = open_page(browser, write_page(str(tmp_path / "index.html"), plain_records()))
    try:
        assert page.title() == TITLE
        assert page.locator("#matrix thead tr.labels th.col").count() == 2
        assert visible_clauses(page) == [SEED_CLAUSE, MODERN_CLAUSE, RFC_CLAUSE]
        assert page.locator("#matrix td.g-fail").count() == 1
        assert page.locator("#shown").text_content() == "3 of 3 clauses shown"

        page.check("#f-disagree")
        assert visible_clauses(page) == [RFC_CLAUSE]
        page.uncheck("#f-disagree")
        page.select_option("#f-grade", "lenient")
        assert visible_clauses(page) == [MODERN_CLAUSE]
        page.select_option("#f-grade", "")
        page.select_option("#f-edition", "seed")
        assert visible_clauses(page) == [SEED_CLAUSE, RFC_CLAUSE]
        # In the seed edition the RFC clause's cells show the seed records only.
        assert page.locator("#matrix td.g-fail").count() == 1
        page.select_option("#f-level", "INFO")
        assert visible_clauses(page) == []
        page.select_option("#f-level", "")
        page.select_option("#f-edition", "all")

        page.click("#matrix td.g-fail")
        detail = page.locator("#detail")
        assert detail.is_visible()
        text = detail.text_content()
        assert "wire[chunked-basic]" in text and "expected b'hello', got b'hel'" in text
        assert detail.locator("pre.wire").first.text_content() == TRANSCRIPT
        assert '"note": "<i>shrunk</i>"' in detail.locator("pre.example").text_content()
        assert "python -m conformance run" in detail.locator("pre.reproduce").first.text_content()

        page.click("#cve-table td.s-vulnerable")
        assert "wire_driver[cve-" in page.locator("#detail").text_content()
        page.keyboard.press("Escape")
        assert not page.locator("#detail").is_visible()
        os.makedirs(os.path.dirname(SCREENSHOT), exist_ok=True)
        page.click("#matrix td.g-fail")
        page.screenshot(path=SCREENSHOT)
        assert page.problems == []
    finally:
        page.close()


def test_hostile_record_data_stays_text(browser: Any, tmp_path: Any) -> None:
    """Markup and ``</script><script>`` in a message, transcript, example, check id
    and implementation name: in the browser nothing of it runs or changes the page."""
    recs = [record(impl=f"evil{PAYLOAD}", version=PAYLOAD, check=f"c{PAYLOAD}",
                   grade="fail", message=PAYLOAD, transcript=PAYLOAD, reproduce=PAYLOAD,
                   script=PAYLOAD, outcome=[PAYLOAD])]
    recs[0] = dict(recs[0], example={PAYLOAD: [PAYLOAD]})
    page = open_page(browser, write_page(str(tmp_path / "hostile.html"), recs))
    try:
        assert page.title() == TITLE
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("script").count() == 2
        assert page.locator("img, #injected, [onerror]").count() == 0
        label = page.locator("#matrix th.col").first.text_content()
        assert PAYLOAD in label
        page.click("#matrix td.g-fail")
        detail = page.locator("#detail")
        assert detail.locator("pre.msg").text_content() == PAYLOAD
        assert detail.locator("pre.wire").text_content() == PAYLOAD
        assert PAYLOAD.replace('"', '\\"') in detail.locator("pre.example").text_content()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.title() == TITLE
        assert page.locator("img, #injected, [onerror]").count() == 0
        assert page.problems == []
    finally:
        page.close()


def test_an_absent_browser_skips_unless_required(monkeypatch: Any) -> None:
    monkeypatch.delenv(REQUIRE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium package"):
        unavailable("Chromium is not installed")
    monkeypatch.setenv(REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception, match="HTTPCLIENT_REQUIRE_BROWSER=1 requires"):
        unavailable("Chromium is not installed")
