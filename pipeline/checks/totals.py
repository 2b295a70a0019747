"""``total``: a table row labelled as a total (合计, 总计) equals the sum of the rows
above it in the same column, back to the previous total."""

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
        for cell in cells:
            label = cell.get("row_label")
            if not any(word in label for word in tables["total_words"]):
                if not label.startswith(tuple(tables["breakdown_prefixes"])):
                    parts.append(cell)
                continue
            if len(parts) >= 2 and len({p.get("unit") for p in parts + [cell]} - {""}) <= 1:
                precision = max(f.precision for f in parts + [cell])
                rows.append(check_row(
                    "total", parts + [cell], expected=sum((p.value for p in parts), Decimal(0)),
                    found=cell.value, tolerance=precision * half * (len(parts) + 1),
                    message=f"{describe(cell)} against the sum of the {len(parts)} rows above it"))
            parts = []
    return rows
