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
    short_year: int | None = None  # two digits (`07年`): the century comes from the report year
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
        return any(v is not None for v in (self.year, self.short_year, self.report_offset, self.context_offset))


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
        self.dated_year_low = tables["dated_year_low"]
        self.year_digits = tables["year_digits"]
        self.numerals = tables["numerals"]
        self.numeral_units = tables["numeral_units"]
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
        month_follows = (
            f"(?={gap}(?:{t['year_units']}){gap}(?:{t['year_joiner']})?(?:{self._month()}){gap}(?:{t['month_unit']}))"
        )
        short = t["short_year"]
        year_part = (
            f"(?:{not_after_number}(?P<year>{digit}(?:{t['year_digit_break']}{digit}){{3}})"
            f"|(?<![{year_digits}])(?P<cn_year>[{year_digits}]{{4}})"
            f"|(?P<count_year>{t['count_year']})"
            f"|{not_after_number}(?<![{year_digits}])"
            f"(?P<short_year>{short['alone']}|(?:{short['before_month']}){month_follows}))"
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
            f"(?=(?:{gap}[{t['year_list_separators']}]{gap}{digit}{{4}}){{1,{t['list_max_items']}}}"
            f"{gap}(?:{t['year_units']}))"
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
                f"(?:{year_part})(?:{gap}(?:{t['year_joiner']})?{gap}(?:{self._below_year('a', connector)}))?",
                lettered,
                listed_year,
                f"{not_after_number}(?:{self._below_year('b', connector)})",
                bare_range,
                duration,
            )
        )
        # A lookahead for the characters an expression can start with lets the regex
        # engine skip the rest of the text quickly. Every alternative that can start with
        # a digit has ``not_after_number`` before it: a digit inside a number starts none.
        first_digit = f"{digit}(?<![{t['not_after_number']}]{digit})"
        return f"(?={first_digit}|[{re.escape(''.join(sorted(self._first_characters())))}])(?:{alternatives})"

    def _first_characters(self) -> set[str]:
        t = self.tables
        words = [
            *self.report_relative, *self.report_relative_ranges, *self.context_relative, *self.halves,
            *self.quarter_words,
            *t["edge_words"], *t["not_dates"], *t["duration"]["prefixes"], t["duration"]["half"],
            t["quarter_prefix"], *t["upto"], *t["counted"]["last"],
        ]
        numerals = {*self.year_digits, *self.numerals, *self.numeral_units}
        return {w[0] for w in words} | numerals | set(t["quarter_letters"])

    def _month(self) -> str:
        return f"[{self.tables['digits']}]{{1,2}}|{self.tables['chinese_month']}"

    def _below_year(self, tag: str, connector: str) -> str:
        """Halves, quarters, months and days, and year edges; group names end in ``tag``
        because the pattern holds this part twice: after a year (``a``), where counted
        parts (`最后4个月`, `第三个月`) and `第三季` may stand too, and alone (``b``)."""
        t = self.tables
        gap, digit = t["gap"], f"[{t['digits']}]"
        q_prefix, q_letter = t["quarter_prefix"], f"[{t['quarter_letters']}]"
        quarter = f"[1-4１-４]|{t['chinese_quarter']}"
        month = self._month()
        separator, most = t["list_separator"], t["list_max_items"]
        # not at a line's start, where `一、` numbers a heading or an item
        listed = (
            f"(?<=\\S)(?:{q_prefix})?(?P<listed_q_{tag}>{quarter})"
            f"(?=(?:{separator}(?:{q_prefix})?(?:{quarter})){{1,{most}}}{gap}(?:{t['quarter_unit']}))"
            f"|(?<=\\S)(?P<listed_m_{tag}>{month})"
            f"(?=(?:{separator}(?:{month})){{1,{most}}}{gap}(?:{t['month_unit']}))"
        )
        day = f"{digit}{{1,2}}|{t['chinese_day']}"
        bare_day = f"(?P<bd_{tag}>{t['bare_day']})(?![{t['bare_day_not_followed_by']}])"
        edge_words = "|".join(
            re.escape(word) + (f"(?![{not_followed_by}])" if not_followed_by else "")
            for word, not_followed_by in sorted(t["edge_words"].items(), key=lambda item: len(item[0]), reverse=True)
        )
        # `第三季` only after a year; `首3季` anywhere; else the whole unit `季度`
        short_quarter_after_nth = t["quarter_unit_after_prefix"] if tag == "a" else "(?!)"
        quarter_unit = (
            f"(?:{t['quarter_unit']}|(?(upto_{tag}){t['quarter_unit_after_prefix']}"
            f"|(?(nth_{tag}){short_quarter_after_nth}|(?!))))"
        )
        c, upto = t["counted"], _alternation(t["upto"])
        counted = [
            f"(?P<last_{tag}>{_alternation(c['last'])}){gap}(?P<last_n_{tag}>{c['count']}){gap}"
            f"(?:(?P<last_m_{tag}>{c['months']})|{c['quarters']})",
            f"(?:{upto}){gap}(?P<first_days_{tag}>{c['count']}){gap}(?:{c['days']})",
            f"{q_prefix}(?P<nth_m_{tag}>{month}){gap}(?:{t['month_count_classifier']})(?:{t['month_unit']})",
        ]
        return "|".join((
            *(counted if tag == "a" else ()),
            f"(?P<half_{tag}>{_alternation(self.halves)})",
            f"(?P<qword_{tag}>{_alternation(self.quarter_words)})(?:{t['quarter_edges']})?",
            listed,
            f"(?:{upto})(?P<upto_m_{tag}>{month}|{t['upto_two']})(?:{t['month_count_classifier']})?"
            f"(?:{t['month_unit']})",
            f"(?:(?P<upto_{tag}>{upto})|(?P<nth_{tag}>{q_prefix}))?(?P<q1_{tag}>{quarter})"
            f"(?:{connector}(?:{q_prefix})?(?P<q2_{tag}>{quarter}))?{gap}{quarter_unit}(?:{t['quarter_edges']})?",
            f"{q_letter}(?P<lq1_{tag}>[1-4])(?:{connector}{q_letter}(?P<lq2_{tag}>[1-4]))?(?![0-9])",
            f"(?P<m1_{tag}>{month})(?:{connector}(?P<m2_{tag}>{month}))?{gap}(?:{t['month_unit']})"
            f"(?:{gap}(?P<d1_{tag}>{day})(?:(?:{gap}(?:{t['day_unit']}))?{connector}(?P<d2_{tag}>{day}))?"
            f"{gap}(?:{t['day_unit']})|{bare_day})?"
            f"(?:{t['month_edges']})?",
            f"(?P<edge_{tag}>{edge_words})",
        ))

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
            part = Part(year=self._year(m["num_year"], self.dated_year_low), month=month, day=day)
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
        if not all(self._plausible(part) for part in (first, last) if part is not None):
            return None
        if m["count_year"] and first.year % 100 == 0 and first.month is None:
            return None  # `两千年` alone is as often a count of years (`两千年历史`)
        return Expression(start, end, "range" if last else "point", first, last)

    def _plausible(self, part: Part) -> bool:
        """Month and day in their bounds; a year before ``year_range`` only with a month."""
        return _valid(part) and (part.year is None or part.year >= self.year_low or part.month is not None)

    def _year_ends(self, m: re.Match) -> tuple[Part, Part | None] | None:
        """What the expression says about the year: one part, or two for a year range."""
        if m["short_year"]:
            if m["year2"]:
                return None
            return Part(short_year=int(self._digits(m["short_year"]))), None
        if m["year"] or m["cn_year"] or m["count_year"]:
            written = m["year"] or m["cn_year"]
            first = self._year(written, self.dated_year_low) if written else self._number(m["count_year"])
            if first is None or not self.dated_year_low <= first <= self.year_high:
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
            group = f"{name}_{tag}"
            return m[group] if group in self.pattern.groupindex else None  # counted parts are in ``a`` only

        if g("last"):
            count = self._number(g("last_n"))
            if g("last_m"):
                return {"month": 13 - count}, {"month": 12}
            return {"quarter": 5 - count}, {"quarter": 4}
        if g("first_days"):
            return {"month": 1, "day": 1}, {"month": 1, "day": self._number(g("first_days"))}
        if g("nth_m"):
            month = {"month": self._number(g("nth_m"))}
            return month, month
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
            if not (g("d1") or g("bd")):
                return {"month": m1}, {"month": m2}
            d1 = self._number(g("d1") or g("bd"))
            d2 = self._number(g("d2")) if g("d2") else d1
            return {"month": m1, "day": d1}, {"month": m2, "day": d2}
        return None  # a year edge (年底) or nothing: the year alone

    def _digits(self, written: str) -> str:
        """Year digits as ASCII digits (``二〇一九`` → ``2019``), spaces dropped."""
        return _ascii_digits("".join(str(self.year_digits.get(c, c)) for c in _without_spaces(written)))

    def _year(self, written: str, low: int | None = None) -> int | None:
        """The year written in digits, if from ``low`` (``year_range``'s start by default) to the range's end."""
        year = int(self._digits(written))
        return year if (self.year_low if low is None else low) <= year <= self.year_high else None

    def _number(self, written: str) -> int:
        """An Arabic or Chinese numeral (``12``, ``１２``, ``十二``, ``二十一``, ``两千零四``)."""
        if written[0] not in self.numerals and written[0] not in self.numeral_units:
            return int(_ascii_digits(written))
        total, digit = 0, None
        for c in written:
            if c in self.numeral_units:
                total += (1 if digit is None else digit) * self.numeral_units[c]
                digit = None
            else:
                digit = self.numerals[c]
        return total + (digit or 0)

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
    """Quarter, month and day within their calendar bounds (the day against the month in resolve)."""
    return (
        (part.quarter is None or 1 <= part.quarter <= 4)
        and (part.month is None or 1 <= part.month <= 12)
        and (part.day is None or 1 <= part.day <= 31)
    )
