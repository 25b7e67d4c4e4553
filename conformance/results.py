"""Reading and writing result files (JSON Lines of ``conformance.schema`` records)."""

import json
import os
import tempfile
from typing import Any, Dict, Iterable, List

from conformance.schema import SchemaError, validate_record


class ResultsError(Exception):
    """A results file that cannot be read or written; one line naming the path."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_CREATE_MODE = 0o666 & ~_umask()  # what open() would give a new file


def write_records(path: str, records: Iterable[Dict[str, Any]]) -> None:
    """Write ``records`` to ``path`` atomically (temp file in the same folder + rename)."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ResultsError(f"results path {path!r}: folder {folder!r} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".results-", suffix=".tmp", dir=folder)
    try:
        os.chmod(tmp, _CREATE_MODE)  # mkstemp makes it private; results are for sharing
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(validate_record(record), sort_keys=True))
                out.write("\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_records(path: str) -> List[Dict[str, Any]]:
    """Read and validate every record of the JSON Lines file ``path``."""
    try:
        with open(path, encoding="utf-8") as src:
            lines = src.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsError(f"cannot read results file {path!r}: {exc}") from None
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(validate_record(json.loads(line)))
        except (ValueError, SchemaError) as exc:
            raise ResultsError(f"results file {path!r} line {number}: {exc}") from None
    return records
