"""Rows of tables flattened into text lines, and the unit each row's bare numbers take.

PDF extraction turns a table into lines of space-separated cells
(`营业收入（元） 81,234,567.80 79,100,200.00 2.70%`). A bare number in such a row
takes, in this order: the unit its row label names (`（元）`, also on the line above
when the label wrapped), a unit cell before it in the row (`销售量 台 82,310`), or the
unit the table declared (`单位：元`) if no prose or heading came since.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pipeline.numbers.patterns import NumberPatterns


@dataclass(frozen=True)
class TableUnit:
    """A unit a table declares; its values are multiplied by ``factor`` (`单位：万元`)."""

    unit: str
    factor: Decimal


@dataclass(frozen=True)
class Row:
    """One line of the text as a possible table row: its numeric cells, the first one's
    position, the unit its own label names and its unit cells."""

    start: int
    end: int
    cells: int
    first_cell: int | None
    own_label_unit: TableUnit | None
    unit_cells: tuple[tuple[int, TableUnit], ...]
    prose: bool


class TableContext:
    """Row and unit lookups for one text, computed line by line as they are asked for."""

    def __init__(self, text: str, patterns: NumberPatterns, tables: dict[str, Any]) -> None:
        self._text = text
        self._patterns = patterns
        self._prose_marks = tables["prose_marks"]
        table_units = tables["table_units"]
        self._units = {
            name: TableUnit(spec["unit"], Decimal(str(spec["factor"]))) for name, spec in table_units.items()
        }
        self._rows: dict[int, Row] = {}
        self._declared: dict[int, TableUnit | None] = {}
        self._labels_above: dict[int, TableUnit | None] = {}
        self._declarations = sorted(self._find_declarations())
        self._declared_at = [position for position, _ in self._declarations]
        self._scope_ends = (
            sorted(m.start() for p in patterns.scope_ends for m in p.finditer(text)) if self._declarations else []
        )

    def _find_declarations(self) -> list[tuple[int, TableUnit]]:
        """`单位：元` lines, and header lines without numbers whose label names a unit
        (`序号 客户名称 销售额（元） 占比`)."""
        found = []
        for m in self._patterns.declaration.finditer(self._text):
            unit = self._units.get(m.group("unit"))
            if unit is not None:
                found.append((m.start(), unit))
        for m in self._patterns.row_label.finditer(self._text):
            unit = self._units.get(m.group("unit"))
            if unit is not None and unit.unit != "%":
                row = self.row(m.start())
                if row.cells == 0:
                    found.append((row.start, unit))
        return found

    def row(self, position: int) -> Row:
        """The line holding ``position``."""
        start = self._text.rfind("\n", 0, position) + 1
        row = self._rows.get(start)
        if row is None:
            row = self._rows[start] = self._read_row(start)
        return row

    def tabular(self, row: Row) -> bool:
        """Whether the line is a table row: not prose (no clause comma), and with two
        numeric cells, a unit cell, a unit label, or a cell under a table's declared unit."""
        if row.prose or not row.cells:
            return False
        if row.cells >= 2 or row.unit_cells or self.label_unit(row) is not None:
            return True
        return self._declared_unit_of(row) is not None

    def label_unit(self, row: Row) -> TableUnit | None:
        """The unit the row's label names, on the row or, when the row starts with a
        number, on a label-only line above it (a label wrapped by PDF extraction)."""
        if row.own_label_unit is not None or row.first_cell is None or row.start == 0:
            return row.own_label_unit
        if row.start not in self._labels_above:
            above = None
            if not self._text[row.start:row.first_cell].strip():
                line_above = self.row(row.start - 1)
                above = line_above.own_label_unit if line_above.cells == 0 else None
            self._labels_above[row.start] = above
        return self._labels_above[row.start]

    def unit_for(self, row: Row, position: int) -> TableUnit | None:
        """The unit of a bare number at ``position`` in the tabular ``row``."""
        label = self.label_unit(row)
        if label is not None:
            return label
        before = [unit for at, unit in row.unit_cells if at < position]
        if before:
            return before[-1]
        return self._declared_unit_of(row)

    def _declared_unit_of(self, row: Row) -> TableUnit | None:
        if row.start not in self._declared:
            self._declared[row.start] = self._declared_unit(row.start)
        return self._declared[row.start]

    def _read_row(self, start: int) -> Row:
        text = self._text
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        cells = [m.start() for m in self._patterns.cell.finditer(line)]
        label_unit = None
        if "（" in line or "(" in line:
            for m in self._patterns.row_label.finditer(line, 0, cells[0] if cells else len(line)):
                label_unit = self._units.get(m.group("unit"), label_unit)
        unit_cells = tuple((start + m.start(), self._units[m.group()]) for m in self._patterns.unit_cell.finditer(line))
        prose = any(mark in line for mark in self._prose_marks)
        first_cell = start + cells[0] if cells else None
        return Row(start, end, len(cells), first_cell, label_unit, unit_cells, prose)

    def _declared_unit(self, line_start: int) -> TableUnit | None:
        """The last ``单位：X`` before the line, unless a prose line or heading came since."""
        i = bisect_right(self._declared_at, line_start) - 1
        if i < 0:
            return None
        declared_at, unit = self._declarations[i]
        j = bisect_right(self._scope_ends, declared_at)
        while j < len(self._scope_ends) and self._scope_ends[j] < line_start:
            row = self.row(self._scope_ends[j])
            if row.cells < 2:
                return None
            j += 1
        return unit
