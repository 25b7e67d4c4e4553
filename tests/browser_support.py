"""Headless Chromium for the browser tests: Debian's ``/usr/bin/chromium`` driven
by Playwright for Python through ``executable_path`` (nothing is downloaded).

When Chromium or Playwright is absent the tests skip with the reason, unless
``HTTPCLIENT_REQUIRE_BROWSER=1`` (as ``.ci/run`` sets): then absence fails.
"""

import os
import shutil
from typing import Optional

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
REQUIRE = "HTTPCLIENT_REQUIRE_BROWSER"


def chromium_path() -> Optional[str]:
    """``$HTTPCLIENT_CHROMIUM``, else ``/usr/bin/chromium``, else ``chromium`` on PATH."""
    for candidate in (os.environ.get("HTTPCLIENT_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def unavailable(reason: str) -> None:
    """Skip the test for ``reason``, or fail it when the browser is required."""
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{reason}, and {REQUIRE}=1 requires the browser tests to run")
    pytest.skip(f"{reason} (install Debian's chromium package to run the browser tests)")
