"""The runtime on its own: strict request parsing, step timing, stalls,
closing, bounded shutdown, address checks, certificates and the fixture."""

import datetime
import socket
import ssl
import struct
import threading
import time
from typing import List

import pytest

from servers import tls
from servers.catalogue import UnknownCase
from servers.player import ServerError, pieces
from servers.pytest_fixtures import script_server  # noqa: F401 (a fixture)
from servers.runtime import ScriptServer
from servers.script import (
    CERT_KINDS,
    Close,
    ExpectClose,
    ExpectNothing,
    ExpectRequest,
    Pause,
    Script,
    Send,
    Stall,
    StartTLS,
    Step,
)
from servers.transcript import Transcript, escape
from tests.servers_support import expect_eof, recv_exactly, request_bytes

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
ANSWER = (ExpectRequest(), Send(OK), Close())


def script_of(*connections: List[Step]) -> Script:
    return Script("test", tuple(tuple(s) for s in connections))


def connect(srv: ScriptServer) -> socket.socket:
    return socket.create_connection((srv.host, srv.port), timeout=5.0)


def exchange_raw(data: bytes, script=ANSWER):
    """Send ``data`` to a one-script server; (bytes received, server)."""
    with ScriptServer(script_of(script)) as srv:
        with connect(srv) as sock:
            sock.sendall(data)
            received = expect_eof(sock)
        assert srv.wait(5.0)
    return received, srv


# -- strict request parsing -------------------------------------------------


def test_valid_request_is_captured_with_exact_bytes() -> None:
    data = request_bytes("127.0.0.1", 80, "/a?b=c", b"hello", chunked=False)
    received, srv = exchange_raw(data)
    assert received == OK
    assert srv.errors == []
    (request,) = srv.requests
    assert (request.method, request.target, request.version) == ("POST", "/a?b=c", "HTTP/1.1")
    assert request.raw == data and request.body == b"hello" and not request.chunked
    assert request.header("content-length") == b"5"
    assert request.header_names() == [b"Host", b"User-Agent", b"Content-Length"]


def test_chunked_request_body_is_decoded_with_trailers() -> None:
    data = (
        b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3;x=y\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n"
    )
    _, srv = exchange_raw(data)
    (request,) = srv.requests
    assert request.chunked and request.body == b"abc0123456789"
    assert request.trailers == [(b"X-T", b"1")]
    assert request.raw == data


@pytest.mark.parametrize(
    "data, message",
    [
        (b"GET / HTTP/1.1\nHost: h\r\n\r\n", "does not end in CRLF"),
        (b"GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", "malformed request line"),
        (b"GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", "obs-fold"),
        (b"GET / HTTP/1.1\r\nNoColon\r\n\r\n", "without a colon"),
        (b"GET / HTTP/1.1\r\nBad Name: v\r\n\r\n", "invalid field name"),
        (b"GET / HTTP/1.1\r\nX: a\x00b\r\n\r\n", "invalid byte"),
        (b"GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", "bare CR"),
        (b"POST / HTTP/1.1\r\nContent-Length: +3\r\n\r\nabc", "invalid Content-Length"),
        (b"POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc",
         "invalid Content-Length"),
        (b"POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
         "both Transfer-Encoding and Content-Length"),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "does not end in chunked"),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0x3\r\nabc\r\n0\r\n\r\n",
         "malformed chunk size"),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXX0\r\n\r\n",
         "not followed by CRLF"),
    ],
)
def test_malformed_request_is_reported_and_kept(data: bytes, message: str) -> None:
    received, srv = exchange_raw(data)
    assert received == b""  # the script stopped at the bad request
    (error,) = srv.errors
    assert error.kind == "client"  # the client's request is at fault
    assert "connection #0, step 0 (ExpectRequest): bad request" in str(error)
    assert message in str(error)
    assert srv.transcripts[0].received() == data
    assert srv.transcripts[0].closed_by == "server"


def test_client_closing_without_a_request_is_an_error() -> None:
    with ScriptServer(script_of([ExpectRequest(), Send(OK)])) as srv:
        connect(srv).close()
        assert srv.wait(5.0)
    assert srv.errors == [ServerError(
        "client", "connection #0, step 0 (ExpectRequest): client closed the connection without "
        "sending a request")]
    assert (srv.transcripts[0].closed_by, srv.transcripts[0].close_how) == ("client", "fin")


def test_an_optional_request_that_never_comes_ends_the_script_quietly() -> None:
    script = [ExpectRequest(), Send(OK), ExpectRequest(timeout=0.3, optional=True), Send(OK)]
    with ScriptServer(script_of(script, script)) as srv:
        with connect(srv) as sock:  # closes instead of sending request two
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            assert recv_exactly(sock, len(OK)) == OK
        with connect(srv) as sock:  # sends nothing more and waits
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            assert recv_exactly(sock, len(OK)) == OK
            assert expect_eof(sock) == b""
        assert srv.wait(5.0)
    assert srv.errors == []
    notes = [t.render() for t in srv.transcripts]
    assert "the client closed instead" in notes[0] and "none came in time" in notes[1]


def test_a_client_gone_while_the_server_sends_is_no_server_error() -> None:
    script = [ExpectRequest(), Pause(0.2), Send(b"x" * (8 << 20)), Close()]
    with ScriptServer(script_of(script)) as srv:
        with connect(srv) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        assert srv.wait(5.0)
    assert srv.errors == []
    assert "script ends" in srv.transcripts[0].render()


def test_a_step_that_cannot_be_played_is_the_kits_error() -> None:
    with ScriptServer(script_of([ExpectRequest(), Send(OK, split=0)])) as srv:
        with connect(srv) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            expect_eof(sock)
        assert srv.wait(5.0)
    (error,) = srv.errors
    assert error.kind == "kit"
    assert "the script cannot be played: Send.split must be a positive int" in str(error)


def test_request_timeout_is_reported() -> None:
    with ScriptServer(script_of([ExpectRequest(timeout=0.2), Send(OK)])) as srv:
        with connect(srv) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n")  # never finished
            assert expect_eof(sock) == b""
        assert srv.wait(5.0)
    assert "timed out waiting for header field" in str(srv.errors[0])
    assert srv.errors[0].kind == "client"
    assert srv.transcripts[0].close_how == "timeout"


# -- sending, pausing, stalling --------------------------------------------


def test_pieces_cut_by_size_and_offsets() -> None:
    assert pieces(Send(b"abcdef", split=4)) == [b"abcd", b"ef"]
    assert pieces(Send(b"abcdef", split=(1, 3, 3, 99))) == [b"a", b"bc", b"def"]
    assert pieces(Send(b"abc")) == [b"abc"]
    with pytest.raises(ValueError, match="positive int, not 0"):
        pieces(Send(b"abc", split=0))


def test_fragmented_slow_send_arrives_in_pieces_on_time() -> None:
    script = [ExpectRequest(), Send(b"abcd", split=1, interval=0.1), Close()]
    with ScriptServer(script_of(script)) as srv:
        with connect(srv) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            start = time.monotonic()
            assert recv_exactly(sock, 4) == b"abcd"
            elapsed = time.monotonic() - start
        assert srv.wait(5.0)
    assert elapsed >= 0.3
    sends = [e for e in srv.transcripts[0].events if e.direction == "send"]
    assert [e.data for e in sends] == [b"a", b"b", b"c", b"d"]
    gaps = [b.t - a.t for a, b in zip(sends, sends[1:])]
    assert min(gaps) >= 0.09


def test_stall_limit_then_the_script_goes_on() -> None:
    script = [ExpectRequest(), Stall(limit=0.3), Send(OK), Close()]
    with ScriptServer(script_of(script)) as srv:
        with connect(srv) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            start = time.monotonic()
            assert expect_eof(sock) == OK
            assert time.monotonic() - start >= 0.3
        assert srv.wait(5.0)
    assert srv.errors == []
    assert "stall limit of 0.3s reached" in srv.transcripts[0].render()


def test_client_closing_ends_a_stall_early() -> None:
    script = [ExpectRequest(), Stall(limit=30.0), Send(OK)]
    with ScriptServer(script_of(script)) as srv:
        with connect(srv) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
        start = time.monotonic()
        assert srv.wait(5.0)
        assert time.monotonic() - start < 2.0
    assert srv.errors == []
    assert srv.transcripts[0].sent() == b""
    assert srv.transcripts[0].closed_by == "client"


@pytest.mark.parametrize("pipelined", [False, True])
def test_expect_nothing_reports_a_request_sent_before_the_answer(pipelined: bool) -> None:
    """ExpectNothing (RFC 9112 9.3.2): a second request sent at once, without waiting
    for the first one's response, is the client's error; silence is not."""
    script = [ExpectRequest(), ExpectNothing(0.3), Send(OK), ExpectRequest(), Send(OK), Close()]
    with ScriptServer(script_of(script)) as srv:
        with connect(srv) as sock:
            one = request_bytes(srv.host, srv.port, "/1", None, False)
            two = request_bytes(srv.host, srv.port, "/2", None, False)
            sock.sendall(one + two if pipelined else one)
            if not pipelined:
                assert recv_exactly(sock, len(OK)) == OK
                sock.sendall(two)
            received = expect_eof(sock)
        assert srv.wait(5.0)
    if pipelined:
        assert [e.kind for e in srv.errors] == ["client"]
        assert "sent more before the response" in srv.errors[0].message
        assert received == b""
    else:
        assert srv.errors == [] and received == OK


def test_pause_delays_the_next_step() -> None:
    script = [ExpectRequest(), Pause(0.25), Send(OK), Close()]
    with ScriptServer(script_of(script)) as srv:
        with connect(srv) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            start = time.monotonic()
            assert expect_eof(sock) == OK
            assert time.monotonic() - start >= 0.25


def test_expect_close_gives_up_quietly_when_the_client_stays() -> None:
    script = [ExpectRequest(), Send(OK), ExpectClose(timeout=0.2)]
    with ScriptServer(script_of(script)) as srv:
        with connect(srv) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            assert recv_exactly(sock, len(OK)) == OK
            assert srv.wait(5.0)
    assert srv.errors == []
    assert "kept the connection open past 0.2s" in srv.transcripts[0].render()


def test_keep_alive_exchanges_and_pipelined_requests() -> None:
    script = [ExpectRequest(), ExpectRequest(), Send(OK + OK), ExpectRequest(), Send(OK),
              ExpectClose()]
    with ScriptServer(script_of(script)) as srv:
        with connect(srv) as sock:
            sock.sendall(b"GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n")
            assert recv_exactly(sock, 2 * len(OK)) == OK + OK
            sock.sendall(b"GET /3 HTTP/1.1\r\n\r\n")
            assert recv_exactly(sock, len(OK)) == OK
        assert srv.wait(5.0)
    assert [r.target for r in srv.requests] == ["/1", "/2", "/3"]
    assert srv.errors == []


# -- connections and scripts ------------------------------------------------


def test_connection_without_a_script_is_closed_and_reported() -> None:
    with ScriptServer(script_of([ExpectRequest(), Send(OK)])) as srv:
        for _ in range(2):
            with connect(srv) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
                expect_eof(sock)
        assert srv.wait(5.0)
    assert len(srv.transcripts) == 2
    assert srv.errors == [ServerError(
        "client", "connection #1: script 'test' has steps for only 1 connection(s); closed it")]


def test_cycle_replays_the_scripts() -> None:
    first = [ExpectRequest(), Send(b"1"), Close()]
    second = [ExpectRequest(), Send(b"2"), Close()]
    with ScriptServer(script_of(first, second), cycle=True) as srv:
        seen = []
        for _ in range(3):
            with connect(srv) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
                seen.append(expect_eof(sock))
        assert srv.wait(5.0)
    assert seen == [b"1", b"2", b"1"]


def test_wait_is_false_while_a_script_runs() -> None:
    with ScriptServer(script_of([ExpectRequest(), Stall(limit=3.0)])) as srv:
        with connect(srv) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            assert srv.wait(0.3) is False
        assert srv.wait(5.0) is True


def test_leaving_the_block_stops_stalled_and_connected_clients_quickly() -> None:
    before = set(threading.enumerate())
    srv = ScriptServer(script_of([ExpectRequest(), Stall(limit=30.0)]))
    socks = []
    with srv:
        for _ in range(5):
            sock = connect(srv)
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            socks.append(sock)
        idle = connect(srv)  # never sends anything
        socks.append(idle)
        time.sleep(0.2)
        start = time.monotonic()
    took = time.monotonic() - start
    try:
        assert took < 1.0
        assert set(threading.enumerate()) <= before
        for sock in socks:
            assert expect_eof(sock) == b""
    finally:
        for sock in socks:
            sock.close()


def test_many_servers_at_once() -> None:
    servers = [ScriptServer(script_of([ExpectRequest(), Send(OK), Close()])) for _ in range(20)]
    for srv in servers:
        srv.start()
    try:
        assert len({srv.port for srv in servers}) == 20
        for srv in servers:
            with connect(srv) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
                assert expect_eof(sock) == OK
    finally:
        for srv in servers:
            srv.close()


def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _has_ipv6_loopback(), reason="this host has no ::1")
def test_ipv6_loopback() -> None:
    with ScriptServer(script_of([ExpectRequest(), Send(OK), Close()]), host="::1") as srv:
        assert srv.url == f"http://[::1]:{srv.port}"
        with socket.create_connection(("::1", srv.port), timeout=5.0) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            assert expect_eof(sock) == OK
        assert srv.wait(5.0)
    assert srv.transcripts[0].peer.startswith("::1:")


def test_non_loopback_host_is_refused_unless_allowed() -> None:
    with pytest.raises(ValueError, match="host '0.0.0.0' is not a loopback address"):
        ScriptServer(script_of([Close()]), host="0.0.0.0")
    srv = ScriptServer(script_of([Close()]), host="0.0.0.0", allow_remote=True)
    srv.close()


def test_bad_arguments_name_the_value() -> None:
    with pytest.raises(UnknownCase, match="'status-http11-okk'; closest: status-http11-ok"):
        ScriptServer("status-http11-okk")
    with pytest.raises(ValueError, match="port must be an int in 0..65535, not 70000"):
        ScriptServer(script_of([Close()]), port=70000)
    with pytest.raises(TypeError, match="not 42"):
        ScriptServer(42)  # type: ignore[arg-type]


def test_case_by_name(script_server) -> None:  # noqa: F811
    srv = script_server("status-http10-ok")
    with connect(srv) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
        assert expect_eof(sock).startswith(b"HTTP/1.0 200 OK\r\n")
    assert srv.wait(5.0)
    assert srv.script is not None and srv.script.name == "status-http10-ok"


# -- transcripts ------------------------------------------------------------


def test_escape_and_render() -> None:
    assert escape(b"a\r\n\t\\\x00\xff") == "a\\r\\n\\t\\\\\\x00\\xff"
    transcript = Transcript(index=3, peer="127.0.0.1:1")
    transcript.add("recv", b"GET\r\n")
    transcript.note("hello")
    transcript.closed("client", "fin")
    transcript.closed("server", "rst")  # the first close wins
    text = transcript.render()
    assert text.splitlines()[0] == "connection #3 from 127.0.0.1:1"
    assert "<< GET\\r\\n" in text and "-- hello" in text
    assert text.splitlines()[-1] == "closed by client (fin)"
    with pytest.raises(ValueError, match="not 'sideways'"):
        transcript.add("sideways", b"")


# -- certificates -----------------------------------------------------------

VERIFY_CODES = {
    "self-signed": 18,  # X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
    "expired": 10,  # X509_V_ERR_CERT_HAS_EXPIRED
    "not-yet-valid": 9,  # X509_V_ERR_CERT_NOT_YET_VALID
    "wrong-host": 62,  # X509_V_ERR_HOSTNAME_MISMATCH
    "untrusted-ca": 20,  # X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
    "incomplete-chain": 20,
}


@pytest.mark.parametrize("kind", CERT_KINDS)
def test_certificate_kinds_against_a_verifying_client(kind: str) -> None:
    script = [StartTLS(kind), ExpectRequest(), Send(OK), Close()]
    with ScriptServer(script_of(script)) as srv:
        assert srv.ca_path is not None and srv.ca is not None
        context = ssl.create_default_context(cafile=srv.ca_path)
        raw = connect(srv)
        try:
            if kind == "valid":
                with context.wrap_socket(raw, server_hostname="localhost") as sock:
                    assert sock.getpeercert()["subjectAltName"][0] == ("DNS", "localhost")
                    sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
                    assert expect_eof(sock) == OK
            else:
                with pytest.raises(ssl.SSLCertVerificationError) as info:
                    context.wrap_socket(raw, server_hostname="localhost")
                assert info.value.verify_code == VERIFY_CODES[kind]
        finally:
            raw.close()
        assert srv.wait(5.0)
    assert srv.errors == []
    assert ("TLS established" if kind == "valid" else "TLS handshake failed") in (
        srv.transcripts[0].render()
    )


@pytest.mark.parametrize("refusable", [False, True])
def test_a_refused_valid_certificate_is_the_clients_error_unless_refusable(
        refusable: bool) -> None:
    script = [StartTLS("valid", refusable), ExpectRequest(), Send(OK), Close()]
    with ScriptServer(script_of(script)) as srv:
        raw = connect(srv)
        try:  # the system trust store does not know the test CA
            with pytest.raises(ssl.SSLCertVerificationError):
                ssl.create_default_context().wrap_socket(raw, server_hostname="localhost")
        finally:
            raw.close()
        assert srv.wait(5.0)
    kinds = [e.kind for e in srv.errors]
    assert kinds == ([] if refusable else ["client"])


@pytest.mark.parametrize("name", ["localhost", None])
def test_the_server_notes_the_name_the_handshake_sends(name) -> None:
    """SNI (modern HTTPSConnection docs): the transcript keeps the server_name the
    ClientHello carried, None when it carried none."""
    script = [StartTLS("valid"), ExpectRequest(), Send(OK), Close()]
    with ScriptServer(script_of(script)) as srv:
        context = ssl.create_default_context(cafile=srv.ca_path)
        context.check_hostname = name is not None
        with connect(srv) as raw, context.wrap_socket(raw, server_hostname=name) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert expect_eof(sock) == OK
        assert srv.wait(5.0)
    assert srv.errors == []
    assert srv.transcripts[0].tls_server_name == name
    assert f"SNI {name!r}" in srv.transcripts[0].render()


@pytest.mark.parametrize("alert", [True, False])
def test_the_server_tells_a_closure_alert_from_a_bare_tcp_close(alert: bool) -> None:
    """RFC 9112 9.8: a client that unwraps (close_notify) before closing is told apart
    from one that only closes the TCP connection; both close with a FIN."""
    script = [StartTLS("valid"), ExpectRequest(), Send(OK), ExpectClose(5.0)]
    with ScriptServer(script_of(script)) as srv:
        context = ssl.create_default_context(cafile=srv.ca_path)
        raw = connect(srv)
        sock = context.wrap_socket(raw, server_hostname="localhost")
        try:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert recv_exactly(sock, len(OK)) == OK
            if alert:
                sock.setblocking(False)
                # the alert goes out; the server's reply is not awaited (SSLWantReadError),
                # or its TCP close already came back (SSLEOFError; a plain SSLError
                # before 3.10), or the shutdown is taken as done (3.8, 3.9)
                try:
                    sock.unwrap()
                except (ssl.SSLWantReadError, ssl.SSLError):
                    pass
        finally:
            sock.close()
        assert srv.wait(5.0)
    assert srv.errors == []
    transcript = srv.transcripts[0]
    assert (transcript.tls_close_notify, transcript.closed_by, transcript.close_how) == (
        alert, "client", "fin")
    assert ("closure alert (close_notify) received" if alert
            else "closed without a closure alert") in transcript.render()


def _utc(cert, name: str) -> datetime.datetime:
    """A certificate date as an aware datetime, on old and new cryptography."""
    aware = getattr(cert, name + "_utc", None)
    if aware is not None:
        return aware
    return getattr(cert, name).replace(tzinfo=datetime.timezone.utc)


def test_certificates_are_cached_and_dated() -> None:
    from cryptography import x509

    assert tls.cert_files("expired") == tls.cert_files("expired")
    now = datetime.datetime.now(datetime.timezone.utc)
    with open(tls.cert_files("expired")[0], "rb") as f:
        expired = x509.load_pem_x509_certificate(f.read())
    with open(tls.cert_files("not-yet-valid")[0], "rb") as f:
        future = x509.load_pem_x509_certificate(f.read())
    assert _utc(expired, "not_valid_after") < now
    assert _utc(future, "not_valid_before") > now
    with open(tls.cert_files("incomplete-chain")[0], "rb") as f:
        assert f.read().count(b"BEGIN CERTIFICATE") == 1
    with pytest.raises(ValueError, match="unknown certificate kind 'bogus'"):
        tls.cert_files("bogus")
