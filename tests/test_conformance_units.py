"""Unit tests of the conformance machinery: grades, schema, results, baseline,
implementation loading, expectation matching, summaries."""

import copy
import json
import os
import platform
from typing import List, Optional

import pytest

from conformance import baseline, grading, impl, results, schema
from conformance.clauses import InvalidAttribution, attribute
from conformance.drivers import Observed
from conformance.expect import close_problem, grade_observed, mismatch, sent_problem, tls_problem
from conformance.plugin import parse_shard
from reports import summary
from servers.case import Expectation, Raises, Request, Response, Sent
from servers.transcript import Transcript
from servers.wire import ParsedRequest

RECORD = {
    "schema": schema.SCHEMA, "run_id": "0" * 32, "started": "2026-01-02T03:04:05Z",
    "check": "wire[x]", "nodeid": "conformance/checks/test_wire.py::test_wire[seed-x]",
    "clause": "rfc9112:6.3:content-length-valid", "level": "MUST", "related": [],
    "edition": "seed", "grade": "fail",
    "impl": {"name": "http.client", "module": "http.client", "version": "CPython 3.11"},
    "interpreter": {"implementation": "CPython", "version": "3.11.7"}, "duration": 0.5,
    "message": "expected 200, got 404", "outcome": ["response 404 'Not Found'"],
    "script": "x", "transcript": "<< GET /",
    "reproduce": "python -m conformance run --impl http.client --check 'wire[x]'",
    "example": None,
}


def record(**changes):
    out = copy.deepcopy(RECORD)
    out.update(changes)
    return out


@pytest.mark.parametrize("exc, grade", [
    (None, "pass"), (AssertionError("bad\nmore"), "fail"), (grading.Lenient("l"), "lenient"),
    (grading.Missing("X"), "missing"), (grading.Info("i"), "info"), (grading.Hang("h"), "hang"),
    (grading.Crash("c"), "crash"), (KeyError("k"), "crash"), (grading.KitError("e"), "error"),
])
def test_grade_exception(exc, grade) -> None:
    got, message = grading.grade_exception(exc)
    assert got == grade
    if isinstance(exc, AssertionError):
        assert message == "bad\nmore"  # the whole message, not its first line
    if isinstance(exc, KeyError):
        assert message == "KeyError: 'k'"


def _raised_in(path: str, source: str) -> BaseException:
    namespace: dict = {}
    exec(compile(source, path, "exec"), namespace)
    try:
        namespace["f"]()
    except Exception as exc:  # the exception under test, with its traceback
        return exc
    raise AssertionError("f() did not raise")


def test_a_bug_in_the_kit_is_an_error_not_the_implementations_crash() -> None:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    check = os.path.join(root, "conformance", "checks", "test_fake.py")
    grade, message = grading.grade_exception(_raised_in(check, "def f():\n    return nmae\n"))
    assert grade == "error"
    assert "the kit failed: NameError" in message and "conformance/checks/test_fake.py:2" in message
    # the same bug in an implementation (or an adapter standing for one) is its crash
    for where in (os.path.join(root, "impl_under_test.py"),
                  os.path.join(root, "conformance", "adapters", "fake.py")):
        assert grading.grade_exception(_raised_in(where, "def f():\n    return {}['k']\n"))[0] \
            == "crash"
    # types an implementation can cause in a check's frame stay crash
    assert grading.grade_exception(_raised_in(check, "def f():\n    return None.x\n"))[0] \
        == "crash"


def test_exception_notes_reach_the_message() -> None:
    exc = AssertionError("read 3 bytes")
    exc.__notes__ = ["Falsifying example: test_x(body=b'abcd')"]  # as Hypothesis adds it
    assert grading.grade_exception(exc) == (
        "fail", "read 3 bytes\nFalsifying example: test_x(body=b'abcd')")


def test_message_normalised_as_an_outcome() -> None:
    from conformance.context import normalise_message
    assert normalise_message("got b'127.0.0.1:43121' at 0x7f00aabbccdd after 1.25 s\nassert x") \
        == ["got b'127.0.0.1:PORT' at 0x... after N s"]
    assert normalise_message("") == []


def test_missing_names_the_attribute() -> None:
    assert grading.grade_exception(grading.Missing("HTTPS_PORT")) == (
        "missing", "HTTPS_PORT is missing")


def test_valid_record_passes() -> None:
    assert schema.validate_record(record()) == record()
    assert schema.validate_record(record(transcript=None, script=None, grade="pass"))
    example = {"property": "keep_alive", "edition": "seed", "input": {"x": [1]}}
    assert schema.validate_record(record(example=example))["example"] == example
    assert schema.SCHEMA == "httpclient-conformance/4"


@pytest.mark.parametrize("changes, words", [
    ({"schema": "other/9"}, "schema"),
    ({"grade": "great"}, "'grade'"),
    ({"edition": "rfc9112"}, "'edition'"),
    ({"run_id": "xyz"}, "'run_id'"),
    ({"duration": -1}, "'duration'"),
    ({"duration": True}, "'duration'"),
    ({"clause": "not a clause"}, "'clause'"),
    ({"clause": ["rfc9112:6.3:content-length-valid"]}, "'clause'"),
    ({"level": "MUSTN'T"}, "'level'"),
    ({"related": ["not a clause"]}, "'related'"),
    ({"clauses": ["rfc9112:6.3:content-length-valid"]}, "unknown field(s) clauses"),
    ({"impl": {"name": "x"}}, "'impl'"),
    ({"extra": 1}, "unknown field(s) extra"),
    ({"outcome": "x"}, "'outcome'"),
    ({"outcome": [1]}, "'outcome'"),
    ({"started": "yesterday"}, "'started'"),
    ({"example": "x"}, "'example'"),
    ({"example": {"property": "p", "edition": "seed"}}, "'example'"),
    ({"example": {"property": "p", "edition": "rfc9112", "input": 1}}, "'example'"),
])
def test_invalid_records_are_named(changes, words) -> None:
    with pytest.raises(schema.SchemaError, match=words.replace("(", r"\(").replace(")", r"\)")):
        schema.validate_record(record(**changes))


def test_record_lacking_a_field() -> None:
    broken = record()
    del broken["message"]
    with pytest.raises(schema.SchemaError, match="lacks field"):
        schema.validate_record(broken)
    with pytest.raises(schema.SchemaError, match="JSON object"):
        schema.validate_record([1])


def test_results_round_trip_and_atomic_write(tmp_path) -> None:
    path = str(tmp_path / "r.jsonl")
    results.write_records(path, [record(), record(check="wire[y]", grade="pass")])
    assert [r["check"] for r in results.read_records(path)] == ["wire[x]", "wire[y]"]
    # a bad record leaves the old file whole and no temporary file behind
    with pytest.raises(schema.SchemaError):
        results.write_records(path, [record(), record(grade="nope")])
    assert len(results.read_records(path)) == 2
    assert os.listdir(str(tmp_path)) == ["r.jsonl"]


def test_corrupt_results_file_names_path_and_line(tmp_path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(record()) + "\n{oops\n")
    with pytest.raises(results.ResultsError, match=r"r.jsonl' line 2"):
        results.read_records(str(path))
    with pytest.raises(results.ResultsError, match="cannot read"):
        results.read_records(str(tmp_path / "absent.jsonl"))


def test_baseline_compare_sorts_known_new_changed_fixed() -> None:
    records = [record(), record(check="wire[y]", grade="hang", outcome=["h"]),
               record(check="ok", grade="pass"), record(check="wire[z]", grade="info")]
    made = baseline.make_baseline(records[:2] + [record(check="ok", grade="fail")])
    assert made["impl"]["name"] == "http.client" and made["interpreter"]["version"] == "3.11.7"
    known = {(e["check"], e["edition"]): [(s["grade"], tuple(s["outcome"])) for s in e["seen"]]
             for e in made["known"]}
    result = baseline.compare(records, known)
    assert [r["check"] for r in result.known] == ["wire[x]", "wire[y]"]
    assert [r["check"] for r in result.fixed] == ["ok"]
    assert not result.new and not result.changed and not result.failing
    # same check and grade, another outcome: changed; another grade: changed too
    result = baseline.compare([record(outcome=["response 200 'OK'"]), record(grade="crash"),
                               record(check="fresh")], known)
    assert len(result.changed) == 2 and [r["check"] for r in result.new] == ["fresh"]
    assert result.failing
    # an error is never known, whatever the baseline says
    assert baseline.compare([record(grade="error")], known).errors


def test_baseline_lists_every_outcome_seen() -> None:
    runs = [record(), record(outcome=["OSError at read"]), record()]
    (entry,) = baseline.make_baseline(runs)["known"]
    assert entry["seen"] == [{"grade": "fail", "outcome": ["OSError at read"]},
                             {"grade": "fail", "outcome": ["response 404 'Not Found'"]}]
    with pytest.raises(baseline.BaselineError, match="no records"):
        baseline.make_baseline([])


def test_baseline_origin(tmp_path) -> None:
    path = tmp_path / "b.json"
    path.write_text(json.dumps(baseline.make_baseline([record()])))
    loaded = baseline.load_baseline(str(path))
    here = {"implementation": "CPython", "version": "3.11.9"}
    baseline.check_origin(loaded, "http.client", here)  # another patch release: the same
    for name, interp in [("reference.client", here),
                         ("http.client", {"implementation": "CPython", "version": "3.12.1"}),
                         ("http.client", {"implementation": "PyPy", "version": "3.11.7"})]:
        with pytest.raises(baseline.ForeignBaseline, match="--baseline-from-other-impl"):
            baseline.check_origin(loaded, name, interp)


@pytest.mark.parametrize("graded, editions, expected", [
    (["seed:20.10:HTTP_PORT"], ("seed", "modern"), {"seed": "seed:20.10:HTTP_PORT"}),
    (["modern:constants:HTTP_PORT"], ("seed", "modern"),
     {"modern": "modern:constants:HTTP_PORT"}),
    (["rfc9112:6.3:head-no-body"], ("seed", "modern"),
     {"seed": "rfc9112:6.3:head-no-body", "modern": "rfc9112:6.3:head-no-body"}),
    # an edition's own clause comes first; the RFC clause grades the other edition
    (["rfc9112:6.3:head-no-body", "seed:20.10:HTTP_PORT"], ("seed", "modern"),
     {"seed": "seed:20.10:HTTP_PORT", "modern": "rfc9112:6.3:head-no-body"}),
    (["cpython:HTTPConnection:empty-port-default"], ("modern",),
     {"modern": "cpython:HTTPConnection:empty-port-default"}),
])
def test_attribute_gives_one_clause_per_edition(graded, editions, expected) -> None:
    assert attribute(graded, editions) == expected


@pytest.mark.parametrize("graded, editions, words", [
    (["seed:20.10:HTTP_PORT", "seed:20.10:HTTPS_PORT"], ("seed",), "seed would grade 2"),
    (["rfc9112:6.3:head-no-body", "rfc9112:6.3:204-no-body"], ("modern",),
     "modern would grade 2"),
    (["seed:20.10:HTTP_PORT", "modern:constants:HTTP_PORT", "rfc9112:6.3:head-no-body"],
     ("seed", "modern"), "rfc9112:6.3:head-no-body would be graded in no edition"),
    (["seed:20.10:HTTP_PORT"], ("modern",), "seed:20.10:HTTP_PORT would be graded in no"),
])
def test_attribute_refuses_two_graded_clauses_for_one_edition(graded, editions, words) -> None:
    with pytest.raises(InvalidAttribution, match=words):
        attribute(graded, editions)


@pytest.mark.parametrize("grade, level, binding, weighed", [
    ("fail", "MUST", (), "fail"),
    ("missing", "MUST", (), "missing"),
    ("pass", "MUST", (), "pass"),
    ("fail", "SHOULD", (), "non-strict"),
    ("missing", "SHOULD", (), "non-strict"),
    ("fail", "SHOULD", ("SHOULD",), "fail"),
    ("fail", "de-facto", (), "unlike-cpython"),
    ("fail", "de-facto", ("de-facto",), "fail"),
    ("fail", "de-facto", ("SHOULD",), "unlike-cpython"),
    ("fail", "MAY", ("SHOULD", "de-facto"), "info"),
    ("pass", "MAY", (), "pass"),
    ("fail", "INFO", (), "info"),
    ("pass", "INFO", (), "info"),
    ("lenient", "SHOULD", (), "lenient"),
    ("crash", "SHOULD", (), "crash"),
    ("hang", "INFO", (), "hang"),
    ("error", "de-facto", (), "error"),
])
def test_levels_weigh_the_grade(grade, level, binding, weighed) -> None:
    assert grading.by_level(grade, level, binding) == weighed


@pytest.mark.parametrize("text", ["2/2", "a/b", "1", "-1/3"])
def test_bad_shard(text) -> None:
    with pytest.raises(pytest.UsageError, match=f"--shard '{text}'"):
        parse_shard(text)
    assert parse_shard("1/3") == (1, 3)


def test_load_impl_variants(tmp_path) -> None:
    loaded = impl.load("http.client")
    assert loaded.attr("HTTP_PORT") == 80
    assert loaded.version == f"{platform.python_implementation()} {platform.python_version()}"
    with pytest.raises(grading.Missing, match="NOPE is missing"):
        loaded.attr("NOPE")
    assert loaded.exception("OSError") is OSError
    assert loaded.exception("IncompleteRead").__name__ == "IncompleteRead"
    adapter = tmp_path / "adapter.py"
    adapter.write_text("from http.client import HTTPConnection\n__version__ = '9.9'\n")
    assert impl.load(str(adapter)).version == "9.9"
    for spec, words in [("", "empty"), ("json", "no HTTPConnection"),
                        (str(tmp_path / "none.py"), "not a file"), ("nope_zz", "importable")]:
        with pytest.raises(impl.ImplError, match=words):
            impl.load(spec)


class FakeImpl:
    class HTTPException(Exception):
        pass

    class IncompleteRead(HTTPException):
        pass


def _impl():
    return impl.Implementation("fake", FakeImpl)  # type: ignore[arg-type]


def _ok(body=b"hi"):
    return Observed(Request(), status=200, reason="OK", version=11, body=body)


def _raised(exc, at="read"):
    return Observed(Request(), error=exc, at=at)


def test_mismatch_messages() -> None:
    fake = _impl()
    assert mismatch(fake, [_ok()], (Response(200, body=b"hi"),)) is None
    assert mismatch(fake, [_ok()], (Response(200, body=b"ho"),)) == \
        "expected body b'ho' (2 bytes), got b'hi' (2 bytes)"
    assert mismatch(fake, [_raised(FakeImpl.IncompleteRead("x"))],
                    (Raises("HTTPException", at="read"),)) is None
    assert "got it at getresponse" in mismatch(
        fake, [_raised(FakeImpl.IncompleteRead("x"), "getresponse")],
        (Raises("IncompleteRead", at="read"),))
    assert "expected IncompleteRead, got response 200" in mismatch(
        fake, [_ok()], (Raises("IncompleteRead"),))
    assert mismatch(fake, [_ok(), _ok()], (Response(200),)) == \
        "expected 1 outcome(s), observed 2"


def test_grade_observed_grades() -> None:
    fake = _impl()
    strict = Expectation((Raises("IncompleteRead"),), lenient=(Response(200),), note="ok-ish")
    with pytest.raises(grading.Lenient, match="ok-ish"):
        grade_observed(fake, [_ok()], strict)
    with pytest.raises(AssertionError, match="expected IncompleteRead"):
        grade_observed(fake, [_raised(ValueError("v"))], strict)
    with pytest.raises(grading.Crash, match="undocumented KeyError"):
        grade_observed(fake, [_raised(KeyError("k"))], strict)
    with pytest.raises(grading.Missing, match="BadStatusLine"):
        grade_observed(fake, [_ok()], Expectation((Raises("BadStatusLine"),)))
    grade_observed(fake, [_raised(FakeImpl.IncompleteRead("p"))], strict)


def test_summary_rendering() -> None:
    records = [record(), record(check="a", grade="pass"),
               record(check="b", clause="seed:20.10:HTTP_PORT", grade="missing",
                      message="HTTP_PORT is missing")]
    against = baseline.Comparison(known=records[:1], new=records[2:])
    text = summary.render_summary("== t ==", records, against)
    assert "rfc9112:6.3" in text and "seed:20.10" in text
    assert "FAIL    known [seed] wire[x]" in text
    assert "MISSING NEW [seed] b (seed:20.10:HTTP_PORT, MUST): HTTP_PORT is missing" in text
    assert "1 new, 0 changed, 1 known, 0 fixed" in text
    assert "deviations by level: MUST 2" in text
    changed = baseline.Comparison(changed=records[:1], fixed=records[1:2])
    known = {("wire[x]", "seed"): [("fail", ("response 500 'Oops'",))]}
    text = summary.render_summary("== t ==", records, changed, known)
    assert "FAIL    CHANGED [seed] wire[x]" in text
    assert "observed: response 404 'Not Found'" in text
    assert "baseline: fail: response 500 'Oops'" in text
    assert "FIXED   [seed] a: now pass" in text
    side = summary.render_side_by_side([("A", records), ("B", [record(grade="pass")])])
    assert "rfc9112:6.3" in side and "[seed] wire[x]: A=fail, B=pass" in side
    listing = {"c1": {"graded": {"seed": "x", "modern": "y"}, "related": ["z"]},
               "c2": {"graded": {"seed": "x", "modern": "x"}, "related": []}}
    assert summary.coverage(listing) == {"x": ["c1", "c2"], "y": ["c1"]}


def test_lenient_and_info_do_not_fail_a_run_but_are_listed() -> None:
    records = [record(grade="lenient", message="accepted a tab"), record(check="i", grade="info")]
    assert not baseline.compare(records, {}).failing
    assert baseline.make_baseline(records)["known"] == []
    text = summary.render_summary("== t ==", records, baseline.Comparison())
    assert "LENIENT [seed] wire[x]" in text and "accepted a tab" in text
    assert " known [" not in text and "NEW" not in text and "INFO" not in text
    assert "0 new, 0 changed, 0 known, 0 fixed" in text


# -- what the server received: persistence, TLS closure and SNI, chunks ------------


def _request(connection: int, connection_field: bytes = b"") -> ParsedRequest:
    headers = [(b"Host", b"x")] + ([(b"Connection", connection_field)] if connection_field else [])
    return ParsedRequest("GET", "/", "HTTP/1.1", headers, raw=b"GET / HTTP/1.1\r\n",
                         connection=connection)


def test_close_problem_only_concerns_a_client_without_persistent_connections() -> None:
    """RFC 9112 9.3: one connection per request needs 'close' in each request."""
    kept = [_request(0), _request(0)]
    assert close_problem(kept) is None
    assert close_problem([_request(0, b"close"), _request(1, b"keep-alive, Close")]) is None
    problem = close_problem([_request(0, b"close"), _request(1)])
    assert problem is not None and "request 2 has no 'Connection: close'" in problem


def test_tls_problem_names_the_sni_and_the_closure_seen() -> None:
    transcript = Transcript()
    transcript.tls_server_name, transcript.tls_close_notify = None, False
    request = _request(0)
    assert tls_problem(Sent(), [transcript], request) is None
    assert "name 'localhost' (SNI), got None" in (
        tls_problem(Sent(tls_server_name="localhost"), [transcript], request) or "")
    assert "got a TCP close without a closure alert" in (
        tls_problem(Sent(tls_close_notify=True), [transcript], request) or "")
    assert tls_problem(Sent(tls_close_notify=True), [], request) == (
        "no transcript of the TLS connection")
    transcript.tls_close_notify = True
    assert tls_problem(Sent(tls_close_notify=True), [transcript], request) is None


def test_sent_problem_compares_chunk_boundaries() -> None:
    request = _request(0)
    request.chunks, request.body, request.chunked = [b"hell", b"o"], b"hello", True
    assert sent_problem(Sent(chunks=(b"hell", b"o")), request, 0) is None
    assert "expected the chunks" in (sent_problem(Sent(chunks=(b"hello",)), request, 0) or "")


def test_summary_escapes_control_characters_from_records() -> None:
    """A bare CR or ESC a server sent, kept in a record's outcome or message,
    is printed as an escape, so it cannot rewrite the terminal line."""
    from reports.summary import terminal_safe

    assert terminal_safe("X-C\rr=None") == "X-C\\rr=None"
    assert terminal_safe("\x1b[2Jgone") == "\\x1b[2Jgone"
    assert terminal_safe("tab\tkept") == "tab\tkept"


def test_tls_driver_context_sees_a_close_without_close_notify(monkeypatch) -> None:
    """rfc9112:9.8:tls-incomplete-close is about the client: the context the tls
    driver hands over clears OP_IGNORE_UNEXPECTED_EOF, which 3.8/3.9 builds on
    OpenSSL 3 and PyPy 3.9 set in every new context."""
    import ssl

    from conformance import drivers

    option = getattr(ssl, "OP_IGNORE_UNEXPECTED_EOF", 0)
    if not option:
        pytest.skip("this ssl module has no OP_IGNORE_UNEXPECTED_EOF")
    made = []
    real = ssl.create_default_context

    def with_the_option_set(*args, **kwargs):
        context = real(*args, **kwargs)
        context.options |= option
        made.append(context)
        return context

    monkeypatch.setattr(ssl, "create_default_context", with_the_option_set)
    context = drivers.trusting_context(None)
    assert made == [context]
    assert not context.options & option


class _Dist:
    def __init__(self, name: str, top_level: Optional[str]) -> None:
        self.metadata = {"Name": name}
        self._top_level = top_level

    def read_text(self, filename: str) -> Optional[str]:
        return self._top_level if filename == "top_level.txt" else None


class _OldMetadata:
    """importlib.metadata as on 3.8/3.9: no packages_distributions."""

    @staticmethod
    def distributions() -> List[_Dist]:
        return [_Dist("other", "x\ny\n"), _Dist("no-top-level", None),
                _Dist("httpclient-conformance-kit", "conformance\nreference\n")]


def test_distribution_of_a_package_found_without_packages_distributions() -> None:
    """3.8, 3.9 and PyPy 3.9 name the reference's version as 3.10+ does (top_level.txt)."""
    from conformance.impl import _distributions_providing
    assert _distributions_providing(_OldMetadata, "reference") == ["httpclient-conformance-kit"]
    assert _distributions_providing(_OldMetadata, "absent") == []


def test_reference_version_is_its_distributions() -> None:
    from importlib import metadata

    import reference.client
    from conformance.impl import module_version
    assert module_version(reference.client) == metadata.version("httpclient-conformance-kit")
