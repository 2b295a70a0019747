"""``total``: a table row labelled as a total (合计, 总计) equals the sum of the rows
above it in the same column, back to the previous total.

Sub-items (``其中``) are left out, a subtotal (``小计``) counts as one row of the total below it, rows marked ``减：`` count negatively, and a total
that follows other totals with no plain row between (``资产总计`` after
``流动资产合计`` … ``非流动资产合计``) is the sum of the totals since the last such sum."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from pipeline.checks.figures import Figure
from pipeline.checks.rows import check_row, describe


def total_checks(figures: list[Figure], tables: dict[str, Any]) -> list[dict[str, Any]]:
    half = Decimal(tables["half_units"]) / 2
    columns: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.in_table and f.get("measure") == "level":
            columns[(f.get("table_start"), f.get("column"))].append(f)
    rows = []
    for cells in columns.values():
        parts: list[Figure] = []
        carried: list[Figure] = []  # a subtotal with plain rows after it, for the total below
        subtotals: list[Figure] = []  # the totals not yet summed by a higher one
        for cell in cells:
            label = cell.get("row_label")
            if not any(word in label for word in tables["total_words"]):
                if not label.startswith(tuple(tables["breakdown_prefixes"])):
                    parts.append(cell)
                continue
            subtotal = any(word in label for word in tables["subtotal_words"])
            terms = (parts if subtotal or not carried else carried + parts) if parts else subtotals
            if len(terms) >= 2 and len({p.get("unit") for p in terms + [cell]} - {""}) <= 1:
                rows.append(_total_row(cell, terms, tables, half))
            if subtotal:
                carried, parts = [cell], []
                continue
            subtotals = subtotals + [cell] if parts else []
            parts, carried = [], []
    return rows


def _total_row(total: Figure, terms: list[Figure], tables: dict[str, Any], half: Decimal) -> dict[str, Any]:
    subtracted = tuple(tables["subtracted_prefixes"])
    expected = sum((-t.value if t.get("row_label").startswith(subtracted) else t.value for t in terms), Decimal(0))
    precision = max(f.precision for f in terms + [total])
    return check_row(
        "total", terms + [total], expected=expected, found=total.value,
        tolerance=precision * half * (len(terms) + 1),
        message=f"{describe(total)} against the sum of the {len(terms)} rows above it")
