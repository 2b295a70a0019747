"""``DateExtractor``: the dates stage, finding expressions and giving them dates."""

from __future__ import annotations

from typing import Any

from pipeline.config import Config
from pipeline.dates.extract import ExpressionFinder
from pipeline.dates.resolve import DateResolver
from pipeline.matches import Match


class DateExtractor:
    """Calendar expressions of a text with inclusive ISO ranges (spec §4).

    Each ``Match`` has the fields ``kind`` (point, range, duration), ``granularity``
    (year, half, quarter, month, day), ``start_date`` and ``end_date`` (ISO strings, None
    for a duration or when no year is known) and ``year_inferred``.
    """

    def __init__(self, *, tables: dict[str, Any]) -> None:
        self.tables = tables
        self._find = ExpressionFinder(tables)
        self._resolve = DateResolver(tables)

    @classmethod
    def from_config(cls, config: Config) -> DateExtractor:
        return cls(tables=config.load("dates"))

    def __call__(self, text: str, *, report_year: int | None) -> list[Match]:
        return self._resolve(text, self._find(text), report_year)
