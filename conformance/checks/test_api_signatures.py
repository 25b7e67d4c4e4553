"""API-shape checks of the documented call signatures (``inspect.signature``).

A documented parameter is matched by position when the documentation lets a
caller pass it positionally, by name otherwise; its default must be the
documented one. Extra parameters are fine when they have defaults (documented
calls still work). A callable that does not introspect (C code, wrappers) is
graded ``info``, never ``fail``.
"""

import inspect
from typing import Any, Callable, List, NamedTuple, Sequence, Tuple

import pytest

from conformance.grading import Info, Missing
from conformance.impl import Implementation

REQUIRED = object()  # the parameter has no default
ANY = object()  # the parameter has a default; its value is not documented
EMPTY = inspect.Parameter.empty
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
_BY_NAME = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


class P(NamedTuple):
    """A documented parameter: ``how`` is ``pos`` (positional, in order),
    ``kw`` (by name) or ``var`` (any number of further positional values)."""

    name: str
    default: Any = REQUIRED
    how: str = "pos"


class Documented(NamedTuple):
    """One documented signature: ``owner`` (a class name), ``member`` (None for
    the constructor), the parameters, and names the edition removed."""

    owner: str
    member: Any
    params: Tuple[P, ...]
    removed: Tuple[str, ...] = ()


def _same_default(found: Any, documented: Any) -> bool:
    if documented is REQUIRED:
        return found is EMPTY
    if documented is ANY:
        return found is not EMPTY
    if found is EMPTY:
        return False
    if documented is None or isinstance(documented, bool):
        return found is documented
    return type(found) is type(documented) and found == documented


def _describe(default: Any) -> str:
    if default is REQUIRED or default is EMPTY:
        return "no default"
    if default is ANY:
        return "a default"
    return f"default {default!r}"


def _target(impl: Implementation, doc: Documented) -> Tuple[Callable[..., Any], bool, str]:
    """The callable to introspect, whether its first parameter is ``self``, a label."""
    owner = impl.attr(doc.owner)
    if doc.member is None:
        return owner, False, f"{doc.owner}()"
    label = f"{doc.owner}.{doc.member}()"
    if not hasattr(owner, doc.member):
        raise Missing(f"{doc.owner}.{doc.member}")
    raw = inspect.getattr_static(owner, doc.member)
    bound = isinstance(raw, (staticmethod, classmethod))
    return getattr(owner, doc.member), not bound, label


def _parameters(target: Callable[..., Any], drop_self: bool, label: str) -> List[Any]:
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError) as exc:
        raise Info(f"{label} does not introspect ({exc}); signature not checked") from None
    params = list(signature.parameters.values())
    if drop_self and params and params[0].kind in _POSITIONAL:
        params = params[1:]
    return params


def compare(params: Sequence[Any], doc: Documented, label: str) -> Tuple[List[str], List[str]]:
    """``(problems, notes)`` of the found parameters against the documented ones."""
    problems: List[str] = []
    notes: List[str] = []
    positional = [p for p in params if p.kind in _POSITIONAL]
    by_name = {p.name: p for p in params if p.kind in _BY_NAME}
    has_var = any(p.kind == inspect.Parameter.VAR_POSITIONAL for p in params)
    has_kwargs = any(p.kind == inspect.Parameter.VAR_KEYWORD for p in params)
    matched = set()
    index = 0
    for want in doc.params:
        if want.how == "var":
            if not has_var:
                problems.append(f"takes no *{want.name} (documented '{want.name}[, ...]')")
            continue
        if want.how == "pos":
            if index >= len(positional):
                problems.append(f"has no positional parameter {index + 1} ({want.name})")
                index += 1
                continue
            found = positional[index]
            index += 1
            if found.name != want.name:
                if want.default is REQUIRED:
                    notes.append(f"parameter {index} is named {found.name!r}, "
                                 f"documented {want.name!r}")
                else:
                    problems.append(f"positional parameter {index} is {found.name!r}, "
                                    f"documented {want.name!r}")
                    continue
        else:
            found = by_name.get(want.name)
            if found is None:
                if has_kwargs:
                    notes.append(f"{want.name!r} only through **kwargs")
                else:
                    problems.append(f"has no parameter {want.name!r}")
                continue
        matched.add(found.name)
        if not _same_default(found.default, want.default):
            problems.append(f"{want.name!r} has {_describe(found.default)}, "
                            f"documented {_describe(want.default)}")
    for extra in params:
        if extra.name in matched or extra.kind in (inspect.Parameter.VAR_POSITIONAL,
                                                   inspect.Parameter.VAR_KEYWORD):
            continue
        if extra.default is EMPTY:
            problems.append(f"extra required parameter {extra.name!r}")
        if extra.name in doc.removed:
            notes.append(f"still accepts {extra.name!r}, which this edition removed")
    return problems, notes


def _sig(clause: str, doc: Documented) -> Any:
    name = doc.owner if doc.member is None else f"{doc.owner}.{doc.member}"
    edition = clause.split(":", 1)[0]
    return pytest.param(doc, id=f"{edition}-{name}", marks=pytest.mark.clauses(clause))


SIGNATURES = [
    # -- seed -------------------------------------------------------------------
    _sig("seed:20.10:HTTPConnection-signature", Documented("HTTPConnection", None, (
        P("host"), P("port", None), P("strict", None), P("timeout", ANY)))),
    _sig("seed:20.10:HTTPSConnection-signature", Documented("HTTPSConnection", None, (
        P("host"), P("port", None), P("key_file", None), P("cert_file", None),
        P("strict", None), P("timeout", ANY)))),
    _sig("seed:20.10.1:request-signature", Documented("HTTPConnection", "request", (
        P("method"), P("url"), P("body", None), P("headers", {})))),
    _sig("seed:20.10.1:getresponse-signature", Documented("HTTPConnection", "getresponse", ())),
    _sig("seed:20.10.1:set_debuglevel-signature",
         Documented("HTTPConnection", "set_debuglevel", (P("level"),))),
    _sig("seed:20.10.1:putrequest-signature", Documented("HTTPConnection", "putrequest", (
        P("request"), P("selector"), P("skip_host", False),
        P("skip_accept_encoding", False)))),
    _sig("seed:20.10.1:putheader-signature", Documented("HTTPConnection", "putheader", (
        P("header"), P("argument", how="var")))),
    _sig("seed:20.10.1:send-signature", Documented("HTTPConnection", "send", (P("data"),))),
    _sig("seed:20.10.2:getheader-signature", Documented("HTTPResponse", "getheader", (
        P("name"), P("default", None)))),
    # -- modern -----------------------------------------------------------------
    _sig("modern:HTTPConnection:signature", Documented("HTTPConnection", None, (
        P("host"), P("port", None), P("timeout", ANY), P("source_address", None, "kw"),
        P("blocksize", 8192, "kw")), removed=("strict",))),
    _sig("modern:HTTPSConnection:signature", Documented("HTTPSConnection", None, (
        P("host"), P("port", None), P("timeout", ANY, "kw"), P("source_address", None, "kw"),
        P("context", None, "kw"), P("blocksize", 8192, "kw")),
        removed=("key_file", "cert_file", "check_hostname", "strict"))),
    _sig("modern:HTTPResponse:signature", Documented("HTTPResponse", None, (
        P("sock"), P("debuglevel", 0), P("method", None), P("url", None)),
        removed=("strict",))),
    _sig("modern:HTTPConnection:request-signature", Documented("HTTPConnection", "request", (
        P("method"), P("url"), P("body", None), P("headers", {}),
        P("encode_chunked", False, "kw")))),
    _sig("modern:HTTPConnection:getresponse-signature",
         Documented("HTTPConnection", "getresponse", ())),
    _sig("modern:HTTPConnection:set_debuglevel-signature",
         Documented("HTTPConnection", "set_debuglevel", (P("level"),))),
    _sig("modern:HTTPConnection:putrequest-signature", Documented("HTTPConnection", "putrequest", (
        P("method"), P("url"), P("skip_host", False), P("skip_accept_encoding", False)))),
    _sig("modern:HTTPConnection:putheader-signature", Documented("HTTPConnection", "putheader", (
        P("header"), P("argument", how="var")))),
    _sig("modern:HTTPConnection:endheaders-signature", Documented("HTTPConnection", "endheaders", (
        P("message_body", None), P("encode_chunked", False, "kw")))),
    _sig("modern:HTTPConnection:send-signature",
         Documented("HTTPConnection", "send", (P("data"),))),
    _sig("modern:HTTPConnection:set_tunnel-signature", Documented("HTTPConnection", "set_tunnel", (
        P("host"), P("port", None), P("headers", None)))),
    _sig("modern:HTTPResponse:getheader-signature", Documented("HTTPResponse", "getheader", (
        P("name"), P("default", None)))),
    _sig("modern:HTTPResponse:readinto-signature",
         Documented("HTTPResponse", "readinto", (P("b"),))),
]


@pytest.mark.parametrize("doc", SIGNATURES)
def test_signature(impl: Implementation, doc: Documented) -> None:
    """The callable accepts the documented parameters with the documented defaults."""
    target, drop_self, label = _target(impl, doc)
    problems, notes = compare(_parameters(target, drop_self, label), doc, label)
    assert not problems, f"{label}: " + "; ".join(problems)
    if notes:
        raise Info(f"{label}: " + "; ".join(notes))


def _constructor_parameter(impl: Implementation, owner: str, name: str) -> Any:
    params = _parameters(impl.attr(owner), False, f"{owner}()")
    return next((p for p in params if p.name == name), None)


@pytest.mark.clauses("seed:20.10:HTTPConnection-strict-default")
def test_strict_defaults_to_false(impl: Implementation) -> None:
    """Seed 20.10: strict defaults to a false value."""
    strict = _constructor_parameter(impl, "HTTPConnection", "strict")
    assert strict is not None, "HTTPConnection() has no strict parameter"
    assert strict.default is not EMPTY and not strict.default, (
        f"strict has {_describe(strict.default)}, documented a false value")


@pytest.mark.clauses("seed:20.10:HTTPResponse-signature",
                     related=("seed:20.10:HTTPResponse-not-instantiated",))
def test_seed_response_signature(impl: Implementation) -> None:
    """Seed 20.10: HTTPResponse(sock, debuglevel=0, strict=0, method=None, url=None)."""
    doc = Documented("HTTPResponse", None, (
        P("sock"), P("debuglevel", 0), P("strict", 0), P("method", None), P("url", None)))
    problems, notes = compare(_parameters(impl.attr("HTTPResponse"), False, "HTTPResponse()"),
                              doc, "HTTPResponse()")
    assert not problems, "HTTPResponse(): " + "; ".join(problems)
    if notes:
        raise Info("HTTPResponse(): " + "; ".join(notes))


@pytest.mark.clauses("modern:HTTPSConnection:key_file-removed")
def test_key_file_removed(impl: Implementation) -> None:
    """Modern: key_file, cert_file and check_hostname are gone since 3.12 (info)."""
    still = [name for name in ("key_file", "cert_file", "check_hostname")
             if _constructor_parameter(impl, "HTTPSConnection", name) is not None]
    if still:
        raise Info(f"HTTPSConnection() still accepts {', '.join(still)} (pre-3.12 API)")
