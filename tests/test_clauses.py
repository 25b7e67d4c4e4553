"""The clause catalogue (conformance/clauses): well-formed, faithful to the seed
document, and fully covered by checks."""

import re
from pathlib import Path
from typing import Dict, List

import pytest

from conformance.clauses import (
    CLAUSES,
    KINDS,
    LEVELS,
    ORIGINS,
    Clause,
    InvalidClause,
    UnknownOrigin,
    by_origin,
    cpython,
    get,
    modern,
    render_catalogue,
    rfc9112,
    seed,
)
from conformance.clauses.model import ID_PATTERN, build

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
    assert 60 <= len(by_origin("rfc9112")) <= 110
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
    assert lines[1].split() == ["ID", "LEVEL", "TEXT", "COVERED", "BY"]
    (row,) = [line for line in lines if line.startswith("rfc9112:6.3:head-no-body ")]
    assert row.endswith("  wire[head-with-body], other")
    assert " MUST " in row and "\u2026" in row
    assert row.index("wire[") == lines[1].index("COVERED BY")
    (empty,) = [line for line in lines if line.startswith("rfc9112:6.3:1xx-no-body ")]
    assert empty.endswith("  NOT COVERED")
    assert sum(line.endswith("NOT COVERED") for line in lines) == len(rfc9112.CLAUSES) - 1
    assert f"-- rfc9112: 1/{len(rfc9112.CLAUSES)} clauses covered --" in lines
    assert "seed:" not in out


def test_render_catalogue_all_origins_by_default() -> None:
    out = render_catalogue({})
    for origin in ORIGINS:
        assert f"-- {origin}: 0/{len(by_origin(origin))} clauses covered --" in out


def test_truncation_keeps_short_texts_whole() -> None:
    out = render_catalogue({}, origins=["modern"], text_width=400)
    assert "HTTP_PORT is 80." in out and "\u2026" not in out


# -- coverage -------------------------------------------------------------------


class _MarkerCollector:
    """A pytest plugin that records the clause ids each collected check names."""

    def __init__(self) -> None:
        self.named: Dict[str, List[str]] = {}

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: List[pytest.Item]) -> None:
        for item in items:
            for mark in item.iter_markers("clauses"):
                for clause_id in mark.args:
                    self.named.setdefault(clause_id, []).append(item.nodeid)


@pytest.fixture(scope="module")
def named_by_checks() -> Dict[str, List[str]]:
    collector = _MarkerCollector()
    status = pytest.main(
        ["--collect-only", "-q", "-p", "no:cacheprovider", "--pyargs", "conformance.checks",
         "--impl", "http.client"],
        plugins=[collector],
    )
    unknown = sorted(set(collector.named) - set(CLAUSES))
    assert status == 0, (f"collecting conformance.checks failed (exit {status}); "
                         f"unknown clause ids named: {unknown or 'none'}")
    return collector.named


def test_every_clause_named_by_a_check_exists(named_by_checks: Dict[str, List[str]]) -> None:
    unknown = sorted(set(named_by_checks) - set(CLAUSES))
    assert not unknown, "checks name unknown clause ids:\n" + "\n".join(unknown)


def test_every_clause_named_by_a_scenario_exists() -> None:
    from servers.catalogue import CASES

    unknown = sorted({f"{c} (scenario {s.name})" for s in CASES.values()
                      for c in s.clauses if c not in CLAUSES})
    assert not unknown, "scenarios name unknown clause ids:\n" + "\n".join(unknown)


def test_every_clause_is_covered_by_a_check(named_by_checks: Dict[str, List[str]]) -> None:
    uncovered = [c for c in CLAUSES if c not in named_by_checks]
    assert not uncovered, f"{len(uncovered)} clauses have no check:\n" + "\n".join(uncovered)
