"""Building a mutant: a fresh, in-memory copy of the ``reference`` package
under its own name, with exactly one textual substitution.

The copy is compiled from the files in ``reference/`` as they are on disk
now; nothing on disk and none of the already imported ``reference`` modules
is touched. The substitution's old text must occur exactly once in its
module, so a refactor of the reference makes the build fail loudly instead
of silently testing an unmutated copy.
"""

import difflib
import importlib
import importlib.abc
import importlib.machinery
import os
import re
import sys
from types import ModuleType
from typing import Any, Dict, List, MutableMapping, Optional, Sequence

if __name__ == "__main__":  # run as a script: make ``mutants`` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mutants.catalogue import CONTROLS, MUTANTS, Mutant  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE_DIR = os.path.join(ROOT, "reference")
PACKAGE_PREFIX = "mutant_"

# A module that imports ``reference`` by its absolute name would mix the
# mutated copy with the unmutated original.
_ABSOLUTE_IMPORT = re.compile(r"^\s*(?:from|import)\s+reference\b", re.MULTILINE)


class MutationError(Exception):
    """A mutant cannot be built as described; the message names it."""


def reference_sources(directory: str = REFERENCE_DIR) -> Dict[str, str]:
    """Module stem -> source text of every ``.py`` file of the reference package."""
    sources: Dict[str, str] = {}
    for entry in sorted(os.listdir(directory)):
        if entry.endswith(".py"):
            with open(os.path.join(directory, entry), encoding="utf-8") as handle:
                sources[entry[:-3]] = handle.read()
    if "__init__" not in sources:
        raise MutationError(f"{directory!r} holds no __init__.py: not the reference package")
    return sources


def mutate(sources: Dict[str, str], mutant: Mutant) -> Dict[str, str]:
    """``sources`` with the mutant's one substitution applied (a new dict)."""
    mutated = dict(sources)
    if mutant.module is None:  # a control: the unmutated reference
        return mutated
    if mutant.module not in sources:
        raise MutationError(
            f"mutant {mutant.name}: reference has no module {mutant.module!r} "
            f"(modules: {', '.join(sorted(sources))})"
        )
    text = sources[mutant.module]
    count = text.count(mutant.old)
    if count != 1:
        raise MutationError(
            f"mutant {mutant.name}: {mutant.old!r} occurs {count} times in "
            f"reference/{mutant.module}.py; expected exactly once (update the catalogue)"
        )
    mutated[mutant.module] = text.replace(mutant.old, mutant.new)
    return mutated


class _MutantLoader(importlib.abc.Loader):
    """Executes one module of a mutant package from its (mutated) source text."""

    def __init__(self, package: str, stem: str, source: str) -> None:
        self.package = package
        self.stem = stem
        self.source = source
        # Not a real path: coverage and linecache must not take it for reference/.
        self.filename = f"{package}/reference/{stem}.py"

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Optional[ModuleType]:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        module.__file__ = self.filename
        code = compile(self.source, self.filename, "exec", dont_inherit=True)
        exec(code, module.__dict__)

    def get_source(self, fullname: str) -> str:
        """The mutated source, so tracebacks show the lines that ran."""
        return self.source


class _MutantFinder(importlib.abc.MetaPathFinder):
    """Answers imports of one mutant package and its modules, nothing else."""

    def __init__(self, package: str, sources: Dict[str, str]) -> None:
        self.package = package
        self.sources = sources

    def find_spec(
        self, fullname: str, path: Optional[Sequence[str]] = None, target: Any = None
    ) -> Optional[importlib.machinery.ModuleSpec]:
        if fullname == self.package:
            stem = "__init__"
        elif fullname.startswith(self.package + "."):
            stem = fullname[len(self.package) + 1 :]
            if stem not in self.sources or stem == "__init__":
                return None
        else:
            return None
        loader = _MutantLoader(self.package, stem, self.sources[stem])
        spec = importlib.machinery.ModuleSpec(
            fullname, loader, origin=loader.filename, is_package=stem == "__init__"
        )
        if stem == "__init__":
            spec.submodule_search_locations = []
        return spec


# The environment variable that names the mutant tests/mutants/impl.py becomes.
MUTANT_VARIABLE = "HTTPCLIENT_MUTANT"


def find(name: str) -> Mutant:
    """The mutant (or control) called ``name``; ``MutationError`` naming it otherwise."""
    for mutant in MUTANTS + CONTROLS:
        if mutant.name == name:
            return mutant
    raise MutationError(
        f"unknown mutant {name!r}; expected one of the names in tests/mutants/catalogue.py"
    )


def build(mutant: Mutant, directory: str = REFERENCE_DIR) -> ModuleType:
    """The mutant's public module (``client`` or ``seed``), built once per process."""
    package = PACKAGE_PREFIX + mutant.name
    public = f"{package}.{mutant.public}"
    if public in sys.modules:
        return sys.modules[public]
    sources = mutate(reference_sources(directory), mutant)
    for stem, text in sources.items():
        if _ABSOLUTE_IMPORT.search(text):
            raise MutationError(
                f"reference/{stem}.py imports 'reference' by absolute name; a mutant copy "
                "would mix with the original (use relative imports)"
            )
    finder = _MutantFinder(package, sources)
    sys.meta_path.insert(0, finder)
    try:
        # Import every module now, so none is looked up after the finder is gone.
        for stem in ["__init__"] + sorted(s for s in sources if s != "__init__"):
            importlib.import_module(package if stem == "__init__" else f"{package}.{stem}")
    except Exception as exc:
        _forget(package)
        raise MutationError(
            f"mutant {mutant.name} does not import: {type(exc).__name__}: {exc}"
        ) from exc
    finally:
        sys.meta_path.remove(finder)
    return sys.modules[public]


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]


def public_names(module: ModuleType) -> List[str]:
    """The names an adapter re-exports: identifiers other than dunder names
    (pytest's assertion rewriter adds names such as ``@py_builtins``)."""
    return [name for name in vars(module) if name.isidentifier() and not name.startswith("__")]


def export(namespace: MutableMapping[str, Any], name: str) -> ModuleType:
    """Fill an adapter module's ``namespace`` with the names of mutant ``name``."""
    module = build(find(name))
    for attr in public_names(module):
        namespace[attr] = getattr(module, attr)
    namespace["__all__"] = list(getattr(module, "__all__", []))
    namespace["__version__"] = f"mutant:{name}"
    return module


def diff(mutant: Mutant, directory: str = REFERENCE_DIR) -> str:
    """The mutant's change as a unified diff against ``reference/``."""
    sources = reference_sources(directory)
    mutated = mutate(sources, mutant)
    if mutant.module is None:
        return ""
    path = f"reference/{mutant.module}.py"
    return "".join(difflib.unified_diff(
        sources[mutant.module].splitlines(keepends=True),
        mutated[mutant.module].splitlines(keepends=True),
        fromfile=path, tofile=f"{PACKAGE_PREFIX}{mutant.name}/{mutant.module}.py"))


def main(argv: Sequence[str]) -> int:
    """``python tests/mutants/loader.py [NAME...]``: show each mutant's fault and diff."""
    try:
        chosen = [find(name) for name in argv] if argv else MUTANTS
        for mutant in chosen:
            print(f"== {mutant.name} ({mutant.edition}): {mutant.description}")
            print(f"   must fail: {', '.join(mutant.clauses)} as {'/'.join(mutant.grades)}")
            if mutant.gap:
                print(f"   known suite gap: {mutant.gap}")
            print(diff(mutant))
    except MutationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
