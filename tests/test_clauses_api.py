"""The API-shape checks (conformance/checks/test_api_*.py) grade a correct
implementation well and catch a broken one."""

import inspect
import json
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from conformance.grading import first_line

API_MODULES = ["conformance.checks.test_api_names", "conformance.checks.test_api_signatures",
               "conformance.checks.test_api_behaviour", "conformance.checks.test_api_response",
               "conformance.checks.test_api_putrequest", "conformance.checks.test_api_https"]

Grades = Dict[Tuple[str, str], Tuple[str, str]]

BROKEN = '''
"""A deliberately broken http.client for the tests of the API checks."""
import http.client as _real

globals().update({k: v for k, v in vars(_real).items() if not k.startswith("__")})

HTTP_PORT = 8080
del NOT_MODIFIED
del parse_headers
responses = dict(_real.responses)
responses[404] = "Nope"


class BadStatusLine(Exception):
    """Not an HTTPException."""


class HTTPSConnection(object):
    """Not a subclass of HTTPConnection."""

    def __init__(self, host, port=None, key_file=None, cert_file=None, strict=None,
                 timeout=None):
        pass

    def close(self):
        pass


class HTTPResponse(_real.HTTPResponse):
    """Returns an iterable default unjoined and lets read1 overshoot."""

    def getheader(self, name, default=None):
        found = self.headers.get_all(name)
        return ", ".join(found) if found else default

    def read1(self, n=-1):
        return super().read1(-1 if n < 0 else n * 2)


class HTTPConnection(_real.HTTPConnection):
    """Ignores the port of 'host:port'; set_debuglevel wants a second argument."""

    response_class = HTTPResponse

    def _get_hostport(self, host, port):
        parsed_host, _parsed_port = super()._get_hostport(host, port)
        return parsed_host, 1 if port is None else port

    set_tunnel = staticmethod(getattr)  # a builtin: no signature to introspect

    def set_debuglevel(self, level, stream):
        super().set_debuglevel(level)
'''


def run_api_checks(tmp_path: Path, impl: str) -> Grades:
    """Run the API checks against ``impl``; ``{(check, edition): (grade, message)}``."""
    results = tmp_path / "results.jsonl"
    status = pytest.main(["-q", "-p", "no:cacheprovider", "--pyargs", *API_MODULES,
                          "--impl", impl, "--results", str(results)])
    assert status in (0, 1), f"the API checks did not run against {impl} (exit {status})"
    grades: Grades = {}
    for line in results.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        grades[(record["check"], record["edition"])] = (record["grade"],
                                                       first_line(record["message"]))
    return grades


def not_passing(grades: Grades, edition: str) -> List[str]:
    return sorted(check for (check, ed), (grade, _) in grades.items()
                  if ed == edition and grade not in ("pass", "info", "lenient"))


@pytest.fixture(scope="module")
def stdlib_grades(tmp_path_factory: pytest.TempPathFactory) -> Grades:
    return run_api_checks(tmp_path_factory.mktemp("stdlib"), "http.client")


def test_stdlib_passes_every_modern_api_check(stdlib_grades: Grades) -> None:
    grades = stdlib_grades
    assert len(grades) > 300
    # http.client offers ALPN without a context and raises the audit events only
    # since 3.10. Its responses have no url attribute unless urllib sets one
    # (modern:HTTPResponse:url), so geturl() raises AttributeError. It takes the
    # default port for 'host:' where both editions document InvalidURL.
    expected = ["empty_port_is_invalid_url", "url_and_geturl[geturl]", "url_and_geturl[url]"]
    if sys.version_info < (3, 10):
        expected = sorted(expected + ["alpn_offered_without_context",
                                      "audit_event_connect", "audit_event_send"])
    assert not_passing(grades, "modern") == expected
    assert grades[("url_and_geturl[url]", "modern")] == ("missing",
                                                         "HTTPResponse.url is missing")
    assert grades[("url_and_geturl[geturl]", "modern")][0] == "crash"
    assert grades[("empty_port_is_invalid_url", "modern")][0] == "fail"
    assert grades[("empty_port_takes_the_default", "modern")][0] == "pass"


def test_stdlib_fails_the_seed_strict_parameter(stdlib_grades: Grades) -> None:
    grades = stdlib_grades
    seed_failures = set(not_passing(grades, "seed"))
    assert {"signature[seed-HTTPConnection]", "signature[seed-HTTPSConnection]",
            "strict_defaults_to_false", "seed_response_signature"} <= seed_failures
    assert grades[("strict_defaults_to_false", "seed")] == (
        "fail", "HTTPConnection() has no strict parameter")
    assert grades[("signature[seed-HTTPConnection.putrequest]", "seed")][0] == "info"
    assert grades[("port_from_host_string", "seed")][0] == "pass"


def test_broken_implementation_is_caught(tmp_path: Path) -> None:
    adapter = tmp_path / "broken_client.py"
    adapter.write_text(textwrap.dedent(BROKEN), encoding="utf-8")
    grades = run_api_checks(tmp_path, str(adapter))
    expected = {
        ("port_constant[seed-HTTP_PORT]", "seed"): ("fail", "HTTP_PORT is 8080, expected 80"),
        ("seed_status_constant[NOT_MODIFIED]", "seed"): ("missing", "NOT_MODIFIED is missing"),
        ("modern_status_constant[NOT_MODIFIED]", "modern"): ("missing",
                                                            "NOT_MODIFIED is missing"),
        ("seed_responses_phrase[404]", "seed"): (
            "fail", "responses[404] is 'Nope', expected 'Not Found'"),
        ("parse_headers", "modern"): ("missing", "parse_headers is missing"),
        ("signature[seed-HTTPConnection.set_debuglevel]", "seed"): (
            "fail", "HTTPConnection.set_debuglevel(): extra required parameter 'stream'"),
    }
    for key, grade in expected.items():
        assert grades[key] == grade, key
    assert grades[("https_connection_is_http_connection", "seed")][0] == "fail"
    assert grades[("exception_hierarchy[seed-BadStatusLine]", "seed")] == (
        "fail", "BadStatusLine should be a subclass of HTTPException; its bases are "
                "['Exception', 'BaseException', 'object']")
    assert grades[("responses_not_found_example", "modern")][0] == "fail"
    assert grades[("port_from_host_string", "seed")][0] in ("fail", "crash")
    assert grades[("default_port[https-default]", "seed")][0] == "info"
    assert grades[("signature[seed-HTTPSConnection]", "seed")][0] == "pass"
    assert grades[("getheader_iterable_default", "seed")] == (
        "fail", "getheader with iterable defaults gave [['a', 'b'], ('only',)], "
                "expected ['a, b', 'only']")
    assert grades[("read1", "modern")] == (
        "fail", "read1(4) gave pieces [b'line1\\nli', b'ne2\\n']")
    assert grades[("getheader_default[default]", "seed")][0] == "pass"
    grade, message = grades[("signature[modern-HTTPConnection.set_tunnel]", "modern")]
    if _introspectable(getattr):  # PyPy gives builtins a signature: a wrong one here
        assert grade == "fail" and "documented 'port'" in message, (grade, message)
    else:
        assert grade == "info" and "does not introspect" in message, (grade, message)


def _introspectable(function: Any) -> bool:
    try:
        inspect.signature(function)
    except (TypeError, ValueError):
        return False
    return True


HANGING = '''
"""An http.client whose getresponse() waits on its socket with no timeout."""
import http.client as _real

globals().update({k: v for k, v in vars(_real).items() if not k.startswith("__")})


class HTTPConnection(_real.HTTPConnection):
    def getresponse(self):
        if self.sock is None:
            self.connect()
        self.sock.settimeout(None)
        self.sock.recv(1)
        raise ResponseNotReady("never reached while the server stays silent")
'''


def test_blocked_client_is_graded_hang_and_released(tmp_path: Path) -> None:
    import threading
    import time

    adapter = tmp_path / "hanging_client.py"
    adapter.write_text(textwrap.dedent(HANGING), encoding="utf-8")
    results = tmp_path / "results.jsonl"
    started = time.monotonic()
    status = pytest.main(["-q", "-p", "no:cacheprovider", "--pyargs",
                          "conformance.checks.test_api_behaviour", "-k",
                          "getresponse_before_request", "--impl", str(adapter),
                          "--deadline", "1", "--results", str(results)])
    elapsed = time.monotonic() - started
    assert status == 1
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert {(r["grade"], r["message"]) for r in records} == {
        ("hang", "the client did not finish within 1 s")}
    assert elapsed < 8, f"the hanging check took {elapsed:.1f} s"
    assert not [t for t in threading.enumerate() if t.name == "conformance-api-client"]


# -- the signature comparison on its own --------------------------------------------


def _params(function: object) -> list:
    import inspect

    return list(inspect.signature(function).parameters.values())


def test_compare_accepts_documented_shapes() -> None:
    from conformance.checks.test_api_signatures import ANY, Documented, P, compare

    def request(method, url, body=None, headers={}, *, encode_chunked=False):  # noqa: B006
        pass

    doc = Documented("HTTPConnection", "request", (
        P("method"), P("url"), P("body", None), P("headers", {}),
        P("encode_chunked", False, "kw")))
    assert compare(_params(request), doc, "request()") == ([], [])

    def init(host, port=None, timeout=3.5, extra=1, **kwargs):
        pass

    doc = Documented("HTTPConnection", None, (
        P("host"), P("port", None), P("timeout", ANY), P("blocksize", 8192, "kw")),
        removed=("extra",))
    assert compare(_params(init), doc, "HTTPConnection()") == (
        [], ["'blocksize' only through **kwargs",
             "still accepts 'extra', which this edition removed"])


def test_compare_reports_each_problem() -> None:
    from conformance.checks.test_api_signatures import Documented, P, compare

    def putheader(header, value, flag):
        pass

    doc = Documented("HTTPConnection", "putheader", (P("header"), P("argument", how="var")))
    problems, notes = compare(_params(putheader), doc, "putheader()")
    assert problems == ["takes no *argument (documented 'argument[, ...]')",
                        "extra required parameter 'value'", "extra required parameter 'flag'"]
    assert notes == []

    def getheader(name, default=""):
        pass

    doc = Documented("HTTPResponse", "getheader", (P("key"), P("default", None)))
    problems, notes = compare(_params(getheader), doc, "getheader()")
    assert problems == ["'default' has default '', documented default None"]
    assert notes == ["parameter 1 is named 'name', documented 'key'"]
