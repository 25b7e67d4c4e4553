"""pytest plugin: run only the conformance checks naming some given clauses.

Load it with ``-p mutants.select`` (``tests/`` on ``PYTHONPATH``) and pass
``--only-clauses ID[,ID...]``; checks that grade none of them (in the edition
they are run for) are deselected. Without the option it does nothing.
"""

from typing import List, Optional, Set

import pytest

from conformance.clauses import attribute


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


def graded(item: pytest.Item, run_edition: Optional[str]) -> Set[str]:
    """The clauses ``item`` grades in the edition it runs for (its ``edition``
    parameter, else the run's ``--edition``): that edition's one clause
    (``conformance.clauses.attribute``); with no edition known, every graded id."""
    named = [c for mark in item.iter_markers("clauses") for c in mark.args]
    callspec = getattr(item, "callspec", None)
    edition = callspec.params.get("edition") if callspec is not None else None
    edition = edition or run_edition
    if edition is None or not named:
        return set(named)
    chosen = attribute(named).get(edition)
    return {chosen} if chosen else set()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    """Deselect every item whose clauses do not meet the wanted ones."""
    text = config.getoption("only_clauses")
    if text is None:
        return
    wanted = set(wanted_clauses(text))
    keep: List[pytest.Item] = []
    dropped: List[pytest.Item] = []
    for item in items:
        (keep if graded(item, config.getoption("edition", None)) & wanted
         else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
