"""Cells of tables flattened into lines: each takes its row label as indicator and its
column's period and measure from the header line above (FACTS-CONVENTIONS "Tables")."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, NamedTuple

from pipeline.facts.cells import RowSpacing, Spacing
from pipeline.facts.period import Period, last_day, year_period
from pipeline.matches import Match

_UNIT_BRACKET = re.compile(r"\s*[（(][^（()）]{0,12}[）)]\s*$")
_YEAR = re.compile(r"(\d{4})\s*年(末|底)?")
_PUNCTUATION = re.compile(r"[。，；！？,;]")
_BARE_FIGURE = re.compile(r"[-+−]?\d[\d,]*(?:\.\d+)?%?")


@dataclass(frozen=True)
class Column:
    """What a header column says of its cells."""

    measure: str  # level, change or share
    period: Period


class Cell(NamedTuple):
    """A number in a table row: its indicator's span (view offsets; the row label, or the
    header of the quantity the row's item is the subject of), its column and the table's start."""

    label_start: int
    label_end: int
    column: int
    measure: str
    period: Period
    table_start: int
    row_label: str
    subject: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Header:
    """A table's header: its first line, its columns, and the span of its share
    sub-column's label (`占营业成本比重`) if it has one."""

    first: int
    columns: list[Column]
    share_label: tuple[int, int] | None


@dataclass(frozen=True)
class Table:
    """The rows under one header: each row line's number columns, and whether its change
    column states the change of the share sub-column rather than of the amount."""

    columns_of: dict[int, list[int]]
    units: frozenset[str]  # the units of the figures in its rows of two numbers or more
    change_of_share: bool


class TableReader:
    """Finds whether a number stands in a flattened table row, and what its cell means."""

    def __init__(self, text: str, numbers: list[Match], tables: dict[str, Any], report_year: int | None,
                 spacing: Spacing | None = None) -> None:
        self._text = text
        self._spacing = spacing or Spacing.identity(text)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._cells: dict[int, list[Match]] = {}
        for m in numbers:
            self._cells.setdefault(self._line(m.start), []).append(m)
        self._tables = tables
        self._reach = tables["header_reach"]
        self._placeholders = frozenset(tables["table_placeholders"])
        self._year = report_year
        words = tables["table_header"]
        self._kinds = sorted(
            ((w, kind) for kind in ("current", "previous", "period_end", "period_start", "change", "share")
             for w in words[kind]), key=lambda p: -len(p[0]))
        self._quarters = words["quarters"]
        self._header_word = re.compile(
            "|".join([r"\d{4}\s*年(?:末|底|度)?"] + [re.escape(w) for w, _ in self._kinds]
                     + [re.escape(q) for q in self._quarters]))
        self._subcolumn = re.compile("|".join(re.escape(w) for w in words["share"] + words["amount"]))
        self._header_token = re.compile(r"\d{4}\s*年(?:末|底|度)?|[^\s\d]+")
        self._headers: dict[int, Header | None] = {}  # by row line
        self._header_ends: dict[int, Header | None] = {}  # by the header's last line
        self._table_of: dict[int, Table] = {}
        self._cell_at: dict[int, Cell | None] = {}  # by number start
        self._line_kinds: dict[int, str] = {}
        self._row_lines: dict[int, bool] = {}

    def cell(self, number: Match) -> Cell | None:
        """The cell of one of the numbers the reader was given (None when it stands in prose)."""
        if number.start not in self._cell_at:
            line = self._line(number.start)
            row = self._cells[line]
            self._cell_at.update(zip((n.start for n in row), self._read_row(line, row)))
        return self._cell_at[number.start]

    def _read_row(self, line: int, row: list[Match]) -> list[Cell | None]:
        """The cell of each number of a row line (None for all when the line is no table row)."""
        none: list[Cell | None] = [None] * len(row)
        if not self._is_row(line, row):
            return none
        header = self._header(line)
        if header is None:
            return none
        table = self._table(header)
        if len(row) < 2 and not self._alone_in_table(row[0], table):
            return none
        label_start, label_end = self._label(line, self._label_cell_end(line, row[0].start), header.first)
        if label_start == label_end:
            return none
        indices = table.columns_of.get(line, list(range(len(row))))
        return [self._cell(header, table, index, label_start, label_end) for index in indices]

    def _cell(self, header: Header, table: Table, index: int, label_start: int, label_end: int) -> Cell:
        columns = header.columns
        column = columns[index] if index < len(columns) else Column("level", year_period(self._year))
        label = self._text[label_start:label_end]
        table_start = self._line_starts[header.first]
        if column.measure == "change" and table.change_of_share and header.share_label:
            share_start, share_end = header.share_label
            return Cell(share_start, share_end, index, column.measure, column.period, table_start, label,
                        (label_start, label_end))
        return Cell(label_start, label_end, index, column.measure, column.period, table_start, label)

    def _table(self, header: Header) -> Table:
        """The rows under ``header``, down to a line of prose or the next header."""
        table = self._table_of.get(header.first)
        if table is not None:
            return table
        rows: dict[int, RowSpacing] = {}
        line = last = header.first + 1
        while line < len(self._line_starts) and line - last <= self._reach:
            if line in self._cells:
                last = line
                found = self._header(line)
                if not self._is_row(line, self._cells[line]) or found is None or found.first != header.first:
                    break
                rows[line] = self._row_spacing(line, self._cells[line])
            elif self._line_kind(line) == "prose":
                break
            line += 1
        separators = [s for s in (r.smallest_separator() for r in rows.values()) if s is not None]
        spaced = min(separators, default=0) == 1
        widths = [r.width(spaced) for r in rows.values() if not r.at_line_start]
        width = max(widths, default=None)
        columns_of = {line: r.columns(spaced, width) for line, r in rows.items()}
        units = frozenset(n.fields.get("unit") or "" for line in rows if len(self._cells[line]) > 1
                          for n in self._cells[line])
        table = Table(columns_of, units - {""}, self._change_of_share(header.columns, columns_of))
        self._table_of[header.first] = table
        return table

    def _alone_in_table(self, number: Match, table: Table) -> bool:
        """Whether the only number of its line is a cell of the table: written bare, like
        the table's figures, in their unit (`单位：元`), not a count in a label (`前五名`)."""
        written = re.sub(r"\s", "", self._text[number.start:number.end])
        return bool(_BARE_FIGURE.fullmatch(written)) and number.fields.get("unit") in table.units

    def _row_spacing(self, line: int, row: list[Match]) -> RowSpacing:
        start = self._line_starts[line]
        cell_end = self._label_cell_end(line, row[0].start)
        at_line_start = not self._text[start:cell_end].strip()
        lead = self._spacing.between(start if at_line_start else cell_end, row[0].start)
        line_end = start + len(self._line_text(line))
        gaps = tuple(self._spacing.between(a.end, b.start) for a, b in zip(row, row[1:]))
        return RowSpacing(lead.rsplit("\n", 1)[-1], gaps, self._spacing.between(row[-1].end, line_end),
                          at_line_start)

    def _label_cell_end(self, line: int, first_cell: int) -> int:
        """Where the row's label ends: before the first number and any placeholder cells
        (`合计 -- 7,399,394.67`) standing before it."""
        start = self._line_starts[line]
        head = self._text[start:first_cell].rstrip()
        parts = head.rsplit(maxsplit=1)
        while parts and parts[-1] in self._placeholders:
            head = parts[0].rstrip() if len(parts) == 2 else ""
            parts = head.rsplit(maxsplit=1)
        return start + len(head)

    def _change_of_share(self, columns: list[Column], columns_of: dict[int, list[int]]) -> bool:
        """Whether a composition table's change column (one period's amount and share, then
        the other's, then the change) states the change of the share, in points, rather
        than of the amount: which of the two its rows' figures agree with more often."""
        levels = [i for i, c in enumerate(columns) if c.measure == "level"]
        shares = [i for i, c in enumerate(columns) if c.measure == "share"]
        changes = [i for i, c in enumerate(columns) if c.measure == "change"]
        if len(levels) != 2 or len(shares) != 2 or len(changes) != 1:
            return False
        votes = 0
        for line, indices in columns_of.items():
            values = {i: n.fields.get("value") for i, n in zip(indices, self._cells[line])}
            now, before, change = values.get(levels[0]), values.get(levels[1]), values.get(changes[0])
            share_now, share_before = values.get(shares[0]), values.get(shares[1])
            if None in (now, before, change, share_now, share_before) or not before:
                continue
            of_amount = (now - before) / abs(before) * 100
            of_share = share_now - share_before
            votes += 1 if abs(change - of_share) < abs(change - of_amount) else -1
        return votes > 0

    def _line(self, position: int) -> int:
        return bisect_right(self._line_starts, position) - 1

    def _line_text(self, line: int) -> str:
        end = self._line_starts[line + 1] - 1 if line + 1 < len(self._line_starts) else len(self._text)
        return self._text[self._line_starts[line]:end]

    def _is_row(self, line: int, row: list[Match]) -> bool:
        """Whether the line of the numbers ``row`` has no punctuation outside them, read once."""
        if line not in self._row_lines:
            self._row_lines[line] = not (
                any(_PUNCTUATION.search(self._text, a.end, b.start) for a, b in zip(row, row[1:]))
                or _PUNCTUATION.search(self._text, self._line_starts[line], row[0].start))
        return self._row_lines[line]

    def _line_kind(self, line: int) -> str:
        """What a line says, read once: ``prose`` (it has punctuation), ``header`` (period
        or change words) or ``plain``."""
        if line not in self._line_kinds:
            text = self._line_text(line)
            self._line_kinds[line] = ("prose" if _PUNCTUATION.search(text)
                                      else "header" if self._header_word.search(text) else "plain")
        return self._line_kinds[line]

    def _header(self, line: int) -> Header | None:
        if line not in self._headers:
            self._headers[line] = self._find_header(line)
        return self._headers[line]

    def _find_header(self, line: int) -> Header | None:
        """The header above a row: the nearest line with period or change words, read
        together with the header lines right above and below it (a wrapped header), and
        sub-columns (`金额 占营业收入比重` under each year) spread over its periods."""
        for above in range(line - 1, max(-1, line - 1 - self._reach), -1):
            if above in self._cells:
                continue
            kind = self._line_kind(above)
            if kind == "prose":
                return None
            if kind == "header":
                return self._header_ending(above)
        return None

    def _header_ending(self, last: int) -> Header | None:
        """The header whose last line (the one with period or change words) is ``last``,
        read once for all the rows under it."""
        if last not in self._header_ends:
            self._header_ends[last] = self._read_header(last)
        return self._header_ends[last]

    def _read_header(self, last: int) -> Header | None:
        first = last
        while first > 0 and self._is_header_line(first - 1):
            first -= 1
        lines = range(first, last + 1)
        subcolumns = [w for i in lines if self._is_subcolumns(self._line_text(i)) for w in self._line_text(i).split()]
        columns = self._columns(" ".join(self._line_text(i) for i in lines
                                         if not self._is_subcolumns(self._line_text(i))))
        if not columns:
            return None
        return Header(first, self._spread(columns, subcolumns), self._share_label(lines))

    def _share_label(self, lines: range) -> tuple[int, int] | None:
        """The first share sub-column label of a header's lines, as a view span."""
        for i in lines:
            if self._is_subcolumns(self._line_text(i)):
                for m in re.finditer(r"\S+", self._line_text(i)):
                    if any(w in m.group() for w in self._tables["table_header"]["share"]):
                        return self._line_starts[i] + m.start(), self._line_starts[i] + m.end()
        return None

    def _is_header_line(self, line: int) -> bool:
        if line in self._cells:
            return False
        kind = self._line_kind(line)
        return kind == "header" or kind == "plain" and self._is_subcolumns(self._line_text(line))

    def _is_subcolumns(self, text: str) -> bool:
        labels = text.split()
        return bool(labels) and all(self._subcolumn.search(w) for w in labels)

    def _spread(self, columns: list[Column], subcolumns: list[str]) -> list[Column]:
        levels = [c for c in columns if c.measure == "level"]
        if not subcolumns or not levels or len(subcolumns) % len(levels):
            return columns
        per = len(subcolumns) // len(levels)
        spread: list[Column] = []
        for i, column in enumerate(levels):
            for label in subcolumns[i * per:(i + 1) * per]:
                share = any(w in label for w in self._tables["table_header"]["share"])
                spread.append(Column("share" if share else "level", column.period))
        return spread + [c for c in columns if c.measure != "level"]

    def _columns(self, text: str) -> list[Column]:
        columns: list[Column] = []
        current = year_period(self._year)
        for m in self._header_token.finditer(text):
            word = m.group()
            year = _YEAR.match(word)
            if year:
                period = year_period(int(year.group(1)))
                if len(columns) == 0:
                    current = period
                columns.append(Column("level", last_day(period) if year.group(2) else period))
                continue
            if word in self._quarters:
                q = self._quarters[word]
                months = (f"{3 * q - 2:02d}-01", {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}[q])
                columns.append(Column("level", (f"{self._year}-{months[0]}", f"{self._year}-{months[1]}")))
                continue
            kinds = [k for w, k in self._kinds if w in word]
            if kinds:
                kind = "change" if "change" in kinds else "share" if "share" in kinds else kinds[0]
                columns.append(self._column(kind, current, columns))
        return columns

    def _column(self, kind: str, current: Period, columns: list[Column]) -> Column:
        year = self._year
        if kind == "current":
            return Column("level", year_period(year))
        if kind == "previous":
            return Column("level", year_period(year - 1 if year else None))
        if kind == "period_end":
            return Column("level", last_day(year_period(year)))
        if kind == "period_start":
            period = year_period(year)
            return Column("level", (period[0], period[0]))
        if kind == "change":
            return Column("change", current)
        return Column("share", columns[-1].period if columns else current)

    def _label(self, line: int, first_cell: int, header_line: int) -> tuple[int, int]:
        """The row label before the first cell, without its unit; a row whose cells start
        the line takes the label line right above it (a label wrapped onto its own line)."""
        start, end = self._line_starts[line], first_cell
        if not self._text[start:end].strip():
            above = line - 1
            if above <= header_line or above in self._cells:
                return start, start
            start = self._line_starts[above]
            end = start + len(self._line_text(above))
            if _PUNCTUATION.search(self._text, start, end):
                return start, start
        text = self._text[start:end]
        stripped = _UNIT_BRACKET.sub("", text).rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        return start + lead, start + len(stripped)
