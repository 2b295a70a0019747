"""``agreement``: a figure stated in the prose and again in a table agrees with it to the
precision of the less precise of the two.

Only table cells whose indicator is their row's label take part: a breakdown's cells
(regions in rows, an indicator as column header) state parts, not the figure itself."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from pipeline.checks.figures import Figure
from pipeline.checks.rows import check_row, describe


def agreement_checks(figures: list[Figure], tables: dict[str, Any]) -> list[dict[str, Any]]:
    half = Decimal(tables["half_units"]) / 2
    rates = set(tables["percent_units"]) | set(tables["point_units"])
    in_tables: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.in_table and f.get("canonical") and f.exact and _names_its_row(f):
            in_tables[_key(f)].append(f)
    rows = []
    for prose in figures:
        if prose.in_table or not prose.get("canonical") or not prose.exact or not prose.written_with_unit:
            continue
        stated = [t for t in in_tables.get(_key(prose), []) if _same_kind(prose, t, rates)]
        if not stated:
            continue
        table = min(stated, key=lambda t: (_distance(prose, t, half) > 0, abs(t.value - prose.value), t.start))
        tolerance = max(prose.precision, table.precision) * half
        used = sorted([prose, table], key=lambda f: f.start)
        rows.append(check_row(
            "agreement", used, expected=table.value, found=prose.value, tolerance=tolerance,
            message=f"{describe(prose)} against the table's {describe(table)}"))
    return rows


def _key(f: Figure) -> tuple:
    return f.get("canonical"), f.get("subject"), f.get("measure"), f.get("status"), f.period


def _names_its_row(f: Figure) -> bool:
    return f.get("indicator") != "" and f.get("indicator") in f.get("row_label")


def _same_kind(a: Figure, b: Figure, rates: set[str]) -> bool:
    """Both rates or both amounts; a table cell often leaves its unit to the header."""
    return (a.get("unit") in rates) == (b.get("unit") in rates)


def _distance(a: Figure, b: Figure, half: Decimal) -> Decimal:
    """How far two figures are apart beyond their rounding (0 when they agree)."""
    return max(abs(a.value - b.value) - max(a.precision, b.precision) * half, Decimal(0))
