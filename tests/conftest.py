"""Session-wide guard: the whole test run may leave no thread and no file
descriptor behind (every server closed, every thread joined)."""

import gc
import os
import sys
import threading
import time
from typing import Dict, Set

import pytest

FD_DIR = "/proc/self/fd"


def open_descriptors() -> Dict[int, str]:
    """Open file descriptors and what they point at (empty where /proc is absent)."""
    if not os.path.isdir(FD_DIR):
        return {}
    found = {}
    for name in os.listdir(FD_DIR):
        try:
            found[int(name)] = os.readlink(os.path.join(FD_DIR, name))
        except OSError:  # the descriptor listdir itself used, closed since
            continue
    return found


def resource_tracker_descriptor() -> int:
    """The pipe to multiprocessing's resource tracker: a process-wide singleton
    that the standard library starts with the first spawned process (the
    benchmark's server) and keeps until the interpreter exits; not a leak."""
    tracker = sys.modules.get("multiprocessing.resource_tracker")
    fd = getattr(getattr(tracker, "_resource_tracker", None), "_fd", None)
    return fd if isinstance(fd, int) else -1


def live_threads() -> Set[threading.Thread]:
    return set(threading.enumerate())


@pytest.fixture(scope="session", autouse=True)
def no_leaks_after_the_run():
    """Compare threads and descriptors before the first test and after the last."""
    threads, fds = live_threads(), open_descriptors()
    yield
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        # Unreachable objects still holding a socket are not leaks: PyPy (no
        # reference counting) closes them only when its collector runs.
        gc.collect()
        extra_threads = live_threads() - threads
        tracker = resource_tracker_descriptor()
        extra_fds = {
            fd: path
            for fd, path in open_descriptors().items()
            if fds.get(fd) != path and fd != tracker
        }
        if not extra_threads and not extra_fds:
            return
        time.sleep(0.05)
    names = sorted(t.name for t in extra_threads)
    pytest.fail(f"the test run leaked threads {names} and descriptors {extra_fds}", pytrace=False)
