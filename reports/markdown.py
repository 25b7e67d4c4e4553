"""Making record data safe inside Markdown (summary.md, deviations.md)."""

import re

from reports.visible import escape_controls

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def text(value: str) -> str:
    """``value`` as literal Markdown text on one line: control characters as
    escapes (``\\r``, ``\\x1b``), Markdown and HTML punctuation backslashed."""
    visible = escape_controls(value)
    return _SPECIAL.sub(r"\\\1", visible)


def code(value: str) -> str:
    """``value`` as inline code: control characters escaped, backticks fenced."""
    visible = escape_controls(value)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", visible)), default=0) + 1)
    pad = " " if visible.startswith("`") or visible.endswith("`") else ""
    return f"{fence}{pad}{visible}{pad}{fence}"
