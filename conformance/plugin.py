"""pytest plugin: grades an http.client implementation (idle unless ``--impl`` is given).

Usage: ``python -m pytest --pyargs conformance.checks --impl http.client
[--edition seed|modern] [--results FILE] [--strict-should] [--like-cpython]``.

Each check names the clauses it grades with ``@pytest.mark.clauses(*graded,
related=(...))``: one graded clause per edition (``conformance.clauses.attribute``),
the clauses it only touches as related. Its outcome becomes a grade
(``conformance.grading``), weighed by the level of the clause graded
(``grading.by_level``), and one record per edition (``conformance.schema``).
"""

import inspect
import json
import platform
import re
import time
import uuid
import zlib
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

from conformance import context, profiles
from conformance.clauses import CLAUSES, InvalidAttribution, attribute
from conformance.context import normalise_message
from conformance.deadline import within
from conformance.grading import (
    CRASH,
    ERROR,
    FAIL,
    OK_GRADES,
    PASS,
    Signal,
    by_level,
    grade_exception,
)
from conformance.impl import Implementation, ImplError, load
from conformance.results import ResultsError, write_records
from conformance.schema import RECORD_EDITIONS, SCHEMA

CHECKS_PACKAGE = "conformance.checks"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the conformance options."""
    group = parser.getgroup("conformance", "http.client conformance kit")
    group.addoption("--impl", default=None, metavar="IMPL",
                    help="dotted module or path to a .py adapter implementing http.client")
    group.addoption("--edition", default=None, choices=RECORD_EDITIONS,
                    help="grade only this edition (default: both)")
    group.addoption("--results", default=None, metavar="FILE",
                    help="write JSON Lines grade records to FILE (atomically)")
    group.addoption("--check", action="append", default=[], metavar="ID", dest="check_ids",
                    help="run only the check with this id (repeatable)")
    group.addoption("--run-id", default=None, metavar="HEX32",
                    help="run id for the records (default: a fresh one); shards of a run share it")
    group.addoption("--shard", default=None, metavar="I/N",
                    help="run only every N-th check starting at I (0-based), for -j N")
    group.addoption("--replay-file", default=None, metavar="FILE",
                    help="the results file a failed property's reproduce command names "
                         "(default: --results; 'python -m conformance run' passes its own)")
    group.addoption("--list-checks", default=None, metavar="FILE",
                    help="write {check id: clause ids} of the collected checks to FILE (JSON)")
    group.addoption("--deadline", type=float, default=context.DEFAULT_DEADLINE,
                    metavar="SECONDS", help="time one run of a script may take before 'hang'")
    group.addoption("--check-deadline", type=float, default=None, metavar="SECONDS",
                    help="time a whole check may take before 'hang' "
                         "(default: the larger of 60 s and 6 x --deadline)")
    group.addoption("--client-timeout", type=float, default=context.DEFAULT_CLIENT_TIMEOUT,
                    metavar="SECONDS", help="socket timeout given to the client")
    # pytest owns --strict, so the plugin's name says what it binds
    group.addoption("--strict-should", action="store_true", default=False,
                    help="SHOULD clauses bind: a deviation is 'fail', not 'non-strict' "
                         "('python -m conformance --strict')")
    group.addoption("--like-cpython", action="store_true", default=False,
                    help="de-facto clauses (what CPython does beyond its documentation) bind: "
                         "a deviation is 'fail', not 'unlike-cpython' (for drop-in replacements)")


def pytest_configure(config: pytest.Config) -> None:
    """Declare the markers; with ``--impl``, load it and activate grading."""
    config.addinivalue_line("markers", "clauses(*graded, related=()): the clause a conformance "
                                       "check grades (one per edition) and those it touches")
    config.addinivalue_line(
        "markers", "editions(*names): limit a conformance check (or one param) to these editions"
    )
    if not config.getoption("hypothesis_profile", None):
        # the property checks' default profile (conformance.profiles)
        from hypothesis import settings

        settings.load_profile(profiles.DEFAULT_PROFILE)
    spec = config.getoption("impl", None)
    if spec is None:
        return
    try:
        impl = load(spec)
    except ImplError as exc:
        raise pytest.UsageError(str(exc)) from None
    for name in ("deadline", "client_timeout", "check_deadline"):
        value = config.getoption(name)
        if value is not None and not value > 0:
            raise pytest.UsageError(f"--{name.replace('_', '-')} must be positive, got {value!r}")
    shard = config.getoption("shard")
    if shard is not None:
        parse_shard(shard)
    run_id = config.getoption("run_id")
    if run_id is not None and not re.match(r"^[0-9a-f]{32}$", run_id):
        raise pytest.UsageError(f"--run-id {run_id!r} is not 32 lowercase hex digits")
    context.settings.deadline = config.getoption("deadline")
    context.settings.client_timeout = config.getoption("client_timeout")
    context.settings.whole_check = config.getoption("check_deadline")
    config.pluginmanager.register(Grader(config, impl), "conformance-grader")


@pytest.fixture(scope="session")
def impl(pytestconfig: pytest.Config) -> Implementation:
    """The implementation under test (``--impl``)."""
    grader = pytestconfig.pluginmanager.get_plugin("conformance-grader")
    if grader is None:
        pytest.fail("conformance checks need --impl (a dotted module or a .py path)",
                    pytrace=False)
    return grader.impl


@pytest.fixture(scope="session")
def edition(pytestconfig: pytest.Config) -> str:
    """The edition graded; the plugin parametrizes it when ``--impl`` is given."""
    pytest.fail("conformance checks need --impl (a dotted module or a .py path)", pytrace=False)


def parse_shard(text: str) -> Tuple[int, int]:
    """``"I/N"`` as ``(I, N)`` with ``0 <= I < N``; ``pytest.UsageError`` otherwise."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        index, count = -1, 0
    if not 0 <= index < count:
        raise pytest.UsageError(f"--shard {text!r} is not I/N with 0 <= I < N")
    return index, count


def marked_clauses(item: pytest.Item) -> Tuple[List[str], List[str]]:
    """``(graded, related)`` clause ids of the ``clauses`` markers on ``item``."""
    graded: List[str] = []
    related: List[str] = []
    for mark in item.iter_markers("clauses"):
        graded.extend(c for c in mark.args if c not in graded)
        related.extend(c for c in mark.kwargs.get("related", ()) if c not in related)
    return graded, [c for c in related if c not in graded]


class CheckInfo:
    """What the plugin knows about one collected check: the clause it grades in
    each edition it runs in, and the clauses it only touches."""

    def __init__(self, check_id: str, graded: Dict[str, str], related: List[str],
                 module: str) -> None:
        self.check_id = check_id
        self.graded = graded
        self.related = related
        self.module = module

    @property
    def editions(self) -> List[str]:
        """The editions the check is graded in, in record order."""
        return [e for e in RECORD_EDITIONS if e in self.graded]


class Grader:
    """The active half of the plugin, registered only when ``--impl`` is given."""

    def __init__(self, config: pytest.Config, impl: Implementation) -> None:
        self.config = config
        self.impl = impl
        self.selected = [config.getoption("edition")] if config.getoption("edition") else list(
            RECORD_EDITIONS)
        self.results_path: Optional[str] = config.getoption("results")
        self.replay_file: Optional[str] = config.getoption("replay_file") or self.results_path
        self.check_ids: List[str] = config.getoption("check_ids")
        self.run_id = config.getoption("run_id") or uuid.uuid4().hex
        self.started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.records: List[Dict[str, Any]] = []
        self.graded: Dict[str, Tuple[str, str]] = {}
        # the levels beyond MUST this run binds (a deviation from them is ``fail``)
        self.binding = [level for level, bound in (("SHOULD", config.getoption("strict_should")),
                                                   ("de-facto", config.getoption("like_cpython")))
                        if bound]

    # -- collection ----------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """Run a check that asks for ``edition`` once per selected edition."""
        if "edition" in metafunc.fixturenames:
            metafunc.parametrize("edition", self.selected, ids=self.selected)

    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: List[pytest.Item]
    ) -> None:
        """Attach check ids and editions; drop checks this run does not grade."""
        problems: List[str] = []
        described = [(item, self._describe(item, problems)) for item in items]
        if problems:
            raise pytest.UsageError("; ".join(problems))
        checks = [(item, info) for item, info in described if info is not None]
        _qualify_duplicates([info for _, info in checks])
        self._list_checks([info for _, info in checks if info.editions])
        shard = self.config.getoption("shard")
        index, count = parse_shard(shard) if shard is not None else (0, 1)
        keep: List[pytest.Item] = []
        dropped: List[pytest.Item] = []
        for item, info in described:
            if info is None:
                keep.append(item)
            elif (info.editions and (not self.check_ids or info.check_id in self.check_ids)
                  and zlib.crc32(info.check_id.encode("utf-8")) % count == index):
                # both editions of a check land in the same shard (one run of its script)
                item.conformance_check = info  # type: ignore[attr-defined]
                keep.append(item)
            else:
                dropped.append(item)
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        # property checks last: whatever one of their examples leaves behind (a
        # client thread still blocked after a hang) cannot touch a catalogue check
        items[:] = sorted(keep, key=_is_property)

    def _list_checks(self, checks: List[CheckInfo]) -> None:
        path = self.config.getoption("list_checks")
        if path is None:
            return
        listing: Dict[str, Dict[str, Any]] = {}
        for info in checks:
            entry = listing.setdefault(info.check_id, {"graded": {}, "related": []})
            entry["graded"].update(info.graded)
            entry["related"].extend(c for c in info.related if c not in entry["related"])
        with open(path, "w", encoding="utf-8") as out:
            json.dump(listing, out, indent=1, sort_keys=True)

    def _describe(self, item: pytest.Item, problems: List[str]) -> Optional[CheckInfo]:
        graded, related = marked_clauses(item)
        module = getattr(getattr(item, "module", None), "__name__", "")
        if not graded:
            if module.startswith(CHECKS_PACKAGE):
                problems.append(f"check {item.nodeid} grades no clause (@pytest.mark.clauses)")
            return None
        unknown = [c for c in graded + related if c not in CLAUSES]
        if unknown:
            problems.append(f"check {item.nodeid} names unknown clause(s) {', '.join(unknown)}")
            return None
        editions = list(RECORD_EDITIONS)
        for mark in item.iter_markers("editions"):
            editions = [e for e in editions if e in mark.args]
        try:
            by_edition = attribute(graded, editions)
        except InvalidAttribution as exc:
            problems.append(f"check {item.nodeid}: {exc}")
            return None
        editions = [e for e in by_edition if e in self.selected]
        name = getattr(item, "originalname", item.name)
        params = item.name[len(name) + 1:-1] if item.name.endswith("]") else ""
        if "edition" in getattr(item, "fixturenames", ()):
            # The plugin parametrizes ``edition`` before any other parameter
            # (its hook runs first), so the id starts with it.
            chosen, _, params = params.partition("-")
            if chosen not in RECORD_EDITIONS:
                problems.append(f"check {item.nodeid}: cannot tell its edition from {item.name!r}")
            editions = [e for e in editions if e == chosen]
        name = name[5:] if name.startswith("test_") else name
        check_id = f"{name}[{params}]" if params else name
        return CheckInfo(check_id, {e: by_edition[e] for e in editions}, related, module)

    # -- running and grading ---------------------------------------------------

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        """Open a fresh context (scripts played, transcripts) around the check."""
        context.begin()
        yield

    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> Optional[bool]:
        """Run the check in a worker thread under an overall deadline: a check stuck
        outside ``conformance.drive`` is graded ``hang`` and the run goes on."""
        if not hasattr(pyfuncitem, "conformance_check"):
            return None
        names = getattr(getattr(pyfuncitem, "_fixtureinfo", None), "argnames", None)
        if names is None or inspect.iscoroutinefunction(pyfuncitem.obj):
            return None  # let pytest call it the usual way
        args = {name: pyfuncitem.funcargs[name] for name in names}
        limit = context.settings.check_deadline()
        if getattr(pyfuncitem.obj, "is_property", False):  # many examples: the profile's limit
            limit = max(limit, profiles.CHECK_SECONDS[profiles.current()])
        within(lambda: pyfuncitem.obj(**args), limit, f"conformance-check-{pyfuncitem.name}",
               "the check")
        return True

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
        """Turn the check's outcome into a grade, a record and a report outcome."""
        outcome = yield
        report = outcome.get_result()
        info: Optional[CheckInfo] = getattr(item, "conformance_check", None)
        if info is None or item.nodeid in self.graded:
            return
        if call.when == "setup" and call.excinfo is None:
            return
        if call.when == "teardown" and call.excinfo is None:
            return
        exc = call.excinfo.value if call.excinfo is not None else None
        if isinstance(exc, (pytest.skip.Exception, pytest.exit.Exception, KeyboardInterrupt)):
            return
        observed, message = grade_exception(exc)
        if call.when != "call" and not isinstance(exc, Signal):
            # A fixture of the kit failed: nothing is known about the implementation.
            observed, message = ERROR, f"the kit failed in {call.when}: {message}"
        ctx = context.current() if call.when == "call" else context.CheckContext()
        grades = []
        for edition in info.editions:
            grade = by_level(observed, CLAUSES[info.graded[edition]].level, self.binding)
            grades.append(grade)
            self.records.append(self._record(item, info, edition, grade, message,
                                             call.duration, ctx))
        # the report shows the weightiest grade of the editions (a failing one if any)
        grade = next((g for g in grades if g not in OK_GRADES), grades[0] if grades else observed)
        self.graded[item.nodeid] = (grade, message)
        report.conformance_grade = grade
        if grade in OK_GRADES:
            report.outcome = "passed"
            report.longrepr = None
        else:
            report.outcome = "failed"
            if grade not in (CRASH, ERROR):  # they keep their traceback; the rest read as text
                transcript = ctx.transcript()
                report.longrepr = f"{grade}: {message}" + (f"\n{transcript}" if transcript else "")

    def _record(self, item: pytest.Item, info: CheckInfo, edition: str, grade: str,
                message: str, duration: float, ctx: context.CheckContext) -> Dict[str, Any]:
        return {
            "schema": SCHEMA,
            "run_id": self.run_id,
            "started": self.started,
            "check": info.check_id,
            "nodeid": item.nodeid,
            "clause": info.graded[edition],
            "level": CLAUSES[info.graded[edition]].level,
            "related": list(info.related),
            "edition": edition,
            "grade": grade,
            "impl": {"name": self.impl.name, "module": self.impl.module.__name__,
                     "version": self.impl.version},
            "interpreter": {"implementation": platform.python_implementation(),
                            "version": platform.python_version()},
            "duration": round(max(duration, 0.0), 4),
            "message": message,
            "outcome": ctx.outcome if ctx.outcome is not None else normalise_message(message),
            "script": ctx.script,
            "transcript": ctx.transcript(),
            "reproduce": self._reproduce(info, edition, ctx),
            "example": ctx.example,
        }

    def _reproduce(self, info: CheckInfo, edition: str, ctx: context.CheckContext) -> str:
        """The command that re-runs this check; for a property's example, the one
        that replays exactly that example from the results file (without it, the
        run command with the profile, which the derandomised ``ci`` replays)."""
        select = f"--impl {self.impl.name} --edition {edition} --check '{info.check_id}'"
        if ctx.example is not None and self.replay_file is not None:
            return f"python -m conformance replay {self.replay_file} {select}"
        profile = ""
        if ctx.example is not None and profiles.current() != profiles.DEFAULT_PROFILE:
            profile = f" --hypothesis-profile {profiles.current()}"
        return f"python -m conformance run {select}{profile}"

    def pytest_report_teststatus(self, report: pytest.TestReport,
                                 config: pytest.Config) -> Optional[Tuple[str, str, str]]:
        """Show lenient, info, missing, hang and crash as themselves."""
        grade = getattr(report, "conformance_grade", None)
        if grade is None or grade in (PASS, FAIL):
            return None
        category = grade if grade in OK_GRADES else "failed"
        return category, grade[0].upper(), grade.upper()

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """One line counting grades."""
        counts: Dict[str, int] = {}
        for grade, _ in self.graded.values():
            counts[grade] = counts.get(grade, 0) + 1
        if counts:
            text = ", ".join(f"{n} {g}" for g, n in sorted(counts.items()))
            terminalreporter.write_line(f"conformance grades for {self.impl.name}: {text}")

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Write the records (atomically) when ``--results`` was given."""
        if self.results_path is None:
            return
        try:
            write_records(self.results_path, self.records)
        except (OSError, ResultsError) as exc:
            raise pytest.UsageError(f"--results {self.results_path!r}: {exc}") from None


def _is_property(item: pytest.Item) -> bool:
    return bool(getattr(getattr(item, "function", None), "is_property", False))


def _qualify_duplicates(checks: List[CheckInfo]) -> None:
    """Prefix ``module/`` to check ids that two modules share, so ids stay unique."""
    seen: Dict[str, set] = {}
    for info in checks:
        seen.setdefault(info.check_id, set()).add(info.module)
    for info in checks:
        if len(seen[info.check_id]) > 1:
            stem = info.module.rsplit(".", 1)[-1]
            stem = stem[5:] if stem.startswith("test_") else stem
            info.check_id = f"{stem}/{info.check_id}"
