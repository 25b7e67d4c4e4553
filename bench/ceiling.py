"""The server's own ceiling: how fast a client that parses nothing goes.

A raw socket sends the request bytes and receives exactly as many bytes as
the pre-built response holds. A real client cannot beat this; when one
comes near it, the server or loopback is the limit and the ratio for that
workload understates the difference between the clients.
"""

import socket
import time
from typing import Tuple

from bench.workloads import TIMEOUT, Workload, rate

NEAR = 0.7  # a client figure above this share of the ceiling is "near" it


def request_bytes(workload: Workload) -> bytes:
    """A minimal GET for the workload's target (RFC 9112 section 3)."""
    return b"GET " + workload.target.encode("ascii") + b" HTTP/1.1\r\nHost: bench\r\n\r\n"


def _exchange(sock: socket.socket, request: bytes, into: memoryview) -> None:
    sock.sendall(request)
    received = 0
    while received < len(into):
        count = sock.recv_into(into[received:])
        if not count:
            raise ConnectionError("the benchmark server closed the connection")
        received += count


def raw_rate(
    address: Tuple[str, int], workload: Workload, seconds: float, slices: int = 5
) -> float:
    """The workload's figure for the raw client: the best of ``slices`` runs
    of ``seconds / slices`` each (a ceiling is a best case, so the maximum)."""
    request = request_bytes(workload)
    into = memoryview(bytearray(len(workload.response)))
    best = 0.0
    with socket.create_connection(address, timeout=TIMEOUT) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _exchange(sock, request, into)  # not timed; checks the server instead
        if into != workload.response:
            raise ValueError(f"the benchmark server sent wrong bytes for {workload.target}")
        for _ in range(slices):
            count = 0
            start = time.perf_counter()
            elapsed = 0.0
            while elapsed < seconds / slices:
                _exchange(sock, request, into)
                count += 1
                elapsed = time.perf_counter() - start
            best = max(best, rate(workload, count, elapsed))
    return best
