"""Cells of tables flattened into lines: each takes its row label as indicator and its
column's period and measure from the header line above (FACTS-CONVENTIONS "Tables")."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from pipeline.facts.period import Period, last_day, year_period
from pipeline.matches import Match

_UNIT_BRACKET = re.compile(r"\s*[（(][^（()）]{0,12}[）)]\s*$")
_YEAR = re.compile(r"(\d{4})\s*年(末|底)?")
_PUNCTUATION = re.compile(r"[。，；！？,;]")


@dataclass(frozen=True)
class Column:
    """What a header column says of its cells."""

    measure: str  # level, change or share
    period: Period


@dataclass(frozen=True)
class Cell:
    """A number in a table row: its label's span (view offsets), its column and the table's start."""

    label_start: int
    label_end: int
    column: int
    measure: str
    period: Period
    table_start: int
    row_label: str


class TableReader:
    """Finds whether a number stands in a flattened table row, and what its cell means."""

    def __init__(self, text: str, numbers: list[Match], tables: dict[str, Any], report_year: int | None) -> None:
        self._text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._cells: dict[int, list[Match]] = {}
        for m in numbers:
            self._cells.setdefault(self._line(m.start), []).append(m)
        self._tables = tables
        self._reach = tables["header_reach"]
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

    def cell(self, number: Match) -> Cell | None:
        line = self._line(number.start)
        row = self._cells.get(line, [])
        if len(row) < 2 or not self._is_row(line, row):
            return None
        header = self._header(line)
        if header is None:
            return None
        header_line, columns = header
        label_start, label_end = self._label(line, row[0].start, header_line)
        if label_start == label_end:
            return None
        index = row.index(number)
        column = columns[index] if index < len(columns) else Column("level", year_period(self._year))
        label = self._text[label_start:label_end]
        return Cell(label_start, label_end, index, column.measure, column.period,
                    self._line_starts[header_line], label)

    def _line(self, position: int) -> int:
        return bisect_right(self._line_starts, position) - 1

    def _line_text(self, line: int) -> str:
        end = self._line_starts[line + 1] - 1 if line + 1 < len(self._line_starts) else len(self._text)
        return self._text[self._line_starts[line]:end]

    def _is_row(self, line: int, row: list[Match]) -> bool:
        gaps = [self._text[a.end:b.start] for a, b in zip(row, row[1:])]
        return not any(_PUNCTUATION.search(gap) for gap in gaps) and not _PUNCTUATION.search(
            self._text[self._line_starts[line]:row[0].start])

    def _header(self, line: int) -> tuple[int, list[Column]] | None:
        """The header above a row: the nearest line with period or change words, read
        together with the header lines right above and below it (a wrapped header), and
        sub-columns (`金额 占营业收入比重` under each year) spread over its periods."""
        for above in range(line - 1, max(-1, line - 1 - self._reach), -1):
            text = self._line_text(above)
            if above in self._cells:
                continue
            if _PUNCTUATION.search(text):
                return None
            if not self._header_word.search(text):
                continue
            first = above
            while first > 0 and self._is_header_line(first - 1):
                first -= 1
            block = [self._line_text(i) for i in range(first, above + 1)]
            subcolumns = [w for text in block if self._is_subcolumns(text) for w in text.split()]
            columns = self._columns(" ".join(text for text in block if not self._is_subcolumns(text)))
            if not columns:
                return None
            return first, self._spread(columns, subcolumns)
        return None

    def _is_header_line(self, line: int) -> bool:
        text = self._line_text(line)
        return (line not in self._cells and not _PUNCTUATION.search(text)
                and (bool(self._header_word.search(text)) or self._is_subcolumns(text)))

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
