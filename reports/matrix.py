"""The matrix a report shows: clauses as rows (grouped by origin and section),
columns (``reports.columns``), and in each cell the records of that column
grading that clause.

Clause text and level come from the clause catalogue; a clause the catalogue
does not know (records of an older catalogue) keeps the level its records give.
"""

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from conformance import clauses as catalogue
from reports.columns import Column, column_key, columns_of
from reports.grades import worst
from reports.summary import section_key, section_of

Record = Dict[str, Any]
EDITION_VIEWS = ("all", "seed", "modern")


@dataclass
class Row:
    """One clause, and per column the indexes (into ``Matrix.records``) of its records."""

    clause: str
    level: str
    text: str
    cells: List[List[int]] = field(default_factory=list)


@dataclass
class Matrix:
    records: List[Record]
    columns: List[Column]
    sections: List[Tuple[str, List[Row]]]
    record_columns: List[int]  # record_columns[i]: the column of records[i]

    def rows(self) -> List[Row]:
        return [row for _, rows in self.sections for row in rows]

    def grade(self, row: Row, column: int, edition: str = "all") -> Optional[str]:
        """The worst grade of the cell among records of ``edition`` (``all``: any)."""
        return worst(self.records[i]["grade"] for i in row.cells[column]
                     if edition == "all" or self.records[i]["edition"] == edition)

    def disagrees(self, row: Row, edition: str = "all") -> bool:
        """Columns with records for ``row`` do not all show the same grade."""
        grades = {self.grade(row, c, edition) for c in range(len(self.columns))}
        grades.discard(None)
        return len(grades) > 1


def build_matrix(records: Sequence[Record]) -> Matrix:
    """The matrix of ``records`` (already merged: one record per identity)."""
    columns = columns_of(records)
    position = {column.key: n for n, column in enumerate(columns)}
    rows: Dict[str, Row] = {}
    record_columns = [position[column_key(record)] for record in records]
    for index, record in enumerate(records):
        row = rows.get(record["clause"])
        if row is None:
            row = rows[record["clause"]] = _row(record, len(columns))
        row.cells[record_columns[index]].append(index)
    grouped: Dict[str, List[Row]] = {}
    for clause_id in _catalogue_order(rows):
        grouped.setdefault(section_of({"clause": clause_id}), []).append(rows[clause_id])
    sections = [(s, grouped[s]) for s in sorted(grouped, key=section_key)]
    return Matrix(list(records), columns, sections, record_columns)


def _row(record: Record, width: int) -> Row:
    known = catalogue.CLAUSES.get(record["clause"])
    if known is None:
        return Row(record["clause"], record["level"], "(not in this version's clause catalogue)",
                   [[] for _ in range(width)])
    return Row(known.id, known.level, known.text, [[] for _ in range(width)])


def _catalogue_order(rows: Dict[str, Row]) -> List[str]:
    order = {clause_id: n for n, clause_id in enumerate(catalogue.CLAUSES)}
    return sorted(rows, key=lambda c: (order.get(c, len(order)), c))
