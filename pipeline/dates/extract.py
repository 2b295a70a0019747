"""Finding date expressions: their spans and what they write, not yet calendar dates.

One compiled regular expression, built from ``config/dates.yaml``, finds every
expression in a single pass; each match is read into an ``Expression`` whose ``Part``s
say what was written (a year, a month, a word counted from the report year ...).
``resolve.py`` gives them dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from pipeline.text import FOLD_DIGITS


@dataclass(frozen=True)
class Part:
    """One end of a date expression as written. A year is either written (``year``),
    counted from the report year (``report_offset``), counted from the context year
    (``context_offset``), or none of these (the context gives it)."""

    year: int | None = None
    report_offset: int | None = None
    context_offset: int | None = None
    needs_context: bool = False  # a word like 当年 that means nothing without a year before it
    half: int | None = None
    quarter: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def granularity(self) -> str:
        for name in ("day", "month", "quarter", "half"):
            if getattr(self, name) is not None:
                return name
        return "year"

    @property
    def names_year(self) -> bool:
        return self.year is not None or self.report_offset is not None or self.context_offset is not None


@dataclass(frozen=True)
class Expression:
    """A span of the text with its parts: ``first`` alone for a point, ``first`` and
    ``last`` for a range, neither for a duration (which has its ``unit`` instead)."""

    start: int
    end: int
    kind: str
    first: Part | None = None
    last: Part | None = None
    unit: str = ""


def _alternation(words: Any, inner_gap: str = "") -> str:
    """A regex alternation of literal words, longest first so the longest one wins;
    ``inner_gap`` may stand between their characters."""
    return "|".join(
        inner_gap.join(re.escape(c) for c in w) for w in sorted(words, key=len, reverse=True)
    )


class ExpressionFinder:
    """Finds the date expressions of a text; built once from the ``dates`` tables."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.tables = tables
        self.year_low, self.year_high = tables["year_range"]
        self.year_digits = tables["year_digits"]
        self.numerals = tables["numerals"]
        self.ten = next(c for c, value in self.numerals.items() if value == 10)
        self.halves = tables["halves"]
        self.quarter_words = tables["quarter_words"]
        self.needs_context = frozenset(tables["needs_context"])
        self.plan = tables["plan_period"]
        self.report_relative = tables["report_relative"]
        self.report_relative_ranges = tables["report_relative_ranges"]
        self.context_relative = tables["context_relative"]
        self.duration_units = tables["duration"]["units"]
        self.connectors = frozenset(tables["connectors"])
        self.bare_range_max = tables["bare_range_max_years"]
        self.word_heads = {first: frozenset(heads) for firsts, heads in tables["word_heads"] for first in firsts}
        self.pattern = re.compile(self._pattern())

    # -- the pattern ------------------------------------------------------------------

    def _pattern(self) -> str:
        t = self.tables
        gap, digit = t["gap"], f"[{t['digits']}]"
        not_after_number = f"(?<![{t['not_after_number']}])"
        numeric_date = (
            f"{not_after_number}(?P<num_year>{digit}{{4}})(?P<sep>{t['numeric_date_separators']})"
            f"(?P<num_month>{digit}{{1,2}})(?P=sep)(?P<num_day>{digit}{{1,2}})(?!{digit})"
        )
        year_digits = "".join(self.year_digits)
        connector = f"{gap}(?:{_alternation(t['connectors'])}){gap}"
        relative_words = {**self.report_relative, **self.context_relative}
        year_part = (
            f"(?:{not_after_number}(?P<year>{digit}(?:{t['year_digit_break']}{digit}){{3}})"
            f"|(?P<cn_year>[{year_digits}]{{4}}))"
            f"(?:{connector}(?P<year2>{digit}{{4}}|{digit}{{2}}))?"
            f"{gap}(?:{t['year_units']})(?![{t['year_not_followed_by']}])(?:{t['year_edges']})?"
            f"|(?P<report_range>{_alternation(self.report_relative_ranges, t['word_gap'])})"
            f"|(?P<relative>{_alternation(relative_words, t['word_gap'])})"
            f"(?![{t['year_word_not_followed_by']}])(?:{t['year_edges']})?"
        )
        bare_range = (
            f"{not_after_number}(?P<bare1>{digit}{{4}}){connector}(?P<bare2>{digit}{{4}})"
            f"(?=[{t['bare_range_followers']}]|$)"
        )
        lettered = (  # 2019Q3, 2020H1
            f"{not_after_number}(?P<lettered_year>{digit}{{4}}) ?"
            f"(?:[{t['quarter_letters']}](?P<lettered_q>[1-4])|[{t['half_letters']}](?P<lettered_h>[12]))"
            f"(?![0-9A-Za-z])"
        )
        listed_year = (
            f"{not_after_number}(?P<listed_year>{digit}{{4}})"
            f"(?=(?:\\s*[{t['year_list_separators']}]\\s*{digit}{{4}})+{gap}(?:{t['year_units']}))"
        )
        plan = f"(?P<plan>{self.plan['pattern']})(?![{self.plan['not_followed_by']}])"
        d = t["duration"]
        count = f"(?:{not_after_number}(?<![{d['not_after']}]){d['arabic']}|{d['chinese']}|{d['half']})"
        duration = (
            f"(?:{_alternation(d['prefixes'], t['word_gap'])})?{count}(?:{connector}{count})?{gap}"
            f"(?P<duration_unit>{_alternation(self.duration_units)})(?![{d['not_followed_by']}])"
            f"(?:{_alternation(d['suffixes'])})?"
        )
        alternatives = "|".join(
            (
                f"(?P<not_date>{_alternation(t['not_dates'])})",
                numeric_date,
                plan,
                f"(?:{year_part})(?:{gap}(?:{self._below_year('a', connector)}))?",
                lettered,
                listed_year,
                f"{not_after_number}(?:{self._below_year('b', connector)})",
                bare_range,
                duration,
            )
        )
        # A lookahead for the characters an expression can start with lets the regex
        # engine skip the rest of the text quickly.
        return f"(?=[{t['digits']}{re.escape(''.join(sorted(self._first_characters())))}])(?:{alternatives})"

    def _first_characters(self) -> set[str]:
        t = self.tables
        words = [
            *self.report_relative, *self.report_relative_ranges, *self.context_relative, *self.halves,
            *self.quarter_words,
            *t["edge_words"], *t["not_dates"], *t["duration"]["prefixes"], t["duration"]["half"],
            t["quarter_prefix"], t["upto"],
        ]
        return {w[0] for w in words} | set(self.year_digits) | set(self.numerals) | set(t["quarter_letters"])

    def _below_year(self, tag: str, connector: str) -> str:
        """Halves, quarters, months and days, and year edges; group names end in ``tag``
        because the pattern holds this part twice (after a year, and alone)."""
        t = self.tables
        gap, digit = t["gap"], f"[{t['digits']}]"
        q_prefix, q_letter = t["quarter_prefix"], f"[{t['quarter_letters']}]"
        quarter = f"[1-4１-４]|{t['chinese_quarter']}"
        month = f"{digit}{{1,2}}|{t['chinese_month']}"
        separator = t["list_separator"]
        # not at a line's start, where `一、` numbers a heading or an item
        listed = (
            f"(?<=\\S)(?:{q_prefix})?(?P<listed_q_{tag}>{quarter})"
            f"(?=(?:{separator}(?:{q_prefix})?(?:{quarter}))+{gap}(?:{t['quarter_unit']}))"
            f"|(?<=\\S)(?P<listed_m_{tag}>{month})(?=(?:{separator}(?:{month}))+{gap}(?:{t['month_unit']}))"
        )
        day = f"{digit}{{1,2}}|{t['chinese_day']}"
        edge_words = "|".join(
            re.escape(word) + (f"(?![{not_followed_by}])" if not_followed_by else "")
            for word, not_followed_by in sorted(t["edge_words"].items(), key=lambda item: len(item[0]), reverse=True)
        )
        return (
            f"(?P<half_{tag}>{_alternation(self.halves)})"
            f"|(?P<qword_{tag}>{_alternation(self.quarter_words)})(?:{t['quarter_edges']})?"
            f"|{listed}"
            f"|{t['upto']}(?P<upto_m_{tag}>{month}|{t['upto_two']})(?:{t['month_count_classifier']})?(?:{t['month_unit']})"
            f"|(?P<upto_{tag}>{t['upto']})?(?P<nth_{tag}>{q_prefix})?(?P<q1_{tag}>{quarter})"
            f"(?:{connector}(?:{q_prefix})?(?P<q2_{tag}>{quarter}))?{gap}"
            f"(?:{t['quarter_unit']}|(?(nth_{tag}){t['quarter_unit_after_prefix']}|(?!)))(?:{t['quarter_edges']})?"
            f"|{q_letter}(?P<lq1_{tag}>[1-4])(?:{connector}{q_letter}(?P<lq2_{tag}>[1-4]))?(?![0-9])"
            f"|(?P<m1_{tag}>{month})(?:{connector}(?P<m2_{tag}>{month}))?{gap}(?:{t['month_unit']})"
            f"(?:{gap}(?P<d1_{tag}>{day})(?:(?:{gap}{t['day_unit']})?{connector}(?P<d2_{tag}>{day}))?"
            f"{gap}{t['day_unit']})?"
            f"(?:{t['month_edges']})?"
            f"|(?P<edge_{tag}>{edge_words})"
        )

    # -- reading matches ------------------------------------------------------------------

    def __call__(self, text: str) -> list[Expression]:
        found = []
        position = 0
        while (m := self.pattern.search(text, position)) is not None:
            if self._inside_word(text, m.start()):
                position = m.start() + 1  # what follows the word may still hold a date
                continue
            position = m.end()
            expression = None if m["not_date"] else self._read(m)
            if expression is not None:
                found.append(expression)
        return self._join_ranges(text, found)

    def _inside_word(self, text: str, start: int) -> bool:
        """``一季度`` in ``统一季度``: the first character ends another word."""
        heads = self.word_heads.get(text[start])
        return heads is not None and start > 0 and text[start - 1] in heads

    def _read(self, m: re.Match) -> Expression | None:
        start, end = m.span()
        if m["duration_unit"]:
            return Expression(start, end, "duration", unit=self.duration_units[m["duration_unit"]])
        if m["num_year"]:
            month, day = self._number(m["num_month"]), self._number(m["num_day"])
            part = Part(year=self._year(m["num_year"]), month=month, day=day)
            return Expression(start, end, "point", part) if part.year and _valid(part) else None
        if m["plan"]:
            years = self.plan["years"]
            first = self.plan["third_plan_start"] + years * (self._number(m["plan_number"]) - 3)
            return Expression(start, end, "range", Part(year=first), Part(year=first + years - 1))
        if m["lettered_year"]:
            year = self._year(m["lettered_year"])
            if year is None:
                return None
            if m["lettered_q"]:
                return Expression(start, end, "point", Part(year=year, quarter=int(m["lettered_q"])))
            return Expression(start, end, "point", Part(year=year, half=int(m["lettered_h"])))
        if m["listed_year"]:
            year = self._year(m["listed_year"])
            return None if year is None else Expression(start, end, "point", Part(year=year))
        if m["bare1"]:
            first, last = self._year(m["bare1"]), self._year(m["bare2"])
            if first is None or last is None or not 0 < last - first <= self.bare_range_max:
                return None
            return Expression(start, end, "range", Part(year=first), Part(year=last))
        ends = self._year_ends(m)
        if ends is None:
            return None
        first, last = ends
        below = self._below(m, "a" if first.names_year else "b")
        if below is not None:
            low, high = below
            is_range = last is not None or high != low
            first, last = replace(first, **low), (replace(last or first, **high) if is_range else None)
        if not (_valid(first) and (last is None or _valid(last))):
            return None
        return Expression(start, end, "range" if last else "point", first, last)

    def _year_ends(self, m: re.Match) -> tuple[Part, Part | None] | None:
        """What the expression says about the year: one part, or two for a year range."""
        if m["year"] or m["cn_year"]:
            first = self._year(m["year"] or m["cn_year"])
            if first is None:
                return None
            if not m["year2"]:
                return Part(year=first), None
            last = int(_ascii_digits(m["year2"]))
            if last < 100:
                last += first // 100 * 100
            if not 0 < last - first <= self.bare_range_max:
                return None
            return Part(year=first), Part(year=last)
        if m["report_range"]:
            low, high = self.report_relative_ranges[_without_spaces(m["report_range"])]
            return Part(report_offset=low), Part(report_offset=high)
        if m["relative"]:
            word = _without_spaces(m["relative"])
            if word in self.report_relative:
                return Part(report_offset=self.report_relative[word]), None
            return Part(context_offset=self.context_relative[word], needs_context=word in self.needs_context), None
        return Part(), None

    def _below(self, m: re.Match, tag: str) -> tuple[dict, dict] | None:
        """The fields below the year of the two ends (equal for a point)."""
        def g(name: str) -> str | None:
            return m[f"{name}_{tag}"]

        if g("half"):
            half = {"half": self.halves[g("half")]}
            return half, half
        if g("qword") or g("listed_q"):
            quarter = {"quarter": self.quarter_words[g("qword")] if g("qword") else self._number(g("listed_q"))}
            return quarter, quarter
        if g("upto_m"):
            return {"month": 1}, {"month": self._number(g("upto_m"))}
        if g("listed_m"):
            month = {"month": self._number(g("listed_m"))}
            return month, month
        if g("q1") or g("lq1"):
            q1 = self._number(g("q1") or g("lq1"))
            q2 = self._number(g("q2") or g("lq2")) if (g("q2") or g("lq2")) else q1
            if g("upto"):
                q1, q2 = 1, q1
            return {"quarter": q1}, {"quarter": q2}
        if g("m1"):
            m1 = self._number(g("m1"))
            m2 = self._number(g("m2")) if g("m2") else m1
            if not g("d1"):
                return {"month": m1}, {"month": m2}
            d1 = self._number(g("d1"))
            d2 = self._number(g("d2")) if g("d2") else d1
            return {"month": m1, "day": d1}, {"month": m2, "day": d2}
        return None  # a year edge (年底) or nothing: the year alone

    def _year(self, written: str) -> int | None:
        digits = "".join(str(self.year_digits.get(c, c)) for c in _without_spaces(written))
        year = int(_ascii_digits(digits))
        return year if self.year_low <= year <= self.year_high else None

    def _number(self, written: str) -> int:
        """An Arabic or Chinese numeral up to 99 (``12``, ``１２``, ``十二``, ``二十一``)."""
        if written[0] not in self.numerals:
            return int(_ascii_digits(written))
        if self.ten not in written:
            return self.numerals[written]
        tens, _, units = written.rpartition(self.ten)
        return (self.numerals[tens] if tens else 1) * 10 + (self.numerals[units] if units else 0)

    # -- ranges written as two dates ----------------------------------------------------

    def _join_ranges(self, text: str, found: list[Expression]) -> list[Expression]:
        """``2016年至2018年``, ``3月—5月``: two points with only a connector between them."""
        joined: list[Expression] = []
        for expression in found:
            previous = joined[-1] if joined else None
            if (
                previous is not None
                and previous.kind == expression.kind == "point"
                and text[previous.end : expression.start].strip() in self.connectors
            ):
                joined[-1] = Expression(previous.start, expression.end, "range", previous.first, expression.first)
            else:
                joined.append(expression)
        return joined


_SPACES = re.compile(r"\s+")


def _without_spaces(written: str) -> str:
    return _SPACES.sub("", written)


def _ascii_digits(written: str) -> str:
    return written.translate(FOLD_DIGITS)


def _valid(part: Part) -> bool:
    """Month and day within their calendar bounds (the day against the month in resolve)."""
    return (part.month is None or 1 <= part.month <= 12) and (part.day is None or 1 <= part.day <= 31)
