"""The seed edition's three examples (20.10.3), run as written against local
servers in place of www.python.org and musi-cal.mojam.com."""

import urllib.parse

import pytest

from conformance import drive, drivers, local
from conformance.impl import Implementation

PAGE = b"<html>index</html>"


@pytest.mark.clauses("seed:20.10.3:example-get", "rfc9112:9.3:persistent-by-default",
                     related=("seed:20.10.1:getresponse-read-whole-response",))
def test_example_get(impl: Implementation) -> None:
    """GET /index.html (200 OK) then GET /parrot.spam (404 Not Found) on ONE connection."""
    script = local.answering("example-get", (
        local.response(200, "OK", PAGE),
        local.response(404, "Not Found", b"no parrot"),
    ))

    def action(conn, srv):
        conn.request("GET", "/index.html")
        r1 = conn.getresponse()
        first = (r1.status, r1.reason, r1.read())
        conn.request("GET", "/parrot.spam")
        r2 = conn.getresponse()
        return first, (r2.status, r2.reason, r2.read())

    played = drive.run_script(impl, script, client=drivers.with_connection(action))
    first, second = played.result
    assert first == (200, "OK", PAGE), f"first response was {first!r}"
    assert second == (404, "Not Found", b"no parrot"), f"second response was {second!r}"
    assert [r.target for r in played.requests] == ["/index.html", "/parrot.spam"]
    assert len(played.transcripts) == 1, \
        f"the two requests used {len(played.transcripts)} connections instead of one"


@pytest.mark.clauses("seed:20.10.3:example-head", "rfc9112:6.3:head-no-body")
def test_example_head(impl: Implementation) -> None:
    """HEAD /index.html: 200 OK, and read() returns b'' although Content-Length is 18."""
    head = local.response(200, "OK", PAGE)[: -len(PAGE)]  # the fields announce a body
    script = local.answering("example-head", (head,))

    def action(conn, srv):
        conn.request("HEAD", "/index.html")
        res = conn.getresponse()
        return res.status, res.reason, res.read()

    played = drive.run_script(impl, script, client=drivers.with_connection(action))
    status, reason, data = played.result
    assert (status, reason) == (200, "OK"), f"got {status} {reason!r}"
    assert data == b"", f"HEAD read() returned {data!r}, expected b''"
    assert played.requests[0].method == "HEAD"


@pytest.mark.clauses("seed:20.10.3:example-post",
                     related=("seed:20.10.1:request-headers-mapping",))
def test_example_post(impl: Implementation) -> None:
    """POST an urlencoded str body with Content-type and Accept headers."""
    params = urllib.parse.urlencode({"spam": 1, "eggs": 2, "bacon": 0})
    headers = {"Content-type": "application/x-www-form-urlencoded", "Accept": "text/plain"}
    script = local.answering("example-post")

    def action(conn, srv):
        conn.request("POST", "/cgi-bin/query", params, headers)
        response = conn.getresponse()
        return response.status, response.reason, response.read()

    played = drive.run_script(impl, script, client=drivers.with_connection(action))
    assert played.result == (200, "OK", b"hello"), f"response was {played.result!r}"
    request = played.requests[0]
    fields = {name.lower(): value for name, value in request.headers}
    assert request.method == "POST" and request.target == "/cgi-bin/query"
    assert request.body == b"spam=1&eggs=2&bacon=0", f"body was {request.body!r}"
    assert fields.get(b"content-type") == b"application/x-www-form-urlencoded"
    assert fields.get(b"accept") == b"text/plain"
    length = fields.get(b"content-length")
    assert length == b"21", f"Content-Length was {length!r}"
