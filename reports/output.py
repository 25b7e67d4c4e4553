"""Writing report files whole or not at all (temp file in the same folder, then rename)."""

import os
import tempfile


def write_text(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; an existing file is replaced."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".tmp", dir=folder)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes it private; reports are for sharing
        # backslashreplace: a lone surrogate from a record cannot stop the write
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace",
                       newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
