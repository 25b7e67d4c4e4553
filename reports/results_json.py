"""``results.json``: every record merged, as one JSON array, one record per line
(``reports.records`` reads it back, naming the line of a damaged record)."""

import json
from typing import Any, Dict, Sequence

Record = Dict[str, Any]


def render(records: Sequence[Record]) -> str:
    if not records:
        return "[]\n"
    lines = ",\n".join(json.dumps(r, sort_keys=True) for r in records)
    return f"[\n{lines}\n]\n"
