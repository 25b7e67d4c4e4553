"""Running a callable under a deadline: the one worker-thread pattern of the kit.

A script's client, an API check's client and a whole check all run this
way: in a daemon thread joined with a limit. A callable still running then is
released (``release()`` closes what it is blocked on), joined once more, and
the caller gets ``Hang``; an exception it raised is re-raised in the caller's
thread; otherwise its result is returned.
"""

import threading
from typing import Any, Callable, Dict, Optional

from conformance.grading import Hang

# How long a released callable may take to notice that it was released.
JOIN_GRACE = 1.0


class Outcome:
    """What a callable run in a thread did: its result, its exception, or still running."""

    def __init__(self) -> None:
        self.box: Dict[str, Any] = {}
        self.timed_out = False  # still running at the limit (then released)
        self.running = True  # still running when ``run_in_thread`` returned

    @property
    def result(self) -> Any:
        """The value it returned (None when it raised or is still running)."""
        return self.box.get("result")

    @property
    def error(self) -> Optional[BaseException]:
        """The exception it raised, if any."""
        return self.box.get("error")


def run_in_thread(action: Callable[[], Any], limit: float, name: str,
                  release: Optional[Callable[[], None]] = None) -> Outcome:
    """Run ``action`` in a daemon thread for at most ``limit`` seconds; past that
    call ``release`` (if given) and wait ``JOIN_GRACE`` more. Raises nothing:
    the outcome says whether it finished and how."""
    outcome = Outcome()

    def target() -> None:
        try:
            outcome.box["result"] = action()
        except BaseException as exc:  # handed to the caller's thread
            outcome.box["error"] = exc

    worker = threading.Thread(target=target, name=name, daemon=True)
    worker.start()
    worker.join(limit)
    outcome.timed_out = worker.is_alive()
    if outcome.timed_out and release is not None:
        release()
        worker.join(JOIN_GRACE)
    outcome.running = worker.is_alive()
    return outcome


def within(action: Callable[[], Any], limit: float, name: str, what: str,
           release: Optional[Callable[[], None]] = None) -> Any:
    """``action()``'s result, its exception re-raised, or ``Hang`` past ``limit``
    (the message names ``what`` ran: "the check", "the client")."""
    outcome = run_in_thread(action, limit, name, release)
    if outcome.timed_out:
        still = " (left running)" if outcome.running else ""
        raise Hang(f"{what} did not finish within {limit:g} s{still}")
    if outcome.error is not None:
        raise outcome.error
    return outcome.result
