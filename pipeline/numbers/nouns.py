"""The counted thing of a count (``noun``): what `94家研发载体` or `入驻企业超过9800家` counts.

Chinese reports put the counted noun after the classifier (`建成94家研发载体`) or, as the
topic, before the number (`入驻企业超过9800家`, `新增养老床位3852张`). The noun after the
classifier is read first: the Chinese characters up to a break (a function word or a
verb of ``noun_breaks``, a character of ``noun_stops``), cut after the last character
that ends nouns (``noun_ends``) within the longest length. Failing that, the noun before
the number: the link words right before it (`达到`, `累计`) are skipped, and the
characters back to the last break are the noun when they end in a noun character. Head
nouns come last in Chinese, so a long run keeps its end (`市人大代表建议`).
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.numbers.patterns import trie_regex
from pipeline.text import CJK, CJK_RUN

_LAST_CJK_RUN = re.compile(f"[{CJK}]+\\Z")


class CountedNouns:
    """Finds the counted noun around a count, with the word lists of ``config/numbers.yaml``."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self._breaks = re.compile(trie_regex(tables["noun_breaks"]))
        self._stops = re.compile(f"{self._breaks.pattern}|[{re.escape(tables['noun_stops'])}]")
        self._links = re.compile(f"(?:{trie_regex(tables['noun_links'])})+\\Z")
        self._ends = frozenset(tables["noun_ends"])
        self._quotes = dict(zip(tables["opening_quotes"], tables["closing_quotes"]))
        self._shortest, self._longest = tables["noun_length"]
        self._reach = tables["noun_reach"]
        self._longest_break = max(map(len, tables["noun_breaks"]))

    def __call__(self, text: str, start: int, end: int, floor: int = 0) -> str:
        """The noun counted by the quantity at ``text[start:end]``, or ``""``; the noun
        before it starts at ``floor`` or later (after the quantity before it)."""
        return self.after(text, end) or self.before(text, start, floor)

    def after(self, text: str, end: int) -> str:
        """The noun right after the classifier: a quoted name (`116个“美丽街区”`) or the
        characters up to a break."""
        closing = self._quotes.get(text[end:end + 1])
        if closing is not None:
            stop = text.find(closing, end + 1, end + 2 + self._longest)
            quoted = text[end + 1:stop] if stop > 0 else ""
            return quoted if CJK_RUN.fullmatch(quoted) else ""
        run = CJK_RUN.match(text, end, end + self._reach)
        if run is None:
            return ""
        words = run.group()
        cut = self._stops.search(words)
        if cut is not None:
            words = words[:cut.start()]
        for length in range(min(len(words), self._longest), 0, -1):
            if words[length - 1] in self._ends:
                # a lone character is a noun only when nothing follows it (`16个区，`)
                return words[:length] if length > 1 or len(words) == 1 else ""
        return ""

    def before(self, text: str, start: int, floor: int = 0) -> str:
        """The noun before the number (`新增养老床位3852张` → `养老床位`)."""
        window = text[max(floor, start - self._reach):start].rstrip()
        links = self._links.search(window)
        if links is not None:
            window = window[:links.start()]
        if not window or window[-1] not in self._ends:
            return ""
        words = _LAST_CJK_RUN.search(window).group()
        words = words[self._last_break_end(words):][-self._longest:]
        return words if len(words) >= self._shortest else ""

    def _last_break_end(self, words: str) -> int:
        """Where the break that ends last in ``words`` ends (0 if there is none), leaving
        a noun of the shortest length at least (`孵化器` is a noun, not the verb `孵化`)."""
        last, limit = 0, len(words) - self._shortest
        for i in range(limit, -1, -1):
            if i + self._longest_break <= last:
                break
            m = self._breaks.match(words, i, limit)
            if m is not None:
                last = max(last, m.end())
        return last
