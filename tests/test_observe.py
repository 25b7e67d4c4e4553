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
