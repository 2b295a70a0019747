"""Fact rows (``facts.csv`` cells or stage dicts) as the typed records the checks compare."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

_ARABIC = re.compile(r"[-+−]?\d[\d,，]*(?:\.(\d+))?")


@dataclass(frozen=True)
class Fact:
    start: int
    end: int
    section_id: str
    text: str
    indicator: str
    canonical: str
    subject: str
    measure: str
    value: Decimal
    unit: str
    qualifier: str
    status: str
    period: tuple[str, str]
    table_start: int | None
    row_label: str
    column: int | None

    @property
    def quantum(self) -> Decimal:
        """One unit in the last written place, in the value's terms: ``63704.67万元`` → 100."""
        match = _ARABIC.search(self.text)
        if match:
            numeral = Decimal(re.sub(r"[,，]", "", match.group(0)).replace("−", "-"))
            places = len(match.group(1) or "")
            if numeral:
                return abs(self.value / numeral) * Decimal(10) ** -places
        return _trailing_quantum(self.value)


def _trailing_quantum(value: Decimal) -> Decimal:
    """The place of the last non-zero digit (written in Chinese numerals or bare)."""
    if not value:
        return Decimal(1)
    sign, digits, exponent = value.normalize().as_tuple()
    return Decimal(10) ** exponent


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _integer(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def read_facts(rows: list[dict[str, Any]]) -> list[Fact]:
    """The checkable facts among ``rows``: those with one exact value and a period."""
    facts = []
    for row in rows:
        value = _decimal(row.get("value"))
        if value is None or _decimal(row.get("value_max")) is not None:
            continue
        if not row.get("period_start") or not row.get("period_end"):
            continue
        facts.append(Fact(
            start=int(row["start"]), end=int(row["end"]), section_id=str(row.get("section_id") or ""),
            text=str(row.get("text") or ""), indicator=str(row.get("indicator") or ""),
            canonical=str(row.get("canonical") or ""),
            subject=str(row.get("subject") or ""), measure=str(row.get("measure") or ""), value=value,
            unit=str(row.get("unit") or ""), qualifier=str(row.get("qualifier") or "exact"),
            status=str(row.get("status") or "actual"),
            period=(str(row["period_start"]), str(row["period_end"])),
            table_start=_integer(row.get("table_start")), row_label=str(row.get("row_label") or ""),
            column=_integer(row.get("column")),
        ))
    return sorted(facts, key=lambda f: (f.start, f.end))
