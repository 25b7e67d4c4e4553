"""Reference client: the public name sets, constants, signatures and
constructor argument handling of both editions."""

import http
import inspect
import io

import pytest

from reference import client, seed

EXCEPTIONS = {
    "HTTPException": Exception,
    "NotConnected": "HTTPException",
    "InvalidURL": "HTTPException",
    "UnknownProtocol": "HTTPException",
    "UnknownTransferEncoding": "HTTPException",
    "UnimplementedFileMode": "HTTPException",
    "IncompleteRead": "HTTPException",
    "ImproperConnectionState": "HTTPException",
    "CannotSendRequest": "ImproperConnectionState",
    "CannotSendHeader": "ImproperConnectionState",
    "ResponseNotReady": "ImproperConnectionState",
    "BadStatusLine": "HTTPException",
    "LineTooLong": "HTTPException",
}


@pytest.mark.parametrize("mod", [seed, client], ids=["seed", "client"])
def test_exception_hierarchy(mod):
    for name, base in EXCEPTIONS.items():
        parent = base if isinstance(base, type) else getattr(mod, base)
        assert issubclass(getattr(mod, name), parent), name
        assert name in mod.__all__


def test_remote_disconnected_is_modern_only():
    assert issubclass(client.RemoteDisconnected, ConnectionResetError)
    assert issubclass(client.RemoteDisconnected, client.BadStatusLine)
    assert client.RemoteDisconnected("gone").line == "gone"
    assert client.RemoteDisconnected().line == ""
    assert not hasattr(seed, "RemoteDisconnected")


def test_edition_specific_names():
    assert hasattr(client, "parse_headers") and not hasattr(seed, "parse_headers")
    assert hasattr(client.HTTPConnection, "set_tunnel")
    assert not hasattr(seed.HTTPConnection, "set_tunnel")
    for name in ("headers", "getcode", "info", "geturl", "peek"):
        assert hasattr(client.HTTPResponse, name)
        assert not hasattr(seed.HTTPResponse, name), name


def test_every_name_in_all_exists():
    for mod in (seed, client):
        for name in mod.__all__:
            assert hasattr(mod, name), (mod.__name__, name)


def test_seed_constants_and_phrases():
    assert (seed.HTTP_PORT, seed.HTTPS_PORT) == (80, 443)
    assert seed.responses[seed.NOT_FOUND] == "Not Found"
    assert seed.responses[seed.REQUEST_ENTITY_TOO_LARGE] == "Request Entity Too Large"
    assert seed.responses[seed.REQUESTED_RANGE_NOT_SATISFIABLE] == (
        "Requested Range Not Satisfiable"
    )
    assert type(seed.OK) is int and seed.OK == 200
    assert seed.NOT_EXTENDED == 510 and seed.IM_USED == 226
    assert 418 not in seed.responses
    assert len(seed.responses) == 49
    for name in ("CONTINUE", "MULTI_STATUS", "UPGRADE_REQUIRED", "INSUFFICIENT_STORAGE"):
        assert getattr(seed, name) in seed.responses


def test_modern_constants_and_phrases():
    assert client.NOT_FOUND is http.HTTPStatus.NOT_FOUND
    assert client.responses == {s.value: s.phrase for s in http.HTTPStatus}
    assert client.responses[404] == "Not Found"
    for name in http.HTTPStatus.__members__:
        assert getattr(client, name) == http.HTTPStatus[name]


def params(func):
    return [(p.name, p.kind.name, p.default) for p in inspect.signature(func).parameters.values()]


def test_seed_signatures():
    default = seed.HTTPConnection.__init__.__defaults__[-1]
    assert params(seed.HTTPConnection) == [
        ("host", "POSITIONAL_OR_KEYWORD", inspect.Parameter.empty),
        ("port", "POSITIONAL_OR_KEYWORD", None),
        ("strict", "POSITIONAL_OR_KEYWORD", None),
        ("timeout", "POSITIONAL_OR_KEYWORD", default),
    ]
    assert [p[0] for p in params(seed.HTTPSConnection)] == [
        "host",
        "port",
        "key_file",
        "cert_file",
        "strict",
        "timeout",
    ]
    assert [p[0] for p in params(seed.HTTPResponse)] == [
        "sock",
        "debuglevel",
        "strict",
        "method",
        "url",
    ]
    assert [p[0] for p in params(seed.HTTPConnection.request)] == [
        "self",
        "method",
        "url",
        "body",
        "headers",
    ]
    assert [p[0] for p in params(seed.HTTPConnection.endheaders)] == ["self"]
    assert [p[0] for p in params(seed.HTTPConnection.putrequest)][:3] == [
        "self",
        "request",
        "selector",
    ]


def test_modern_signatures():
    assert [p[0] for p in params(client.HTTPConnection)] == [
        "host",
        "port",
        "timeout",
        "source_address",
        "blocksize",
    ]
    https = params(client.HTTPSConnection)
    assert [p[:2] for p in https[2:]] == [
        ("timeout", "KEYWORD_ONLY"),
        ("source_address", "KEYWORD_ONLY"),
        ("context", "KEYWORD_ONLY"),
        ("blocksize", "KEYWORD_ONLY"),
    ]
    assert [p[0] for p in params(client.HTTPResponse)] == ["sock", "debuglevel", "method", "url"]
    assert params(client.HTTPConnection.request)[-1] == ("encode_chunked", "KEYWORD_ONLY", False)
    assert [p[0] for p in params(client.HTTPConnection.putrequest)][:3] == ["self", "method", "url"]
    assert params(client.HTTPConnection.endheaders)[-1] == ("encode_chunked", "KEYWORD_ONLY", False)


@pytest.mark.parametrize("mod", [seed, client], ids=["seed", "client"])
@pytest.mark.parametrize(
    "args, host, port",
    [
        (("www.cwi.nl",), "www.cwi.nl", 80),
        (("www.cwi.nl:80",), "www.cwi.nl", 80),
        (("www.cwi.nl", 80), "www.cwi.nl", 80),
        (("www.cwi.nl:8080",), "www.cwi.nl", 8080),
        (("[::1]:8080",), "::1", 8080),
        (("[::1]",), "::1", 80),
        (("[::1]", 81), "::1", 81),
        (("example.org", 0), "example.org", 0),
    ],
)
def test_host_and_port(mod, args, host, port):
    conn = mod.HTTPConnection(*args)
    assert (conn.host, conn.port) == (host, port)
    assert conn.sock is None


@pytest.mark.parametrize("mod", [seed, client], ids=["seed", "client"])
def test_https_default_port(mod):
    conn = mod.HTTPSConnection("example.org")
    assert conn.port == 443
    assert isinstance(conn, mod.HTTPConnection)


@pytest.mark.parametrize("mod", [seed, client], ids=["seed", "client"])
@pytest.mark.parametrize(
    "args, fragment",
    [
        (("host:",), "nonnumeric port: ''"),
        (("host:http",), "nonnumeric port: 'http'"),
        (("host:-1",), "nonnumeric port: '-1'"),
        (("host:８０",), "nonnumeric port"),
        (("host", 65536), "65536"),
        (("host", "80"), "'80'"),
        (("host", True), "True"),
        (("bad host",), "'bad host'"),
        (("evil\r\nhost",), "evil"),
        (("",), "invalid host: ''"),
        ((None,), "None"),
    ],
)
def test_invalid_host_or_port(mod, args, fragment):
    with pytest.raises(mod.InvalidURL) as info:
        mod.HTTPConnection(*args)
    assert fragment in str(info.value)


def test_parse_headers():
    fp = io.BytesIO(b"A: 1\r\nB:  two \r\nA: 3\r\n\r\nbody")
    msg = client.parse_headers(fp)
    assert isinstance(msg, client.HTTPMessage)
    assert msg.get_all("a") == ["1", "3"]
    assert msg["b"] == "two"
    assert fp.read() == b"body"
    assert client.parse_headers(io.BytesIO(b"A: 1\r\n")).get("a") == "1"
    with pytest.raises(client.HTTPException, match="more than 100 headers"):
        client.parse_headers(io.BytesIO(b"A: 1\r\n" * 101 + b"\r\n"))
    with pytest.raises(client.LineTooLong):
        client.parse_headers(io.BytesIO(b"A: " + b"x" * 70000 + b"\r\n\r\n"))


def test_incomplete_read_repr_without_expected():
    exc = seed.IncompleteRead(b"abc")
    assert repr(exc) == str(exc) == "IncompleteRead(3 bytes read)"
    assert exc.expected is None and exc.partial == b"abc"
    assert str(seed.BadStatusLine("x")) == "x"
