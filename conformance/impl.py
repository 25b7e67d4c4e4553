"""Loading the implementation under test from ``--impl``.

``--impl`` is a dotted module name (``http.client``, ``reference.seed``) or
the path of a ``.py`` file (an adapter that maps names onto another library).
"""

import builtins
import importlib
import importlib.util
import os
import platform
import ssl
import sys
import sysconfig
from types import ModuleType
from typing import Any, List, Optional

from conformance.grading import Missing


class ImplError(Exception):
    """``--impl`` names nothing usable; the message is one line naming the value."""


class Implementation:
    """The module under test, with its name and version."""

    def __init__(self, name: str, module: ModuleType) -> None:
        self.name = name
        self.module = module
        self.version = module_version(module)

    def attr(self, name: str) -> Any:
        """The documented attribute ``name``, or raise ``Missing(name)``."""
        try:
            return getattr(self.module, name)
        except AttributeError:
            raise Missing(name) from None

    def exception(self, name: str) -> type:
        """The exception class called ``name``: the module's, else a builtin
        (``OSError``, ``ValueError``...), else ``ssl``'s (``SSLError`` and its
        kin); ``Missing(name)`` when none of them has it. The one resolver of
        exception names: cases and checks both use it."""
        for namespace in (self.module, builtins, ssl):
            found = getattr(namespace, name, None)
            if isinstance(found, type) and issubclass(found, BaseException):
                return found
        raise Missing(name)

    def __repr__(self) -> str:
        return f"Implementation({self.name!r}, version={self.version!r})"


def load(spec: str) -> Implementation:
    """Import ``spec`` (dotted name or ``.py`` path) and check it has HTTPConnection."""
    if not spec or not spec.strip():
        raise ImplError("--impl is empty: give a dotted module name or a path to a .py file")
    if spec.endswith(".py") or os.sep in spec or "/" in spec:
        module = _load_path(spec)
    else:
        module = _load_dotted(spec)
    if not hasattr(module, "HTTPConnection"):
        raise ImplError(f"--impl {spec!r}: module {module.__name__!r} has no HTTPConnection")
    return Implementation(spec, module)


def _load_dotted(spec: str) -> ModuleType:
    try:
        return importlib.import_module(spec)
    except ImportError as exc:
        raise ImplError(f"--impl {spec!r} is not importable: {exc}") from None
    except Exception as exc:  # a module that fails while importing
        raise ImplError(
            f"--impl {spec!r} failed while importing: {type(exc).__name__}: {exc}"
        ) from None


def _load_path(spec: str) -> ModuleType:
    path = os.path.abspath(spec)
    if not os.path.isfile(path):
        raise ImplError(f"--impl {spec!r} is not a file (expected a .py adapter)")
    stem = os.path.splitext(os.path.basename(path))[0]
    name = f"_conformance_adapter_{stem}"
    if name in sys.modules and getattr(sys.modules[name], "__file__", None) == path:
        return sys.modules[name]
    module_spec = importlib.util.spec_from_file_location(name, path)
    if module_spec is None or module_spec.loader is None:
        raise ImplError(f"--impl {spec!r} cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    try:
        module_spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise ImplError(
            f"--impl {spec!r} failed while importing: {type(exc).__name__}: {exc}"
        ) from None
    return module


def module_version(module: ModuleType) -> str:
    """Best-effort version: ``__version__``, the distribution's, or Python's for the stdlib."""
    version = getattr(module, "__version__", None)
    if isinstance(version, str) and version:
        return version
    top = module.__name__.split(".")[0]
    dist = _distribution_version(top)
    if dist:
        return dist
    if _is_stdlib(module):
        return f"{platform.python_implementation()} {platform.python_version()}"
    return "unknown"


def _distribution_version(top: str) -> Optional[str]:
    try:
        from importlib import metadata
    except ImportError:  # pragma: no cover - Python < 3.8 is not supported
        return None
    for name in _distributions_providing(metadata, top) + [top]:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def _distributions_providing(metadata: Any, top: str) -> List[str]:
    """The distributions that install the top-level package ``top``:
    ``packages_distributions`` (3.10+), else each distribution's
    ``top_level.txt``, so 3.8, 3.9 and PyPy 3.9 name the same version."""
    mapping = getattr(metadata, "packages_distributions", None)
    if mapping is not None:
        return list(mapping().get(top, []))
    return [dist.metadata["Name"] for dist in metadata.distributions()
            if top in (dist.read_text("top_level.txt") or "").split()]


def _is_stdlib(module: ModuleType) -> bool:
    path = getattr(module, "__file__", None)
    if not path:
        return True
    stdlib = os.path.realpath(sysconfig.get_paths()["stdlib"])
    return os.path.realpath(path).startswith(stdlib + os.sep)
