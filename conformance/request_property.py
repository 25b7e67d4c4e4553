"""Property 4 (issue 10), request side: what a generated request puts on the wire.

A valid request (``strategies.valid_requests``) is made with the API it
names; the bytes the server received are parsed by an independent parser
(h11, as a server) and must give back the method, the target, the caller's
fields (names as given, in order, values as passed), one Host, the
automatic Accept-Encoding unless skipped, and the body with the framing the
edition documents. An invalid request (``strategies.invalid_requests``) must
be refused with ValueError or InvalidURL before any byte reaches the server.

``check_valid`` and ``check_invalid`` take ``(impl, edition, example)`` and
raise AssertionError naming what differs; the example is plain data, so a
counterexample replays without Hypothesis (``conformance.properties``).
"""

import contextlib
import os
import tempfile
from typing import Any, Dict, Iterator, List, Optional, Tuple

import h11

from conformance import context, drive, drivers, local, observe
from conformance.grading import Signal
from conformance.impl import Implementation
from conformance.strategies import Spec, body_of, field_value_passed, pieces
from servers.script import Close, ExpectRequest, Script, Send

Fields = List[Tuple[bytes, bytes]]
# The head of a generated request may hold 30 fields of 9000 octets.
H11_LIMIT = 4 << 20
# modern:HTTPConnection:request-content-length-zero
EXPECTING_BODY = ("POST", "PUT", "PATCH")
KNOWN_LENGTH = ("bytes", "bytearray", "str")
SHOWN = 60  # octets of a value shown in a message


# -- making the request -------------------------------------------------------

def body_octets(body: Spec) -> bytes:
    """The octets of a request body (none for ``{"type": "none"}``)."""
    return b"" if body["type"] == "none" else body_of(body)


def caller_fields(example: Spec, data: bytes) -> List[Tuple[str, Any]]:
    """The fields the caller passes, in order: Host and Accept-Encoding when it
    gives them, the extra fields, then the framing field it gives."""
    fields: List[Tuple[str, Any]] = []
    if example["host"] is not None:
        fields.append(("Host", example["host"]))
    if example["accept_encoding"]:
        fields.append(("Accept-Encoding", example["accept_encoding"]))
    fields.extend((n, field_value_passed(v, t)) for n, v, t in example["headers"])
    if example["framing"] == "content-length":
        fields.append(("Content-Length", str(len(data))))
    elif example["framing"] == "chunked":
        fields.append(("Transfer-Encoding", "chunked"))
    return fields


@contextlib.contextmanager
def body_argument(body: Spec, data: bytes) -> Iterator[Any]:
    """The body as the example passes it (a file body is a real file, closed
    and removed afterwards)."""
    kind = body["type"]
    if kind in ("file", "text-file"):
        fd, path = tempfile.mkstemp(prefix="conformance-request-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            opened = (open(path, "rb") if kind == "file"
                      else open(path, encoding="latin-1", newline=""))
            with opened as handle:
                yield handle
        finally:
            os.unlink(path)
        return
    yield {
        "none": None, "bytes": data, "bytearray": bytearray(data),
        "str": data.decode("latin-1"),
        "iterable": (piece for piece in pieces(data, body.get("cuts", []))),
    }[kind]


def perform(conn: Any, example: Spec) -> None:
    """Make the example's request on ``conn`` with the API it names."""
    data = body_octets(example["body"])
    fields = caller_fields(example, data)
    chunk = example["framing"] == "chunked"
    if example["api"] == "request":
        options = {"encode_chunked": True} if chunk else {}
        with body_argument(example["body"], data) as body:
            conn.request(example["method"], example["target"], body, dict(fields), **options)
        return
    conn.putrequest(example["method"], example["target"],
                    skip_host=example["host"] is not None,
                    skip_accept_encoding=example["accept_encoding"] is not None)
    for name, value in fields:
        conn.putheader(name, value)
    if chunk:
        conn.endheaders(data, encode_chunked=True)
        return
    conn.endheaders()
    if example["body"]["type"] != "none":
        conn.send(data)


# -- reading it back with h11 ---------------------------------------------------

class Received:
    """One request as h11 parsed it from the bytes the server received."""

    def __init__(self, wire: bytes) -> None:
        parser = h11.Connection(h11.SERVER, max_incomplete_event_size=H11_LIMIT)
        parser.receive_data(wire)
        parser.receive_data(b"")  # the client has closed: nothing more comes
        body: List[bytes] = []
        try:
            head = parser.next_event()
            if not isinstance(head, h11.Request):
                raise AssertionError(f"h11 found no complete request head ({head!r})")
            while True:
                event = parser.next_event()
                if isinstance(event, h11.Data):
                    body.append(bytes(event.data))
                elif isinstance(event, h11.EndOfMessage):
                    break
                else:
                    raise AssertionError(f"the request body is incomplete: h11 saw {event!r} "
                                         f"after {sum(map(len, body))} body octets")
        except h11.RemoteProtocolError as exc:
            raise AssertionError(f"h11 refused the request: {exc}") from None
        self.method = bytes(head.method)
        self.target = bytes(head.target)
        self.fields: Fields = [(bytes(n), bytes(v)) for n, v in head.headers.raw_items()]
        self.body = b"".join(body)
        self.trailing = parser.trailing_data[0]

    def values(self, name: bytes) -> List[bytes]:
        return [v for n, v in self.fields if n.lower() == name]


def automatic_host(example: Spec, authority: str) -> bytes:
    """The Host putrequest writes: the absolute-form target's authority, else
    the server's (rfc9112:3.2:host-matches-authority)."""
    target = example["target"]
    if target.startswith("http://"):
        return target[len("http://"):].split("/", 1)[0].encode("ascii")
    return authority.encode("ascii")


def expected_framing(example: Spec, edition: str, length: int) -> Optional[Fields]:
    """The framing fields the edition documents for this request, or None
    where it is silent (a bodiless request, bar a POST/PUT/PATCH made with
    modern's request()). A putrequest body is framed by the caller."""
    body_type, framing = example["body"]["type"], example["framing"]
    if framing == "content-length":
        return [(b"content-length", b"%d" % length)]
    if framing == "chunked":
        return [(b"transfer-encoding", b"chunked")]
    if body_type == "none":
        # modern:HTTPConnection:request-content-length-zero (request() only)
        if (edition == "modern" and example["api"] == "request"
                and example["method"] in EXPECTING_BODY):
            return [(b"content-length", b"0")]
        return None
    if edition == "seed" or body_type in KNOWN_LENGTH:
        # seed:20.10.1:request-content-length, request-file-content-length;
        # modern:HTTPConnection:request-content-length
        return [(b"content-length", b"%d" % length)]
    # modern:HTTPConnection:request-chunked-unknown-length, request-file-no-stat
    return [(b"transfer-encoding", b"chunked")]


def compare(example: Spec, edition: str, wire: bytes, authority: str) -> None:
    """Raise AssertionError naming the first way ``wire`` departs from the request."""
    got = Received(wire)
    data = body_octets(example["body"])
    method, target = example["method"].encode("ascii"), example["target"].encode("ascii")
    assert (got.method, got.target) == (method, target), (
        f"request line: method {got.method!r} target {got.target!r}, asked for "
        f"{method!r} {target!r}")
    host = (example["host"].encode("ascii") if example["host"] is not None
            else automatic_host(example, authority))
    assert got.values(b"host") == [host], (
        f"Host fields {got.values(b'host')!r}, expected exactly [{host!r}]")
    encoding = example["accept_encoding"]
    want = ([b"identity"] if encoding is None else
            [encoding.encode("ascii")] if encoding else [])
    assert got.values(b"accept-encoding") == want, (
        f"Accept-Encoding fields {got.values(b'accept-encoding')!r}, expected {want!r}")
    names = {n.lower().encode("ascii") for n, _, _ in example["headers"]}
    sent = [(n, _wire_value(v, t)) for n, v, t in example["headers"]]
    extra = [(n.decode("latin-1"), v) for n, v in got.fields if n.lower() in names]
    assert extra == sent, _fields_message(extra, sent)
    framing = [(n.lower(), v) for n, v in got.fields
               if n.lower() in (b"content-length", b"transfer-encoding")]
    documented = expected_framing(example, edition, len(data))
    assert documented is None or framing == documented, (
        f"framing fields {framing!r}, the {edition} edition documents {documented!r} for a "
        f"{example['body']['type']} body of {len(data)} octets (framing {example['framing']})")
    assert got.body == data, _body_message(got.body, data)
    assert got.trailing == b"", (
        f"{len(got.trailing)} octets after the end of the request: {got.trailing[:60]!r}")


def _wire_value(value: str, value_type: str) -> bytes:
    return value.encode("ascii" if value_type == "int" else "latin-1")


def _fields_message(got: List[Tuple[str, bytes]], sent: List[Tuple[str, bytes]]) -> str:
    for index, (seen, asked) in enumerate(zip(got, sent)):
        if seen != asked:
            return (f"extra field {index + 1} of {len(sent)} arrived as {_short(seen)}, "
                    f"passed as {_short(asked)}")
    return (f"{len(got)} extra fields arrived, {len(sent)} passed; first missing or added: "
            f"{_short((got + sent)[min(len(got), len(sent))])}")


def _short(item: Tuple[str, bytes]) -> str:
    name, value = item
    shown = value if len(value) <= SHOWN else value[:SHOWN] + b"..."
    return f"{name}: {shown!r} ({len(value)} octets)"


def _body_message(got: bytes, data: bytes) -> str:
    first = next((i for i, (a, b) in enumerate(zip(got, data)) if a != b),
                 min(len(got), len(data)))
    return (f"body: {len(got)} octets received, {len(data)} sent; first difference at "
            f"octet {first}: {got[first:first + 16]!r} vs {data[first:first + 16]!r}")


# -- the two properties -----------------------------------------------------------

def _script(name: str, optional: bool) -> Script:
    step = ExpectRequest(timeout=2.0 if not optional else 1.0, optional=optional)
    return Script(name, ((step, Send(local.response()), Close()),))


def _settle(played: drive.Played) -> None:
    """Note the run in the record; raise a kit error or a hang as ``attach`` does
    (the kit's grade comes first), leaving the client's complaints to the caller."""
    if played.hang is not None or any(e.kind == "kit" for e in played.errors):
        drive.attach(played)
    context.current().note(played.script.name, played.render())


def check_valid(impl: Implementation, edition: str, example: Spec) -> None:
    """A valid request arrives as asked (see the module docstring)."""

    def action(conn: Any, srv: Any) -> None:
        perform(conn, example)
        conn.getresponse().read()

    played = drive.play(impl, _script("prop-request-valid", False),
                        drivers.with_connection(action), deadline=observe.example_deadline())
    _settle(played)
    if isinstance(played.error, Signal):  # Missing and its kin keep their grade
        raise played.error
    wire = played.received()
    authority = f"127.0.0.1:{played.port}"
    try:
        if played.error is not None:
            raise AssertionError(f"the client raised {played.error!r}")
        compare(example, edition, wire, authority)
    except AssertionError as exc:
        complaints = "; ".join(e.message for e in played.errors)
        server = f"; the server said: {complaints}" if complaints else ""
        raise AssertionError(f"{exc}{server}") from None


def check_invalid(impl: Implementation, edition: str, example: Spec) -> None:
    """An invalid request is refused with ValueError or InvalidURL before any
    byte is sent."""
    refusals = (ValueError, getattr(impl.module, "InvalidURL", ValueError))
    outcome: Dict[str, Any] = {}

    def action(conn: Any, srv: Any) -> None:
        try:
            perform(conn, example)
        except refusals as exc:
            outcome["refused"] = exc
            return
        with contextlib.suppress(Exception):  # sent: the server may hang up on it
            conn.getresponse().read()

    played = drive.play(impl, _script("prop-request-invalid", True),
                        drivers.with_connection(action), deadline=observe.example_deadline())
    _settle(played)
    if played.error is not None:
        raise played.error  # another exception type: graded as the plugin grades it
    sent = played.received()
    bad = example["invalid"]
    where = f"{bad['bad']!r} in the {bad['part']}"
    assert "refused" in outcome, (
        f"not refused ({where}): the server received {sent[:120]!r}")
    assert sent == b"", (
        f"refused ({where}) only after sending {sent[:120]!r}")
