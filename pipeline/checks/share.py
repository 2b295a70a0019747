"""``share``: every share within 0–100 %, and one table column's shares at most 100 %."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from pipeline.checks.model import CheckSettings, Outcome

_HUNDRED = Decimal(100)
_HALF = Decimal("0.5")


def check_share(facts, settings: CheckSettings) -> list[Outcome]:
    shares = [f for f in facts if f.measure == "share" and f.unit in settings.percent_units]
    outcomes = []
    for fact in shares:
        bound = min(max(fact.value, Decimal(0)), _HUNDRED)
        outcomes.append(Outcome("share", (fact,), bound, fact.value, Decimal(0),
                                f"{fact.canonical or fact.text}: a share of {fact.text} lies within 0–100 %"))
    columns = defaultdict(list)
    for fact in shares:
        if fact.table_start is not None and fact.column is not None and not settings.is_total(fact.row_label):
            columns[(fact.table_start, fact.column, fact.period)].append(fact)
    for column in columns.values():
        if len(column) < 2:
            continue
        total = sum((f.value for f in column), Decimal(0))
        tolerance = max(f.quantum for f in column) * _HALF * len(column)
        outcomes.append(Outcome("share", tuple(column), min(total, _HUNDRED), total, tolerance,
                                f"{len(column)} shares of one column add up to {total}%, at most 100 %"))
    return outcomes
