"""``reports build`` and ``reports merge``: records files in, report files out.

``build`` writes ``DIR/index.html``, ``DIR/summary.md``, ``DIR/results.json``,
``DIR/junit/<column-slug>.xml`` and ``DIR/deviations.md``, each whole or not
at all. Unreadable lines of the records files are left out and listed (in the
report and in ``Built.problems``); the rest of the report is still written.
"""

import os
import time
from dataclasses import dataclass, field
from typing import List, Optional, Sequence

from reports import deviations, html, junit, results_json, summary_md
from reports.cve import cve_table
from reports.explanations import Explanations
from reports.explanations import load as load_explanations
from reports.matrix import build_matrix
from reports.merge import merge
from reports.output import write_text
from reports.records import load_files

TITLE = "http.client conformance report"


@dataclass
class Built:
    index: str
    problems: List[str] = field(default_factory=list)
    columns: int = 0
    records: int = 0


def build(paths: Sequence[str], out_dir: str,
          explanations: Optional[Explanations] = None) -> Built:
    """Read ``paths``, write the report into ``out_dir`` (created if need be).

    Raises ``RecordsError`` (a file that cannot be read, another schema
    version) or ``DuplicateRecord`` before writing anything."""
    loaded = load_files(paths)
    records = merge(loaded.records, loaded.sources)
    problems = [str(p) for p in loaded.problems]
    explanations = explanations if explanations is not None else load_explanations()
    matrix = build_matrix(records)
    issues = cve_table(matrix)
    generated = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    junit_dir = os.path.join(out_dir, "junit")
    os.makedirs(junit_dir, exist_ok=True)
    write_text(os.path.join(out_dir, "results.json"), results_json.render(matrix.records))
    written = set()
    for n, column in enumerate(matrix.columns):
        mine = [r for r, at in zip(matrix.records, matrix.record_columns) if at == n]
        name = f"{column.slug}.xml"
        write_text(os.path.join(junit_dir, name), junit.render(column, mine))
        written.add(name)
    for stale in sorted(os.listdir(junit_dir)):  # columns of an earlier build
        if stale.endswith(".xml") and stale not in written:
            os.unlink(os.path.join(junit_dir, stale))
    write_text(os.path.join(out_dir, "deviations.md"),
               deviations.render(matrix, explanations.explain, f"{TITLE}: deviations"))
    write_text(os.path.join(out_dir, "summary.md"),
               summary_md.render(matrix, issues, TITLE, problems))
    index = os.path.join(out_dir, "index.html")
    write_text(index, html.render(matrix, issues, TITLE, problems, generated))
    return Built(index, problems, len(matrix.columns), len(matrix.records))


def merge_files(paths: Sequence[str], out_file: str) -> List[str]:
    """Merge ``paths`` into one ``results.json`` at ``out_file``; return the problems."""
    loaded = load_files(paths)
    records = merge(loaded.records, loaded.sources)
    write_text(out_file, results_json.render(records))
    return [str(p) for p in loaded.problems]
