"""The four timed workloads: what the client does, and how it is checked.

Each workload is one kind of exchange on a persistent connection (RFC 9112
section 9.3): ``request()``, ``getresponse()``, ``read()`` and, for the
header workload, one ``getheader()``. A round times ``count`` exchanges on
one connection, after one untimed exchange that opens it.
"""

import time
from dataclasses import dataclass
from types import ModuleType
from typing import Any, List, Tuple

from bench import payloads

Address = Tuple[str, int]

TIMEOUT = 10.0  # the timeout every connection is created with (seconds)
KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


class WrongResult(Exception):
    """The client delivered something other than what the server sent."""


@dataclass(frozen=True)
class Sizes:
    """How big each workload is; ``QUICK`` shrinks them for the self-test."""

    small_body: int = 100
    large_body: int = 16 * MIB
    chunked_body: int = 4 * MIB
    chunk: int = 1 * KIB
    header_lines: int = 50
    memory_body: int = 1 * GIB


FULL = Sizes()
QUICK = Sizes(large_body=1 * MIB, chunked_body=256 * KIB, memory_body=32 * MIB)


@dataclass(frozen=True)
class Workload:
    """One timed exchange, the bytes the server answers it with, and the
    figure it reports (``unit`` per second)."""

    key: str
    title: str
    target: str
    response: bytes
    body: bytes
    unit: str
    per_exchange: float  # units one exchange is worth (1 request, or megabytes)
    goal: float  # the ratio impl/peer aimed at (information only)
    probe: bool = False  # look up payloads.PROBE_NAME once per response


def size_text(size: int) -> str:
    """``size`` bytes as a short label: ``16 MiB``, ``1 KiB``, ``100 B``."""
    for unit, scale in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size} B"


def build(sizes: Sizes) -> List[Workload]:
    """The four workloads at ``sizes``, in the order they are reported."""
    small = payloads.pattern(sizes.small_body)
    large = payloads.pattern(sizes.large_body)
    chunked = payloads.pattern(sizes.chunked_body)
    return [
        Workload(
            key="keepalive",
            title=f"keep-alive GET, {size_text(len(small))} body, one connection",
            target="/small",
            response=payloads.content_length_response(small),
            body=small,
            unit="req/s",
            per_exchange=1.0,
            goal=1.0,
        ),
        Workload(
            key="content-length",
            title=f"{size_text(len(large))} Content-Length body, read()",
            target="/large",
            response=payloads.content_length_response(large),
            body=large,
            unit="MB/s",
            per_exchange=len(large) / 1e6,
            goal=1.0,
        ),
        Workload(
            key="chunked",
            title=f"{size_text(len(chunked))} chunked body in {size_text(sizes.chunk)}"
            " chunks, read()",
            target="/chunked",
            response=payloads.chunked_response(chunked, sizes.chunk),
            body=chunked,
            unit="MB/s",
            per_exchange=len(chunked) / 1e6,
            goal=1.5,
        ),
        Workload(
            key="headers",
            title=f"{sizes.header_lines} header lines, keep-alive, one getheader()",
            target="/headers",
            response=payloads.content_length_response(small, extra=sizes.header_lines - 2),
            body=small,
            unit="req/s",
            per_exchange=1.0,
            goal=1.5,
            probe=True,
        ),
    ]


def _exchange(conn: Any, workload: Workload) -> Tuple[Any, bytes]:
    """One request and its whole response; a body of the wrong length raises."""
    conn.request("GET", workload.target)
    response = conn.getresponse()
    body = response.read()
    if workload.probe:
        value = response.getheader(payloads.PROBE_NAME)
        if value != payloads.PROBE_VALUE:
            raise WrongResult(
                f"getheader({payloads.PROBE_NAME!r}) returned {value!r},"
                f" expected {payloads.PROBE_VALUE!r}"
            )
    if len(body) != len(workload.body):
        raise WrongResult(f"read() returned {len(body)} bytes, expected {len(workload.body)}")
    return response, body


def verify(module: ModuleType, address: Address, workload: Workload) -> None:
    """Two exchanges on one connection, checked in full: status 200 and the
    exact body bytes. Raises WrongResult naming the first difference."""
    conn = module.HTTPConnection(address[0], address[1], timeout=TIMEOUT)
    try:
        for _ in range(2):
            response, body = _exchange(conn, workload)
            status = getattr(response, "status", None)
            if status != 200:
                raise WrongResult(f"status {status!r}, expected 200")
            if body != workload.body:
                raise WrongResult(
                    "read() returned the right length but wrong bytes from offset"
                    f" {_first_difference(body, workload.body)}"
                )
    finally:
        conn.close()


def _first_difference(got: bytes, expected: bytes) -> int:
    """The offset of the first byte where ``got`` and ``expected`` differ
    (found a 64 KiB slice at a time, then byte by byte)."""
    step = 65536
    for start in range(0, min(len(got), len(expected)), step):
        mine, theirs = got[start:start + step], expected[start:start + step]
        if mine != theirs:
            for offset, (a, b) in enumerate(zip(mine, theirs)):
                if a != b:
                    return start + offset
    return min(len(got), len(expected))


def time_exchanges(module: ModuleType, address: Address, workload: Workload, count: int) -> float:
    """Seconds taken by ``count`` exchanges on one already-open connection."""
    conn = module.HTTPConnection(address[0], address[1], timeout=TIMEOUT)
    try:
        _exchange(conn, workload)  # opens the connection; not timed
        start = time.perf_counter()
        for _ in range(count):
            _exchange(conn, workload)
        return time.perf_counter() - start
    finally:
        conn.close()


def rate(workload: Workload, count: int, seconds: float) -> float:
    """The figure for ``count`` exchanges done in ``seconds`` (unit per second)."""
    return count * workload.per_exchange / max(seconds, 1e-9)
