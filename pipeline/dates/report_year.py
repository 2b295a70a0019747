"""The report year of a document: the year that 今年, 本年 and 报告期 mean in it.

A document says which year it covers in several ways; they are weighed in this order,
the first that gives a year deciding (its name is ``report_year_source``):

1. ``title``: a title line that names the year (`2018年年度报告`, `2023年…统计公报`);
2. ``delivery date``: the day a work report or speech was delivered (`——2020年5月22日在…`),
   which is the year it plans;
3. ``figures``: the year the figures are given for, named most often next to `全年`,
   `年末`, `年度` or in footnotes (`2024年全年…`, `2018年末`), at least ``min_mentions`` times;
4. ``file name``: a year in the file name;
5. ``publication date``: the first full date of the head, when the text reports a
   finished year (`全年…比上年增长`, `年末`): a communiqué or annual report on year N is
   published in N+1, so the year before the date;
6. ``date line``: that date otherwise (a sitting's date, a dateline);
7. ``text years``: the year the text names most often.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.config import Config


@dataclass(frozen=True)
class _YearPatterns:
    title: list[re.Pattern]
    delivery_date: list[re.Pattern]
    figures: list[re.Pattern]
    figures_min_mentions: int
    file_name: re.Pattern
    finished_year: re.Pattern
    finished_year_min_mentions: int
    date_line: list[re.Pattern]
    text_years: re.Pattern
    head_chars: int
    digits: dict[str, int]  # Chinese year digits (二〇一三) and their values

    def year(self, written: str) -> int:
        return int("".join(str(self.digits.get(c, c)) for c in written))

    def first(self, patterns: list[re.Pattern], text: str) -> int | None:
        """The year of the first pattern (in their order) found in ``text``."""
        for pattern in patterns:
            m = pattern.search(text)
            if m:
                return self.year(m["year"])
        return None

    def most_named(self, patterns: list[re.Pattern], text: str, min_mentions: int = 1) -> int | None:
        """The year the patterns find most often (the latest of equals), if that often."""
        counts = Counter(self.year(m["year"]) for pattern in patterns for m in pattern.finditer(text))
        if not counts:
            return None
        year = max(counts, key=lambda y: (counts[y], y))
        return year if counts[year] >= min_mentions else None


def detect_report_year(text: str, file_name: str, *, tables: dict[str, Any] | None = None) -> tuple[int | None, str]:
    """The report year and the evidence that decided it (see the module's docstring), or
    ``(None, "")``."""
    p = _patterns(tables)
    head = text[: p.head_chars]
    for source, year in (("title", p.first(p.title, head)), ("delivery date", p.first(p.delivery_date, head))):
        if year is not None:
            return year, source
    year = p.most_named(p.figures, text, p.figures_min_mentions)
    if year is not None:
        return year, "figures"
    m = p.file_name.search(file_name)
    if m:
        return p.year(m["year"]), "file name"
    dated = p.first(p.date_line, head)
    if dated is not None:
        if len(p.finished_year.findall(text)) >= p.finished_year_min_mentions:
            return dated - 1, "publication date"
        return dated, "date line"
    year = p.most_named([p.text_years], text)
    return (year, "text years") if year is not None else (None, "")


def _patterns(tables: dict[str, Any] | None) -> _YearPatterns:
    if tables is None:
        return _default_patterns()
    return _compile(tables)


@lru_cache(maxsize=1)
def _default_patterns() -> _YearPatterns:
    return _compile(Config().load("dates"))


def _compile(tables: dict[str, Any]) -> _YearPatterns:
    spec = tables["report_year"]

    def compiled(patterns: list[str]) -> list[re.Pattern]:
        return [re.compile(p, re.MULTILINE) for p in patterns]

    return _YearPatterns(
        title=compiled(spec["title"]),
        delivery_date=compiled(spec["delivery_date"]),
        figures=compiled(spec["figures"]["patterns"]),
        figures_min_mentions=spec["figures"]["min_mentions"],
        file_name=re.compile(spec["file_name"]),
        finished_year=re.compile(spec["finished_year"]["pattern"]),
        finished_year_min_mentions=spec["finished_year"]["min_mentions"],
        date_line=compiled(spec["date_line"]),
        text_years=re.compile(spec["text_years"]),
        head_chars=spec["head_chars"],
        digits=tables["year_digits"],
    )
