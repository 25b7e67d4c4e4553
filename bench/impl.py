"""Load the implementation under test: a dotted module name or a ``.py`` path."""

import importlib
import importlib.util
import os
from types import ModuleType


class ImplError(Exception):
    """The named implementation cannot be used; the message is one line."""


def load(name: str, option: str = "--impl") -> ModuleType:
    """Import ``name`` and check it offers ``HTTPConnection``.

    ``option`` is the command-line flag that gave the name, for the message.
    """
    try:
        if name.endswith(".py"):
            module = _load_path(name, option)
        else:
            module = importlib.import_module(name)
    except ImplError:
        raise
    except Exception as exc:  # anything an import can raise is a bad --impl
        raise ImplError(
            f"cannot import {option} {name!r}: {type(exc).__name__}: {one_line(exc)}"
        ) from None
    if not hasattr(module, "HTTPConnection"):
        raise ImplError(
            f"{option} {name!r} has no HTTPConnection;"
            " expected a module with the http.client names"
        )
    return module


def _load_path(path: str, option: str) -> ModuleType:
    """Import the source file at ``path`` as a module."""
    if not os.path.isfile(path):
        raise ImplError(f"cannot import {option} {path!r}: no such file")
    stem = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location("bench_impl_" + stem, path)
    if spec is None or spec.loader is None:
        raise ImplError(f"cannot import {option} {path!r}: not a Python source file")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def one_line(exc: BaseException) -> str:
    """The message of ``exc`` squeezed onto one line."""
    return " ".join(str(exc).split())


def portable_name(name: str) -> str:
    """``name`` as a child process with another working directory can load it."""
    if name.endswith(".py"):
        return os.path.abspath(name)
    return name
