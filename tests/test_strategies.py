"""The property strategies reach what they promise: every size bucket (empty,
tiny, small, around 4096/8192/65536, large), every field-count bucket, every
segmentation kind, every framing and mutation, and only the read methods the
edition documents; and a drawn response renders to bytes the reference reads
back as its model."""

from collections import Counter
from typing import Any, List

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance import strategies as gen

DRAWS = 600
SETTINGS = settings(max_examples=DRAWS, derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck))


def _drawn(strategy: "st.SearchStrategy[Any]") -> List[Any]:
    seen: List[Any] = []

    @SETTINGS
    @given(strategy)
    def collect(value: Any) -> None:
        seen.append(value)

    collect()
    return seen


def test_every_size_bucket_is_reached() -> None:
    sizes = _drawn(gen.sizes())
    buckets = Counter(gen.bucket_of(size) for size in sizes)
    assert set(buckets) == {name for name, _ in gen.SIZE_BUCKETS}, buckets
    assert max(sizes) > 65538 and max(sizes) <= gen.LARGE_LIMIT
    for boundary in gen.BOUNDARIES:  # both sides of each boundary
        assert {boundary - 1, boundary + 1} <= set(sizes), boundary


def test_bodies_repeat_their_motif_to_the_size() -> None:
    assert gen.body_of({"size": 5, "motif": b"ab"}) == b"ababa"
    assert gen.body_of({"size": 0, "motif": b"x"}) == b""


def test_field_counts_reach_past_twenty() -> None:
    counts = Counter(len(fields) for fields in _drawn(gen.field_lists()))
    assert counts[0] and any(1 <= n <= 6 for n in counts)
    assert {20, 21} & set(counts) and max(counts) > 23, counts


def test_responses_reach_every_shape() -> None:
    specs = _drawn(gen.responses(70000))
    assert {s["framing"] for s in specs} == set(gen.FRAMINGS)
    assert {s["method"] for s in specs} == {"GET", "HEAD"}
    assert {204, 304} <= {s["status"] for s in specs}
    assert any(s["status"] >= 600 for s in specs)
    assert any(s["interim"] for s in specs) and any(s["close"] for s in specs)
    chunked = [s["chunks"] for s in specs if s["framing"] == "chunked"]
    lines = [line for plan in chunked for line in plan["lines"]]
    assert {line["case"] for line in lines} == {"lower", "upper"}
    assert any(line["zeros"] for line in lines) and any(line["ext"] for line in lines)
    assert any(plan["trailers"] for plan in chunked)
    values = [v for s in specs for _, v in s["fields"]]
    assert "" in values and any("," in v for v in values)
    assert any(any(ord(c) > 0x7F for c in v) for v in values)  # obs-text


def test_segmentations_reach_every_kind() -> None:
    kinds = Counter()
    for seg in _drawn(gen.segmentations(1500)):
        split = seg["split"]
        kinds["whole" if split is None else "bytes" if split == 1 else
              "cuts" if isinstance(split, list) else "pieces"] += 1
    assert set(kinds) == {"whole", "bytes", "cuts", "pieces"}, kinds
    large = _drawn(gen.segmentations(1 << 20))
    assert all(s["split"] != 1 for s in large)  # never a megabyte one byte at a time


def test_read_patterns_use_only_documented_methods() -> None:
    for edition in ("seed", "modern"):
        ops = {op for pattern in _drawn(gen.read_patterns(edition)) for op, _ in pattern}
        assert ops == set(gen.READ_OPS[edition]), (edition, ops)
    assert "readinto" not in gen.READ_OPS["seed"]


def test_every_mutation_is_drawn() -> None:
    chunked = dict(CHUNKED, fields=[["X-A", "1"], ["X-B", "2"]])
    length = dict(chunked, framing="length")
    kinds = {m["kind"] for spec in (chunked, length) for m in _drawn(gen.mutations(spec))}
    assert kinds == set(gen.MUTATIONS), kinds
    drawn = {mutation["kind"] for _, mutation in _drawn(gen.invalid_responses())}
    assert len(drawn) >= len(gen.MUTATIONS) - 1, drawn  # from generated responses too


CHUNKED = {"method": "GET", "interim": [[100, "Continue", []]], "version": "HTTP/1.1",
           "status": 200, "reason": "OK", "fields": [["X-A", "1"]], "framing": "chunked",
           "body": {"size": 12, "motif": b"ab"}, "close": False, "framing_name": "lower",
           "framing_at": 100,
           "chunks": {"cuts": [10], "lines": [{"case": "upper", "zeros": 2, "ext": [["e", None]]},
                                              {"case": "lower", "zeros": 0, "ext": []},
                                              {"case": "lower", "zeros": 0,
                                               "ext": [["q", '"x y"']]}],
                      "trailers": [["T", "v"]]}}


def test_a_chunked_response_renders_by_the_grammar() -> None:
    spec = CHUNKED
    assert gen.render_response(spec) == (
        b"HTTP/1.1 100 Continue\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nX-A: 1\r\ntransfer-encoding: chunked\r\n\r\n"
        b"00A;e\r\nababababab\r\n2\r\nab\r\n0;q=\"x y\"\r\nT: v\r\n\r\n")
    model = gen.model_of(spec)
    assert model["body"] == b"abababababab" and model["keeps_alive"]
    assert model["headers"] == [("X-A", "1"), ("transfer-encoding", "chunked")]
