"""The adapters in ``conformance/adapters`` load and expose the right names."""

import http.client
import importlib
import os
import socket

import pytest

from conformance.adapters import stdlib_names
from conformance.impl import load

ADAPTERS = os.path.join(os.path.dirname(__file__), os.pardir, "conformance", "adapters")


def test_stdlib_names_cover_the_documented_set() -> None:
    names = stdlib_names()
    for name in http.client.__all__:
        assert names[name] is getattr(http.client, name)
    assert names["HTTPMessage"] is http.client.HTTPMessage
    assert names["HTTPS_PORT"] == 443
    assert names["NOT_FOUND"] == 404


def _urllib3_adapter():
    pytest.importorskip("urllib3", reason="urllib3 is not installed")
    return importlib.import_module("conformance.adapters.urllib3_connection")


def test_urllib3_adapter_exposes_urllib3_connections() -> None:
    adapter = _urllib3_adapter()
    import urllib3
    import urllib3.connection

    assert issubclass(adapter.HTTPConnection, urllib3.connection.HTTPConnection)
    assert issubclass(adapter.HTTPSConnection, urllib3.connection.HTTPSConnection)
    assert adapter.HTTPException is http.client.HTTPException
    assert adapter.HTTPResponse is http.client.HTTPResponse
    assert adapter.__version__ == urllib3.__version__


def test_urllib3_adapter_takes_positional_timeout() -> None:
    adapter = _urllib3_adapter()
    conn = adapter.HTTPConnection("127.0.0.1", 8080, 2.5, ("127.0.0.1", 0))
    assert (conn.host, conn.port, conn.timeout) == ("127.0.0.1", 8080, 2.5)
    assert conn.source_address == ("127.0.0.1", 0)
    # The stdlib's "no timeout given" marker must not reach urllib3 as a value.
    assert adapter.HTTPConnection("127.0.0.1").timeout is not socket._GLOBAL_DEFAULT_TIMEOUT


def test_urllib3_adapter_round_trip() -> None:
    """A real request through the adapter reads the body with ``read()``."""
    adapter = _urllib3_adapter()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(5)
        conn = adapter.HTTPConnection("127.0.0.1", listener.getsockname()[1], timeout=5)
        try:
            conn.request("GET", "/x", headers={"X-A": "1"})
            peer, _ = listener.accept()
            with peer:
                peer.settimeout(5)
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = peer.recv(4096)
                    assert chunk, "client closed before finishing its request"
                    head += chunk
                peer.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
                response = conn.getresponse()
                assert (response.status, response.read()) == (200, b"hello")
        finally:
            conn.close()
    assert head.startswith(b"GET /x HTTP/1.1\r\n")
    assert b"\r\nX-A: 1\r\n" in head


def test_urllib3_adapter_loads_by_path() -> None:
    pytest.importorskip("urllib3", reason="urllib3 is not installed")
    import urllib3.connection

    impl = load(os.path.join(ADAPTERS, "urllib3_connection.py"))
    assert issubclass(impl.attr("HTTPConnection"), urllib3.connection.HTTPConnection)
    assert impl.version == urllib3.__version__


def test_geventhttpclient_adapter_exposes_patched_names() -> None:
    pytest.importorskip("geventhttpclient", reason="geventhttpclient is not installed")
    adapter = importlib.import_module("conformance.adapters.geventhttpclient_patched")
    from geventhttpclient import httplib

    assert adapter.HTTPConnection is httplib.HTTPConnection
    assert adapter.HTTPResponse is httplib.HTTPResponse
    assert adapter.IncompleteRead is http.client.IncompleteRead
    assert http.client.HTTPConnection is not httplib.HTTPConnection  # nothing patched
