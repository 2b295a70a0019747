"""``share``: a share lies between 0 and 100 %, and the shares of one table column add
up to at most 100 % (to rounding)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from pipeline.checks.figures import Figure
from pipeline.checks.rows import check_row, describe


def share_checks(figures: list[Figure], tables: dict[str, Any]) -> list[dict[str, Any]]:
    half = Decimal(tables["half_units"]) / 2
    low, high = Decimal(str(tables["share_min"])), Decimal(str(tables["share_max"]))
    shares = [f for f in figures if f.get("measure") == "share" and f.get("unit") in tables["percent_units"]]
    rows = []
    columns: dict[tuple, list[Figure]] = defaultdict(list)
    for share in shares:
        rows.append(check_row(
            "share", [share], expected=min(max(share.value, low), high), found=share.value,
            tolerance=Decimal(0), message=f"{describe(share)} lies between {low} and {high} %"))
        label = share.get("row_label")
        if share.in_table and not any(word in label for word in tables["total_words"]):
            columns[(share.get("table_start"), share.get("column"))].append(share)
    for cells in columns.values():
        for group in _breakdowns(cells, high, half):
            total = sum((c.value for c in group), Decimal(0))
            rows.append(check_row(
                "share", group, expected=min(total, high), found=total,
                tolerance=max(c.precision for c in group) * half * len(group),
                message=f"the {len(group)} shares of the column from {describe(group[0])} add up to at most {high} %"))
    return rows


def _breakdowns(cells: list[Figure], high: Decimal, half: Decimal) -> list[list[Figure]]:
    """A column's shares cut into breakdowns of two or more: a breakdown ends where its
    shares reach 100 % (a table often breaks one whole down by industry, then by product),
    or where the first word of a two-word row label changes (``显示器 原材料``, ``注塑件 原材料``)."""
    groups, group = [], []
    for cell in cells:
        if group and _group_word(group[-1]) != _group_word(cell):
            groups.append(group)
            group = []
        if not group:
            total, precision = Decimal(0), cell.precision  # the group's sum and coarsest precision so far
        group.append(cell)
        total += cell.value
        precision = max(precision, cell.precision)
        if abs(total - high) <= precision * half * len(group) or total > high:
            groups.append(group)
            group = []
    groups.append(group)
    return [g for g in groups if len(g) >= 2]


def _group_word(cell: Figure) -> str:
    words = cell.get("row_label").split()
    return words[0] if len(words) >= 2 else ""
