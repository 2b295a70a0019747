"""A check's outcome, and the settings the checks read from ``config/checks.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pipeline.checks.facts import Fact


@dataclass(frozen=True)
class CheckSettings:
    total_words: tuple[str, ...]
    part_exclusions: tuple[str, ...]
    subtracted_prefixes: tuple[str, ...]
    percent_units: frozenset[str]
    point_units: frozenset[str]

    @classmethod
    def from_tables(cls, tables: dict[str, Any]) -> CheckSettings:
        return cls(
            total_words=tuple(tables["total_words"]),
            part_exclusions=tuple(tables["part_exclusions"]),
            subtracted_prefixes=tuple(tables["subtracted_prefixes"]),
            percent_units=frozenset(tables["percent_units"]),
            point_units=frozenset(tables["point_units"]),
        )

    def is_total(self, label: str) -> bool:
        return any(label.strip().endswith(word) for word in self.total_words)


@dataclass(frozen=True)
class Outcome:
    """One check of spec §9: which facts, what was expected, what the report states."""

    check: str
    facts: tuple[Fact, ...]
    expected: Decimal
    found: Decimal
    tolerance: Decimal
    message: str

    @property
    def passed(self) -> bool:
        return abs(self.expected - self.found) <= self.tolerance


def rounded(value: Decimal, places: int = 6) -> Decimal:
    """A computed value cut to a readable precision for the table."""
    return value.quantize(Decimal(10) ** -places).normalize()
