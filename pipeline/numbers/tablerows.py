"""Rows of tables flattened into text lines, and the unit each row's bare numbers take.

PDF extraction turns a table into lines of cells (`营业收入（元） 81,234,567.80 79,100,200.00
2.70%`); the view the extractors read drops the spaces between Chinese characters and
digits (`营业收入（元）81,234,567.80 …`). A bare number in such a row takes, in this order:
the unit of its column, named in the header line right above the rows (`计提比例(%)`,
counted from the right end of the line); the unit its row label names (`（元）`, also on
the line above when the label wrapped); a unit cell before it in the row (`销售量 台
82,310`) or at the end of its label under a header with a unit column (`项目 单位 2018年`);
or the unit the table declared (`单位：元`) if no prose or heading came since.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pipeline.numbers.patterns import NumberPatterns

# the cells of a row from one position on: numbers, and runs of other characters
_TOKENS = re.compile(r"[-−－（(]?[0-9０-９][0-9０-９,，.．]*[%％‰]?[)）]?|[^\s0-9０-９]+")
# what follows a unit label of a header: column labels, each ending at a space or a
# closing parenthesis (`比例（%）`)
_LABELS = re.compile(r"[^\s)）]+[)）]?|[)）]")


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


# the units of a header line's columns: (unit, how many columns follow it)
Columns = tuple[tuple[TableUnit, int], ...]


class TableContext:
    """Row and unit lookups for one text, computed line by line as they are asked for."""

    def __init__(self, text: str, patterns: NumberPatterns, tables: dict[str, Any]) -> None:
        self._text = text
        self._patterns = patterns
        self._prose_marks = tables["prose_marks"]
        self._largest_share = Decimal(tables["largest_share"])
        table_units = tables["table_units"]
        self._units = {
            name: TableUnit(spec["unit"], Decimal(str(spec["factor"]))) for name, spec in table_units.items()
        }
        self._scales = {k: Decimal(v) for k, v in {**tables["small_scales"], **tables["big_scales"]}.items()}
        self._rows: dict[int, Row] = {}
        self._declared: dict[int, TableUnit | None] = {}
        self._labels_above: dict[int, TableUnit | None] = {}
        self._columns: dict[int, Columns] = {}
        self._row_units: dict[int, TableUnit | None] = {}
        self._declarations = sorted(self._find_declarations())
        self._declared_at = [position for position, _ in self._declarations]
        self._unit_columns_at = sorted(
            m.start() for m in patterns.unit_column_header.finditer(text) if self.row(m.start()).cells == 0
        )
        self._scope_ends: list[int] | None = None  # lines that may end a table's scope
        self._scope_end_after: dict[int, int] = {}  # header position → where its scope ends

    def _find_declarations(self) -> list[tuple[int, TableUnit]]:
        """`单位：元` lines, and header lines without numbers whose label names a unit
        (`序号 客户名称 销售额（元） 占比`) above a row of several cells (a line of a
        header wrapped over many lines names the unit of one column only)."""
        found = []
        for m in self._patterns.declaration.finditer(self._text):
            unit = self._units.get(m.group("unit"))
            if unit is not None:
                found.append((m.start(), unit))
        for m in self._patterns.row_label.finditer(self._text):
            unit = self._units.get(m.group("unit"))
            if unit is not None and unit.unit != "%":
                row = self.row(m.start())
                if row.cells == 0 and self._heads_rows(row) and _LABELS.search(self._text, row.start, m.start()):
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

    def unit_for(self, row: Row, position: int, value: Decimal) -> TableUnit | None:
        """The unit of the bare number ``value`` at ``position`` in the tabular ``row``; a
        share too large for a percentage column is a misread column."""
        columns = self._columns_of(row) if row.cells >= 2 else ()
        if columns:
            column = self._column_unit(row, position, columns)
            if column is not None and (column.unit != "%" or abs(value) <= self._largest_share):
                return column
        if row.unit_cells:
            label = self.label_unit(row)
            if label is not None:
                return label
            before = [unit for at, unit in row.unit_cells if at < position]
            if before:
                return before[-1]
        if row.start not in self._row_units:
            self._row_units[row.start] = self.label_unit(row) or self._label_end_unit(row) or self._declared_unit_of(row)
        return self._row_units[row.start]

    def _column_unit(self, row: Row, position: int, columns: Columns) -> TableUnit | None:
        """The unit of the column at ``position``, counted from the right: the header's
        unit label with as many column labels after it as there are cells after it."""
        after = len(_TOKENS.findall(self._text, position, row.end)) - 1
        for unit, labels_after in columns:
            if labels_after == after:
                return unit
        return None

    def _columns_of(self, row: Row) -> Columns:
        """The column units of the header right above the run of rows that ``row`` is in
        (a line above a row that starts with its number is the row's wrapped label)."""
        known = self._columns.get(row.start)
        if known is not None:
            return known
        chain = []
        while row.start not in self._columns:
            chain.append(row.start)
            if row.start == 0:
                columns: Columns = ()
                break
            above = self.row(row.start - 1)
            if above.cells == 0:
                labelled = row.cells >= 2 and self._text[row.start:row.first_cell].strip()
                columns = self._header_columns(above) if labelled else ()
                break
            row = above
        else:
            columns = self._columns[row.start]
        for start in chain:
            self._columns[start] = columns
        return columns

    def _header_columns(self, header: Row) -> Columns:
        """The unit labels of a header line (not a lone `（股）`: the end of a wrapped
        header), each with the number of column labels after it."""
        text = self._text
        if "(" not in text[header.start:header.end] and "（" not in text[header.start:header.end]:
            return ()
        columns = []
        for m in self._patterns.row_label.finditer(text, header.start, header.end):
            unit = self._units.get(m.group("unit"))
            if unit is not None and _LABELS.search(text, header.start, m.start()):
                columns.append((unit, len(_LABELS.findall(text, m.end(), header.end))))
        return tuple(columns)

    def _label_end_unit(self, row: Row) -> TableUnit | None:
        """A unit word ending the row label, under a header with a unit column."""
        if row.first_cell is None or self._last_in_scope(self._unit_columns_at, row.start) is None:
            return None
        m = self._patterns.label_end_unit.search(self._text, row.start, row.first_cell)
        if m is None:
            return None
        unit = self._units[m["unit"]]
        for scale in m["scale"]:
            unit = TableUnit(unit.unit, unit.factor * self._scales[scale])
        return unit

    def _declared_unit_of(self, row: Row) -> TableUnit | None:
        if row.start not in self._declared:
            i = self._last_in_scope(self._declared_at, row.start)
            self._declared[row.start] = None if i is None else self._declarations[i][1]
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

    def _last_in_scope(self, positions: list[int], line_start: int) -> int | None:
        """The index of the last of ``positions`` (table headers or declarations) before
        the line, unless a prose line or heading came since (a long row label wrapped
        above its numbers is neither)."""
        i = bisect_right(positions, line_start) - 1
        if i < 0:
            return None
        return i if line_start <= self._scope_end(positions[i]) else None

    def _scope_end(self, header: int) -> int:
        """Where the scope of the table header or declaration at ``header`` ends."""
        if header not in self._scope_end_after:
            if self._scope_ends is None:
                self._scope_ends = sorted(m.start() for p in self._patterns.scope_ends for m in p.finditer(self._text))
            end = len(self._text)
            for position in self._scope_ends[bisect_right(self._scope_ends, header):]:
                row = self.row(position)
                if row.cells < 2 and not self._wrapped_label(row):
                    end = position
                    break
            self._scope_end_after[header] = end
        return self._scope_end_after[header]

    def _heads_rows(self, row: Row) -> bool:
        """Whether the next line is a row of several cells."""
        return row.end < len(self._text) and self.row(row.end + 1).cells >= 2

    def _wrapped_label(self, row: Row) -> bool:
        """Whether the next line starts with a number (the line is its row's label)."""
        if row.end >= len(self._text):
            return False
        below = self.row(row.end + 1)
        return below.first_cell is not None and not self._text[below.start:below.first_cell].strip()
