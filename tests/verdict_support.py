"""Broken implementations for the verdict tests, built at test time.

``broken_reference`` writes an ``--impl`` adapter that is a copy of the
reference with one textual fault (the mutants' loader builds it).
``desync_build`` writes a package ``http`` that is this interpreter's own
``http.client`` with one fault: every response of a connection reads through
one shared buffered reader, so bytes left over after one response are read as
the answer to the next request (a response desync). Put its folder first on
PYTHONPATH and ``--impl http.client`` grades the faulty build, as a CPython
contributor would grade a patched interpreter.
"""

import os
import textwrap

TESTS = os.path.dirname(os.path.abspath(__file__))

_ADAPTER = '''
import sys
sys.path.insert(0, {tests!r})
from mutants.catalogue import Mutant
from mutants.loader import build, public_names

_module = build(Mutant({name!r}, "verdict test fault", {edition!r}, {module!r}, {old!r},
                       {new!r}, ("rfc9112:6.3:content-length-valid",), ("fail",)))
globals().update({{n: getattr(_module, n) for n in public_names(_module)}})
'''


def broken_reference(folder: str, name: str, edition: str, module: str, old: str,
                     new: str) -> str:
    """Write the adapter ``<folder>/<name>.py`` (the reference of ``edition`` with
    ``old`` replaced by ``new`` in ``reference/<module>.py``); return its path."""
    path = os.path.join(folder, f"{name}.py")
    with open(path, "w", encoding="utf-8") as out:
        out.write(_ADAPTER.format(tests=TESTS, name=name, edition=edition, module=module,
                                  old=old, new=new))
    return path


_PACKAGE = '''
import os as _os
import sysconfig as _sysconfig

_STDLIB_HTTP = _os.path.join(_sysconfig.get_paths()["stdlib"], "http")
with open(_os.path.join(_STDLIB_HTTP, "__init__.py"), encoding="utf-8") as _src:
    exec(compile(_src.read(), _os.path.join(_STDLIB_HTTP, "__init__.py"), "exec"))
__path__ = [_os.path.dirname(__file__), _STDLIB_HTTP]
'''

_CLIENT = '''
"""This interpreter's http.client, run unchanged, then given one fault."""
import os as _os
import sysconfig as _sysconfig
import weakref as _weakref

_SOURCE = _os.path.join(_sysconfig.get_paths()["stdlib"], "http", "client.py")
with open(_SOURCE, encoding="utf-8") as _src:
    exec(compile(_src.read(), _SOURCE, "exec"))

_READERS = _weakref.WeakKeyDictionary()  # socket -> the one reader of its responses
_stock_init = HTTPResponse.__init__
_stock_close = HTTPConnection.close


def _shared_reader_init(self, sock, *args, **kwargs):
    _stock_init(self, sock, *args, **kwargs)
    shared = _READERS.get(sock)
    if shared is None or shared.closed:
        _READERS[sock] = self.fp
    else:
        self.fp.close()
        self.fp = shared


def _keep_reader(self):
    self.fp = None  # the reader outlives the response: left-over bytes stay in it


def _close_with_reader(self):
    reader = _READERS.pop(self.sock, None) if self.sock is not None else None
    if reader is not None:
        reader.close()
    _stock_close(self)


HTTPResponse.__init__ = _shared_reader_init
HTTPResponse._close_conn = _keep_reader
HTTPConnection.close = _close_with_reader
'''


def desync_build(folder: str) -> str:
    """Write the faulty ``http`` package under ``folder``; return ``folder``."""
    package = os.path.join(folder, "http")
    os.makedirs(package, exist_ok=True)
    for name, text in (("__init__.py", _PACKAGE), ("client.py", _CLIENT)):
        with open(os.path.join(package, name), "w", encoding="utf-8") as out:
            out.write(textwrap.dedent(text))
    return folder
