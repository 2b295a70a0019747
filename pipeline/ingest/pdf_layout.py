"""Reading order of a page: lines top to bottom, a multi-column part column by column.

A run of consecutive lines that all leave the same vertical strip empty, with text on
both sides of it, is a multi-column part when every side reads like running text (wide,
one piece per line, most lines filling the side); a table's columns do not. Each side is
then read on its own, recursively, so a table or a further split inside a column works.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import count, pairwise
from statistics import median

from pipeline.ingest.pdf_geometry import Fragment, Line
from pipeline.ingest.pdf_settings import PdfSettings

Row = list[Fragment]
Interval = tuple[float, float]


def group_rows(items: Iterable[Fragment]) -> list[Row]:
    """Items that share a line (overlap vertically by half their height), top to bottom, each left to right."""
    rows: list[Row] = []
    top = bottom = 0.0
    for item in sorted(items, key=lambda f: -f.y1):
        if rows and min(top, item.y1) - max(bottom, item.y0) >= 0.5 * (item.y1 - item.y0):
            rows[-1].append(item)
            top, bottom = max(top, item.y1), min(bottom, item.y0)
        else:
            rows.append([item])
            top, bottom = item.y1, item.y0
    for row in rows:
        row.sort(key=lambda f: f.x0)
    return rows


def row_text(row: Row, settings: PdfSettings) -> tuple[str, bool]:
    """The text of a row, cells separated, and whether its line break may continue a paragraph."""
    parts = [row[0].text]
    joinable = row[0].joinable
    for before, item in pairwise(row):
        gap = item.x0 - before.x1
        em = max(before.em, item.em)
        if gap >= settings.cell_gap_em * em:
            parts.append(settings.cell_separator)
            joinable = False
        else:
            parts.append(settings.gap_text(before.text[-1], item.text[0], gap, em))
        parts.append(item.text)
        joinable = joinable and item.joinable
    return "".join(parts), joinable


def reading_order(items: list[Fragment], settings: PdfSettings) -> list[Line]:
    """The page's lines in reading order; ``block`` numbers its text blocks from 0 (the page's full width)."""
    if not items:
        return []
    return _read(items, settings, count(), in_column=False)


def _read(items: list[Fragment], settings: PdfSettings, blocks: Iterator[int], in_column: bool) -> list[Line]:
    rows = group_rows(items)
    x_lo = min(item.x0 for item in items)
    x_hi = max(item.x1 for item in items)
    em = median(item.em for item in items)
    parts: list[Row | _Columns] = []
    index = 0
    while index < len(rows):
        split = _columns(rows, index, x_lo, x_hi, em, settings)
        if split:
            index, columns = split
            parts.append(columns)
        else:
            parts.append(rows[index])
            index += 1

    block = next(blocks)
    lines: list[Line] = []
    for part in parts:
        if isinstance(part, _Columns):
            for column in part.items:
                lines.extend(_read(column, settings, blocks, in_column=True))
            continue
        text, joinable = row_text(part, settings)
        lines.append(
            Line(
                text,
                part[0].x0,
                min(item.y0 for item in part),
                max(item.x1 for item in part),
                max(item.y1 for item in part),
                max(item.em for item in part),
                max(item.size for item in part),
                part[0].lead,
                part[0].first_font,
                part[-1].last_font,
                joinable,
                block,
                in_column,
            )
        )
    return lines


@dataclass(frozen=True)
class _Columns:
    """The items of each column of a multi-column part, left to right."""

    items: list[list[Fragment]]


def _columns(
    rows: list[Row], start: int, x_lo: float, x_hi: float, em: float, settings: PdfSettings
) -> tuple[int, _Columns] | None:
    """Where the multi-column part starting at ``rows[start]`` ends, and its columns' items."""
    min_gutter = settings.gutter_em * em
    free: list[Interval] = [(x_lo, x_hi)]
    end, gutters = start, []
    for index in range(start, len(rows)):
        free = _intersect(free, _free(rows[index], x_lo, x_hi), min_gutter)
        if not free:
            break
        interior = [gap for gap in free if gap[0] > x_lo and gap[1] < x_hi]
        if interior:
            end, gutters = index + 1, interior
    if end - start < settings.column_min_rows:
        return None
    middles = [(gap[0] + gap[1]) / 2 for gap in gutters]
    columns: list[list[Row]] = [[] for _ in range(len(gutters) + 1)]
    for row in rows[start:end]:
        pieces: list[Row] = [[] for _ in columns]
        for item in row:
            pieces[sum(item.x_mid > middle for middle in middles)].append(item)
        for column, piece in zip(columns, pieces):
            if piece:
                column.append(piece)
    if not all(_reads_as_column(column, em, settings) for column in columns):
        return None
    return end, _Columns([[item for row in column for item in row] for column in columns])


def _reads_as_column(rows: list[Row], em: float, settings: PdfSettings) -> bool:
    if len(rows) < settings.column_min_rows:
        return False
    x0 = min(row[0].x0 for row in rows)
    x1 = max(row[-1].x1 for row in rows)
    width = x1 - x0
    if width < settings.column_min_width_em * em:
        return False
    single = sum(len(row) == 1 for row in rows)
    full = sum(row[-1].x1 - row[0].x0 >= settings.column_full_width * width for row in rows)
    return single >= settings.column_single_share * len(rows) and full >= settings.column_full_share * len(rows)


def _free(row: Row, x_lo: float, x_hi: float) -> list[Interval]:
    """The stretches of ``[x_lo, x_hi]`` that no item of the row covers."""
    free = []
    cursor = x_lo
    for item in row:
        if item.x0 > cursor:
            free.append((cursor, item.x0))
        cursor = max(cursor, item.x1)
    if cursor < x_hi:
        free.append((cursor, x_hi))
    return free


def _intersect(a: list[Interval], b: list[Interval], min_width: float) -> list[Interval]:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= min_width:
                out.append((lo, hi))
    return out
