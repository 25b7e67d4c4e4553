"""Every scenario name is written out in full, as a string literal, in its
category's catalogue file, so the name in a failing record is one grep away."""

import ast
import importlib
import io
import pkgutil
import tokenize
from pathlib import Path
from types import ModuleType
from typing import Dict, List, Set

import pytest

import servers.catalogue
from servers.catalogue import CASES


def catalogue_modules() -> List[ModuleType]:
    """The catalogue modules that export ``CASES`` (one per category)."""
    found = []
    for info in pkgutil.iter_modules(servers.catalogue.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"servers.catalogue.{info.name}")
        if hasattr(module, "CASES"):
            found.append(module)
    return found


def string_literals(source: str) -> Set[str]:
    """The value of every plain string literal token of ``source``: not f-strings,
    and each piece of an implicit concatenation on its own."""
    values = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING:
            continue
        prefix = token.string[: len(token.string) - len(token.string.lstrip("rRbBuUfF"))]
        if "f" in prefix.lower() or "b" in prefix.lower():
            continue
        values.add(ast.literal_eval(token.string))
    return values


MODULES = catalogue_modules()
OWNER: Dict[str, ModuleType] = {
    name: module for module in MODULES for name in module.CASES
}


def test_every_scenario_has_a_catalogue_module() -> None:
    assert sorted(OWNER) == sorted(CASES)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_scenario_names_are_literal(module: ModuleType) -> None:
    """Each name of the module's CASES is a whole string literal in its file."""
    path = Path(module.__file__ or "")
    literals = string_literals(path.read_text(encoding="utf-8"))
    missing = [name for name in module.CASES if name not in literals]
    assert missing == [], f"{path.name} builds these names instead of spelling them: {missing}"


def test_the_check_sees_built_names() -> None:
    """A name made by concatenation or an f-string is not a literal."""
    source = 'make.add("cl-" + name)\nmake.add(f"status-{code}-no-body")\nx = "a-" "b"\n'
    literals = string_literals(source)
    assert "cl-" in literals and "a-" in literals
    assert not {"status-204-no-body", "a-b"} & literals
