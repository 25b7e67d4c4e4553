"""What the running check has done so far, for its grade record.

The plugin opens one ``CheckContext`` around each check; ``conformance.drive``
notes the scripts it plays and their wire transcripts into it.
"""

import re
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

DEFAULT_DEADLINE = 10.0
DEFAULT_CLIENT_TIMEOUT = 2.0
KEEP_TRANSCRIPTS = 4
CHECK_DEADLINE_FLOOR = 60.0
CHECK_DEADLINE_FACTOR = 6.0


@dataclass
class Settings:
    """Timing limits every run of a script obeys (set from the command line)."""

    deadline: float = DEFAULT_DEADLINE  # seconds one run of a script may take in all
    client_timeout: float = DEFAULT_CLIENT_TIMEOUT  # socket timeout given to the client
    whole_check: Optional[float] = None  # seconds a whole check may take; None: derived

    def check_deadline(self) -> float:
        """Time a whole check may take (it may play many scripts) before ``hang``."""
        if self.whole_check is not None:
            return self.whole_check
        return max(CHECK_DEADLINE_FLOOR, CHECK_DEADLINE_FACTOR * self.deadline)


@dataclass
class CheckContext:
    """Scenarios played and transcripts collected by one check."""

    scripts: List[str] = field(default_factory=list)
    transcripts: List[str] = field(default_factory=list)
    # The first hang of the check (of the example, in a property check): later
    # runs fail at once with it; ``start_example`` forgets it, so a hang ends
    # one example of a property, never the property.
    hang: Optional[Exception] = None
    # What the check observed, normalised (``Observed.normalised``), when it
    # graded observations; None leaves the record's outcome to the message.
    outcome: Optional[List[str]] = None
    # A property check's reported (shrunk) example, replayable with
    # ``python -m conformance replay`` (``conformance.properties``); else None.
    example: Optional[Dict[str, Any]] = None

    def start_example(self) -> None:
        """Forget what the previous example of a property did (its hang, its
        transcripts, its outcome): the record describes the example reported."""
        self.hang = None
        self.transcripts.clear()
        self.outcome = None

    def note(self, script: str, transcript: str) -> None:
        """Remember that ``script`` was played, with its rendered transcript."""
        self.scripts.append(script)
        self.transcripts.append(f"== script {script} ==\n{transcript}")
        del self.transcripts[:-KEEP_TRANSCRIPTS]  # property tests play many examples

    @property
    def script(self) -> Optional[str]:
        """The last script played (the one that decided the grade), if any."""
        return self.scripts[-1] if self.scripts else None

    def transcript(self) -> Optional[str]:
        """Every transcript of the check, in order, or None when nothing was played."""
        return "\n".join(self.transcripts) if self.transcripts else None


settings = Settings()
_lock = threading.Lock()
_current: Optional[CheckContext] = None


def begin() -> CheckContext:
    """Start collecting for a new check."""
    global _current
    with _lock:
        _current = CheckContext()
        return _current


def current() -> CheckContext:
    """The running check's context (a throwaway one outside the plugin)."""
    with _lock:
        return _current if _current is not None else CheckContext()


_VOLATILE = (
    (re.compile(r"(127\.0\.0\.1|localhost|::1)(['\]]*)(, |:)\d{2,5}"), r"\1\2\3PORT"),
    (re.compile(r"\bport=\d{2,5}"), "port=PORT"),
    (re.compile(r"\b0x[0-9a-fA-F]{6,}\b"), "0x..."),
    (re.compile(r"\b\d+\.\d+ ?s\b"), "N s"),
)


def normalise_message(message: str) -> List[str]:
    """A failure message as a stable outcome: its first line (pytest's assertion
    details follow it) with ports, addresses and durations masked, so the same
    behaviour gives the same outcome on every run."""
    text = mask_volatile(next((ln.strip() for ln in message.splitlines() if ln.strip()), ""))
    return [text] if text else []


def mask_volatile(text: str) -> str:
    """``text`` with loopback ports, object addresses and durations masked: what
    differs between two runs of the same behaviour."""
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text
