"""The clause catalogue (conformance/clauses): well-formed, faithful to the seed
document, and fully covered by checks."""

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict

import pytest

from conformance.clauses import (
    CLAUSES,
    KINDS,
    LEVELS,
    ORIGINS,
    Clause,
    InvalidAttribution,
    InvalidClause,
    UnknownOrigin,
    attribute,
    by_origin,
    cpython,
    get,
    modern,
    render_catalogue,
    rfc9112,
    seed,
)
from conformance.clauses.model import ID_PATTERN, build
from reports.summary import coverage

# The seed document ships in the repository's spec/ folder (DESIGN.md).
SEED_DOCUMENT = Path(__file__).resolve().parent.parent / "spec" / "http.client-seed-edition.txt"


def squeeze(text: str) -> str:
    """Drop whitespace and the page's pilcrows: the document's line breaks fall
    inside words and names ("formhost:port"), so quotes are compared without them."""
    return re.sub(r"[\s\u00b6]+", "", text)


# -- the data model -----------------------------------------------------------


def test_ids_are_unique_across_origins() -> None:
    every = seed.CLAUSES + modern.CLAUSES + rfc9112.CLAUSES + cpython.CLAUSES
    assert len({c.id for c in every}) == len(every)
    assert list(CLAUSES) == [c.id for c in every]


@pytest.mark.parametrize("clause", list(CLAUSES.values()), ids=list(CLAUSES))
def test_clause_is_well_formed(clause: Clause) -> None:
    match = ID_PATTERN.match(clause.id)
    assert match is not None
    assert match.group("origin") == clause.origin
    assert match.group("section") == clause.section
    assert clause.origin in ORIGINS
    assert clause.level in LEVELS
    assert clause.kind in KINDS
    assert clause.text == clause.text.strip() and clause.text


def test_origins_have_the_expected_size() -> None:
    assert len(by_origin("seed")) >= 150
    assert 60 <= len(by_origin("rfc9112")) <= 115
    assert len(by_origin("modern")) >= 60


def test_ids_named_in_the_contract_exist() -> None:
    for clause_id in ("seed:20.10:HTTPConnection-port-from-host", "modern:HTTPResponse:read1",
                      "rfc9112:6.3:head-no-body", "seed:20.10:status-NOT_FOUND"):
        assert clause_id in CLAUSES


@pytest.mark.parametrize("bad_id, fragment", [
    ("seed-20.10-x", "is not '<origin>:<section>:<slug>'"),
    ("http2:1:x", "is not '<origin>:<section>:<slug>'"),
    ("seed:20.10:has space", "is not '<origin>:<section>:<slug>'"),
    ("seed:20.10:", "is not '<origin>:<section>:<slug>'"),
    ("modern:parse_headers:parse_headers", "is not '<origin>:<section>:<slug>'"),
])
def test_malformed_id_is_refused_naming_it(bad_id: str, fragment: str) -> None:
    with pytest.raises(InvalidClause, match=re.escape(repr(bad_id))) as raised:
        Clause(bad_id, "seed", "MUST", "20.10", "text")
    assert fragment in str(raised.value)


def test_mismatched_fields_are_refused() -> None:
    with pytest.raises(InvalidClause, match="origin prefix 'seed' but origin 'modern'"):
        Clause("seed:20.10:x", "modern", "MUST", "20.10", "text")
    with pytest.raises(InvalidClause, match="names section '20.10' but section '20.10.1'"):
        Clause("seed:20.10:x", "seed", "MUST", "20.10.1", "text")
    with pytest.raises(InvalidClause, match="level 'MUST NOT'"):
        Clause("seed:20.10:x", "seed", "MUST NOT", "20.10", "text")
    with pytest.raises(InvalidClause, match="kind 'network'"):
        Clause("seed:20.10:x", "seed", "MUST", "20.10", "text", "network")
    with pytest.raises(InvalidClause, match="empty text"):
        Clause("seed:20.10:x", "seed", "MUST", "20.10", "  ")


def test_build_and_slug() -> None:
    (clause,) = build("rfc9112", [("6.3", "head-no-body", "MUST", "wire", "t")])
    assert clause.id == "rfc9112:6.3:head-no-body"
    assert clause.slug == "head-no-body"


def test_by_origin_and_get() -> None:
    assert [c.origin for c in by_origin("modern")] == ["modern"] * len(modern.CLAUSES)
    assert get("rfc9112:6.3:head-no-body").level == "MUST"
    with pytest.raises(UnknownOrigin, match="'http2'"):
        by_origin("http2")
    with pytest.raises(KeyError, match="'seed:1:nope'"):
        get("seed:1:nope")


# -- faithful to the seed document ------------------------------------------------


def test_seed_document_is_there() -> None:
    assert SEED_DOCUMENT.is_file(), f"the seed document is missing: {SEED_DOCUMENT}"


@pytest.fixture(scope="module")
def seed_document() -> str:
    return squeeze(SEED_DOCUMENT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("clause", seed.CLAUSES, ids=[c.id for c in seed.CLAUSES])
def test_seed_text_is_quoted_verbatim(clause: Clause, seed_document: str) -> None:
    assert squeeze(clause.text) in seed_document, f"{clause.id} does not quote the document"


def test_quote_check_can_fail(seed_document: str) -> None:
    assert squeeze("The default port for the HTTP protocol (always 8080).") not in seed_document


def test_every_status_row_of_the_document_has_a_clause() -> None:
    text = SEED_DOCUMENT.read_text(encoding="utf-8")
    rows = re.findall(r"^([A-Z_]+) \|\n(\d{3}) \|", text, flags=re.MULTILINE)
    assert len(rows) == len(seed.STATUS_TABLE) == 49
    assert [(n, int(v)) for n, v in rows] == [(n, v) for n, v, _ in seed.STATUS_TABLE]
    for name, _value in rows:
        assert f"seed:20.10:status-{name}" in CLAUSES


def test_every_documented_exception_has_a_clause() -> None:
    text = SEED_DOCUMENT.read_text(encoding="utf-8")
    names = re.findall(r"^exception\nhttp\.client\.\n(\w+)\n", text, flags=re.MULTILINE)
    assert names == [name for name, _ in seed.EXCEPTIONS]
    for name in names:
        assert f"seed:20.10:exception-{name}" in CLAUSES


def test_every_documented_member_has_a_signature_or_clause() -> None:
    text = SEED_DOCUMENT.read_text(encoding="utf-8")
    members = re.findall(r"^(HTTPConnection|HTTPResponse)\.\n(\w+)\n", text, flags=re.MULTILINE)
    assert len(members) == 18
    slugs = {c.slug for c in seed.CLAUSES}
    for _owner, member in members:
        assert member in slugs or f"{member}-signature" in slugs, member


def test_seed_phrases_cover_the_rfc2616_rows() -> None:
    rfc2616 = {value for _, value, definition in seed.STATUS_TABLE if "RFC 2616" in definition}
    assert set(seed.SEED_PHRASES) == rfc2616
    assert seed.SEED_PHRASES[404] == "Not Found"


# -- rendering ------------------------------------------------------------------


def test_render_catalogue_shows_coverage() -> None:
    out = render_catalogue({"rfc9112:6.3:head-no-body": ["wire[head-with-body]", "other"],
                            "rfc9112:6.3:1xx-no-body": []},
                           origins=["rfc9112"], text_width=30)
    lines = out.splitlines()
    assert lines[0] == f"== rfc9112: {len(rfc9112.CLAUSES)} clauses =="
    assert lines[1].split() == ["ID", "LEVEL", "TEXT", "GRADED", "BY"]
    (row,) = [line for line in lines if line.startswith("rfc9112:6.3:head-no-body ")]
    assert row.endswith("  wire[head-with-body], other")
    assert " MUST " in row and "\u2026" in row
    assert row.index("wire[") == lines[1].index("GRADED BY")
    (empty,) = [line for line in lines if line.startswith("rfc9112:6.3:1xx-no-body ")]
    assert empty.endswith("  NOT GRADED")
    assert sum(line.endswith("NOT GRADED") for line in lines) == len(rfc9112.CLAUSES) - 1
    assert f"-- rfc9112: 1/{len(rfc9112.CLAUSES)} clauses graded --" in lines
    assert "seed:" not in out


def test_render_catalogue_all_origins_by_default() -> None:
    out = render_catalogue({})
    for origin in ORIGINS:
        assert f"-- {origin}: 0/{len(by_origin(origin))} clauses graded --" in out


def test_truncation_keeps_short_texts_whole() -> None:
    out = render_catalogue({}, origins=["modern"], text_width=400)
    assert "HTTP_PORT is 80." in out and "\u2026" not in out


# -- coverage -------------------------------------------------------------------


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Dict[str, Any]]:
    """What the plugin collects: ``{check: {"graded": {edition: clause}, "related": [...]}}``."""
    path = tmp_path_factory.mktemp("listing") / "checks.json"
    status = pytest.main(
        ["--collect-only", "-q", "-p", "no:cacheprovider", "--pyargs", "conformance.checks",
         "--impl", "http.client", "--list-checks", str(path)])
    assert status == 0, f"collecting conformance.checks failed (exit {status})"
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_case_grades_one_clause_per_edition() -> None:
    from servers.catalogue import CASES

    problems = []
    for case in CASES.values():
        editions = [e for e in ("seed", "modern") if case.expectation(e) is not None]
        try:
            graded = attribute(case.clauses, editions)
        except (InvalidAttribution, KeyError) as exc:
            problems.append(f"{case.name}: {exc}")
            continue
        if sorted(graded) != sorted(editions):
            problems.append(f"{case.name} grades no clause in {set(editions) - set(graded)}")
        unknown = [c for c in case.related if c not in CLAUSES]
        if unknown:
            problems.append(f"{case.name} relates to unknown clauses {unknown}")
    assert not problems, "\n".join(problems)


def test_every_clause_is_graded_by_a_check(listing: Dict[str, Dict[str, Any]]) -> None:
    """A clause counts only when a check grades it; naming it as related does not."""
    graded = coverage(listing)
    only_related = {c for entry in listing.values() for c in entry["related"]} - set(graded)
    ungraded = [c for c in CLAUSES if c not in graded]
    assert not ungraded, (f"{len(ungraded)} clauses no check grades "
                          f"({len(only_related & set(ungraded))} of them only named as "
                          "related):\n" + "\n".join(ungraded))


def test_coverage_counts_graded_clauses_only() -> None:
    listing = {"a": {"graded": {"seed": "seed:20.10:HTTP_PORT"},
                     "related": ["seed:20.10:HTTPS_PORT"]},
               "b": {"graded": {"seed": "rfc9112:6.3:head-no-body",
                                "modern": "rfc9112:6.3:head-no-body"}, "related": []}}
    assert coverage(listing) == {"seed:20.10:HTTP_PORT": ["a"], "rfc9112:6.3:head-no-body": ["b"]}


def test_a_check_grading_two_clauses_in_one_edition_is_refused(tmp_path: Path) -> None:
    (tmp_path / "test_two.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.clauses('seed:20.10:HTTP_PORT', 'seed:20.10:HTTPS_PORT')\n"
        "def test_two(impl):\n    pass\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path),
         "--impl", "http.client", "--collect-only"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    assert done.returncode == 4, done.stdout
    assert "test_two.py::test_two: seed would grade 2 clauses" in done.stdout


def test_clause_ids_named_in_the_reference_exist() -> None:
    """One hop from a failing record to the code: every clause id a comment
    or docstring of reference/ names is a clause of the catalogue, and the
    reference names the clauses it implements (at least the bare-CR rule)."""
    pattern = re.compile(r"\b(?:seed|modern|rfc9112|cpython):[\w.\-]+:[\w.\-]*\w")
    named = {}
    for path in sorted((Path(__file__).parent.parent / "reference").glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for found in pattern.findall(line):
                named.setdefault(found, f"{path}:{number}")
    unknown = {cid: where for cid, where in named.items() if cid not in CLAUSES}
    assert unknown == {}
    assert "rfc9112:2.2:bare-cr-invalid" in named
    assert len(named) >= 80
