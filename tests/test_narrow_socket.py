"""The narrow socket doubles of the socket-protocol checks
(conformance/checks/narrow_socket.py): they offer sendall, makefile('rb') and
close only, name everything else looked up, and play their answers the way a
socket delivers a server's bytes."""

import io
import socket

import pytest

from conformance.checks.narrow_socket import (
    NarrowSocket,
    NarrowWrapper,
    log_of,
    real_socket,
)

ONE = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"
TWO = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo"
HEAD = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"


def test_only_the_protocol_is_offered_and_the_rest_is_named() -> None:
    sock = NarrowSocket([ONE])
    for name in ("sendall", "makefile", "close"):
        assert callable(getattr(sock, name))
    for name in ("recv", "fileno", "settimeout", "recv", "_answers"):
        assert not hasattr(sock, name)
    with pytest.raises(AttributeError, match="'NarrowSocket' object has no attribute 'fileno'"):
        sock.fileno()  # type: ignore[attr-defined]
    log = log_of(sock)
    assert log.others == ["recv", "fileno", "settimeout", "recv", "_answers", "fileno"]
    assert log.other_names() == ["recv", "fileno", "settimeout", "_answers"]
    assert log.summary() == ("beyond sendall, makefile('rb') and close it looked up recv, "
                             "fileno, settimeout, _answers")


def test_special_names_stay_reachable_and_are_not_counted() -> None:
    sock = NarrowSocket([ONE])
    assert isinstance(sock, NarrowSocket) and sock.__class__ is NarrowSocket
    assert "NarrowSocket" in repr(sock)
    assert log_of(sock).others == [] and log_of(sock).summary() == ""


def test_setting_an_attribute_is_refused_and_named() -> None:
    sock = NarrowSocket([ONE])
    with pytest.raises(AttributeError):
        sock.timeout = 3  # type: ignore[attr-defined]
    assert log_of(sock).others == ["timeout (set)"]


def test_an_answer_is_readable_once_its_request_head_was_sent() -> None:
    sock = NarrowSocket([ONE, TWO])
    reader = sock.makefile("rb")
    assert reader.read(1) == b""  # nothing sent yet: the end of the stream
    sock.sendall(HEAD[:10])
    sock.sendall(memoryview(HEAD[10:]))
    assert reader.read(len(ONE)) == ONE
    assert reader.read(1) == b""  # the second answer waits for the second request
    sock.sendall(HEAD)
    assert reader.read() == TWO
    assert log_of(sock).sent_bytes() == HEAD + HEAD
    assert log_of(sock).sent == [HEAD[:10], HEAD[10:], HEAD]


def test_at_once_releases_every_answer_without_a_request() -> None:
    sock = NarrowSocket([ONE, TWO], at_once=True)
    assert sock.makefile("rb").read() == ONE + TWO


def test_each_makefile_is_a_view_closed_on_its_own() -> None:
    sock = NarrowSocket([ONE, TWO])
    first = sock.makefile("rb")
    assert isinstance(first, io.BufferedReader)
    sock.sendall(HEAD)
    assert first.read(len(ONE)) == ONE
    first.close()
    sock.sendall(HEAD)
    assert sock.makefile("rb").read() == TWO


def test_a_mode_other_than_rb_is_noted() -> None:
    sock = NarrowSocket([ONE])
    sock.makefile("rb", 0)  # 2.7's httplib passes a buffer size: the mode is what counts
    sock.makefile("r")
    sock.makefile()
    assert log_of(sock).problems == ["makefile('r') asked for mode 'r', not 'rb'",
                                     "makefile('r') asked for mode 'r', not 'rb'"]
    assert "makefile('r')" in log_of(sock).summary()


def test_close_is_counted_and_later_sends_fail_like_a_closed_socket() -> None:
    sock = NarrowSocket([ONE])
    sock.sendall(HEAD)
    reader = sock.makefile("rb")
    sock.close()
    sock.close()
    assert log_of(sock).closed == 2
    assert reader.read() == ONE  # a file made before the close reads on
    with pytest.raises(OSError):
        sock.sendall(HEAD)


def test_the_wrapper_hands_the_three_calls_to_the_real_socket() -> None:
    left, right = socket.socketpair()
    try:
        wrapper = NarrowWrapper(left)
        assert real_socket(wrapper) is left
        wrapper.sendall(b"ping")
        assert right.recv(4) == b"ping"
        right.sendall(b"pong")
        reader = wrapper.makefile("rb")
        assert reader.read(4) == b"pong"
        reader.close()
        assert not hasattr(wrapper, "recv")
        wrapper.close()
        assert left.fileno() == -1
        log = log_of(wrapper)
        assert (log.sent, log.others, log.problems, log.closed) == ([b"ping"], ["recv"], [], 1)
    finally:
        left.close()
        right.close()


def test_the_wrapper_notes_a_wrong_mode_and_still_hands_it_on() -> None:
    left, right = socket.socketpair()
    try:
        wrapper = NarrowWrapper(left)
        wrapper.makefile("wb").close()
        assert log_of(wrapper).problems == ["makefile('wb') asked for mode 'wb', not 'rb'"]
    finally:
        left.close()
        right.close()
