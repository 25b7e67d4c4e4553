"""Hypothesis strategies for the property checks: small generators that compose.

Read it top to bottom: sizes, octets, then the pieces of a response (status
line, fields, body framing), a whole valid response with the model of what a
conforming client reports, the segmentation of its bytes, the read pattern
that consumes it, and the mutations that make it invalid, each with the
outcomes it allows.

Every example is plain data (dicts, lists, str, int, bytes): a check replays
it from JSON without Hypothesis (``conformance.examples``), and
``render_response`` / ``model_of`` turn a response spec into its bytes and its
model. Sizes come from explicit buckets (``sizes``) so that the boundaries
around common buffer sizes and the large bodies are actually drawn; integers
shrink towards the first bucket (empty), so a counterexample shrinks to the
smallest size that still fails.
"""

from typing import Any, Dict, List, Optional, Sequence, Tuple

from hypothesis import strategies as st

Spec = Dict[str, Any]
MiB = 1 << 20

# -- sizes ---------------------------------------------------------------------

BOUNDARIES = (4096, 8192, 65536)  # buffer sizes of common readers
LARGE_LIMIT = MiB
# (bucket name, weight in 100): large bodies are costly, so they come rarely.
SIZE_BUCKETS: Tuple[Tuple[str, int], ...] = (
    ("empty", 10), ("tiny", 40), ("small", 20), ("around-4096", 10), ("around-8192", 8),
    ("around-65536", 8), ("large", 4),
)


def bucket_of(size: int) -> str:
    """The bucket a size belongs to (what ``tests/`` counts to show each is reached)."""
    if size == 0:
        return "empty"
    for boundary in BOUNDARIES:
        if abs(size - boundary) <= 2:
            return f"around-{boundary}"
    if size <= 16:
        return "tiny"
    return "small" if size <= 2048 else "large"


def bucket_named(pick: int) -> str:
    """The bucket a draw of 0-99 falls in, by the weights of ``SIZE_BUCKETS``."""
    for name, weight in SIZE_BUCKETS:
        if pick < weight:
            return name
        pick -= weight
    return SIZE_BUCKETS[-1][0]


@st.composite
def sizes(draw: Any, limit: int = LARGE_LIMIT) -> int:
    """A size from the buckets: empty, tiny (1-16), small (17-2048), around each of
    ``BOUNDARIES`` (+-1..2), large (65539 to ``limit``).

    The bucket is drawn first, then one offset from the same range whatever the
    bucket, placed into the bucket's range: when shrinking lowers the bucket the
    offset keeps its value, so a failure shrinks across buckets to the smallest
    failing size (Hypothesis redraws a value that a new range does not admit)."""
    name = bucket_named(draw(_PICK))
    if name.startswith("around-"):  # the boundary, then +1, -1, +2, -2
        return int(name[7:]) + draw(_AROUND)
    offset = draw(_OFFSETS)
    low, high = {"empty": (0, 0), "tiny": (1, 16), "small": (17, 2048)}.get(
        name, (65539, max(65539, limit)))
    return in_range(low, high, offset)


def in_range(low: int, high: int, offset: int) -> int:
    """``low + offset``, folded into ``[low, high]`` (small offsets stay small)."""
    return low + offset % (high - low + 1)


_PICK = st.integers(0, 99)
_OFFSETS = st.integers(0, LARGE_LIMIT)
_AROUND = st.sampled_from((0, 1, -1, 2, -2))


def body_of(spec: Spec) -> bytes:
    """The body a ``bodies`` spec stands for: its motif repeated to its size."""
    motif, size = spec["motif"], spec["size"]
    return (motif * (size // len(motif) + 1))[:size]


def bodies(limit: int = LARGE_LIMIT) -> "st.SearchStrategy[Spec]":
    """A body as ``{"size": n, "motif": bytes}``: a short drawn motif repeated
    (a megabyte of drawn bytes would overrun Hypothesis's buffer); it shrinks to
    ``b"\\x00"`` repeated."""
    return st.fixed_dictionaries({"size": sizes(limit), "motif": st.binary(min_size=1, max_size=8)})


# -- octets (RFC 9110 5.5, 5.6.2; RFC 9112 4) --------------------------------------

TCHAR = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
VCHAR = "".join(chr(c) for c in range(0x21, 0x7F))
OBS_TEXT = "".join(chr(c) for c in range(0x80, 0x100))
VISIBLE = VCHAR + OBS_TEXT  # field-vchar and the reason's visible octets


def _inner_text(max_size: int) -> "st.SearchStrategy[str]":
    """Text of visible octets with SP and HTAB inside, never at either end (so
    trimming OWS changes nothing): a reason phrase or a field value."""
    edge = st.sampled_from(VISIBLE)
    middle = st.text(alphabet=VISIBLE + " \t", max_size=max_size)
    return st.one_of(
        st.just(""), edge,
        st.tuples(edge, middle, edge).map("".join),
    )


reasons = _inner_text(40)
field_values = st.one_of(_inner_text(60), st.lists(_inner_text(12), min_size=2, max_size=4)
                         .map(lambda parts: ", ".join(parts).strip(" \t")))

# Names the body framing or the connection depends on: only the framing adds them.
RESERVED = ("content-length", "transfer-encoding", "connection", "keep-alive", "trailer",
            "te", "upgrade")
COMMON_NAMES = ("X-Dup", "Set-Cookie", "Via", "Warning", "Content-Type", "Server", "Date",
                "Cache-Control", "Link", "Vary")


def _case_variant(name: str) -> "st.SearchStrategy[str]":
    """``name`` as sent, lower-cased or upper-cased (names are case-insensitive)."""
    return st.sampled_from((name, name.lower(), name.upper()))


field_names = st.one_of(
    st.sampled_from(COMMON_NAMES).flatmap(_case_variant),
    st.text(alphabet=TCHAR, min_size=1, max_size=20),
).filter(lambda name: name.lower() not in RESERVED)


@st.composite
def field_lists(draw: Any) -> List[List[str]]:
    """Field lines as [name, value] pairs: none, a few, about twenty (either side of
    a limit of 20), or up to 60 (below the common limit of 100 lines); names
    repeat (duplicates, case variants)."""
    n = in_range(*_FIELD_COUNTS[draw(_FIELD_COUNT_BUCKETS)], draw(_COUNT_OFFSETS))
    pool = draw(_NAME_POOLS)
    return [[pool[draw(_POOL_INDEX) % len(pool)], draw(field_values)] for _ in range(n)]


_FIELD_COUNT_BUCKETS = st.sampled_from(("none", "few", "around-20", "many"))
# one offset placed into each bucket's range, as ``sizes`` does
_FIELD_COUNTS = {"none": (0, 0), "few": (1, 6), "around-20": (18, 23), "many": (24, 60)}
_COUNT_OFFSETS = st.integers(0, 60)
_NAME_POOLS = st.lists(field_names, min_size=1, max_size=6)
_POOL_INDEX = st.integers(0, 5)


# -- a valid response and its model (RFC 9112 4, 5, 6, 7) --------------------------

FRAMINGS = ("length", "chunked", "close")
NO_BODY_STATUSES = (204, 304)
INTERIM_STATUSES = (100, 102, 103)


def final_statuses() -> "st.SearchStrategy[int]":
    """A final status code: 200-599 (and 600-999, which RFC 9110 15 lets a client
    treat as x00), with 204 and 304 (no content) drawn often."""
    return st.one_of(st.sampled_from((200, 204, 304, 404, 500)), st.integers(200, 599),
                     st.integers(600, 999))


@st.composite
def chunk_plans(draw: Any, size: int) -> Spec:
    """How a body of ``size`` octets is sent chunked: cut points, the hex case of
    each size line, leading zeros, extensions and trailer fields."""
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, size - 1)), max_size=8)))) \
        if size > 1 else []
    count = len(cuts) + (1 if size else 0) + 1  # the chunks and the last-chunk
    return {"cuts": cuts, "lines": [draw(_CHUNK_LINES) for _ in range(count)],
            "trailers": draw(_TRAILERS)}


_CHUNK_LINES = st.fixed_dictionaries({
    "case": st.sampled_from(("lower", "upper")),
    "zeros": st.integers(0, 3),
    "ext": st.lists(st.tuples(st.text(TCHAR, min_size=1, max_size=6),
                              st.one_of(st.none(), st.text(TCHAR, min_size=1, max_size=6),
                                        st.text(VISIBLE.replace('"', "").replace("\\", ""),
                                                max_size=6).map(lambda v: f'"{v}"')))
                    .map(list), max_size=2),
})
_FIELD_PAIRS = st.tuples(field_names, field_values).map(list)
_TRAILERS = st.lists(_FIELD_PAIRS, max_size=3)


# Strategies built once (building them in every draw costs more than drawing).
_METHODS = st.sampled_from(("GET", "GET", "GET", "HEAD"))  # GET shrinks first, HEAD a quarter
_VERSIONS = {True: st.just("HTTP/1.1"), False: st.sampled_from(("HTTP/1.1", "HTTP/1.0"))}
_FINAL_STATUSES = final_statuses()
_FRAMINGS = {"HTTP/1.1": st.sampled_from(FRAMINGS), "HTTP/1.0": st.sampled_from(("length",
                                                                                 "close"))}
_BODIES = {limit: bodies(limit) for limit in (LARGE_LIMIT, 70000, 4200, 200)}
_INTERIM = {every: st.lists(st.tuples(st.sampled_from(INTERIM_STATUSES if every else (100,)),
                                      reasons, st.lists(_FIELD_PAIRS, max_size=2)).map(list),
                            max_size=2)
            for every in (False, True)}
_FIELD_LISTS = field_lists()
_FRAMING_NAMES = st.sampled_from(("canonical", "lower", "upper"))
_PERCENT = st.integers(0, 100)


@st.composite
def responses(draw: Any, body_limit: int = LARGE_LIMIT, framing: Optional[str] = None,
              interim: bool = False) -> Spec:
    """A valid response spec: request method, interim responses (100 Continue; 102
    and 103 too when ``interim``), version, status, reason, fields, framing
    (``framing`` if given) and body (``render_response`` gives its bytes,
    ``model_of`` what a conforming client reports)."""
    method = draw(_METHODS)
    version = draw(_VERSIONS[framing == "chunked"])
    status = draw(_FINAL_STATUSES)
    if framing is None:
        framing = draw(_FRAMINGS[version])
    body = draw(_BODIES[body_limit] if body_limit in _BODIES else bodies(body_limit))
    spec: Spec = {
        "method": method,
        "interim": draw(_INTERIM[interim]),
        "version": version, "status": status, "reason": draw(reasons),
        "fields": draw(_FIELD_LISTS), "framing": framing, "body": body,
        "close": version == "HTTP/1.1" and draw(st.booleans()),
        "framing_name": draw(_FRAMING_NAMES),
        "framing_at": draw(_PERCENT),
    }
    if framing == "chunked":
        spec["chunks"] = draw(chunk_plans(body["size"]))
    return spec


def _cased(name: str, how: str) -> str:
    return {"canonical": name, "lower": name.lower(), "upper": name.upper()}[how]


def _hex(size: int, line: Spec) -> str:
    digits = "0" * line["zeros"] + format(size, "x")
    return digits.upper() if line["case"] == "upper" else digits


def _chunk_line(size: int, line: Spec) -> bytes:
    ext = "".join(f";{name}" + (f"={value}" if value is not None else "")
                  for name, value in line["ext"])
    return f"{_hex(size, line)}{ext}\r\n".encode("latin-1")


def has_body(spec: Spec) -> bool:
    """Whether the final response carries content (RFC 9112 6.3 items 1-2)."""
    return spec["method"] != "HEAD" and spec["status"] not in NO_BODY_STATUSES


def framing_fields(spec: Spec) -> List[List[str]]:
    """The fields the framing adds to the generated ones (Content-Length,
    Transfer-Encoding, Connection: close)."""
    added = []
    size = spec["body"]["size"]
    if spec["framing"] == "length" and spec["status"] != 204:
        added.append([_cased("Content-Length", spec["framing_name"]), str(size)])
    if spec["framing"] == "chunked" and spec["status"] not in NO_BODY_STATUSES:
        added.append([_cased("Transfer-Encoding", spec["framing_name"]), "chunked"])
    if spec["close"]:
        added.append(["Connection", "close"])
    return added


def header_fields(spec: Spec) -> List[List[str]]:
    """Every field of the final response's header section, in order as sent."""
    fields = [list(f) for f in spec["fields"]]
    at = spec["framing_at"] * len(fields) // 100
    return fields[:at] + framing_fields(spec) + fields[at:]


def _head(status_line: str, fields: Sequence[Sequence[str]]) -> bytes:
    lines = [status_line] + [f"{name}: {value}" for name, value in fields]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def render_parts(spec: Spec) -> Tuple[bytes, bytes, List[int]]:
    """(head, content as sent, offsets of each chunk-size line in the content):
    the bytes of ``spec``'s final response, interim responses included in head."""
    head = b"".join(_head(f"HTTP/1.1 {code} {reason}", fields)
                    for code, reason, fields in spec["interim"])
    head += _head(f"{spec['version']} {spec['status']} {spec['reason']}", header_fields(spec))
    body = body_of(spec["body"])
    if not has_body(spec):
        return head, b"", []
    if spec["framing"] != "chunked":
        return head, body, []
    plan = spec["chunks"]
    edges = [0] + list(plan["cuts"]) + [len(body)] if body else [0]
    content = b""
    offsets = []
    for index, (start, end) in enumerate(zip(edges, edges[1:])):
        offsets.append(len(content))
        content += _chunk_line(end - start, plan["lines"][index]) + body[start:end] + b"\r\n"
    offsets.append(len(content))
    content += _chunk_line(0, plan["lines"][-1])
    content += b"".join(f"{n}: {v}\r\n".encode("latin-1") for n, v in plan["trailers"])
    return head, content + b"\r\n", offsets


def render_response(spec: Spec) -> bytes:
    """The bytes the server sends for ``spec``."""
    head, content, _ = render_parts(spec)
    return head + content


def model_of(spec: Spec) -> Spec:
    """What a conforming client reports for ``spec``: version (10 or 11), status,
    reason, ``getheaders()`` (fields as received), body, and whether the connection
    stays open for another request (RFC 9112 9.3)."""
    body = body_of(spec["body"]) if has_body(spec) else b""
    keeps = (spec["version"] == "HTTP/1.1" and not spec["close"]
             and (spec["framing"] != "close" or not has_body(spec)))
    return {"version": 11 if spec["version"] == "HTTP/1.1" else 10, "status": spec["status"],
            "reason": spec["reason"], "headers": [tuple(f) for f in header_fields(spec)],
            "body": body, "keeps_alive": keeps}


def persistent_responses(body_limit: int = 70000) -> "st.SearchStrategy[Spec]":
    """A response after which the connection stays open (HTTP/1.1, no close)."""
    return responses(body_limit).map(lambda spec: dict(spec, close=False, version="HTTP/1.1",
                                                       framing="length" if spec["framing"]
                                                       == "close" else spec["framing"])) \
        .map(_with_chunks)


def _with_chunks(spec: Spec) -> Spec:
    if spec["framing"] == "chunked" and "chunks" not in spec:
        spec = dict(spec, framing="length")
    return spec


@st.composite
def response_sequences(draw: Any) -> List[Spec]:
    """Responses for requests made one after another on one connection: all but
    the last keep it open; the last may end it (the client then reconnects for a
    final request, answered by one more response)."""
    kept = draw(st.lists(persistent_responses(), min_size=1, max_size=4))
    last = draw(responses(70000))
    after = draw(persistent_responses(200))
    return kept + [last, after]


# -- segmentation (how the server cuts the bytes into writes) -----------------------

ONE_BYTE_LIMIT = 2048  # byte-at-a-time only for messages up to this length
MAX_WRITES = 4096


@st.composite
def segmentations(draw: Any, length: int) -> Spec:
    """How ``length`` bytes are written: whole, one byte at a time (short messages),
    pieces of a fixed size (large pieces for large messages), or cut at drawn
    points; with a small pause between writes, sometimes."""
    kinds = ["whole", "cuts", "pieces"] + (["bytes"] if 0 < length <= ONE_BYTE_LIMIT else [])
    kind = draw(st.sampled_from(kinds))
    split: Any = None
    if kind == "bytes":
        split = 1
    elif kind == "pieces":
        split = draw(st.integers(max(1, length // MAX_WRITES), max(1, length)))
    elif kind == "cuts" and length > 1:
        split = sorted(set(draw(st.lists(st.integers(1, length - 1), min_size=1, max_size=8))))
    writes = 1 if split is None else (len(split) + 1 if isinstance(split, list)
                                      else -(-length // split))
    pause = draw(st.sampled_from((0.0, 0.0, 0.0, 0.002))) if writes <= 8 else 0.0
    return {"split": split, "pause": pause}


# -- read patterns (how the client consumes the body) -------------------------------

# The reading methods each edition documents (seed: read(), read(amt) and
# iteration, 20.10.2; modern: io.BufferedIOBase's readinto, read1, readline and
# peek as well).
READ_OPS = {"seed": ("read", "read_amt", "next"),
            "modern": ("read", "read_amt", "next", "readinto", "read1", "readline", "peek")}


def amounts() -> "st.SearchStrategy[int]":
    """A read size: 1, small, or around a buffer size."""
    return st.one_of(st.integers(1, 16), st.integers(17, 1024),
                     st.sampled_from(BOUNDARIES).flatmap(lambda b: st.integers(b - 2, b + 2)))


def read_patterns(edition: str) -> "st.SearchStrategy[List[List[Any]]]":
    """A list of [operation, size] the client cycles through until the body ends:
    ``read`` alone, loops of ``read(amt)`` of varying sizes, or mixtures of the
    edition's documented methods (``READ_OPS``)."""
    op = st.tuples(st.sampled_from(READ_OPS[edition]), amounts()).map(list)
    return st.one_of(st.just([["read", 0]]),
                     st.lists(st.tuples(st.just("read_amt"), amounts()).map(list),
                              min_size=1, max_size=4),
                     st.lists(op, min_size=1, max_size=5))


# -- invalid responses: mutations of valid ones ----------------------------------------

MUTATIONS = ("truncate", "bad-hex", "long-line", "bare-lf", "bare-cr-value",
             "missing-colon", "space-before-colon", "conflicting-length", "huge-chunk-size")


@st.composite
def mutations(draw: Any, spec: Spec, truncation: Optional[bool] = None) -> Spec:
    """A mutation of the valid response ``spec`` that applies to it (a chunk
    mutation needs a chunked body, a field mutation needs a field); only
    truncations, or only the others, when ``truncation`` says so."""
    head, content, offsets = render_parts(spec)
    kinds = ["truncate", "long-line", "bare-lf"]
    if spec["fields"]:
        kinds += ["bare-cr-value", "missing-colon", "space-before-colon"]
    if spec["framing"] == "length" and has_body(spec) and spec["body"]["size"]:
        kinds.append("conflicting-length")
    if offsets:
        kinds += ["bad-hex", "huge-chunk-size"]
    if truncation is not None:
        kinds = [k for k in kinds if (k == "truncate") == truncation]
    kind = draw(st.sampled_from(kinds))
    mutation: Spec = {"kind": kind}
    if kind == "truncate":
        mutation["at"] = draw(st.integers(0, len(head) + len(content) - 1))
    elif kind in ("bad-hex", "huge-chunk-size"):
        mutation["chunk"] = draw(st.integers(0, len(offsets) - 1))
        mutation["octet"] = draw(st.sampled_from("gG xz-_"))
    elif kind == "long-line":
        mutation["line"] = draw(st.integers(0, len(header_fields(spec))))
    elif kind == "bare-lf":
        mutation["line"] = draw(st.integers(0, len(header_fields(spec))))
    elif kind != "conflicting-length":
        mutation["field"] = draw(st.integers(0, len(spec["fields"]) - 1))
    return mutation


def invalid_responses(truncation: Optional[bool] = None,
                      ) -> "st.SearchStrategy[Tuple[Spec, Spec]]":
    """(valid spec, mutation); ``mutate`` applies the one to the other. Bodies
    stay below 70 000 octets (truncation points are drawn over every octet)."""
    return responses(70000).flatmap(
        lambda spec: st.tuples(st.just(spec), mutations(spec, truncation)))


# --- requests: see the request-side properties ---
#
# A request example is plain data: the API it is made with, the method, the
# target, the Host and Accept-Encoding the caller gives (None: automatic), the
# extra fields as [name, value, type], the body ({"type", "size", "motif",
# "cuts"}, octets as ``body_of``) and its framing. ``invalid_requests`` adds
# {"invalid": {"part", "bad"}}. The property is conformance.request_property.

# RFC 9110 9: the methods it defines. CONNECT is left out: its target is the
# authority-form and set_tunnel's business.
STANDARD_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH")
# RFC 3986 2.3 and 2.2: unreserved and sub-delims; pchar adds ":" and "@".
PCHAR = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@"
# Fields the request's own machinery writes (framing, Host, Accept-Encoding) or
# that change the exchange (Connection, Expect): never drawn as extra fields.
REQUEST_RESERVED = RESERVED + ("host", "accept-encoding", "expect")
# The body types each edition documents (seed 20.10.1; modern request-body-types).
REQUEST_BODY_TYPES = {
    "seed": ("none", "bytes", "str", "file"),
    "modern": ("none", "bytes", "bytearray", "str", "file", "text-file", "iterable"),
}
# Octets each part may not hold (RFC 9112 3.1, 3.2, 5; RFC 9110 5.5): the CR, LF
# and NUL of an injection first, so a shrunk counterexample names CR.
_INJECTION = ("\r", "\n", "\r\n", "\x00")
_OTHER_CONTROLS = tuple(chr(c) for c in range(0x20) if chr(c) not in "\r\n\x00") + ("\x7f",)
_DELIMITERS = tuple(' "(),/:;<=>?@[\\]{}')
BAD_OCTETS = {
    "method": _INJECTION + _OTHER_CONTROLS + _DELIMITERS + ("\xe9",),
    "target": _INJECTION + _OTHER_CONTROLS + (" ",),
    "name": _INJECTION + _OTHER_CONTROLS + _DELIMITERS,
    "value": _INJECTION,
}
INVALID_PARTS = tuple(BAD_OCTETS)


@st.composite
def request_bodies(draw: Any, edition: str, limit: int = LARGE_LIMIT) -> Spec:
    """A request body of a type the edition documents: its octets (``bodies``)
    and, for an iterable, the offsets ``cuts`` where it is split (equal
    offsets give the empty pieces the chunk encoder must skip)."""
    kind = draw(st.sampled_from(REQUEST_BODY_TYPES[edition]), label="body type")
    if kind == "none":
        return {"type": "none"}
    body: Spec = {"type": kind, **draw(bodies(limit), label="body")}
    if kind == "iterable":
        body["cuts"] = sorted(draw(st.lists(st.integers(0, body["size"]), max_size=6),
                                   label="cuts"))
    return body


def pieces(data: bytes, cuts: Sequence[int]) -> List[bytes]:
    """``data`` cut at ``cuts`` (sorted offsets; equal ones give empty pieces)."""
    edges = [0, *cuts, len(data)]
    return [data[a:b] for a, b in zip(edges, edges[1:])]


def methods() -> "st.SearchStrategy[str]":
    """A standard method, or an extension token (any case)."""
    extension = st.text(alphabet=TCHAR, min_size=1, max_size=12).filter(
        lambda m: m.upper() != "CONNECT")
    return st.one_of(st.sampled_from(STANDARD_METHODS), extension)


def _path() -> "st.SearchStrategy[str]":
    pct = st.integers(0, 255).map(lambda o: f"%{o:02X}")
    segment = st.lists(st.one_of(st.sampled_from(PCHAR), pct), max_size=12).map("".join)
    return st.lists(segment, min_size=1, max_size=4).map(lambda s: "/" + "/".join(s))


def _query() -> "st.SearchStrategy[str]":
    return st.text(alphabet=PCHAR + "/?", max_size=16).map(lambda q: "?" + q)


def authorities() -> "st.SearchStrategy[str]":
    """An authority for a Host field or an absolute-form target."""
    host = st.sampled_from(["example.org", "a.example", "localhost", "127.0.0.1", "[::1]"])
    port = st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}"))
    return st.tuples(host, port).map("".join)


@st.composite
def targets(draw: Any, method: str) -> str:
    """A request-target: origin-form (path and optional query, every allowed
    octet), absolute-form (http://host[:port]/path) or, for OPTIONS, ``*``."""
    forms = ["origin", "absolute"] + (["asterisk"] if method == "OPTIONS" else [])
    form = draw(st.sampled_from(forms), label="target form")
    if form == "asterisk":
        return "*"
    target = draw(_path()) + draw(st.one_of(st.just(""), _query()))
    return "http://" + draw(authorities()) + target if form == "absolute" else target


def request_field_names() -> "st.SearchStrategy[str]":
    """A token that is not one of the ``REQUEST_RESERVED`` names."""
    return st.text(alphabet=TCHAR, min_size=1, max_size=20).filter(
        lambda n: n.lower() not in REQUEST_RESERVED)


def request_field_values(long: bool = True) -> "st.SearchStrategy[str]":
    """A valid field value: empty, short (every field-vchar including obs-text,
    commas, SP and HTAB inside), or when ``long`` a motif repeated to 100-9000
    octets."""
    if not long:
        return field_values
    repeated = st.tuples(_inner_text(8).filter(bool), st.integers(100, 9000)).map(
        lambda t: (t[0] * (t[1] // len(t[0]) + 1))[: t[1]].strip(" \t"))
    return st.one_of(field_values, repeated)


@st.composite
def request_fields(draw: Any, edition: str, exact_duplicates: bool,
                   many: bool = True) -> List[List[str]]:
    """Extra fields as ``[name, value, type]``: new names, case variants of a
    name drawn before (any letters flipped) and, when ``exact_duplicates`` (the
    putheader path), the same name again. ``type`` is how the value is passed:
    str (either edition), bytes or int (modern). Up to 30 fields with values
    up to 9000 octets when ``many``, else up to 3 short ones."""
    counts = st.one_of(st.integers(0, 4), st.integers(5, 30)) if many else st.integers(0, 3)
    count = draw(counts, label="field count")
    types = ["str"] if edition == "seed" else ["str", "bytes", "int"]
    fields: List[List[str]] = []
    for _ in range(count):
        kinds = ["new"] + (["variant"] + (["same"] if exact_duplicates else [])
                           if fields else [])
        kind = draw(st.sampled_from(kinds))
        if kind == "new":
            name = draw(request_field_names())
        else:
            base = draw(st.sampled_from([f[0] for f in fields]))
            flips = draw(st.lists(st.booleans(), min_size=len(base), max_size=len(base)))
            name = base if kind == "same" else "".join(
                c.swapcase() if flip else c for c, flip in zip(base, flips))
        if not exact_duplicates and any(f[0] == name for f in fields):
            continue  # a mapping holds each exact key once
        value_type = draw(st.sampled_from(types))
        value = (str(draw(st.integers(0, 10 ** 12))) if value_type == "int"
                 else draw(request_field_values(many)))
        fields.append([name, value, value_type])
    return fields


@st.composite
def _request_line(draw: Any, edition: str, api: str) -> Spec:
    """The parts of a request before its fields and body."""
    method = draw(methods(), label="method")
    encodings = [None, "identity", "gzip, br"] + ([""] if api == "putrequest" else [])
    return {
        "api": api, "method": method, "target": draw(targets(method), label="target"),
        "host": draw(st.one_of(st.none(), authorities()), label="host"),
        "accept_encoding": draw(st.sampled_from(encodings), label="accept_encoding"),
    }


@st.composite
def valid_requests(draw: Any, edition: str, limit: int = LARGE_LIMIT) -> Spec:
    """A valid request as the API is asked to send it.

    ``api`` is ``request`` (headers as a mapping: case variants are distinct
    keys) or ``putrequest`` (putrequest, putheader per field, endheaders, then
    ``send`` of a bytes body: exact duplicates allowed, the caller frames the
    body). ``framing`` is ``auto`` (the library frames it), ``content-length``
    (the caller gives it) or ``chunked`` (modern: Transfer-Encoding given and
    ``encode_chunked=True``). ``host`` is None for the automatic Host field,
    else the value the caller gives (skipping the automatic one);
    ``accept_encoding`` likewise, "" meaning skipped and none given
    (putrequest only). Bodies are at most ``limit`` octets."""
    api = draw(st.sampled_from(["request", "request", "putrequest"]), label="api")
    example = draw(_request_line(edition, api))
    body = draw(request_bodies(edition, limit), label="body")
    if api == "putrequest" and body["type"] not in ("none", "bytes"):
        body = {"type": "bytes", "size": body["size"], "motif": body["motif"]}
    framings = ["auto"]
    if body["type"] != "none" and (api == "putrequest" or body["type"] != "iterable"):
        framings.append("content-length")
    if edition == "modern" and body["type"] != "none":
        framings.append("chunked")
    framing = draw(st.sampled_from(framings), label="framing")
    if api == "putrequest" and body["type"] != "none" and framing == "auto":
        framing = "content-length"
    example["headers"] = draw(request_fields(edition, api == "putrequest"), label="headers")
    example.update(body=body, framing=framing)
    return example


def _insert(draw: Any, text: str, bad: str) -> str:
    at = draw(st.integers(0, len(text)), label="at")
    return text[:at] + bad + text[at:]


@st.composite
def invalid_requests(draw: Any, edition: str, part: str) -> Spec:
    """A request made invalid in ``part`` (method, target, name or value) by one
    of ``BAD_OCTETS[part]`` inserted anywhere; bodiless, with a few short
    fields, otherwise valid."""
    api = draw(st.sampled_from(["request", "request", "putrequest"]), label="api")
    example = draw(_request_line(edition, api))
    example.update(headers=draw(request_fields(edition, api == "putrequest", many=False)),
                   body={"type": "none"}, framing="auto")
    bad = draw(st.sampled_from(BAD_OCTETS[part]), label="bad")
    if part in ("method", "target"):
        example[part] = _insert(draw, example[part], bad)
    else:
        if not example["headers"]:
            example["headers"] = [[draw(request_field_names()), "", "str"]]
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
    """A request field value as the example passes it to the API."""
    if value_type == "bytes":
        return value.encode("latin-1")
    return int(value) if value_type == "int" else value
