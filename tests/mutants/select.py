"""pytest plugin: run only the conformance checks grading some given clauses.

Load it with ``-p mutants.select`` (``tests/`` on ``PYTHONPATH``) and pass
``--only-clauses ID[,ID...]``; checks that grade none of them in the edition
run are deselected (a check names one graded id per edition; the plugin's
attribution tells which one this edition grades). Without the option it does
nothing.
"""

from typing import List

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register ``--only-clauses``."""
    parser.getgroup("conformance").addoption(
        "--only-clauses", default=None, metavar="IDS",
        help="comma-separated clause ids: run only the checks naming at least one of them")


def wanted_clauses(text: str) -> List[str]:
    """The clause ids of an ``--only-clauses`` value; ``UsageError`` if there are none."""
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise pytest.UsageError(f"--only-clauses {text!r} names no clause id")
    return ids


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    """Deselect every item whose graded clauses do not meet the wanted ones."""
    text = config.getoption("only_clauses")
    if text is None:
        return
    wanted = set(wanted_clauses(text))
    keep: List[pytest.Item] = []
    dropped: List[pytest.Item] = []
    for item in items:
        info = getattr(item, "conformance_check", None)  # set by conformance.plugin
        if info is not None:
            named = set(info.graded.values())
        else:
            named = {c for mark in item.iter_markers("clauses") for c in mark.args}
        (keep if named & wanted else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
