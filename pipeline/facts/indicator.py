"""The indicator of a number in prose: the noun phrase of its clause that names the quantity,
once the subject, time words, verbs, change words and qualifiers are stripped (spec §8)."""

from __future__ import annotations

import re
from typing import NamedTuple

from pipeline.facts.wording import Wording

_QUOTES = "“”\"'‘’「」《》 \t\n-•·*>»"
_AFTER_STOP = re.compile(r"[，。；：、！？,;:（）()\n]|[0-9０-９]")
_CJK_OR_LATIN = re.compile(r"[\u4e00-\u9fffA-Za-z]")


class Reading(NamedTuple):
    """What the words before a number say: the indicator's span (view offsets, may be empty),
    the change word's direction ("up", "down" or ""), and whether it is a share or a level."""

    start: int
    end: int
    change: str
    share: bool
    level: bool


class IndicatorReader:
    """Reads the clause before a number, and the noun after it."""

    def __init__(self, text: str, wording: Wording, max_after: int = 24) -> None:
        self._text = text
        self._w = wording
        self._max_after = max_after

    def before(self, clause_start: int, number_start: int, leads: list[tuple[int, int]]) -> Reading:
        """The clause's words before the number; ``leads`` are the spans of dates and subjects
        in the clause, stripped where they open the indicator."""
        w, start, end = self._w, clause_start, number_start
        change, share, level = "", False, False
        end = self._trim_quotes(start, end)[1]
        prefix = self._text.rfind(w.share_prefix, start, end)
        if prefix >= 0 and (self._text.endswith("的", start, end) or prefix == end - len(w.share_prefix)):
            share, end = True, prefix
        end = self._strip_end(start, end)
        found = w.level_end.search(self._text, start, end)
        if found:
            level, end = True, found.start()
        if not share and not level:
            changes = list(w.change_word.finditer(self._text, start, end))
            if changes and self._strip_end(changes[-1].end(), end) == changes[-1].end():
                word = changes[-1]
                change = "up" if w.is_up(word.group()) else "down"
                end = self._strip_comparisons(start, word.start())
        end = self._strip_end(start, end)
        start = self._strip_start(start, end, leads)
        opening = w.change_start.match(self._text, start, end)
        if opening and not change and not share and opening.end() < end:
            change = "up" if w.is_up(opening.group()) else "down"
            start = self._strip_start(opening.end(), end, leads)
        listed = self._text.rfind(w.list_end, start, end)
        if listed >= 0:
            start = listed + len(w.list_end)
        start, end = self._trim_quotes(start, end)
        return Reading(start, end, change, share, level)

    def _strip_comparisons(self, start: int, end: int) -> int:
        while True:
            end = self._strip_end(start, end)
            found = self._w.comparison_end.search(self._text, start, end)
            if not found:
                return end
            end = found.start()

    def after(self, number_end: int) -> tuple[int, int]:
        """The noun phrase right after a number (`5家高质量孵化器建设` → `高质量孵化器`)."""
        stop = _AFTER_STOP.search(self._text, number_end, number_end + self._max_after)
        end = stop.start() if stop else min(len(self._text), number_end + self._max_after)
        if end - number_end >= self._max_after:
            return number_end, number_end
        listed = self._text.find(self._w.list_end, number_end, end)
        if listed >= 0:
            end = listed
        while True:
            found = self._w.strip_after_end.search(self._text, number_end, end)
            if not found or found.start() == number_end:
                break
            end = found.start()
        start, end = self._trim_quotes(number_end, end)
        return (start, end) if _CJK_OR_LATIN.match(self._text, start) else (number_end, number_end)

    def _strip_end(self, start: int, end: int) -> int:
        while end > start:
            end = self._trim_quotes(start, end)[1]
            found = self._w.strip_end.search(self._text, start, end)
            if not found or found.start() == found.end():
                return end
            end = found.start()
        return end

    def _strip_start(self, start: int, end: int, leads: list[tuple[int, int]] = ()) -> int:
        while start < end:
            start = self._trim_quotes(start, end)[0]
            lead = next((b for a, b in leads if a == start and b < end), None)
            if lead is not None:
                start = lead
                continue
            found = self._w.strip_start.match(self._text, start, end)
            if not found or found.end() == end:
                return start
            start = found.end()
        return start

    def _trim_quotes(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self._text[start] in _QUOTES:
            start += 1
        while end > start and self._text[end - 1] in _QUOTES:
            end -= 1
        return start, end
