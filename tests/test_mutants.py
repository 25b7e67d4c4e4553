"""The suite's own power: every mutant of the reference is caught.

For each mutant of ``tests/mutants/catalogue.py`` the conformance suite runs
(in a subprocess, as a user would run it) against the mutant's adapter,
restricted to the checks naming the mutant's clauses. For each of those
clauses some check must be graded with one of the mutant's expected grades
while the unmutated copy (built by the same loader) passes that same check.
The unmutated copies run once per edition over the union of the clauses.
"""

import json
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set, Tuple

import pytest
from mutants import loader, select
from mutants.catalogue import CONTROLS, EDITIONS, MUTANTS, Mutant

from conformance.clauses import CLAUSES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, "tests")
ADAPTER = os.path.join("tests", "mutants", "impl.py")  # the --impl of every mutant run
WORKERS = 2
RUN_TIMEOUT = 170.0  # seconds one suite run may take before the test gives up
# Short client timeouts keep mutants that wait on a silent server cheap; the
# unmutated copies run with the same settings, so the comparison stays fair.
SUITE_OPTIONS = ("--client-timeout", "1.0", "--deadline", "6")
BASELINE_OK = ("pass", "lenient", "info")
# SHOULD and de-facto clauses bind in the mutant runs, so a mutant that breaks one
# is graded ``fail`` by the check grading it (the proven figure counts MUST clauses
# only).
BINDING_OPTIONS = ("--strict-should", "--like-cpython")

CHECKS = "conformance.checks"  # the package every suite run collects from
Records = List[Dict[str, Any]]


def control(edition: str) -> Mutant:
    """The unmutated copy of ``edition``."""
    return next(c for c in CONTROLS if c.edition == edition)


def suite_command(mutant: Mutant, clauses: Sequence[str], results: str,
                  modules: Sequence[str] = (CHECKS,)) -> List[str]:
    """The command that grades ``mutant`` on the checks grading ``clauses``, collected
    from ``modules`` (the whole package unless narrowed)."""
    return [
        sys.executable, "-m", "pytest", "--pyargs", *modules,
        "-p", "mutants.select", "--only-clauses", ",".join(sorted(clauses)),
        "--impl", ADAPTER,
        "--edition", mutant.edition, "--results", results,
        "-q", "-p", "no:cacheprovider", *SUITE_OPTIONS, *BINDING_OPTIONS,
    ]


def suite_environment(pycache: str) -> Dict[str, str]:
    """The environment of a suite run: ``tests/`` importable (for ``-p mutants.select``)
    and bytecode cached under ``pycache``, so runs after the first skip recompiling
    (and re-rewriting the asserts of) every module; the checkout gets no files."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (TESTS, env.get("PYTHONPATH")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def run_suite(mutant: Mutant, clauses: Sequence[str], results: str, pycache: str,
              modules: Sequence[str] = (CHECKS,)) -> Records:
    """Run the suite against ``mutant``; its records ([] if no check names ``clauses``)."""
    env = suite_environment(pycache)
    env[loader.MUTANT_VARIABLE] = mutant.name
    done = subprocess.run(
        suite_command(mutant, clauses, results, modules), cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=RUN_TIMEOUT, text=True)
    if done.returncode == 5:  # pytest: no tests collected
        return []
    if done.returncode not in (0, 1) or not os.path.exists(results):
        raise RuntimeError(f"suite run for {mutant.name} exited {done.returncode}:\n"
                           f"{done.stdout[-3000:]}")
    with open(results, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def check_modules(records: Records) -> Dict[str, Set[str]]:
    """Clause -> the check modules (dotted names) whose checks graded it in ``records``."""
    modules: Dict[str, Set[str]] = {}
    for record in records:
        path = record["nodeid"].split("::", 1)[0]
        if path.endswith(".py"):
            modules.setdefault(record["clause"], set()).add(path[:-3].replace("/", "."))
    return modules


def narrowed(mutant: Mutant, graded_in: Optional[Dict[str, Set[str]]]) -> List[str]:
    """The check modules a mutant's run collects: those holding the checks that grade
    its clauses on the unmutated copy (collecting one module instead of all of them
    saves about a third of each run); the whole package when that is not known."""
    if graded_in is None or any(c not in graded_in for c in mutant.clauses):
        return [CHECKS]
    return sorted({module for c in mutant.clauses for module in graded_in[c]})


def wanted(session: pytest.Session) -> List[Mutant]:
    """The mutants whose catch test was collected (all of them in a full run)."""
    names = set()
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        param = callspec.params.get("mutant") if callspec is not None else None
        if isinstance(param, Mutant):
            names.add(param.name)
    return [m for m in MUTANTS if m.name in names]


@pytest.fixture(scope="module")
def suite_runs(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, "Future[Records]"]]:
    """Start every suite run the collected tests need, two at a time; name -> Future.
    The unmutated copies run first: their records tell each mutant's run which check
    modules to collect."""
    mutants = wanted(request.session)
    out = tmp_path_factory.mktemp("mutant-results")
    pycache = str(tmp_path_factory.mktemp("mutant-pycache"))
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="mutants")
    futures: Dict[str, Future[Records]] = {}
    try:
        for edition in EDITIONS:
            clauses = sorted({c for m in mutants if m.edition == edition for c in m.clauses})
            if clauses:
                base = control(edition)
                futures[base.name] = pool.submit(
                    run_suite, base, clauses, str(out / f"{base.name}.jsonl"), pycache)
        graded_in: Dict[str, Optional[Dict[str, Set[str]]]] = {}
        for edition in EDITIONS:
            base = control(edition)
            try:
                graded_in[edition] = check_modules(futures[base.name].result())
            except Exception:  # reported by the unmutated copy's own test
                graded_in[edition] = None
        for mutant in mutants:
            futures[mutant.name] = pool.submit(
                run_suite, mutant, mutant.clauses, str(out / f"{mutant.name}.jsonl"), pycache,
                narrowed(mutant, graded_in.get(mutant.edition)))
        yield futures
    finally:
        for future in futures.values():
            future.cancel()
        pool.shutdown(wait=True)


def _grades(records: Records, clause: str) -> Dict[str, str]:
    return {r["check"]: r["grade"] for r in records if r["clause"] == clause}


def catching_checks(mutant: Mutant, clause: str, mutated: Records,
                    baseline: Records) -> List[Tuple[str, str]]:
    """(check, grade) of the checks naming ``clause`` that catch ``mutant``: graded
    one of its grades on the mutant, ``pass`` on the unmutated copy."""
    before = _grades(baseline, clause)
    return [(check, grade) for check, grade in _grades(mutated, clause).items()
            if grade in mutant.grades and before.get(check) == "pass"]


def _mutant_params() -> List[Any]:
    params = []
    for mutant in MUTANTS:
        marks = ([pytest.mark.xfail(strict=True, raises=AssertionError, reason=mutant.gap)]
                 if mutant.gap else [])
        params.append(pytest.param(mutant, id=mutant.name, marks=marks))
    return params


@pytest.mark.parametrize("mutant", _mutant_params())
def test_mutant_is_caught(mutant: Mutant, suite_runs: Dict[str, "Future[Records]"]) -> None:
    """Each clause the mutant lists has a check that catches it."""
    baseline = suite_runs[control(mutant.edition).name].result()
    mutated = suite_runs[mutant.name].result()
    assert mutated, (f"{mutant.name}: no {mutant.edition} check names any of "
                     f"{', '.join(mutant.clauses)}")
    missed = []
    for clause in mutant.clauses:
        if not catching_checks(mutant, clause, mutated, baseline):
            seen = _grades(mutated, clause)
            before = _grades(baseline, clause)
            detail = ", ".join(f"{c}: {before.get(c)}->{g}" for c, g in sorted(seen.items()))
            missed.append(f"{clause} [{detail or 'no check names it'}]")
    assert not missed, (f"{mutant.name} ({mutant.description}) survives; wanted a grade in "
                        f"{mutant.grades} on: " + "; ".join(missed))


@pytest.mark.parametrize("edition", EDITIONS)
def test_unmutated_copy_passes_the_selected_checks(
        edition: str, suite_runs: Dict[str, "Future[Records]"],
        request: pytest.FixtureRequest) -> None:
    """The unmutated copy passes every check the mutants of its edition select."""
    name = control(edition).name
    if name not in suite_runs:
        pytest.skip(f"no {edition} mutant was selected in this run")
    records = suite_runs[name].result()
    assert records, f"no {edition} check was selected"
    selected = {c for m in wanted(request.session) if m.edition == edition for c in m.clauses}
    strays = [r["check"] for r in records if r["clause"] not in selected]
    assert not strays, f"--only-clauses let through checks naming none of the clauses: {strays}"
    bad = [f"{r['check']}: {r['grade']} ({r['message'][:120]})"
           for r in records if r["grade"] not in BASELINE_OK]
    assert not bad, f"the unmutated {edition} reference fails: " + "; ".join(bad)


# -- the catalogue and the loader, in process ------------------------------------


def test_catalogue_holds_enough_distinct_mutants() -> None:
    """At least 25 mutants, each a different substitution."""
    assert len(MUTANTS) >= 25
    faults = {(m.module, m.old, m.new) for m in MUTANTS}
    assert len(faults) == len(MUTANTS), "two mutants make the same substitution"


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_mutant_clauses_exist_in_its_edition(mutant: Mutant) -> None:
    """Listed clauses are catalogued and graded in the mutant's edition."""
    for clause in mutant.clauses:
        assert clause in CLAUSES, f"{mutant.name}: unknown clause {clause!r}"
        assert clause.split(":", 1)[0] in (mutant.edition, "rfc9112", "cpython"), (
            f"{mutant.name}: clause {clause} is never graded in edition {mutant.edition}")


def test_adapter_without_a_mutant_name_is_a_usage_error() -> None:
    """``--impl tests/mutants/impl.py`` with no mutant named: one line naming the variable."""
    env = dict(os.environ)
    env.pop(loader.MUTANT_VARIABLE, None)
    done = subprocess.run(
        [sys.executable, "-m", "conformance", "run", "--impl", ADAPTER],
        cwd=ROOT, env=env, capture_output=True, timeout=RUN_TIMEOUT, text=True)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and loader.MUTANT_VARIABLE in lines[0], done.stderr


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_mutant_builds_with_its_one_change(mutant: Mutant) -> None:
    """The old text occurs exactly once; the copy imports; only its module changed."""
    sources = loader.reference_sources()
    mutated = loader.mutate(sources, mutant)
    changed = [stem for stem in sources if sources[stem] != mutated[stem]]
    assert changed == [mutant.module]
    module = loader.build(mutant)
    assert module.__name__ == f"{loader.PACKAGE_PREFIX}{mutant.name}.{mutant.public}"
    assert hasattr(module, "HTTPConnection")


def test_mutate_refuses_missing_and_repeated_text() -> None:
    """A substitution whose old text is absent or repeated is an error naming it."""
    base = MUTANTS[0]
    sources = {"__init__": "", base.module: "a = 1\na = 1\n"}
    for old, count in (("a = 1\n", 2), ("b = 2\n", 0)):
        broken = Mutant("probe", "probe", base.edition, base.module, old, "c = 3\n",
                        base.clauses, base.grades)
        with pytest.raises(loader.MutationError, match=f"occurs {count} times"):
            loader.mutate(sources, broken)
    elsewhere = Mutant("probe", "probe", base.edition, "_nowhere", "x", "y",
                       base.clauses, base.grades)
    with pytest.raises(loader.MutationError, match="_nowhere"):
        loader.mutate(sources, elsewhere)


def test_only_clauses_needs_a_clause_id() -> None:
    """The selection plugin refuses an empty ``--only-clauses`` value, naming it."""
    assert select.wanted_clauses(" a:b:c , d:e:f,") == ["a:b:c", "d:e:f"]
    with pytest.raises(pytest.UsageError, match="' , '"):
        select.wanted_clauses(" , ")


def test_unknown_mutant_name_is_refused() -> None:
    """``find`` names the value it does not know."""
    with pytest.raises(loader.MutationError, match="no_such_mutant"):
        loader.find("no_such_mutant")


def test_build_leaves_the_reference_alone() -> None:
    """The mutated copy is separate: the imported reference keeps its behaviour."""
    import reference._grammar
    import reference.client

    mutant = loader.find("chunk_size_off_by_one")
    copy = loader.build(mutant)
    grammar = sys.modules[f"{loader.PACKAGE_PREFIX}{mutant.name}._grammar"]
    assert reference._grammar.chunk_size(b"5") == 5
    assert grammar.chunk_size(b"5") == 6
    assert copy.HTTPConnection is not reference.client.HTTPConnection
    with open(reference._grammar.__file__, encoding="utf-8") as handle:
        assert mutant.old in handle.read()


@pytest.mark.parametrize("edition", EDITIONS)
def test_control_copy_exports_what_the_reference_does(edition: str) -> None:
    """The unmutated copy and its adapter offer exactly the reference's names."""
    import reference.client
    import reference.seed

    original = reference.client if edition == "modern" else reference.seed
    namespace: Dict[str, Any] = {}
    copy = loader.export(namespace, control(edition).name)
    assert copy is not original
    assert sorted(loader.public_names(copy)) == sorted(loader.public_names(original))
    assert set(namespace) - {"__all__", "__version__"} == set(loader.public_names(original))
    assert namespace["__all__"] == list(original.__all__)
