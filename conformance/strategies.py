"""Hypothesis strategies for the property checks: small composable generators.

Every strategy draws a plain, JSON-serialisable example (dicts, lists, str,
int, bool), so a counterexample can be written to a record and replayed
without Hypothesis. Sizes come from explicit buckets (empty, tiny, around
the buffer sizes 4096/8192/65536, large up to 1 MiB) so the boundaries are
actually reached. Octet strings are held as ISO-8859-1 text (one character
per octet) and long bodies as a short ``fill`` pattern repeated to ``size``.
"""

import string
from typing import Any, Dict, List, Optional, Sequence

from hypothesis import strategies as st

Example = Dict[str, Any]

# --- requests: see the request-side properties ---

# RFC 9110 5.6.2: tchar. Letters first, so a shrunk name reads "A".
TCHAR = string.ascii_uppercase + string.ascii_lowercase + string.digits + "!#$%&'*+-.^_`|~"
# RFC 9110 9: the methods it defines. CONNECT is left out: its target is the
# authority-form and set_tunnel's business.
STANDARD_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH")
# RFC 3986 2.3 and 2.2: unreserved and sub-delims; pchar adds ":" and "@".
PCHAR = string.ascii_letters + string.digits + "-._~" + "!$&'()*+,;=" + ":@"
# RFC 9110 5.5: field-vchar (VCHAR and obs-text); SP and HTAB only inside a value.
VALUE_CHARS = "".join(chr(c) for c in range(0x21, 0x7F)) + "".join(
    chr(c) for c in range(0x80, 0x100))
# Fields the request's own machinery writes (framing, Host, Accept-Encoding) or
# that change the exchange (Connection, Expect): never drawn as extra fields.
RESERVED_NAMES = ("host", "accept-encoding", "content-length", "transfer-encoding",
                  "connection", "expect", "te", "trailer", "upgrade")
# The body types each edition documents (seed 20.10.1; modern request-body-types).
BODY_TYPES = {
    "seed": ("none", "bytes", "str", "file"),
    "modern": ("none", "bytes", "bytearray", "str", "file", "text-file", "iterable"),
}
# Octets no request may hold where each part is invalid, by part (RFC 9112 3.1,
# 3.2, 5; RFC 9110 5.5): the CR, LF and NUL of an injection first, so a shrunk
# counterexample names CR.
CONTROLS = "".join(chr(c) for c in range(0x20)) + "\x7f"
_INJECTION = ("\r", "\n", "\r\n", "\x00")
BAD_OCTETS = {
    "method": _INJECTION + tuple(c for c in CONTROLS if c not in "\r\n\x00")
    + tuple(' "(),/:;<=>?@[\\]{}') + ("\xe9",),
    "target": _INJECTION + tuple(c for c in CONTROLS if c not in "\r\n\x00") + (" ",),
    "name": _INJECTION + tuple(c for c in CONTROLS if c not in "\r\n\x00")
    + tuple(' "(),/:;<=>?@[\\]{}'),
    "value": _INJECTION,
}
INVALID_PARTS = tuple(BAD_OCTETS)


def near(size: int, spread: int = 16) -> st.SearchStrategy[int]:
    """A size within ``spread`` of a buffer boundary."""
    return st.integers(size - spread, size + spread)


def sizes(rare: int = 4) -> st.SearchStrategy[int]:
    """A body size from the buckets: empty, tiny, small, around 4096, 8192 and
    65536, or (about one draw in ``rare``; never when ``rare`` is 0) large, up
    to 1 MiB."""
    usual = st.one_of(st.just(0), st.integers(1, 16), st.integers(17, 1024),
                      near(4096), near(8192), near(65536))
    if not rare:
        return usual
    large = st.integers(65537, 1 << 20)
    return st.integers(0, rare - 1).flatmap(lambda r: large if r == rare - 1 else usual)


def octets(alphabet: Optional[str] = None, min_size: int = 0,
           max_size: int = 16) -> st.SearchStrategy[str]:
    """Octets as ISO-8859-1 text (every octet when ``alphabet`` is None)."""
    chars = alphabet if alphabet is not None else "".join(chr(c) for c in range(256))
    return st.text(st.sampled_from(chars), min_size=min_size, max_size=max_size)


def body_octets(body: Example) -> bytes:
    """The octets a body example stands for: ``fill`` repeated to ``size``."""
    fill = body.get("fill", "").encode("latin-1")
    size = body.get("size", 0)
    return (fill * (size // max(1, len(fill)) + 1))[:size] if fill else b""


@st.composite
def bodies(draw: Any, edition: str, rare: int = 4) -> Example:
    """A request body: its type, its octets (``fill`` x ``size``) and, for an
    iterable, the offsets ``cuts`` where it is split (equal offsets give the
    empty pieces the chunk encoder must skip)."""
    kind = draw(st.sampled_from(BODY_TYPES[edition]), label="body type")
    if kind == "none":
        return {"type": "none"}
    size = draw(sizes(rare), label="body size")
    body: Example = {"type": kind, "size": size,
                     "fill": draw(octets(min_size=1, max_size=8), label="fill")}
    if kind == "iterable":
        cuts = draw(st.lists(st.integers(0, size), max_size=6), label="cuts")
        body["cuts"] = sorted(cuts)
    return body


def methods() -> st.SearchStrategy[str]:
    """A standard method, or an extension token (any case)."""
    extension = st.text(st.sampled_from(TCHAR), min_size=1, max_size=12).filter(
        lambda m: m.upper() != "CONNECT")
    return st.one_of(st.sampled_from(STANDARD_METHODS), extension)


def _path() -> st.SearchStrategy[str]:
    pct = st.integers(0, 255).map(lambda o: f"%{o:02X}")
    segment = st.lists(st.one_of(st.sampled_from(PCHAR), pct), max_size=12).map("".join)
    return st.lists(segment, min_size=1, max_size=4).map(lambda s: "/" + "/".join(s))


def _query() -> st.SearchStrategy[str]:
    char = st.sampled_from(PCHAR + "/?")
    return st.lists(char, max_size=16).map(lambda q: "?" + "".join(q))


@st.composite
def targets(draw: Any, method: str) -> str:
    """A request-target: origin-form (path and optional query, every allowed
    octet), absolute-form (http://host[:port]/path) or, for OPTIONS, ``*``."""
    forms = ["origin", "absolute"] + (["asterisk"] if method == "OPTIONS" else [])
    form = draw(st.sampled_from(forms), label="target form")
    if form == "asterisk":
        return "*"
    target = draw(_path()) + draw(st.one_of(st.just(""), _query()))
    if form == "absolute":
        return "http://" + draw(authorities()) + target
    return target


def authorities() -> st.SearchStrategy[str]:
    """An authority for a Host field or an absolute-form target."""
    host = st.sampled_from(["example.org", "a.example", "localhost", "127.0.0.1", "[::1]"])
    port = st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}"))
    return st.tuples(host, port).map("".join)


def field_names() -> st.SearchStrategy[str]:
    """A token that is not one of the ``RESERVED_NAMES``."""
    return st.text(st.sampled_from(TCHAR), min_size=1, max_size=20).filter(
        lambda n: n.lower() not in RESERVED_NAMES)


def _case_variant(draw: Any, name: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    return "".join(c.swapcase() if flip else c for c, flip in zip(name, flips))


def _inner(text: str) -> str:
    return text.strip(" \t")


def field_values() -> st.SearchStrategy[str]:
    """A valid field value: empty, short, or long (a pattern repeated), with
    every field-vchar including obs-text, commas, and SP/HTAB inside."""
    chars = st.sampled_from(VALUE_CHARS + " \t")
    short = st.text(chars, max_size=24).map(_inner)
    long = st.tuples(st.text(chars, min_size=1, max_size=8), st.integers(100, 9000)).map(
        lambda t: _inner((t[0] * (t[1] // len(t[0]) + 1))[: t[1]]))
    return st.one_of(st.just(""), short, long)


@st.composite
def header_fields(draw: Any, edition: str, exact_duplicates: bool) -> List[List[str]]:
    """Extra fields as ``[name, value, type]``: new names, case variants of a
    name drawn before, and (when ``exact_duplicates``, the putheader path)
    the same name again. ``type`` is how the value is passed: str (any
    edition), bytes or int (modern)."""
    count = draw(st.one_of(st.integers(0, 4), st.integers(5, 30)), label="field count")
    types = ["str"] if edition == "seed" else ["str", "bytes", "int"]
    fields: List[List[str]] = []
    for _ in range(count):
        kinds = ["new"] + (["variant"] + (["same"] if exact_duplicates else [])
                           if fields else [])
        kind = draw(st.sampled_from(kinds))
        if kind == "new":
            name = draw(field_names())
        else:
            base = draw(st.sampled_from([f[0] for f in fields]))
            name = base if kind == "same" else _case_variant(draw, base)
        if not exact_duplicates and any(f[0] == name for f in fields):
            continue  # a mapping holds each exact key once
        value_type = draw(st.sampled_from(types))
        value = (str(draw(st.integers(0, 10 ** 12))) if value_type == "int"
                 else draw(field_values()))
        fields.append([name, value, value_type])
    return fields


@st.composite
def valid_requests(draw: Any, edition: str, rare: int = 4) -> Example:
    """A valid request as the API is asked to send it.

    ``api`` is ``request`` (headers as a mapping: case variants are distinct
    keys) or ``putrequest`` (putrequest, putheader per field, endheaders, then
    ``send`` of a bytes body: exact duplicates allowed, the caller frames the
    body). ``framing`` is ``auto`` (the library frames it), ``content-length``
    (the caller gives it) or ``chunked`` (modern: Transfer-Encoding given and
    ``encode_chunked=True``). ``host`` is None for the automatic Host field,
    else the value the caller gives (skipping the automatic one);
    ``accept_encoding`` likewise for Accept-Encoding (putrequest may skip it
    and give none). ``rare`` is passed to ``sizes``."""
    api = draw(st.sampled_from(["request", "request", "putrequest"]), label="api")
    method = draw(methods(), label="method")
    target = draw(targets(method), label="target")
    body = draw(bodies(edition, rare), label="body")
    if api == "putrequest" and body["type"] not in ("none", "bytes"):
        body = {"type": "bytes", "size": body["size"], "fill": body["fill"]}
    framings = ["auto"]
    if body["type"] != "none" and (api == "putrequest" or body["type"] != "iterable"):
        framings.append("content-length")
    if edition == "modern" and body["type"] != "none":
        framings.append("chunked")
    framing = draw(st.sampled_from(framings), label="framing")
    if api == "putrequest" and body["type"] != "none" and framing == "auto":
        framing = "content-length"
    example: Example = {
        "api": api, "method": method, "target": target,
        "host": draw(st.one_of(st.none(), authorities()), label="host"),
        "accept_encoding": draw(st.sampled_from([None, "identity", "gzip, br", ""]),
                                label="accept_encoding"),
        "headers": draw(header_fields(edition, api == "putrequest"), label="headers"),
        "body": body, "framing": framing,
    }
    if api == "request" and example["accept_encoding"] == "":
        example["accept_encoding"] = None  # request() cannot skip it without giving one
    return example


def _insert(draw: Any, text: str, bad: str) -> str:
    at = draw(st.integers(0, len(text)), label="at")
    return text[:at] + bad + text[at:]


@st.composite
def invalid_requests(draw: Any, edition: str, part: str) -> Example:
    """A request made invalid in ``part`` (method, target, name or value) by one
    octet of ``BAD_OCTETS[part]`` inserted anywhere; bodiless, otherwise
    valid. ``invalid`` names the part and the octets inserted."""
    example = draw(valid_requests(edition, rare=0))
    example["body"], example["framing"] = {"type": "none"}, "auto"
    bad = draw(st.sampled_from(BAD_OCTETS[part]), label="bad")
    if part == "method":
        example["method"] = _insert(draw, example["method"], bad)
    elif part == "target":
        example["target"] = _insert(draw, example["target"], bad)
    else:
        if not example["headers"]:
            example["headers"] = [[draw(field_names()), "", "str"]]
        index = draw(st.integers(0, len(example["headers"]) - 1), label="field")
        name, value, value_type = example["headers"][index]
        if part == "name":
            name = _insert(draw, name, bad)
        else:
            value = _insert(draw, value, bad)
            value_type = "bytes" if value_type == "bytes" else "str"
        example["headers"][index] = [name, value, value_type]
    example["invalid"] = {"part": part, "bad": bad}
    return example


def field_value_passed(value: str, value_type: str) -> Any:
    """The value as the example passes it to the API."""
    if value_type == "bytes":
        return value.encode("latin-1")
    if value_type == "int":
        return int(value)
    return value


def pieces(data: bytes, cuts: Sequence[int]) -> List[bytes]:
    """``data`` cut at ``cuts`` (sorted offsets; equal ones give empty pieces)."""
    edges = [0, *cuts, len(data)]
    return [data[a:b] for a, b in zip(edges, edges[1:])]
