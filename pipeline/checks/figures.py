"""What the checks read off a fact row: its value, the precision it was written to,
its period, and whether it stands in a table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pipeline.text import FOLD_DIGITS

_WRITTEN = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


@dataclass(frozen=True)
class Figure:
    """One fact as the checks see it; ``row`` is the fact row itself."""

    row: Mapping[str, Any]
    value: Decimal
    precision: Decimal  # the place value of the last written digit, in the value's units
    start: int
    end: int
    period: tuple[str, str]
    in_table: bool

    @classmethod
    def of(cls, row: Mapping[str, Any], value: Decimal) -> Figure:
        period = _cell(row, "period_start"), _cell(row, "period_end")
        return cls(row, value, precision(str(row.get("text", "")), value), int(row["start"]), int(row["end"]),
                   period, _cell(row, "table_start") != "")

    def get(self, column: str) -> str:
        return _cell(self.row, column)

    @property
    def written_with_unit(self) -> bool:
        """Written in digits and followed by its unit (``63704.67万元``): a bare number
        outside a recognised table is likely a cell of a table that was not."""
        text = self.get("text").translate(FOLD_DIGITS).rstrip()
        return _WRITTEN.search(text) is not None and not text[-1:].isdigit()

    @property
    def exact(self) -> bool:
        """Stated as an exact figure, for a known period (not `约`, `超过`, nor undated)."""
        return self.get("qualifier") in ("", "exact") and all(self.period)


def figures(facts: list[dict[str, Any]]) -> list[Figure]:
    """The facts with a value, in source order."""
    found = []
    for row in facts:
        value = decimal_or_none(row.get("value"))
        if value is not None and row.get("value_max") in (None, ""):
            found.append(Figure.of(row, value))
    return sorted(found, key=lambda f: (f.start, f.end))


def _cell(row: Mapping[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value)


def decimal_or_none(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def precision(text: str, value: Decimal) -> Decimal:
    """The place value of the last digit written: ``63704.67万元`` → 100, ``-25.76%`` → 0.01.

    The scale word is what the value gained over the digits as written; a number written
    in Chinese numerals is as precise as its value's last significant digit.
    """
    written = _WRITTEN.search(text.translate(FOLD_DIGITS))
    if written is None:
        return Decimal(1).scaleb(value.normalize().as_tuple().exponent)
    digits = written.group().replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    number = Decimal(digits)
    scale = abs(value) / number if number else Decimal(1)
    return scale.scaleb(-decimals)


def year_before(period: tuple[str, str]) -> tuple[str, str]:
    """The same period one year earlier (29 February becomes the 28th)."""
    return tuple(_year_before(day) for day in period)  # type: ignore[return-value]


def _year_before(day: str) -> str:
    if not day:
        return ""
    d = date.fromisoformat(day)
    return (d.replace(year=d.year - 1) if (d.month, d.day) != (2, 29) else d.replace(year=d.year - 1, day=28)).isoformat()
