"""Ruled tables read row by row.

A grid is a set of horizontal and vertical rulings that touch one another, with at
least two columns and two rows. Every text fragment inside it goes to the row band
between two horizontal rulings and to the cell between two vertical rulings; the text
of a cell that wraps over several lines is joined, and a row becomes one fragment with
its cells in order. A table drawn without rulings stays as lines of fragments.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from pipeline.ingest.pdf_geometry import Fragment, Rule
from pipeline.ingest.pdf_layout import group_rows, row_text
from pipeline.ingest.pdf_settings import PdfSettings


@dataclass(frozen=True)
class _Grid:
    x0: float
    y0: float
    x1: float
    y1: float
    row_edges: tuple[float, ...]
    vertical: tuple[Rule, ...]

    def holds(self, item: Fragment) -> bool:
        return self.x0 <= item.x_mid <= self.x1 and self.y0 <= item.y_mid <= self.y1


def read_tables(
    fragments: list[Fragment], horizontal: list[Rule], vertical: list[Rule], settings: PdfSettings
) -> list[Fragment]:
    """The fragments, with those inside ruled tables replaced by one fragment per table row."""
    if len(horizontal) + len(vertical) > settings.rule_max_per_page:
        return fragments
    for grid in _grids(horizontal, vertical, settings):
        inside = [item for item in fragments if grid.holds(item)]
        if inside:
            fragments = [item for item in fragments if not grid.holds(item)]
            fragments.extend(_rows(inside, grid, settings))
    return fragments


def _grids(horizontal: list[Rule], vertical: list[Rule], settings: PdfSettings) -> list[_Grid]:
    touch = settings.rule_max_thickness
    rules = horizontal + vertical
    group = list(range(len(rules)))

    def root(index: int) -> int:
        while group[index] != index:
            group[index] = group[group[index]]
            index = group[index]
        return index

    for h_index, h in enumerate(horizontal):
        for v_index, v in enumerate(vertical, start=len(horizontal)):
            if h.x0 - touch <= v.x0 <= h.x1 + touch and v.y0 - touch <= h.y0 <= v.y1 + touch:
                group[root(h_index)] = root(v_index)

    members: dict[int, list[Rule]] = {}
    for index, rule in enumerate(rules):
        members.setdefault(root(index), []).append(rule)
    grids = []
    for group_rules in members.values():
        x0 = min(rule.x0 for rule in group_rules)
        x1 = max(rule.x1 for rule in group_rules)
        y0 = min(rule.y0 for rule in group_rules)
        y1 = max(rule.y1 for rule in group_rules)
        uprights = tuple(rule for rule in group_rules if rule.x0 == rule.x1)
        columns = _distinct([x0, x1, *(rule.x0 for rule in uprights)], touch)
        rows = _distinct([y0, y1, *(rule.y0 for rule in group_rules if rule.y0 == rule.y1)], touch)
        if len(columns) >= 3 and len(rows) >= 3:
            grids.append(_Grid(x0, y0, x1, y1, tuple(rows), uprights))
    return grids


def _distinct(values: list[float], tolerance: float) -> list[float]:
    """The values sorted, those closer than ``tolerance`` to the one before dropped (double rules)."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


def _rows(inside: list[Fragment], grid: _Grid, settings: PdfSettings) -> list[Fragment]:
    touch = settings.rule_max_thickness
    bands: dict[int, list[Fragment]] = {}
    for item in inside:
        bands.setdefault(bisect_right(grid.row_edges, item.y_mid), []).append(item)
    rows = []
    for band, items in bands.items():
        low, high = grid.row_edges[band - 1], grid.row_edges[min(band, len(grid.row_edges) - 1)]
        middle = (low + high) / 2
        edges = _distinct(
            [
                grid.x0,
                grid.x1,
                *(rule.x0 for rule in grid.vertical if rule.y0 - touch <= middle <= rule.y1 + touch),
            ],
            touch,
        )
        cells: dict[int, list[Fragment]] = {}
        for item in items:
            cells.setdefault(bisect_right(edges, item.x_mid), []).append(item)
        texts = [_cell_text(cells[column], settings) for column in sorted(cells)]
        rows.append(
            Fragment(
                settings.cell_separator.join(texts),
                min(item.x0 for item in items),
                min(item.y0 for item in items),
                max(item.x1 for item in items),
                max(item.y1 for item in items),
                max(item.em for item in items),
                max(item.size for item in items),
                0.0,
                joinable=False,
            )
        )
    return rows


def _cell_text(items: list[Fragment], settings: PdfSettings) -> str:
    """The lines of one cell joined as a paragraph that wraps."""
    text = ""
    for row in group_rows(items):
        line = row_text(row, settings)[0]
        text += settings.wrap_text(text[-1], line[0]) + line if text else line
    return text
