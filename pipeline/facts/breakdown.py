"""Parts of an amount listed after `其中` by segment: `主营业务成本545,270,125.34元，其中显示器
274,670,759.10元，注塑件206,230,661.93元` gives each part the amount's indicator
(`主营业务成本`) and its segment (`显示器`) as subject, as a segment table's rows do
(FACTS-CONVENTIONS "Tables"). A part whose words name a quantity of their own
(`其中两院院士19人`, `其中…技术交易额达592亿元`) keeps them as its indicator."""

from __future__ import annotations

from typing import Any

from pipeline.matches import Match

Span = tuple[int, int]


class Breakdown:
    """Reads whether a number is a part of an amount stated before `其中` in its sentence."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self._markers = tuple(tables["breakdown_markers"])
        self._kinds = frozenset(tables["breakdown_kinds"])
        self._heads = tuple(tables["amount_heads"])

    def part(self, text: str, number: Match, indicator: Span, sentence_start: int,
             whole: tuple[Match, Span] | None) -> tuple[Span, Span] | None:
        """(indicator, subject) of ``number`` as a part of ``whole`` (the number and
        indicator the sentence carries), or None when it is no segment's part."""
        if whole is None or indicator[1] <= indicator[0] or number.fields.get("kind") not in self._kinds:
            return None
        whole_number, whole_indicator = whole
        if whole_number.fields.get("kind") != number.fields.get("kind") or whole_indicator[1] <= whole_indicator[0]:
            return None
        marker = max(text.rfind(m, sentence_start, number.start) for m in self._markers)
        if marker < 0 or not whole_indicator[1] <= marker < indicator[0]:
            return None
        words = text[indicator[0]:indicator[1]]
        if any(head in words for head in self._heads):
            return None
        return whole_indicator, indicator
