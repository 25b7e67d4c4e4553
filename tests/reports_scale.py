"""Measure index.html at scale: N columns made from one real records file (each
copy a pretended interpreter version, a few grades changed so columns
disagree, transcripts varied as separate runs vary them: other ports, other
time offsets), then the build time, the file size and the time Chromium takes to
load the page until its script is ready and to open a cell.

    .venv/bin/python tests/reports_scale.py RECORDS.jsonl [COLUMNS] [OUT_DIR]
"""

import json
import os
import random
import re
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)

from reports.build import build  # noqa: E402
from tests.browser_support import CHROMIUM_ARGS, chromium_path  # noqa: E402

_PORT = re.compile(r"127\.0\.0\.1:\d+")
_OFFSET = re.compile(r"(?m)^( +)(\d+\.\d{3}) ")


def _as_another_run(transcript: str, shuffle: random.Random) -> str:
    """The transcript as another run would write it: other ephemeral ports, offsets
    a little different."""
    text = _PORT.sub(lambda m: f"127.0.0.1:{shuffle.randrange(32768, 61000)}", transcript)
    return _OFFSET.sub(lambda m: f"{m.group(1)}{float(m.group(2)) + shuffle.random() / 500:.3f} ",
                       text)


def main() -> None:
    source, columns = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30
    out = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "reports", "out", "scale")
    with open(source, encoding="utf-8") as src:
        base = [json.loads(line) for line in src if line.strip()]
    shuffle = random.Random(11)
    with tempfile.TemporaryDirectory() as work:
        paths = []
        for n in range(columns):
            version = f"3.{8 + n % 6}.{n}"
            path = os.path.join(work, f"col{n}.jsonl")
            with open(path, "w", encoding="utf-8") as dst:
                for record in base:
                    copy = dict(record, interpreter=dict(record["interpreter"], version=version),
                                impl=dict(record["impl"], version=f"CPython {version}"))
                    if copy["transcript"]:
                        copy["transcript"] = _as_another_run(copy["transcript"], shuffle)
                    if shuffle.random() < 0.02:
                        copy["grade"] = shuffle.choice(["pass", "fail", "lenient", "crash"])
                    dst.write(json.dumps(copy) + "\n")
            paths.append(path)
        started = time.monotonic()
        built = build(paths, out)
        took = time.monotonic() - started
    size = os.path.getsize(built.index)
    print(f"{built.columns} columns, {built.records} records: build {took:.2f} s, "
          f"index.html {size / 1e6:.1f} MB")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        page = context.new_page()
        started = time.monotonic()
        page.goto("file://" + os.path.abspath(built.index))
        page.wait_for_selector("body[data-ready]")
        loaded = time.monotonic() - started
        started = time.monotonic()
        page.click("#matrix td.g-fail >> nth=0")
        page.wait_for_selector("#detail:not([hidden])")
        opened = time.monotonic() - started
        started = time.monotonic()
        page.check("#f-disagree")
        filtered = time.monotonic() - started
        context.close()
    print(f"Chromium: load until ready {loaded:.2f} s, first cell opened {opened:.2f} s, "
          f"'disagree' filter {filtered:.2f} s")


if __name__ == "__main__":
    main()
