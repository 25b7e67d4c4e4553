"""Reference client: the connection state machine, persistence and
reconnection, timeouts, and the seed's three examples run as written."""

import socket
import sys
import time
import urllib.parse

import pytest
from reference_support import (
    CLOSE,
    DRAIN,
    REQUEST,
    RESET,
    SHUT_WR,
    Server,
    Sleep,
    SocketDouble,
    Trickle,
    response,
)

from reference import client, seed

both = pytest.mark.parametrize("mod", [seed, client], ids=["seed", "client"])


def connect(mod, srv, **kw):
    return mod.HTTPConnection(srv.host, srv.port, timeout=kw.pop("timeout", 5), **kw)


# -- the seed's examples (20.10.3), against a local server --------------------------


@both
def test_example_get_then_404(mod):
    script = [REQUEST, response(b"<html/>"), REQUEST, response(b"nope", "404 Not Found"), DRAIN]
    with Server([script]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/index.html")
        r1 = conn.getresponse()
        assert (r1.status, r1.reason) == (200, "OK")
        data1 = r1.read()
        conn.request("GET", "/parrot.spam")
        r2 = conn.getresponse()
        assert (r2.status, r2.reason) == (404, "Not Found")
        data2 = r2.read()
        conn.close()
    assert (data1, data2) == (b"<html/>", b"nope")
    assert [r.split(b" ")[1] for r in srv.requests] == [b"/index.html", b"/parrot.spam"]
    assert srv.errors == []


@both
def test_example_head(mod):
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"
    with Server([[REQUEST, head, DRAIN]]) as srv:
        conn = connect(mod, srv)
        conn.request("HEAD", "/index.html")
        res = conn.getresponse()
        assert (res.status, res.reason) == (200, "OK")
        data = res.read()
        assert len(data) == 0
        assert data == b""
        conn.close()
    assert srv.requests[0].startswith(b"HEAD /index.html HTTP/1.1\r\n")


@both
def test_example_post(mod):
    params = urllib.parse.urlencode({"spam": 1, "eggs": 2, "bacon": 0})
    headers = {"Content-type": "application/x-www-form-urlencoded", "Accept": "text/plain"}
    with Server([[REQUEST, response(b"thanks"), DRAIN]]) as srv:
        conn = mod.HTTPConnection(f"{srv.host}:{srv.port}", timeout=5)
        conn.request("POST", "/cgi-bin/query", params, headers)
        response_ = conn.getresponse()
        assert (response_.status, response_.reason) == (200, "OK")
        assert response_.read() == b"thanks"
        conn.close()
    request = srv.requests[0]
    assert request.startswith(b"POST /cgi-bin/query HTTP/1.1\r\n")
    assert b"\r\nContent-type: application/x-www-form-urlencoded\r\n" in request
    assert b"\r\nAccept: text/plain\r\n" in request
    assert b"\r\nContent-Length: 21\r\n" in request
    assert request.endswith(b"\r\n\r\nspam=1&eggs=2&bacon=0")


# -- state machine -----------------------------------------------------------------


@both
def test_state_errors(mod):
    with Server([[REQUEST, response(b"abc"), DRAIN]]) as srv:
        conn = connect(mod, srv)
        with pytest.raises(mod.ResponseNotReady):
            conn.getresponse()
        with pytest.raises(mod.CannotSendHeader):
            conn.putheader("X", "1")
        with pytest.raises(mod.CannotSendHeader):
            conn.endheaders()
        conn.putrequest("GET", "/")
        with pytest.raises(mod.CannotSendRequest):
            conn.putrequest("GET", "/again")
        with pytest.raises(mod.ResponseNotReady):
            conn.getresponse()
        conn.endheaders()
        with pytest.raises(mod.CannotSendHeader):
            conn.putheader("X", "1")
        with pytest.raises(mod.CannotSendRequest):
            conn.request("GET", "/")
        resp = conn.getresponse()
        with pytest.raises(mod.ResponseNotReady):
            conn.getresponse()
        # seed 20.10.1: the whole response must be read before a new request.
        with pytest.raises(mod.CannotSendRequest, match="Unread-response"):
            conn.request("GET", "/next")
        assert resp.read() == b"abc"
        conn.close()


@both
def test_keep_alive_reuses_the_socket(mod):
    script = [REQUEST, response(b"1"), REQUEST, response(b"2"), DRAIN]
    with Server([script]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/1")
        first = conn.getresponse()
        sock = conn.sock
        assert first.read() == b"1"
        conn.request("GET", "/2")
        assert conn.sock is sock
        assert conn.getresponse().read() == b"2"
        conn.close()
        assert conn.sock is None
    assert len(srv.requests) == 2


@both
def test_connection_close_gives_the_socket_to_the_response(mod):
    closing = response(b"first", headers=("Connection: close",))
    with Server([[REQUEST, closing], [REQUEST, response(b"second"), DRAIN]]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/1")
        first = conn.getresponse()
        assert conn.sock is None
        conn.request("GET", "/2")  # a new connection while the first is unread
        second = conn.getresponse()
        assert first.read() == b"first"
        assert second.read() == b"second"
        assert first.isclosed() and first.fp is None
        conn.close()
    assert srv.errors == []


@both
def test_reconnect_after_close(mod):
    script = [REQUEST, response(b"a"), DRAIN]
    with Server([script, script]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"a"
        conn.close()
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"a"
        conn.close()
    assert len(srv.requests) == 2


@both
def test_reconnect_after_server_closed_idle_connection(mod):
    with Server([[REQUEST, response(b"a"), CLOSE], [REQUEST, response(b"b"), DRAIN]]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"a"
        time.sleep(0.2)  # let the FIN arrive
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"b"
        conn.close()
    assert srv.errors == []


@both
def test_unread_response_closed_forces_reconnect(mod):
    big = response(b"x" * 100)
    with Server([[REQUEST, big, DRAIN], [REQUEST, response(b"b"), DRAIN]]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/")
        first = conn.getresponse()
        first.close()
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"b"
        conn.close()


@both
def test_garbage_after_response_forces_reconnect(mod):
    script = [REQUEST, response(b"a") + b"HTTP/1.1 200 OK\r\n", DRAIN]
    with Server([script, [REQUEST, response(b"b"), DRAIN]]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"a"
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"b"
        conn.close()


@both
def test_close_with_pending_response(mod):
    with Server([[REQUEST, response(b"abc"), DRAIN]]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/")
        resp = conn.getresponse()
        conn.close()
        assert resp.isclosed()
        assert resp.read() == b""


def test_modern_remote_disconnected_then_ready_to_reconnect():
    with Server([[REQUEST, CLOSE], [REQUEST, response(b"ok"), DRAIN]]) as srv:
        conn = connect(client, srv)
        conn.request("GET", "/")
        with pytest.raises(client.RemoteDisconnected):
            conn.getresponse()
        assert conn.sock is None
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"ok"
        conn.close()


@both
def test_reset_mid_body(mod):
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"
    with Server([[REQUEST, head, Sleep(0.1), RESET]]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/")
        resp = conn.getresponse()
        with pytest.raises(mod.IncompleteRead) as info:
            resp.read()
        assert (info.value.partial, info.value.expected) == (b"abc", 97)
        assert resp.isclosed()
        conn.close()


@both
def test_reset_in_a_large_body_read(mod):
    """A reset met while the body goes straight from the socket into the
    result (a read larger than the buffer) is still IncompleteRead with
    what arrived before it."""
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n"
    with Server([[REQUEST, head, Sleep(0.1), b"x" * 100, Sleep(0.1), RESET]]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/")
        resp = conn.getresponse()
        with pytest.raises(mod.IncompleteRead) as info:
            resp.read()
        assert set(info.value.partial) <= {ord("x")}
        assert info.value.expected == 200000 - len(info.value.partial)
        assert resp.isclosed()
        conn.close()


@both
def test_reset_ends_no_close_delimited_body(mod):
    head = b"HTTP/1.0 200 OK\r\n\r\nabc"
    for read in (lambda r: r.read(100), lambda r: r.read()):
        with Server([[REQUEST, head, Sleep(0.1), RESET]]) as srv:
            conn = connect(mod, srv)
            conn.request("GET", "/")
            resp = conn.getresponse()
            with pytest.raises(ConnectionResetError):
                read(resp)
            assert resp.isclosed()
            conn.close()


@both
def test_half_close_ends_close_delimited_body(mod):
    head = b"HTTP/1.0 200 OK\r\n\r\nuntil eof"
    with Server([[REQUEST, head, SHUT_WR, DRAIN]]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"until eof"
        conn.close()


@both
def test_connect_refused_leaves_connection_reusable(mod):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    conn = mod.HTTPConnection("127.0.0.1", port, timeout=5)
    with pytest.raises(ConnectionRefusedError):
        conn.request("GET", "/")
    assert conn.sock is None
    with pytest.raises(ConnectionRefusedError):
        conn.request("GET", "/")


# -- slow and silent servers --------------------------------------------------------


@both
def test_trickling_head_is_parsed_line_by_line(mod):
    wire = response(b"body", headers=("X-A: 1",))
    with Server([[REQUEST, Trickle(wire, size=7, interval=0.01), DRAIN]]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/")
        resp = conn.getresponse()
        assert resp.getheader("x-a") == "1"
        assert resp.read() == b"body"
        conn.close()


@both
def test_stalled_server_times_out(mod):
    with Server([[REQUEST, b"HTTP/1.1 200 OK\r\n", DRAIN]]) as srv:
        conn = connect(mod, srv, timeout=0.3)
        conn.request("GET", "/")
        started = time.monotonic()
        with pytest.raises(socket.timeout):
            conn.getresponse()
        assert time.monotonic() - started < 2
        assert conn.sock is None


@both
def test_one_byte_per_interval_is_bounded_per_receive(mod):
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n"
    with Server([[REQUEST, head, Trickle(b"x" * 50, size=1, interval=0.5), CLOSE]]) as srv:
        conn = connect(mod, srv, timeout=0.2)
        conn.request("GET", "/")
        resp = conn.getresponse()
        with pytest.raises(socket.timeout):
            resp.read()
        assert resp.isclosed()
        conn.close()


# -- debug output ---------------------------------------------------------------------


@both
def test_debuglevel_is_passed_to_responses(mod, capsys):
    with Server([[REQUEST, response(b"x", headers=("X-Debug: yes",)), DRAIN]]) as srv:
        conn = connect(mod, srv)
        conn.set_debuglevel(1)
        conn.request("GET", "/debug")
        resp = conn.getresponse()
        assert resp.debuglevel == 1
        resp.read()
        conn.close()
    out = capsys.readouterr().out
    assert "send: b'GET /debug HTTP/1.1" in out
    assert "reply: 'HTTP/1.1 200 OK\\r\\n'" in out
    assert "header: X-Debug: yes" in out


@both
def test_bodies_arriving_after_the_head(mod):
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
    script = [REQUEST, head, Sleep(0.05), b"line\n"]
    script += [REQUEST, b"HTTP/1.0 200 OK\r\n\r\n", Sleep(0.05), b"late", CLOSE]
    with Server([script]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/")
        resp = conn.getresponse()
        assert resp.readline() == b"line\n"  # the line is the whole buffer
        assert resp.isclosed()
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"late"
        conn.close()


@both
def test_streaming_a_large_body_allocates_per_read(mod):
    # PyPy has no tracemalloc: the allocation bound is measured on CPython.
    pytest.importorskip("_tracemalloc", reason="no tracemalloc on this interpreter")
    import tracemalloc

    size = 8 << 20
    head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size
    with Server([[REQUEST, head, b"z" * size, DRAIN]]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/")
        resp = conn.getresponse()
        tracemalloc.start()
        try:
            total = 0
            while True:
                piece = resp.read(65536)
                if not piece:
                    break
                total += len(piece)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        conn.close()
    assert total == size
    assert peak < 1 << 20  # a few 64 KiB pieces, never the whole body


@both
def test_blocking_socket_reads_exactly_the_body(mod):
    # No timeout: exact reads wait in the kernel for all announced bytes,
    # and never for more (the server keeps the connection open meanwhile).
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n"
    script = [REQUEST, head, b"a" * 1000, Sleep(0.05), b"b" * 199000, REQUEST]
    script += [response(b"next"), DRAIN]
    with Server([script]) as srv:
        conn = mod.HTTPConnection(srv.host, srv.port)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"a" * 1000 + b"b" * 199000
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"next"
        conn.close()


@both
def test_request_with_connection_close_is_the_last_on_its_socket(mod):
    one = [REQUEST, response(b"one"), DRAIN]
    with Server([one, [REQUEST, response(b"two"), DRAIN]]) as srv:
        conn = connect(mod, srv)
        conn.request("GET", "/one", headers={"Connection": "Keep-Alive, Close"})
        first = conn.getresponse()
        assert first.will_close
        assert conn.sock is None
        assert first.read() == b"one"
        assert first.isclosed() and first.fp is None
        conn.request("GET", "/two", headers={"Connection": "keep-alive"})
        second = conn.getresponse()
        assert not second.will_close
        assert second.read() == b"two"
        conn.close()
    assert len(srv.requests) == 2


# -- audit events (modern:HTTPConnection:audit-connect, audit-send) -----------------

_AUDITED = []


def _audit_hook(event, args):
    if event.startswith("http.client.") and args and args[0] in _WATCHED:
        _AUDITED.append((event, args[1:]))


_WATCHED = []
sys.addaudithook(_audit_hook)


@both
def test_audit_events(mod):
    with Server([[REQUEST, response(b"abc"), DRAIN]]) as srv:
        conn = connect(mod, srv)
        _WATCHED[:] = [conn]
        _AUDITED.clear()
        try:
            conn.putrequest("POST", "/")
            conn.putheader("Content-Length", "3")
            conn.endheaders()
            conn.send(b"abc")
            assert conn.getresponse().read() == b"abc"
        finally:
            _WATCHED.clear()
            conn.close()
    assert _AUDITED[0] == ("http.client.connect", (srv.host, srv.port))
    assert _AUDITED[1][0] == "http.client.send"
    assert _AUDITED[1][1][0].startswith(b"POST / HTTP/1.1\r\n")
    assert _AUDITED[2:] == [("http.client.send", (b"abc",))]


@both
@pytest.mark.parametrize(
    "reply", [b" garbage\r\n\r\n", b"HTTP/1.1 200 OK\r\nBad Line\r\n\r\n", b""]
)
def test_a_failed_begin_leaves_no_file_open(mod, reply):
    """A response whose head cannot be read is closed with the connection:
    its file (which would hold the descriptor open) is closed too."""
    conn = mod.HTTPConnection("example.invalid")
    double = conn.sock = SocketDouble(reply)
    conn.request("GET", "/")
    with pytest.raises(mod.HTTPException):
        conn.getresponse()
    assert conn.sock is None
    assert [f.closed for f in double.files] == [True]


def test_unbegun_response_close_closes_its_file():
    double = SocketDouble(b"HTTP/1.1 200 OK\r\n\r\n")
    resp = client.HTTPResponse(double)
    resp.close()
    assert resp.isclosed() and double.files[0].closed
