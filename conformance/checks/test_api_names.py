"""API-shape checks that need neither a server nor a connection: the names an
edition documents exist, with the documented bases and values.

Data-driven from the clause catalogue (``conformance.clauses.seed`` and
``conformance.clauses.modern``), one check per documented name.
"""

import email.message
import http
from typing import Any, List, Tuple

import pytest

from conformance.clauses import seed
from conformance.clauses.modern import EXCEPTIONS as MODERN_EXCEPTIONS
from conformance.grading import Info, Missing
from conformance.impl import Implementation


def _base(impl: Implementation, name: str) -> type:
    """A documented base class: the implementation's, else a builtin."""
    found = getattr(impl.module, name, None)
    if found is None:
        found = getattr(__import__("builtins"), name, None)
    if not isinstance(found, type):
        raise Missing(name)
    return found


def _class(impl: Implementation, name: str) -> type:
    value = impl.attr(name)
    assert isinstance(value, type), f"{name} should be a class, got {value!r}"
    return value


# -- classes ------------------------------------------------------------------


@pytest.mark.clauses("seed:20.10:module-client-classes")
@pytest.mark.parametrize("name", ["HTTPConnection", "HTTPSConnection", "HTTPResponse"])
def test_seed_class_exists(impl: Implementation, name: str) -> None:
    """Seed 20.10: the module defines the client classes."""
    _class(impl, name)


@pytest.mark.clauses("seed:20.10:HTTPSConnection-subclass", "modern:HTTPSConnection:subclass")
def test_https_connection_is_http_connection(impl: Implementation) -> None:
    """HTTPSConnection is a subclass of HTTPConnection (seed 20.10, modern)."""
    https, plain = _class(impl, "HTTPSConnection"), _class(impl, "HTTPConnection")
    assert issubclass(https, plain), (
        f"HTTPSConnection bases are {[b.__name__ for b in https.__mro__[1:]]}, "
        "expected a subclass of HTTPConnection")


@pytest.mark.clauses("seed:20.10.2:HTTPMessage-subclass", "modern:HTTPMessage:subclass",
                     related=("seed:20.10.4:HTTPMessage",))
def test_http_message_is_email_message(impl: Implementation) -> None:
    """HTTPMessage is a subclass of email.message.Message (seed 20.10.2, 20.10.4)."""
    message = _class(impl, "HTTPMessage")
    assert issubclass(message, email.message.Message), (
        f"HTTPMessage bases are {[b.__name__ for b in message.__mro__[1:]]}, "
        "expected email.message.Message among them")


@pytest.mark.clauses("modern:HTTPResponse:bufferediobase")
def test_response_is_buffered_io(impl: Implementation) -> None:
    """Modern: HTTPResponse implements io.BufferedIOBase."""
    import io

    response = _class(impl, "HTTPResponse")
    if issubclass(response, io.BufferedIOBase):
        return
    readers = ("read", "readinto", "read1", "readline", "readable", "close")
    absent = [name for name in readers if not callable(getattr(response, name, None))]
    assert not absent, (
        f"HTTPResponse is not an io.BufferedIOBase and lacks {', '.join(absent)}")
    raise Info("HTTPResponse is not an io.BufferedIOBase subclass but has its reader methods")


SEED_CONNECTION_METHODS = ("request", "getresponse", "set_debuglevel", "connect", "close",
                           "putrequest", "putheader", "endheaders", "send")


@pytest.mark.clauses("seed:20.10.1:methods")
@pytest.mark.parametrize("method", SEED_CONNECTION_METHODS)
def test_connection_method_exists(impl: Implementation, method: str) -> None:
    """Seed 20.10.1: HTTPConnection instances have the documented methods."""
    conn = _class(impl, "HTTPConnection")("example.invalid")
    try:
        if not hasattr(conn, method):
            raise Missing(f"HTTPConnection.{method}")
        assert callable(getattr(conn, method)), f"HTTPConnection.{method} is not callable"
    finally:
        close = getattr(conn, "close", None)
        if callable(close):
            close()


# -- exceptions ---------------------------------------------------------------


def _exception_params() -> List[Any]:
    params = []
    for name, base in seed.EXCEPTIONS:
        if name == "HTTPException":
            # Its base (Exception) is graded by the clause that says so.
            mark = pytest.mark.clauses(
                "seed:20.10:exception-HTTPException-subclass-of-Exception",
                related=("seed:20.10:exception-HTTPException",))
        else:
            mark = pytest.mark.clauses(f"seed:20.10:exception-{name}",
                                       related=("seed:20.10:exception-HTTPException-base",))
        params.append(pytest.param(name, (base,), id=f"seed-{name}", marks=mark))
    for name, bases in MODERN_EXCEPTIONS:
        mark = (pytest.mark.clauses(f"modern:exceptions:{name}",
                                    related=("modern:exceptions:hierarchy",))
                if name in ("LineTooLong", "RemoteDisconnected")
                else pytest.mark.clauses("modern:exceptions:hierarchy"))
        params.append(pytest.param(name, bases, id=f"modern-{name}", marks=mark))
    return params


@pytest.mark.parametrize("name, bases", _exception_params())
def test_exception_hierarchy(impl: Implementation, name: str, bases: Tuple[str, ...]) -> None:
    """Each documented exception exists and derives from its documented bases."""
    exc = _class(impl, name)
    assert issubclass(exc, BaseException), f"{name} is not an exception class"
    for base_name in bases:
        base = _base(impl, base_name)
        assert issubclass(exc, base), (
            f"{name} should be a subclass of {base_name}; its bases are "
            f"{[b.__name__ for b in exc.__mro__[1:]]}")
    if name != "HTTPException":
        root = _class(impl, "HTTPException")
        assert issubclass(exc, root), f"{name} should derive from HTTPException"


SEED_EXCEPTION_NAMES = [name for name, _base in seed.EXCEPTIONS]


@pytest.mark.clauses("seed:20.10:exception-HTTPException")
def test_http_exception_exists(impl: Implementation) -> None:
    """seed:20.10:exception-HTTPException: the module defines the exception class
    HTTPException."""
    exc = _class(impl, "HTTPException")
    assert issubclass(exc, BaseException), f"HTTPException is {exc!r}, not an exception class"


@pytest.mark.clauses("seed:20.10:exception-HTTPException-base")
def test_http_exception_is_the_base(impl: Implementation) -> None:
    """seed:20.10:exception-HTTPException-base: HTTPException is the base class of
    the other exceptions in this module: every other documented one derives from it."""
    root = _class(impl, "HTTPException")
    others = [name for name in SEED_EXCEPTION_NAMES if name != "HTTPException"]
    outside = [name for name in others if not issubclass(_class(impl, name), root)]
    assert not outside, (f"{', '.join(outside)} do not derive from HTTPException, the base "
                         "class of the module's other exceptions")


def _raised(action: Any) -> Any:
    try:
        action()
    except Exception as exc:  # recorded only: the clause graded is INFO
        return exc
    return None


@pytest.mark.clauses("seed:20.10:exceptions-raised")
def test_exceptions_raised_as_appropriate(impl: Implementation) -> None:
    """seed:20.10:exceptions-raised (INFO): "the following exceptions are raised as
    appropriate". Records which exception two misuses that need no server raise:
    a non-numeric port and putheader() before putrequest()."""
    make = impl.attr("HTTPConnection")
    conn = make("example.invalid")
    try:
        seen = {"HTTPConnection('example.invalid:http')":
                _raised(lambda: make("example.invalid:http").close()),
                "putheader() before putrequest()": _raised(lambda: conn.putheader("X", "1"))}
    finally:
        conn.close()
    words = []
    for what, exc in seen.items():
        if exc is None:
            words.append(f"{what} raised nothing")
            continue
        kind = type(exc).__name__
        documented = kind in SEED_EXCEPTION_NAMES and isinstance(exc, impl.attr(kind))
        words.append(f"{what} raised {kind}"
                     + (" (a documented exception)" if documented else " (not documented)"))
    raise Info("; ".join(words))


# -- constants ----------------------------------------------------------------


@pytest.mark.parametrize("name, value", [
    pytest.param("HTTP_PORT", 80, id="seed-HTTP_PORT",
                 marks=pytest.mark.clauses("seed:20.10:HTTP_PORT",
                                           related=("seed:20.10:constants",))),
    pytest.param("HTTPS_PORT", 443, id="seed-HTTPS_PORT",
                 marks=pytest.mark.clauses("seed:20.10:HTTPS_PORT",
                                           related=("seed:20.10:constants",))),
    pytest.param("HTTP_PORT", 80, id="modern-HTTP_PORT",
                 marks=pytest.mark.clauses("modern:constants:HTTP_PORT")),
    pytest.param("HTTPS_PORT", 443, id="modern-HTTPS_PORT",
                 marks=pytest.mark.clauses("modern:constants:HTTPS_PORT")),
])
def test_port_constant(impl: Implementation, name: str, value: int) -> None:
    """HTTP_PORT is 80 and HTTPS_PORT is 443."""
    found = impl.attr(name)
    assert found == value and isinstance(found, int), f"{name} is {found!r}, expected {value}"


@pytest.mark.clauses("seed:20.10:constants")
def test_seed_constants_defined(impl: Implementation) -> None:
    """seed:20.10:constants: "The constants defined in this module are:" HTTP_PORT
    and HTTPS_PORT (then the status codes): each is a module-level int."""
    absent = [name for name in ("HTTP_PORT", "HTTPS_PORT")
              if not isinstance(getattr(impl.module, name, None), int)]
    if absent and not any(hasattr(impl.module, name) for name in absent):
        raise Missing(" and ".join(absent))
    assert not absent, f"{', '.join(absent)} are not int constants of the module"


@pytest.mark.clauses("seed:20.10:status-constants")
def test_seed_status_constants_defined(impl: Implementation) -> None:
    """seed:20.10:status-constants: "and also the following constants for integer
    status codes": every name of the seed's table is an int constant of the module."""
    absent = [name for name, _value, _definition in seed.STATUS_TABLE
              if not isinstance(getattr(impl.module, name, None), int)]
    assert not absent, (f"{len(absent)} of the {len(seed.STATUS_TABLE)} status constants are "
                        f"not int constants of the module: {', '.join(absent[:6])}")


@pytest.mark.parametrize("name, value", [
    pytest.param(name, value, id=name, marks=pytest.mark.clauses(f"seed:20.10:status-{name}",
                                                                 related=("seed:20.10:status-constants",)))
    for name, value, _definition in seed.STATUS_TABLE
])
def test_seed_status_constant(impl: Implementation, name: str, value: int) -> None:
    """Seed 20.10: each constant of the status table has its integer value."""
    found = impl.attr(name)
    assert isinstance(found, int) and found == value, f"{name} is {found!r}, expected {value}"


@pytest.mark.clauses("modern:constants:status-constants")
@pytest.mark.parametrize("status", list(http.HTTPStatus), ids=lambda s: s.name)
def test_modern_status_constant(impl: Implementation, status: http.HTTPStatus) -> None:
    """Modern: every http.HTTPStatus member is a module constant of that value."""
    found = impl.attr(status.name)
    assert isinstance(found, int) and found == status.value, (
        f"{status.name} is {found!r}, expected {status.value}")


# -- responses ----------------------------------------------------------------


def _responses(impl: Implementation) -> Any:
    table = impl.attr("responses")
    assert hasattr(table, "__getitem__") and hasattr(table, "get"), (
        f"responses should be a dictionary, got {type(table).__name__}")
    return table


@pytest.mark.clauses("seed:20.10:responses")
@pytest.mark.parametrize("code, phrase", sorted(seed.SEED_PHRASES.items()),
                         ids=[str(code) for code in sorted(seed.SEED_PHRASES)])
def test_seed_responses_phrase(impl: Implementation, code: int, phrase: str) -> None:
    """Seed 20.10: responses maps each HTTP/1.1 code to its W3C (RFC 2616) name."""
    found = _responses(impl).get(code)
    assert found == phrase, f"responses[{code}] is {found!r}, expected {phrase!r}"


@pytest.mark.clauses("modern:constants:responses")
@pytest.mark.parametrize("status", list(http.HTTPStatus), ids=lambda s: str(s.value))
def test_modern_responses_phrase(impl: Implementation, status: http.HTTPStatus) -> None:
    """Modern: responses gives the http.HTTPStatus phrase of each code."""
    found = _responses(impl).get(status.value)
    assert found == status.phrase, (
        f"responses[{status.value}] is {found!r}, expected {status.phrase!r}")


@pytest.mark.clauses("seed:20.10:responses-not-found-example",
                     "modern:constants:responses-not-found")
def test_responses_not_found_example(impl: Implementation) -> None:
    """The documented example: responses[NOT_FOUND] is 'Not Found'."""
    found = _responses(impl).get(impl.attr("NOT_FOUND"))
    assert found == "Not Found", f"responses[NOT_FOUND] is {found!r}, expected 'Not Found'"
