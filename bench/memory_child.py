"""The child process of the memory workload; it does nothing else.

``python -m bench.memory_child IMPL HOST PORT SIZE`` imports the
implementation, GETs ``/stream/SIZE``, reads the body with ``read(65536)``
until it returns ``b""`` (checking every byte against the streamed block),
and prints one JSON line: the byte count, the peak resident set size before
and after the read, and what was wrong, if anything. It imports as little
as it can, since its own peak memory is the measurement.
"""

import json
import socket
import sys
from typing import Any, List, Optional, Tuple

from bench import impl, payloads

READ_SIZE = 65536
CONNECTION_TIMEOUT = 10.0  # every socket in the child (seconds)


def peak_kib() -> Optional[int]:
    """This process's peak resident set size in KiB (VmHWM on Linux,
    ru_maxrss elsewhere), or None where neither is available."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def drain(response: Any, size: int) -> Tuple[int, Optional[str]]:
    """Read ``response`` to the end with ``read(READ_SIZE)``; return the byte
    count and what was wrong with the bytes, if anything. A conforming
    ``read(amt)`` returns at most ``amt`` bytes."""
    block = payloads.stream_block()
    doubled = block + block
    total = 0
    while True:
        data = response.read(READ_SIZE)
        if not data:
            break
        if len(data) > READ_SIZE:
            return total, f"read({READ_SIZE}) returned {len(data)} bytes"
        if total + len(data) > size or not doubled.startswith(data, total % len(block)):
            return total, f"wrong bytes after offset {total}"
        total += len(data)
    if total != size:
        return total, f"read {total} bytes in all, expected {size}"
    return total, None


def main(argv: List[str]) -> int:
    """``IMPL HOST PORT SIZE``; exit status 1 when the body was wrong."""
    name, host, port, size = argv[0], argv[1], int(argv[2]), int(argv[3])
    socket.setdefaulttimeout(CONNECTION_TIMEOUT)
    result = {"bytes": 0, "before_kib": None, "peak_kib": None, "error": None}
    try:
        module = impl.load(name)
        conn = module.HTTPConnection(host, port, timeout=CONNECTION_TIMEOUT)
        try:
            conn.request("GET", f"/stream/{size}")
            response = conn.getresponse()
            result["before_kib"] = peak_kib()
            result["bytes"], result["error"] = drain(response, size)
        finally:
            conn.close()
    except Exception as exc:  # reported to the parent, which names the client
        result["error"] = f"{type(exc).__name__}: {impl.one_line(exc)}"
    result["peak_kib"] = peak_kib()
    print(json.dumps(result))
    return 0 if result["error"] is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
