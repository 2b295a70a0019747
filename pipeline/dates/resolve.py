"""Giving date expressions inclusive ISO ranges, against the report year and the context.

The year of an expression that writes none comes from, in order: the last year set
earlier in its paragraph, the innermost governing heading that names one year, the
report year (``config/dates.yaml`` explains the rule); a word that points back to a year
named before it (``当年``) is dropped without the first two. Nothing here reads the clock.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.dates.extract import Expression, Part
from pipeline.matches import Match

_GRANULARITY_ORDER = ("year", "half", "quarter", "month", "day")


@dataclass(frozen=True)
class _Heading:
    start: int
    end: int
    level: int


class DateResolver:
    """Turns the expressions found in a text into ``Match``es with their dates."""

    def __init__(self, tables: dict[str, Any]) -> None:
        patterns = "|".join(f"(?P<h{i}>{h['pattern']})" for i, h in enumerate(tables["headings"]))
        self.heading_start = re.compile(rf"(?m)^[ \t\u3000]{{0,{tables['heading_max_indent']}}}(?:{patterns})")
        self.heading_levels = {f"h{i}": h["level"] for i, h in enumerate(tables["headings"])}
        self.heading_max_chars = tables["heading_max_chars"]
        self.sentence_end = re.compile(f"[{tables['heading_sentence_ends']}]")
        self.comparison_markers = tuple(tables["comparison_markers"])
        self.no_context_after = tuple(tables["no_context_after"])
        self.short_year_ahead = tables["short_year_ahead"]

    def __call__(self, text: str, expressions: list[Expression], report_year: int | None) -> list[Match]:
        headings = self._headings(text)
        starts = [e.start for e in expressions]
        open_headings: list[tuple[int, int | None]] = []  # (level, year it sets), outermost first
        next_heading = 0
        previous_start, paragraph_year = 0, None
        matches = []
        for expression in expressions:
            while next_heading < len(headings) and headings[next_heading].start <= expression.start:
                heading = headings[next_heading]
                inside = expressions[bisect_left(starts, heading.start) : bisect_left(starts, heading.end)]
                years = {y for e in inside if (y := self._own_year(e, report_year)) is not None}
                open_headings = [h for h in open_headings if h[0] < heading.level]
                open_headings.append((heading.level, years.pop() if len(years) == 1 else None))
                next_heading += 1
            if "\n" in text[previous_start : expression.start]:  # a new paragraph
                paragraph_year = None
            previous_start = expression.start
            heading_year = next((y for _, y in reversed(open_headings) if y is not None), None)
            context_year = paragraph_year or heading_year
            if context_year is None and expression.first is not None and expression.first.needs_context:
                continue
            match = self._resolved(expression, report_year, context_year or report_year)
            if match is None:
                continue
            matches.append(match)
            own_year = self._own_year(expression, report_year)
            if own_year is not None and self._sets_context(text, expression):
                paragraph_year = own_year
        return matches

    def _headings(self, text: str) -> list[_Heading]:
        headings = []
        for m in self.heading_start.finditer(text):
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            line = text[m.start() : line_end].strip()
            if len(line) <= self.heading_max_chars and not self.sentence_end.search(line):
                headings.append(_Heading(m.start(), line_end, self.heading_levels[m.lastgroup]))
        return headings

    def _own_year(self, expression: Expression, report_year: int | None) -> int | None:
        """The one year a point names without context: written or counted from the report year."""
        part = expression.first
        if expression.kind != "point" or part is None or part.context_offset is not None:
            return None
        return self._year(part, report_year, None)

    def _sets_context(self, text: str, expression: Expression) -> bool:
        """Not a point of comparison or a deadline (``比2015年``, ``2022年同期``), nor the
        start of a span up to now (``2019年以来``)."""
        before = text[max(0, expression.start - 4) : expression.start].rstrip()
        after = text[expression.end : expression.end + 4].lstrip()
        return not before.endswith(self.comparison_markers) and not after.startswith(self.no_context_after)

    def _resolved(self, expression: Expression, report_year: int | None, context_year: int | None) -> Match | None:
        """The expression's Match, or None when its dates are not a calendar range."""
        fields: dict[str, Any] = {"kind": expression.kind}
        if expression.kind == "duration":
            fields.update(granularity=expression.unit, start_date=None, end_date=None, year_inferred=False)
            return Match(expression.start, expression.end, fields)
        first = expression.first
        assert first is not None
        last = expression.last or first
        fields["granularity"] = max(first.granularity, last.granularity, key=_GRANULARITY_ORDER.index)
        first_year = self._year(first, report_year, context_year)
        last_year = self._year(last, report_year, context_year) if last.names_year else first_year
        if first_year is None or last_year is None:
            fields.update(start_date=None, end_date=None, year_inferred=False)
            return Match(expression.start, expression.end, fields)
        try:
            start_date = _bounds(first, first_year)[0]
            end_date = _bounds(last, last_year)[1]
            if end_date < start_date and not last.names_year:  # 12月至2月 runs into the next year
                end_date = _bounds(last, last_year + 1)[1]
        except ValueError:  # 2月30日
            return None
        if end_date < start_date:
            return None
        fields.update(
            start_date=start_date.isoformat(), end_date=end_date.isoformat(),
            year_inferred=first.year is None and first.short_year is None,
        )
        return Match(expression.start, expression.end, fields)

    def _year(self, part: Part, report_year: int | None, context_year: int | None) -> int | None:
        if part.year is not None:
            return part.year
        if part.short_year is not None:
            if report_year is None:
                return None
            last = report_year + self.short_year_ahead  # the last year two digits may mean
            return last - (last - part.short_year) % 100
        if part.report_offset is not None:
            return None if report_year is None else report_year + part.report_offset
        offset = part.context_offset or 0
        return None if context_year is None else context_year + offset


def _bounds(part: Part, year: int) -> tuple[date, date]:
    """First and last day covered by ``part`` in ``year``."""
    if part.day is not None and part.month is not None:
        day = date(year, part.month, part.day)
        return day, day
    if part.month is not None:
        first_month = last_month = part.month
    elif part.quarter is not None:
        first_month, last_month = 3 * part.quarter - 2, 3 * part.quarter
    elif part.half is not None:
        first_month, last_month = 6 * part.half - 5, 6 * part.half
    else:
        first_month, last_month = 1, 12
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])
