"""The report year of a document: the year that 今年, 本年 and 报告期 mean in it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.config import Config


def detect_report_year(text: str, file_name: str, *, tables: dict[str, Any] | None = None) -> tuple[int | None, str]:
    """The report year and where it was read (``title``, ``delivery date``, ``date line``,
    ``file name``), or ``(None, "")``.

    The head of the text is searched for each kind of source in the order of
    ``config/dates.yaml`` (a title before a dateline), the file name last.
    """
    sources, file_name_pattern, head_chars = _patterns(tables)
    head = text[:head_chars]
    for source, patterns in sources:
        for pattern in patterns:
            m = pattern.search(head)
            if m:
                return int(m["year"]), source
    m = file_name_pattern.search(file_name)
    if m:
        return int(m["year"]), "file name"
    return None, ""


def _patterns(tables: dict[str, Any] | None) -> tuple[list[tuple[str, list[re.Pattern]]], re.Pattern, int]:
    if tables is None:
        return _default_patterns()
    return _compile(tables["report_year"])


@lru_cache(maxsize=1)
def _default_patterns() -> tuple[list[tuple[str, list[re.Pattern]]], re.Pattern, int]:
    return _compile(Config().load("dates")["report_year"])


def _compile(spec: dict[str, Any]) -> tuple[list[tuple[str, list[re.Pattern]]], re.Pattern, int]:
    sources = [(name, [re.compile(p, re.M) for p in patterns]) for name, patterns in spec["sources"].items()]
    return sources, re.compile(spec["file_name"]), spec["head_chars"]
