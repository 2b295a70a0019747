"""``FactExtractor``: one fact for every number that is not an ordinal (spec §8).

It reads the matches the numbers, dates and entities stages found in the same view text,
and the sections; it never scans the text for numbers again.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from decimal import Decimal
from typing import Any, NamedTuple

from pipeline.config import Config
from pipeline.facts.breakdown import Breakdown
from pipeline.facts.cells import Spacing
from pipeline.facts.clauses import ClauseIndex
from pipeline.facts.indicator import IndicatorReader, Reading
from pipeline.facts.period import Heading, Period, PeriodFinder
from pipeline.facts.tables import TableReader
from pipeline.facts.wording import Wording
from pipeline.matches import Match

_SUBJECT_LABELS = ("ORG", "GPE", "LOC")
_NOUN_START = re.compile(r"[\u4e00-\u9fff“]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SPACES = re.compile(r"\s+")


class Fact(NamedTuple):
    """A fact of the number ``number``; spans are offsets of the view text."""

    number: Match
    indicator: tuple[int, int]
    canonical: str
    subject: tuple[int, int]
    measure: str
    direction: str
    value: Decimal | None
    value_max: Decimal | None
    status: str
    period: Period
    table_start: int | None = None
    row_label: str = ""
    column: int | None = None


class FactExtractor:
    """Facts of one text from the matches of the earlier stages."""

    def __init__(self, *, tables: dict[str, Any]) -> None:
        self.tables = tables
        self._wording = Wording.from_tables(tables)
        self._breakdown = Breakdown(tables)
        self._followers = re.compile(tables["date_followers"])

    @classmethod
    def from_config(cls, config: Config) -> FactExtractor:
        return cls(tables=config.load("facts"))

    def __call__(self, text: str, numbers: list[Match], dates: list[Match], entities: list[Match],
                 headings: list[Heading], report_year: int | None, spacing: Spacing | None = None) -> list[Fact]:
        """``spacing`` reads back the spaces the view dropped from the source (the cells of
        a table row stand where its spaces put them); without it, ``text`` is the source."""
        w = self._wording
        clauses = ClauseIndex(text, self.tables["sentence_ends"], self.tables["clause_ends"])
        periods = PeriodFinder(text, dates, headings, report_year, clauses, w, self._followers)
        counted = [n for n in numbers if n.fields.get("kind") != "ordinal"]
        table = TableReader(text, counted, self.tables, report_year, spacing)
        reader = IndicatorReader(text, w)
        subjects = [e for e in entities if e.fields.get("label") in _SUBJECT_LABELS
                    and text[e.start:e.end] not in w.self_words]
        subject_starts = [e.start for e in subjects]
        plan = _plan_sections(headings, w)
        facts: list[Fact] = []
        for number in counted:
            cell = table.cell(number)
            if cell is not None:
                facts.append(self._cell_fact(text, number, cell))
            else:
                facts.append(self._prose_fact(text, number, facts, clauses, periods, reader, subjects, subject_starts, plan))
        return facts

    def _cell_fact(self, text: str, number: Match, cell: Any) -> Fact:
        value = number.fields.get("value")
        direction = ""
        if cell.measure == "change" and value:
            direction = "up" if value > 0 else "down"
        label = (cell.label_start, cell.label_end)
        return Fact(number, label, self._canonical(text[cell.label_start:cell.label_end]), cell.subject,
                    cell.measure, direction, value, number.fields.get("value_max"), "actual", cell.period,
                    cell.table_start, cell.row_label, cell.column)

    def _prose_fact(self, text: str, number: Match, facts: list[Fact], clauses: ClauseIndex,
                    periods: PeriodFinder, reader: IndicatorReader, subjects: list[Match], subject_starts: list[int],
                    plan: set[str]) -> Fact:
        w = self._wording
        clause_start, _ = clauses.clause(number.start)
        sentence_start, _ = clauses.sentence(number.start)
        heading = periods.heading(number.start)
        in_heading = heading is not None and number.start < heading.title_end
        subject = (0, 0) if in_heading else _subject(text, subjects, subject_starts, clause_start, number.start, w)
        leads = [(d.start, d.end) for d in periods.dates_within(clause_start, number.start)]
        if subject[1] > subject[0]:
            leads.append(subject)
        reading = reader.before(clause_start, number.start, leads)
        if reading.end <= reading.start and clause_start > 0 and text[clause_start - 1] in "(（":
            reading = reader.before(clauses.clause(clause_start - 1)[0], clause_start - 1, leads)
        indicator = (reading.start, reading.end)
        noun_after = _NOUN_START.match(text, number.end)
        counted_noun = number.fields.get("kind") in ("count", "measure") or text[number.start:number.end].endswith("级")
        if noun_after and not _is_generic(text, number.end, w) and (counted_noun or reading.end <= reading.start):
            after = reader.after(number.end)
            if after[1] > after[0]:
                indicator = after
        whole = _carried(facts, sentence_start)
        if self._is_bare_duration(text, number):
            indicator = (0, 0)
        elif indicator[1] <= indicator[0]:
            if whole is not None:
                indicator = whole.indicator
                if subject == (0, 0):
                    subject = whole.subject
            else:
                indicator = (0, 0)
        part = self._breakdown.part(text, number, indicator, sentence_start,
                                    (whole.number, whole.indicator) if whole is not None else None)
        if part is not None:
            indicator, subject = part
        name = text[indicator[0]:indicator[1]]
        measure, direction = self._measure(reading, name)
        value, value_max = number.fields.get("value"), number.fields.get("value_max")
        if direction == "down" and value is not None and value > 0:
            value, value_max = -value, (-value_max if value_max is not None else None)
        elif measure == "change" and not direction and value is not None and value < 0:
            direction = "down"
        status = self._status(text, clause_start, number.start, heading, plan)
        period = self._period(text, number, periods, clause_start, heading)
        return Fact(number, indicator, self._canonical(name), subject, measure, direction, value, value_max,
                    status, period)

    def _is_bare_duration(self, text: str, number: Match) -> bool:
        if number.fields.get("unit") not in self.tables["duration_units"]:
            return False
        follower = text[number.end:number.end + 1]
        return not _HAN.match(follower) or follower in self.tables["duration_followers"]

    def _measure(self, reading: Reading, indicator: str) -> tuple[str, str]:
        w = self._wording
        if reading.share or indicator.endswith(w.share_words):
            return "share", ""
        if reading.change and not reading.level:
            return "change", reading.change
        if w.growth_end.search(indicator):
            return "change", "up"
        return "level", ""

    def _status(self, text: str, clause_start: int, start: int, heading: Heading | None, plan: set[str]) -> str:
        if self._wording.has_target(text[clause_start:start]) or heading is not None and heading.section_id in plan:
            return "target"
        return "actual"

    def _period(self, text: str, number: Match, periods: PeriodFinder, clause_start: int,
                heading: Heading | None) -> Period:
        year = periods.report_year
        if year and number.fields.get("unit") == "年" and number.fields.get("value") and \
                self._wording.span_back.search(text, clause_start, number.start):
            n = int(number.fields["value"])
            return f"{year - n + 1}-01-01", f"{year}-12-31"
        return periods(number.start, clause_start, heading)

    def _canonical(self, indicator: str) -> str:
        flat = _SPACES.sub("", indicator)
        return self._wording.canonical.get(flat, flat)


def _subject(text: str, subjects: list[Match], starts: list[int], clause_start: int, number_start: int, w: Wording) -> tuple[int, int]:
    """The first place or organisation of the clause before the number that is not a
    locative, a partner or a word of the issuer for itself."""
    for e in subjects[bisect_left(starts, clause_start):bisect_left(starts, number_start)]:
        if e.end <= number_start:
            if w.locative_end.search(text, clause_start, e.start):
                continue
            return e.start, e.end
    return 0, 0


def _plan_sections(headings: list[Heading], w: Wording) -> set[str]:
    """The sections of a plan part: a heading that names a plan, what it contains, and the
    siblings after it up to one that opens a review."""
    plan: set[str] = set()
    last_child: dict[str, str] = {}
    for h in headings:
        previous = last_child.get(h.parent_id)
        last_child[h.parent_id] = h.section_id
        if any(word in h.title for word in w.review_headings):
            continue
        if h.parent_id in plan or previous in plan or any(word in h.title for word in w.plan_headings):
            plan.add(h.section_id)
    return plan


def _carried(facts: list[Fact], sentence_start: int) -> Fact | None:
    for fact in reversed(facts):
        if fact.number.start < sentence_start:
            return None
        if fact.indicator[1] > fact.indicator[0] and fact.table_start is None:
            return fact
    return None


def _is_generic(text: str, position: int, w: Wording) -> bool:
    return text.startswith(w.generic_heads, position)
