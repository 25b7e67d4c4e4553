"""``index.html``: the matrix, the known-vulnerability section and each cell's
detail, in ONE static file opened from disk (no server, no network).

Every byte of record data is hostile (servers built to misbehave sent it, and
messages echo it): in the HTML it is escaped text; for the page's script it
sits in an inert ``<script type="application/json">`` block with ``<``, ``>``
and ``&`` written as ``\\u003c``, ``\\u003e``, ``\\u0026``, and the script
writes it with ``textContent`` only. A Content-Security-Policy meta tag allows
the page's own script and style (by hash) and nothing else.
"""

import base64
import hashlib
import json
from html import escape
from importlib import resources
from typing import Any, Dict, List, Optional, Sequence

from conformance.clauses import LEVELS
from reports.cve import KIT_ERROR, NOT_RUN, SAFE, VULNERABLE, Issue, summary_of
from reports.grades import LETTERS, SEVERITY, is_deviation
from reports.matrix import EDITION_VIEWS, Matrix, Row

Record = Dict[str, Any]
# Fields of each record the page's script reads, in order (page.js names the indexes).
# What a cell of the vulnerability table shows (its title spells the state out).
SHORT_STATES = {SAFE: "safe", VULNERABLE: "VULN", KIT_ERROR: "error", NOT_RUN: "\u2013"}
RECORD_FIELDS = ("column", "check", "edition", "grade", "clause", "level", "message",
                 "transcript", "reproduce", "example", "duration")
_STRING_FIELDS = RECORD_FIELDS[1:9]  # stored as indexes into the page's string table


def inert_json(value: Any) -> str:
    """``value`` as JSON that cannot end or open an element inside ``<script>``."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def csp_hash(text: str) -> str:
    """The CSP source expression allowing an inline element whose content is ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _asset(name: str) -> str:
    return resources.files("reports").joinpath(name).read_text(encoding="utf-8") \
        if hasattr(resources, "files") else resources.read_text("reports", name)


def page_style() -> str:
    """The page's CSS: ``page.css`` and one rule per grade letter."""
    letters = "".join(f'td.c.g-{g}::after {{ content: "{LETTERS[g]}"; }}\n' for g in SEVERITY)
    return _asset("page.css") + letters


def render(matrix: Matrix, issues: Sequence[Issue], title: str, problems: Sequence[str],
           generated: str) -> str:
    """The whole page."""
    script, style = _asset("page.js"), page_style()
    policy = (f"default-src 'none'; script-src {csp_hash(script)}; "
              f"style-src {csp_hash(style)}; img-src 'none'; base-uri 'none'; "
              "form-action 'none'")
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy, quote=False)}">\n',
        f"<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n",
        '<body class="ed-all">\n<header>\n',
        f"<h1>{escape(title)}</h1>\n",
        f"<p>{len(matrix.records)} records, {len(matrix.columns)} columns, "
        f"{len(matrix.rows())} clauses; generated {escape(generated)}. "
        "Click a cell for its records: message, wire transcript, command to reproduce.</p>\n",
    ]
    parts.extend(_problems(problems))
    parts.extend(_filters())
    parts.append(_legend())
    parts.append("</header>\n<main>\n")
    parts.extend(_cve_section(matrix, issues))
    parts.append('<h2 id="clauses">Clauses</h2>\n')
    parts.extend(_matrix_table(matrix))
    parts.append("</main>\n<aside id=\"detail\" hidden></aside>\n")
    parts.append('<script type="application/json" id="report-data">')
    parts.append(inert_json(_script_data(matrix)))
    parts.append(f"</script>\n<script>{script}</script>\n</body></html>\n")
    return "".join(parts)


def _problems(problems: Sequence[str]) -> List[str]:
    if not problems:
        return []
    items = "".join(f"<li>{escape(p)}</li>" for p in problems)
    return [f'<div class="problems"><b>Left out of this report ({len(problems)} '
            f"unreadable part(s) of the records files):</b><ul>{items}</ul></div>\n"]


def _options(values: Sequence[str], everything: str) -> str:
    first = f'<option value="">{escape(everything)}</option>'
    return first + "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)


def _filters() -> List[str]:
    editions = "".join(f'<option value="{e}">{"both editions" if e == "all" else e}</option>'
                       for e in EDITION_VIEWS)
    return [
        '<form id="filters">',
        f'<label>edition <select id="f-edition">{editions}</select></label>',
        f'<label>grade <select id="f-grade">{_options(SEVERITY, "any grade")}</select></label>',
        f'<label>level <select id="f-level">{_options(LEVELS, "any level")}</select></label>',
        '<label><input type="checkbox" id="f-disagree"> only rows where implementations '
        "disagree</label>",
        '<span id="shown"></span></form>\n',
    ]


def _legend() -> str:
    items = "".join(f'<span class="g-{g}">{LETTERS[g]} {g}</span>' for g in SEVERITY)
    return (f'<p class="legend">{items} (a cell graded by several checks shows the worst '
            "grade)</p>\n")


def _cell_attrs(matrix: Matrix, ids: Sequence[int]) -> str:
    """The records of a cell, worst first (the script titles the detail from the
    row's summary and the column's label)."""
    ranked = sorted(ids, key=lambda i: -SEVERITY.index(matrix.records[i]["grade"]))
    return f' data-r="{" ".join(map(str, ranked))}"' if ranked else ""


def _cve_section(matrix: Matrix, issues: Sequence[Issue]) -> List[str]:
    parts = ['<h2 id="cve">Known vulnerabilities</h2>\n<p>One row per CVE or CPython issue '
             "of the <code>cve</code> catalogue, derived from the records: VULN (vulnerable) when "
             "a record of one of the issue's cases deviates, safe when all pass, error when the "
             "kit failed, \u2013 when none was run.</p>\n"
             '<table id="cve-table"><thead><tr><th>issue</th>']
    parts.extend(f'<th class="col"><span class="name">{escape(c.label)}</span></th>'
                 for c in matrix.columns)
    parts.append("</tr></thead><tbody>\n")
    for issue in issues:
        cases = "\n".join(issue.descriptions)
        parts.append(f'<tr><th class="clause" title="{escape(cases)}"><details><summary>'
                     f"{escape(issue.id)}<span class=\"lvl\">{escape(summary_of(issue) or '')}"
                     f"</span></summary><p>{escape(cases)}</p></details></th>")
        for n in range(len(matrix.columns)):
            state = issue.states[n]
            parts.append(f'<td class="s-{state.replace(" ", "-")}" title="{state}"'
                         f"{_cell_attrs(matrix, issue.cells[n])}>{SHORT_STATES[state]}</td>")
        parts.append("</tr>\n")
    parts.append("</tbody></table>\n")
    return parts


def _counts(matrix: Matrix) -> List[str]:
    """Per column: passed/total and deviations, one span per edition view."""
    by_column: List[Dict[str, List[str]]] = [{v: [] for v in EDITION_VIEWS}
                                             for _ in matrix.columns]
    for record, column in zip(matrix.records, matrix.record_columns):
        by_column[column]["all"].append(record["grade"])
        by_column[column].setdefault(record["edition"], []).append(record["grade"])
    return [_count_spans(views) for views in by_column]


def _count_spans(views: Dict[str, List[str]]) -> str:
    spans = []
    for view in EDITION_VIEWS:
        grades = views[view]
        passed = sum(1 for g in grades if not is_deviation(g))
        detail = ", ".join(f"{g} {grades.count(g)}" for g in SEVERITY if g in grades)
        spans.append(f'<span class="n-{view}" title="{escape(detail)}"><b>{passed}</b><br>'
                     f"/{len(grades)}<br>{len(grades) - passed} dev</span>")
    return "".join(spans)


def _matrix_table(matrix: Matrix) -> List[str]:
    head = ['<table id="matrix"><thead><tr class="labels"><th>clause</th>']
    head.extend(f'<th class="col" title="{escape(" ".join(c.key))}"><span class="name">'
                f"{escape(c.label)}</span></th>" for c in matrix.columns)
    head.append('</tr><tr class="counts"><th>passed/total, deviations</th>')
    head.extend(f"<th>{spans}</th>" for spans in _counts(matrix))
    head.append("</tr></thead>\n")
    body = []
    width = len(matrix.columns) + 1
    for section, rows in matrix.sections:
        body.append(f'<tbody><tr class="sec"><th colspan="{width}">{escape(section)}</th></tr>\n')
        body.extend(_row(matrix, row) for row in rows)
        body.append("</tbody>\n")
    return head + body + ["</table>\n"]


def _row(matrix: Matrix, row: Row) -> str:
    text = f"{row.level}: {row.text}"
    cells = []
    for n in range(len(matrix.columns)):
        grades = [matrix.grade(row, n, view) or "" for view in EDITION_VIEWS]
        cls = f"c g-{grades[0]}" if grades[0] else "c"
        data_g = f' data-g="{"|".join(grades)}"' if grades[0] else ""
        attrs = _cell_attrs(matrix, row.cells[n])
        cells.append(f'<td class="{cls}"{data_g}{attrs}></td>')
    return (f'<tr data-level="{escape(row.level)}"><th class="clause" title="{escape(text)}">'
            f"<details><summary>{escape(row.clause)}<span class=\"lvl\">{escape(row.level)}"
            f"</span></summary><p>{escape(row.text)}</p></details></th>{''.join(cells)}</tr>\n")


def _script_data(matrix: Matrix) -> Dict[str, Any]:
    """What the page's script reads: column labels and the detail of every record,
    each string field an index into one table of distinct strings (the same check
    id, clause, message or transcript across columns is stored once)."""
    strings: Dict[str, int] = {}

    def ref(value: Optional[str]) -> Optional[int]:
        return None if value is None else strings.setdefault(value, len(strings))

    rows = []
    for record, column in zip(matrix.records, matrix.record_columns):
        rows.append([column] + [ref(record[name]) for name in _STRING_FIELDS]
                    + [record.get("example"), record["duration"]])
    return {"fields": list(RECORD_FIELDS), "columns": [c.label for c in matrix.columns],
            "strings": list(strings), "records": rows}
