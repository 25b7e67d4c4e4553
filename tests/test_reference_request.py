"""Reference client: what goes on the wire for a request, and what is
refused before anything is sent (seed 20.10.1, modern request/putheader,
RFC 9112 §3, §7.1)."""

import io
import socket
import tempfile

import pytest
from reference_support import REQUEST, Server, response

from reference import client, seed

both = pytest.mark.parametrize("mod", [seed, client], ids=["seed", "client"])


def pair(conn):
    """Give ``conn`` one end of a socketpair; return the other end."""
    ours, theirs = socket.socketpair()
    theirs.settimeout(5)
    conn.sock = ours
    return theirs


def drain(peer) -> bytes:
    """Everything sent so far (the client side is closed first)."""
    data = b""
    peer.setblocking(False)
    while True:
        try:
            chunk = peer.recv(65536)
        except BlockingIOError:
            return data
        if not chunk:
            return data
        data += chunk


def wire_of(mod, call, *args, conn=None, **kw) -> bytes:
    conn = conn or mod.HTTPConnection("example.org")
    peer = pair(conn)
    try:
        getattr(conn, call)(*args, **kw)
        return drain(peer)
    finally:
        conn.close()
        peer.close()


@both
def test_default_request(mod):
    assert wire_of(mod, "request", "GET", "/index.html") == (
        b"GET /index.html HTTP/1.1\r\nHost: example.org\r\nAccept-Encoding: identity\r\n\r\n"
    )


@both
@pytest.mark.parametrize(
    "cls, args, host",
    [
        ("HTTPConnection", ("example.org", 8080), b"example.org:8080"),
        ("HTTPConnection", ("[::1]:8080",), b"[::1]:8080"),
        ("HTTPConnection", ("::1", 80), b"[::1]"),
        ("HTTPSConnection", ("example.org",), b"example.org"),
        ("HTTPSConnection", ("example.org", 80), b"example.org:80"),
        ("HTTPConnection", ("b\xfccher.example",), b"xn--bcher-kva.example"),
    ],
)
def test_host_field(mod, cls, args, host):
    conn = getattr(mod, cls)(*args)
    wire = wire_of(mod, "request", "GET", "/", conn=conn)
    assert b"\r\nHost: " + host + b"\r\n" in wire


@both
def test_absolute_form_target_gives_host(mod):
    wire = wire_of(mod, "request", "GET", "http://user:pw@other.example:81/x")
    assert wire.startswith(b"GET http://user:pw@other.example:81/x HTTP/1.1\r\n")
    assert b"\r\nHost: other.example:81\r\n" in wire


@both
def test_empty_url_is_slash(mod):
    assert wire_of(mod, "request", "GET", "").startswith(b"GET / HTTP/1.1\r\n")


@both
def test_caller_host_and_accept_encoding_replace_automatic_ones(mod):
    wire = wire_of(
        mod, "request", "GET", "/", headers={"host": "h.example", "ACCEPT-ENCODING": "gzip"}
    )
    assert wire == b"GET / HTTP/1.1\r\nhost: h.example\r\nACCEPT-ENCODING: gzip\r\n\r\n"


@both
def test_step_by_step_request(mod):
    conn = mod.HTTPConnection("example.org")
    peer = pair(conn)
    conn.putrequest("PUT", "/p", skip_host=True, skip_accept_encoding=True)
    conn.putheader("X-Multi", "a", "b", 3)
    conn.putheader(b"X-Bytes", b"raw", bytearray(b"ba"))
    conn.putheader("Content-Length", 4)
    conn.endheaders()
    conn.send(b"da")
    conn.send("ta")
    assert drain(peer) == (
        b"PUT /p HTTP/1.1\r\nX-Multi: a\r\n\tb\r\n\t3\r\nX-Bytes: raw\r\n\tba\r\n"
        b"Content-Length: 4\r\n\r\ndata"
    )
    conn.close()
    peer.close()


# -- bodies, seed ----------------------------------------------------------------


def test_seed_bodies():
    wire = wire_of(seed, "request", "POST", "/", "caf\xe9")
    assert wire.endswith(b"Content-Length: 4\r\n\r\ncaf\xe9")
    wire = wire_of(seed, "request", "POST", "/", b"raw")
    assert wire.endswith(b"Content-Length: 3\r\n\r\nraw")
    wire = wire_of(seed, "request", "POST", "/", memoryview(b"mv"))
    assert wire.endswith(b"Content-Length: 2\r\n\r\nmv")
    wire = wire_of(seed, "request", "POST", "/", "")
    assert wire.endswith(b"Content-Length: 0\r\n\r\n")
    wire = wire_of(seed, "request", "POST", "/")
    assert b"Content-Length" not in wire
    wire = wire_of(seed, "request", "POST", "/", b"abc", {"Content-Length": "3"})
    assert wire.count(b"Content-Length") == 1


def test_seed_file_body_length_from_stat():
    with tempfile.TemporaryFile() as f:
        f.write(b"x" * 20000)
        f.seek(0)
        wire = wire_of(seed, "request", "POST", "/", f)
    head, body = wire.split(b"\r\n\r\n", 1)
    assert b"Content-Length: 20000" in head
    assert body == b"x" * 20000


@pytest.mark.parametrize("body", [io.BytesIO(b"no fileno"), [b"an", b"iterable"], 42])
def test_seed_refuses_other_bodies_before_sending(body):
    conn = seed.HTTPConnection("example.org")
    peer = pair(conn)
    with pytest.raises(TypeError):
        conn.request("POST", "/", body)
    assert drain(peer) == b""
    conn.request("GET", "/")  # the connection is still usable
    assert drain(peer).startswith(b"GET / ")
    conn.close()
    peer.close()


def test_str_body_must_be_latin1():
    with pytest.raises(UnicodeEncodeError, match="not ISO-8859-1"):
        wire_of(seed, "request", "POST", "/", "\u20ac")
    with pytest.raises(UnicodeEncodeError, match="not ISO-8859-1"):
        wire_of(client, "request", "POST", "/", "\u20ac")


# -- bodies, modern -------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, body, framing",
    [
        ("POST", None, b"Content-Length: 0\r\n"),
        ("put", None, b"Content-Length: 0\r\n"),
        ("GET", None, None),
        ("POST", "abc", b"Content-Length: 3\r\n"),
        ("POST", bytearray(b"abc"), b"Content-Length: 3\r\n"),
    ],
)
def test_modern_length_framing(method, body, framing):
    wire = wire_of(client, "request", method, "/", body)
    if framing is None:
        assert b"Content-Length" not in wire and b"Transfer-Encoding" not in wire
    else:
        assert framing in wire


def test_modern_chunks_iterables_and_files():
    wire = wire_of(client, "request", "POST", "/", iter([b"ab", b"", "cd", memoryview(b"e")]))
    assert wire.endswith(
        b"Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n2\r\ncd\r\n1\r\ne\r\n0\r\n\r\n"
    )
    assert b"Content-Length" not in wire
    wire = wire_of(client, "request", "POST", "/", io.BytesIO(b"x" * 10))
    assert wire.endswith(b"\r\n\r\nA\r\nxxxxxxxxxx\r\n0\r\n\r\n")
    wire = wire_of(client, "request", "POST", "/", io.StringIO("caf\xe9"))
    assert wire.endswith(b"\r\n\r\n4\r\ncaf\xe9\r\n0\r\n\r\n")


def test_modern_file_in_blocks():
    conn = client.HTTPConnection("example.org", blocksize=4)
    wire = wire_of(client, "request", "POST", "/", io.BytesIO(b"abcdefghij"), conn=conn)
    assert wire.endswith(b"4\r\nabcd\r\n4\r\nefgh\r\n2\r\nij\r\n0\r\n\r\n")


def test_modern_caller_framing_wins():
    te = {"Transfer-Encoding": "chunked"}
    wire = wire_of(client, "request", "POST", "/", [b"ab"], te, encode_chunked=True)
    assert wire.endswith(b"Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n")
    wire = wire_of(client, "request", "POST", "/", [b"2\r\nab\r\n0\r\n\r\n"], te)
    assert wire.endswith(b"Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n")
    cl = {"Content-Length": "4"}
    wire = wire_of(client, "request", "POST", "/", iter([b"ab", b"cd"]), cl, encode_chunked=True)
    assert wire.endswith(b"Content-Length: 4\r\n\r\nabcd")


def test_modern_endheaders_with_body():
    conn = client.HTTPConnection("example.org")
    peer = pair(conn)
    conn.putrequest("POST", "/")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders(iter([b"abc"]), encode_chunked=True)
    assert drain(peer).endswith(b"chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
    conn.close()
    peer.close()


def test_modern_bad_body_item_closes_the_connection():
    conn = client.HTTPConnection("example.org")
    peer = pair(conn)
    with pytest.raises(TypeError, match="yielded 5"):
        conn.request("POST", "/", iter([b"ok", 5]))
    assert conn.sock is None
    peer.close()


def test_modern_body_of_no_usable_type():
    conn = client.HTTPConnection("example.org")
    peer = pair(conn)
    with pytest.raises(TypeError, match="not int"):
        conn.request("POST", "/", 5)
    assert drain(peer) == b""
    conn.close()
    peer.close()


def test_large_body_is_sent_whole():
    body = bytes(range(256)) * 1024  # 256 KiB: head and body in separate sends
    with Server([[REQUEST, response(b"ok")]]) as srv:
        conn = client.HTTPConnection(srv.host, srv.port, timeout=5)
        conn.request("PUT", "/big", body)
        assert conn.getresponse().read() == b"ok"
        conn.close()
    assert srv.requests[0].endswith(b"\r\n\r\n" + body)


# -- refused before sending --------------------------------------------------------------


@both
@pytest.mark.parametrize(
    "call, error, fragment",
    [
        (("GET / HTTP/1.1\r\nX:", "/"), ValueError, "invalid method"),
        (("G\0T", "/"), ValueError, "invalid method"),
        (("", "/"), ValueError, "invalid method"),
        (("GET", "/a b"), "InvalidURL", "'/a b'"),
        (("GET", "/a\r\nX: y"), "InvalidURL", "invalid URL"),
        (("GET", "/\0"), "InvalidURL", "invalid URL"),
        (("GET", "/\x7f"), "InvalidURL", "invalid URL"),
        (("GET", "/caf\xe9"), "InvalidURL", "non-ASCII"),
        (("GET", "/", None, {"Bad Name": "v"}), ValueError, "invalid header name"),
        (("GET", "/", None, {"X:Y": "v"}), ValueError, "invalid header name"),
        (("GET", "/", None, {"X": "a\r\nInjected: 1"}), ValueError, "invalid header value"),
        (("GET", "/", None, {"X": "a\nb"}), ValueError, "invalid header value"),
        (("GET", "/", None, {"X": "nul\0"}), ValueError, "invalid header value"),
        (("GET", "/", None, {"X": b"\x1b"}), ValueError, "invalid header value"),
        (("GET", "/", None, {"X": object()}), TypeError, "invalid header value type"),
        (("GET", "/", None, {"X": "\u20ac"}), UnicodeEncodeError, "latin-?1"),
    ],
)
def test_refused_before_sending(mod, call, error, fragment):
    conn = mod.HTTPConnection("example.org")
    peer = pair(conn)
    error = getattr(mod, error) if isinstance(error, str) else error
    with pytest.raises(error, match=fragment):
        conn.request(*call)
    assert drain(peer) == b""
    conn.request("GET", "/ok", None, {"X": "tab\tand trailing space "})
    assert drain(peer).startswith(b"GET /ok HTTP/1.1\r\n")
    conn.close()
    peer.close()


@both
def test_header_value_tab_allowed(mod):
    wire = wire_of(mod, "request", "GET", "/", None, {"X": "a\tb"})
    assert b"\r\nX: a\tb\r\n" in wire


@both
def test_debug_output(mod, capsys):
    conn = mod.HTTPConnection("example.org")
    conn.set_debuglevel(1)
    wire_of(mod, "request", "GET", "/dbg", conn=conn)
    assert "send: b'GET /dbg HTTP/1.1\\r\\n" in capsys.readouterr().out
