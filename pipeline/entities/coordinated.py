"""Names of one kind listed with `、`: when one item of a list is a name, its
neighbours that end with the same head word are names of that label too
(`紫竹院公园、玉渊潭公园、景山公园`), where the rules that found the first item know
too little of the others' bodies to find them alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pipeline.entities.candidates import Candidate
from pipeline.entities.segmenter import Tokens
from pipeline.entities.suffixes import Suffixes

CJK = re.compile("[\u4e00-\u9fff]+")


class CoordinatedNames:
    """``heads`` maps each label to the head words that end its names; ``generic_body``
    matches the bodies that name nothing in particular (`城市` of `城市公园`).

    ``settings`` (config/entities/settings.yaml, ``coordinated``) give the ``joiners``
    that may stand before a list's last item (`和`), the ``not_in_item`` POS tags no
    item may hold a word of (verbs, numbers, pronouns: `新建两个公园`), ``min_body``,
    the shortest head, ``min_head``, and the longest item of each label, ``max_chars``.
    An item ends where a word ends with the head of the name listed beside it.
    """

    def __init__(self, settings: dict, heads: dict[str, list[str]], generic_body: re.Pattern[str],
                 max_chars: dict[str, int]) -> None:
        self._heads = {label: Suffixes(words) for label, words in heads.items()}
        self._joiners = sorted(settings["joiners"], key=len, reverse=True)
        self._not_in_item = frozenset(settings["not_in_item"])
        self._min_body = settings["min_body"]
        self._min_head = settings["min_head"]
        self._generic_body = generic_body
        self._max_chars = max_chars

    def __call__(self, text: str, tokens: Tokens, chosen: list[Candidate]) -> list[Candidate]:
        """The unfound items of the lists that names of ``chosen`` stand in."""
        starts, ends = tokens.index_at, tokens.index_ending
        spans = {(c.start, c.end) for c in chosen}
        queue = [c for c in chosen if c.label in self._heads]
        found = []
        while queue:
            c = queue.pop()
            head = self._heads[c.label].longest(text, c.start, c.end)
            if head is None or len(head) < self._min_head or c.end not in ends:
                continue
            for item in (self._before(text, c), self._after(text, c, head)):
                if item is None or (item.start, item.end) in spans:
                    continue
                if self._is_name(text, tokens, starts, ends, item, head):
                    spans.add((item.start, item.end))
                    found.append(item)
                    queue.append(item)
        return found

    def _before(self, text: str, c: Candidate) -> Candidate | None:
        """The item before ``c``, from the separator before it to the `、` after it."""
        if c.start < 2 or text[c.start - 1] != "、":
            return None
        end = c.start - 1
        start = end
        while start > 0 and CJK.match(text[start - 1]) and end - start < self._max_chars[c.label]:
            start -= 1
        if start > 0 and CJK.match(text[start - 1]):
            return None
        return Candidate(start, end, c.label)

    def _after(self, text: str, c: Candidate, head: str) -> Candidate | None:
        """The item after ``c`` and a `、` (or, after an item of a list, a joiner), to the
        first end of ``head``."""
        if text.startswith("、", c.end):
            start = c.end + 1
        else:
            joiner = next((j for j in self._joiners if text.startswith(j, c.end)), None)
            if joiner is None or c.start == 0 or text[c.start - 1] != "、":
                return None
            start = c.end + len(joiner)
        at = text.find(head, start, start + self._max_chars[c.label])
        if at < 0 or not CJK.fullmatch(text, start, at + len(head)):
            return None
        return Candidate(start, at + len(head), c.label)

    def _is_name(self, text: str, tokens: Tokens, starts: Mapping[int, int], ends: Mapping[int, int],
                 item: Candidate, head: str) -> bool:
        """An item is a name if its last word ends with the head of the name listed beside
        it (`公园`, or `玉渊潭公园` as one word), and its body is no generic one and
        holds no word of ``not_in_item``."""
        first, last = starts.get(item.start), ends.get(item.end)
        if (first is None or last is None or not tokens.words[last].endswith(head)
                or not CJK.fullmatch(text, item.start, item.end)):
            return False
        body = text[item.start:item.end - len(head)]
        return (len(body) >= self._min_body and not self._generic_body.fullmatch(body)
                and self._not_in_item.isdisjoint(tokens.tags[first:last + 1]))
