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
        if len(cells) < 2:
            continue
        total = sum((c.value for c in cells), Decimal(0))
        rows.append(check_row(
            "share", cells, expected=min(total, high), found=total,
            tolerance=max(c.precision for c in cells) * half * len(cells),
            message=f"the {len(cells)} shares of the column from {describe(cells[0])} add up to at most {high} %"))
    return rows
