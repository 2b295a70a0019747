"""The report year of a document: the year that 今年, 本年 and 报告期 mean in it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.config import Config


@dataclass(frozen=True)
class _YearPatterns:
    sources: list[tuple[str, list[re.Pattern]]]
    file_name: re.Pattern
    text_years: re.Pattern
    head_chars: int
    digits: dict[str, int]  # Chinese year digits (二〇一三) and their values

    def year(self, written: str) -> int:
        return int("".join(str(self.digits.get(c, c)) for c in written))


def detect_report_year(text: str, file_name: str, *, tables: dict[str, Any] | None = None) -> tuple[int | None, str]:
    """The report year and where it was read (``title``, ``delivery date``, ``date line``,
    ``file name``, ``text years``), or ``(None, "")``.

    The head of the text is searched for each kind of source in the order of
    ``config/dates.yaml`` (a title before a dateline), then the file name; last comes the
    year the text names most often.
    """
    patterns = _patterns(tables)
    head = text[: patterns.head_chars]
    for source, source_patterns in patterns.sources:
        for pattern in source_patterns:
            m = pattern.search(head)
            if m:
                return patterns.year(m["year"]), source
    m = patterns.file_name.search(file_name)
    if m:
        return patterns.year(m["year"]), "file name"
    counts = Counter(int(m["year"]) for m in patterns.text_years.finditer(text))
    if counts:
        return max(counts, key=lambda year: (counts[year], year)), "text years"
    return None, ""


def _patterns(tables: dict[str, Any] | None) -> _YearPatterns:
    if tables is None:
        return _default_patterns()
    return _compile(tables)


@lru_cache(maxsize=1)
def _default_patterns() -> _YearPatterns:
    return _compile(Config().load("dates"))


def _compile(tables: dict[str, Any]) -> _YearPatterns:
    spec = tables["report_year"]
    return _YearPatterns(
        sources=[(name, [re.compile(p, re.MULTILINE) for p in patterns]) for name, patterns in spec["sources"].items()],
        file_name=re.compile(spec["file_name"]),
        text_years=re.compile(spec["text_years"]),
        head_chars=spec["head_chars"],
        digits=tables["year_digits"],
    )
