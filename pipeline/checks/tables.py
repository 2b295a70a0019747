"""The table facts of a document regrouped as tables of rows, in source order."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.checks.facts import Fact


@dataclass
class Row:
    label: str
    cells: dict[int, Fact] = field(default_factory=dict)


def tables_of(facts: list[Fact]) -> dict[int, list[Row]]:
    """Each table's rows, keyed by where the table starts: a row ends where the label
    changes or the column index stops growing."""
    by_table: dict[int, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.table_start is not None and fact.column is not None:
            by_table[fact.table_start].append(fact)
    tables = {}
    for table_start, cells in by_table.items():
        rows: list[Row] = []
        for fact in sorted(cells, key=lambda f: f.start):
            row = rows[-1] if rows else None
            if row is None or row.label != fact.row_label or fact.column <= max(row.cells):
                row = Row(fact.row_label)
                rows.append(row)
            row.cells[fact.column] = fact
        tables[table_start] = rows
    return tables
