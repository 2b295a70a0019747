"""``total``: a table's 合计/总计 row against the rows it sums (spec §9).

The parts of a total row are the rows since the previous total row, leaving out
sub-items (``其中``) and subtracting rows marked ``减：``; where no plain row stands
between two totals (``资产总计`` after ``非流动资产合计``), the parts are the run of
total rows just before it. Compared column by column, to half a unit of the table's
coarsest figure per term.
"""

from __future__ import annotations

from decimal import Decimal

from pipeline.checks.model import CheckSettings, Outcome
from pipeline.checks.tables import Row, tables_of

_HALF = Decimal("0.5")


def check_total(facts, settings: CheckSettings) -> list[Outcome]:
    outcomes = []
    for rows in tables_of(facts).values():
        for index, row in enumerate(rows):
            if settings.is_total(row.label):
                outcomes.extend(_check_row(row, _parts(rows, index, settings), settings))
    return outcomes


def _parts(rows: list[Row], index: int, settings: CheckSettings) -> list[Row]:
    plain: list[Row] = []
    for row in reversed(rows[:index]):
        if settings.is_total(row.label):
            break
        if not row.label.startswith(settings.part_exclusions):
            plain.append(row)
    if plain:
        return plain[::-1]
    totals = []
    for row in reversed(rows[:index]):
        if not settings.is_total(row.label):
            break
        totals.append(row)
    return totals[::-1] if len(totals) > 1 else []


def _check_row(total: Row, parts: list[Row], settings: CheckSettings) -> list[Outcome]:
    outcomes = []
    if len(parts) < 2:
        return outcomes
    for column, stated in sorted(total.cells.items()):
        if stated.measure != "level":
            continue
        terms = [row.cells.get(column) for row in parts]
        terms = [t for t in terms if t is not None and t.measure == "level" and t.unit == stated.unit]
        if len(terms) < 2:
            continue
        expected = sum((-t.value if t.row_label.startswith(settings.subtracted_prefixes) else t.value
                        for t in terms), Decimal(0))
        precision = max(f.quantum for f in (*terms, stated))
        tolerance = precision * _HALF * (len(terms) + 1)
        outcomes.append(Outcome(
            "total", (*terms, stated), expected, stated.value, tolerance,
            f"{total.label} (column {column}): {len(terms)} rows add up to {expected}, the table states {stated.text}"))
    return outcomes
