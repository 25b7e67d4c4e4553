"""Levels decide the verdict (issue 8): the same failed assertion weighs
``fail`` on a MUST clause, ``non-strict`` on a SHOULD (``fail`` under
``--strict``), ``unlike-cpython`` on a de-facto clause (``fail`` under
``--like-cpython``), ``info`` on a MAY or INFO clause; every record says the
clause it graded, its level and the related clauses."""

import os
import textwrap
from typing import Dict, Tuple

import pytest
from conformance_support import FAST, run_cli, write

from conformance.results import read_records

# Each check fails the same way; only the level of the clause it grades differs.
LEVEL_CHECKS = textwrap.dedent('''
    import pytest

    @pytest.mark.clauses("seed:20.10:HTTP_PORT", related=("seed:20.10:HTTPS_PORT",))
    def test_must(impl):
        assert False, "MUST broken"

    @pytest.mark.clauses("rfc9112:2.3:higher-minor-version")
    def test_should(impl):
        assert False, "SHOULD not followed"

    @pytest.mark.clauses("cpython:HTTPConnection:empty-port-default")
    def test_de_facto(impl):
        assert False, "not what CPython does"

    @pytest.mark.clauses("rfc9112:2.2:bare-lf-line-terminator")
    def test_may(impl):
        assert False, "MAY not taken"

    @pytest.mark.clauses("rfc9112:9.5:timeout")
    def test_info(impl):
        assert False, "recorded"

    @pytest.mark.clauses("rfc9112:9.5:timeout")
    def test_info_pass(impl):
        pass
''')

Grades = Dict[Tuple[str, str], str]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Tuple[int, Grades, list]]:
    folder = tmp_path_factory.mktemp("levels")
    checks = write(folder, "test_levels_toy.py", LEVEL_CHECKS)
    out = {}
    for name, extra in (("default", []), ("strict", ["--strict"]),
                        ("like", ["--like-cpython"]), ("both", ["--strict", "--like-cpython"])):
        results = os.path.join(str(folder), f"{name}.jsonl")
        done = run_cli(["run", "--impl", "http.client", "--checks", checks, "--edition", "seed",
                        "--results", results, *FAST, *extra])
        records = read_records(results)
        out[name] = (done.code, {(r["check"], r["edition"]): r["grade"] for r in records},
                     records)
    return out


def test_each_level_weighs_a_failure_its_own_way(runs) -> None:
    code, grades, _ = runs["default"]
    assert grades == {("must", "seed"): "fail", ("should", "seed"): "non-strict",
                      ("de_facto", "seed"): "unlike-cpython", ("may", "seed"): "info",
                      ("info", "seed"): "info", ("info_pass", "seed"): "info"}
    assert code == 1  # the MUST failure fails the run


@pytest.mark.parametrize("name, bound", [("strict", {"should"}), ("like", {"de_facto"}),
                                         ("both", {"should", "de_facto"})])
def test_options_bind_should_and_de_facto(runs, name, bound) -> None:
    _, grades, _ = runs[name]
    failing = {check for (check, _), grade in grades.items() if grade == "fail"}
    assert failing == {"must"} | bound
    assert grades[("may", "seed")] == "info" and grades[("info", "seed")] == "info"


def test_records_name_the_graded_clause_its_level_and_the_related(runs) -> None:
    records = {r["check"]: r for r in runs["default"][2]}
    assert (records["must"]["clause"], records["must"]["level"]) == ("seed:20.10:HTTP_PORT",
                                                                      "MUST")
    assert records["must"]["related"] == ["seed:20.10:HTTPS_PORT"]
    assert records["de_facto"]["level"] == "de-facto"
    assert records["should"]["level"] == "SHOULD" and records["should"]["related"] == []
    assert records["should"]["message"].startswith("SHOULD not followed")


SOFT_CHECKS = textwrap.dedent('''
    import pytest

    @pytest.mark.clauses("seed:20.10:HTTP_PORT")
    def test_must(impl):
        assert impl.attr("HTTP_PORT") == 80

    @pytest.mark.clauses("rfc9112:2.3:higher-minor-version")
    def test_should(impl):
        assert False, "SHOULD not followed"
''')


def test_a_should_deviation_fails_the_run_only_under_strict(tmp_path) -> None:
    checks = write(tmp_path, "test_soft.py", SOFT_CHECKS)
    args = ["run", "--impl", "http.client", "--checks", checks, "--edition", "seed", *FAST]
    plain = run_cli(args)
    assert plain.code == 0, plain.out + plain.err
    assert "NON-STRICT [seed] should (rfc9112:2.3:higher-minor-version, SHOULD)" in plain.out
    assert run_cli(args + ["--strict"]).code == 1
