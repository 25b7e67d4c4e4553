"""conformance.observe: what a property reads of a response."""

import pytest

from conformance.observe import NotAsDocumented, header_pairs


def test_getheaders_pairs_are_kept_in_order() -> None:
    assert header_pairs([("A", "1"), ["b", ""]]) == [("A", "1"), ("b", "")]


@pytest.mark.parametrize("value, named", [
    ({"Content-Length": "0"}, "dict"),
    (["Content-Length"], "list"),
    ([("a", "b", "c")], "list"),
])
def test_getheaders_other_than_pairs_is_an_error_naming_it(value: object, named: str) -> None:
    """Both editions document getheaders() as a list of (name, value) tuples: a
    mapping (urllib3's HTTPHeaderDict) is reported as such, not read key by key."""
    with pytest.raises(NotAsDocumented, match=f"getheaders\\(\\) returned {named} "):
        header_pairs(value)


def test_a_failed_property_is_compared_by_the_kind_of_failure() -> None:
    """Baselines compare a property's failure by its kind: two shrunk examples of
    one fault (four responses or six, NEL or NBSP) give the same signature."""
    from conformance.properties import failure_signature

    four = AssertionError("response 4 of 4: reason '', expected '\\x85'\ninput: {...}")
    six = AssertionError("response 6 of 6: reason '', expected '\\xa0'")
    assert failure_signature(four) == failure_signature(six) == (
        "AssertionError: response N of N: reason …, expected …")
    assert failure_signature(AssertionError("status 102, expected 200")) != \
        failure_signature(four)
