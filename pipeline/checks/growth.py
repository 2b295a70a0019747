"""``growth``: a stated change recomputed from the levels of the period and the year before."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from pipeline.checks.figures import Figure, year_before
from pipeline.checks.rows import check_row, describe


def growth_checks(figures: list[Figure], tables: dict[str, Any]) -> list[dict[str, Any]]:
    percent, points = set(tables["percent_units"]), set(tables["point_units"])
    half = Decimal(tables["half_units"]) / 2
    levels: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.get("measure") == "level" and f.get("canonical") and f.exact:
            levels[_key(f, f.period)].append(f)
    rows = []
    for change in figures:
        if change.get("measure") != "change" or not change.get("canonical") or not change.exact:
            continue
        unit = change.get("unit")
        now = _nearest(levels.get(_key(change, change.period), []), change)
        before = _nearest(levels.get(_key(change, year_before(change.period)), []), change)
        if now is None or before is None or before.value == 0:
            continue
        if (now.get("unit") in percent) != (before.get("unit") in percent):
            continue  # a rate against an amount: the facts are not levels of one quantity
        rates = now.get("unit") in percent
        rounding = (now.precision + before.precision) * half  # how far the levels' rounding moves a difference
        if unit in points and rates:
            expected = now.value - before.value
        elif unit in percent and not rates:
            expected, rounding = percent_change(before, now, half)
        elif unit not in percent | points and unit == now.get("unit") == before.get("unit"):
            expected = now.value - before.value
        else:
            continue
        expected = expected.quantize(change.precision / 100)
        rows.append(check_row(
            "growth", [before, now, change], expected=expected, found=change.value,
            tolerance=change.precision * half + rounding.quantize(change.precision / 100),
            message=f"{describe(change)} against {describe(before)} → {describe(now)}"))
    return rows


def percent_change(before: Figure, now: Figure, half: Decimal) -> tuple[Decimal, Decimal]:
    """The change from ``before`` to ``now`` in per cent, and how far the two levels'
    rounding can move it."""
    change = (now.value - before.value) / abs(before.value) * 100
    rounding = abs(now.value / before.value) * 100 * (
        now.precision * half / (abs(now.value) or 1) + before.precision * half / abs(before.value))
    return change, rounding


def _key(f: Figure, period: tuple[str, str]) -> tuple:
    return f.get("canonical"), f.get("subject"), f.get("status"), period


def _nearest(candidates: list[Figure], change: Figure) -> Figure | None:
    """The level written closest to the change: the same table row before any other."""
    if not candidates:
        return None
    return min(candidates, key=lambda f: (f.get("table_start") != change.get("table_start")
                                          or f.get("row_label") != change.get("row_label"),
                                          abs(f.start - change.start)))
