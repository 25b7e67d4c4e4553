"""Control characters from records written as escapes (``\\r``, ``\\x1b``): record
data holds what misbehaving servers sent, and a raw CR, ESC or NUL would rewrite
a terminal line, break a Markdown line or make XML invalid."""

import re
from typing import Dict, Pattern

_PATTERNS: Dict[str, Pattern[str]] = {}


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` with every C0 control character, DEL, lone surrogate and the two
    XML non-characters written as a Python escape, except the characters of ``keep``."""
    pattern = _PATTERNS.get(keep)
    if pattern is None:
        dropped = "".join(f"\\x{c:02x}" for c in list(range(0x20)) + [0x7f] if chr(c) not in keep)
        pattern = _PATTERNS[keep] = re.compile(f"[{dropped}\ud800-\udfff\ufffe\uffff]")
    return pattern.sub(lambda m: repr(m.group())[1:-1], text)
