"""The period a number refers to: the date that governs its clause or paragraph, else the
year its heading names, else the report year (spec §8, FACTS-CONVENTIONS "Period")."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from pipeline.facts.clauses import ClauseIndex
from pipeline.facts.wording import Wording
from pipeline.matches import Match

Period = tuple[str, str]


@dataclass(frozen=True)
class Heading:
    """A section in view offsets: where its heading starts, where its title ends, its parent."""

    section_id: str
    parent_id: str
    start: int
    title_end: int
    title: str


def year_period(year: int | None) -> Period:
    return (f"{year}-01-01", f"{year}-12-31") if year else ("", "")


def last_day(period: Period) -> Period:
    return (period[1], period[1]) if period[1] else period


class PeriodFinder:
    """Periods for the numbers of one text, from its date matches and headings."""

    def __init__(self, text: str, dates: list[Match], headings: list[Heading], report_year: int | None,
                 clauses: ClauseIndex, wording: Wording, date_followers: re.Pattern[str]) -> None:
        self._text = text
        self._dates = [d for d in dates if d.fields.get("start_date") and d.fields.get("kind") != "duration"]
        self._date_ends = [d.end for d in self._dates]
        self._headings = headings
        self._heading_starts = [h.start for h in headings]
        self._by_id = {h.section_id: h for h in headings}
        self._report_year = report_year
        self._clauses = clauses
        self._wording = wording
        self._followers = date_followers
        self._reaching = [i for i, d in enumerate(self._dates) if not self._compared(d) and self._governs_on(d)]
        self._heading_periods: dict[str, Period] = {}

    @property
    def dates(self) -> list[Match]:
        return self._dates

    def dates_within(self, start: int, end: int) -> list[Match]:
        i = bisect_right(self._date_ends, start)
        found = []
        while i < len(self._dates) and self._dates[i].start < end:
            if self._dates[i].start >= start and self._dates[i].end <= end:
                found.append(self._dates[i])
            i += 1
        return found

    @property
    def report_year(self) -> int | None:
        return self._report_year

    def heading(self, position: int) -> Heading | None:
        i = bisect_right(self._heading_starts, position) - 1
        return self._headings[i] if i >= 0 else None

    def __call__(self, start: int, clause_start: int, heading: Heading | None) -> Period:
        """The period of the number at ``start``, in the clause from ``clause_start``,
        under ``heading`` (the one at ``start``)."""
        period = self._governing(start, clause_start, heading)
        before = self._text[clause_start:start]
        if self._wording.year_end.search(before):
            return last_day(period)
        if self._wording.year_start.search(before) and period[0]:
            return period[0], period[0]
        return period

    def _governing(self, start: int, clause_start: int, heading: Heading | None) -> Period:
        """The last date before ``start`` under its heading's title that is no comparison
        and stands in the clause or reaches past its own, else the heading's period."""
        floor = heading.title_end if heading else 0
        i = bisect_right(self._date_ends, start) - 1
        while i >= 0 and self._dates[i].start >= max(floor, clause_start):
            if not self._compared(self._dates[i]):
                return self._dates[i].fields["start_date"], self._dates[i].fields["end_date"]
            i -= 1
        k = bisect_right(self._reaching, i) - 1
        if k >= 0 and self._dates[self._reaching[k]].start >= floor:
            d = self._dates[self._reaching[k]]
            return d.fields["start_date"], d.fields["end_date"]
        return self._heading_period(heading)

    def _heading_period(self, heading: Heading | None) -> Period:
        """The year the heading's title or the nearest of its ancestors' names, else the
        report year; read once per heading."""
        if heading is None:
            return year_period(self._report_year)
        if heading.section_id not in self._heading_periods:
            year = self._year_in(heading)
            self._heading_periods[heading.section_id] = (
                year_period(year) if year else self._heading_period(self._by_id.get(heading.parent_id)))
        return self._heading_periods[heading.section_id]

    def _compared(self, d: Match) -> bool:
        return self._text.endswith(self._wording.comparison_markers, 0, d.start)

    def _governs_on(self, d: Match) -> bool:
        """A date reaches past its clause when it opens it and is not part of a name."""
        clause_start, _ = self._clauses.clause(d.start)
        if self._text[clause_start:d.start].strip(" \t-•·*>»"):
            return False
        return bool(self._followers.match(self._text, d.end))

    def _year_in(self, h: Heading) -> int | None:
        i = bisect_right(self._date_ends, h.title_end) - 1
        if i >= 0 and self._dates[i].start >= h.start:
            first = i
            while first > 0 and self._dates[first - 1].start >= h.start:
                first -= 1
            return date.fromisoformat(self._dates[first].fields["start_date"]).year
        return None
