"""Where a name's body starts once the words before its first place are weighed.

A body read leftwards from a head may run into words that are not part of the name:
verbs before a place (`调整优化`+`上海化工区`), or a table's label run into its cell when
the layout squeezed out the space between them (`地点`+`深圳…公司`, `应付账款`+`武汉…公司`).
When the words before the body's first place (outside brackets), before a quoted part
of it (`全面完成`+`“十四五”规划`) or before a name jieba does not know, cut into single
characters (`服务`+`岚川大学`), show nothing named, the body starts there.
"""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.entities.segmenter import Tokens
from pipeline.entities.wordclasses import PERSON_TAGS, STRONG, WordClasses

_OPENING = frozenset("“‘「『(（")
_CLOSING = frozenset("”’」』)）")
_QUOTES = frozenset("”’」』")
_QUOTE_OPENING = frozenset("“‘「『")
_PLACE_TAGS = frozenset({"ns"})
_DIRECTIONS = frozenset("东西南北")


class Anchors:
    def __init__(self, words: WordClasses) -> None:
        self._words = words

    def __call__(self, tokens: Tokens, token_at: Mapping[int, int], proper: set[int], start: int, head: int, *,
                 open_body: bool) -> int:
        """Where the body starting at ``start`` starts once the words before its first
        place (a known one or a word of two or more characters jieba tags as a place;
        the head's own word if it starts with one: `中国工农红军`), its first quoted part
        or its first word jieba does not know (`服务`+`岚川大学`; not after a character
        of its own, `黄/a`+`竹坑医院`, nor in a company's open body, whose trade name often
        starts with a common word: `东方`+`金钰`) are dropped, if they show nothing named."""
        first = token_at.get(start)
        if first is None:
            return start
        depth = 0
        for k in range(first, head + 1):
            word = tokens.words[k]
            if depth == 0 and k > first and (word in _QUOTE_OPENING or (
                    not open_body and len(tokens.words[k - 1]) > 1
                    and self._words.unknown_word_starts(tokens, k, head))):
                if self._names_something(tokens, proper, first, k):
                    return start
                return tokens.starts[k]
            if word in _OPENING:
                depth += 1
            elif word in _CLOSING:
                depth -= 1
            elif depth == 0 and (k in proper or (tokens.tags[k] in _PLACE_TAGS and len(word) > 1)
                                 or (k == head and self._words.starts_with_place(word))):
                if k == first or self._names_something(tokens, proper, first, k):
                    return start
                return tokens.starts[k]
        return start

    def _names_something(self, tokens: Tokens, proper: set[int], first: int, end: int) -> bool:
        """Whether words ``first`` to ``end - 1`` show a name: a strong sign, a quoted part,
        an abbreviation (`政协`), a word jieba tags as a name (a person's only if it is a
        word of two characters, as trade names are: `华为`; not a full name run into a
        table cell), a word jieba does not know (`南`+`屿`), an organisation's name whose
        body is not only generic words or verbs (`晨曦公益基金会`+`北京代表处`, `盖茨基金会`),
        or a lone direction (`北`+`大屿山`); never a word that breaks a name (`华发物业诉`+
        `深圳市…`). A head alone (`交易所/nt`) shows nothing."""
        words, tags, classes = tokens.words, tokens.tags, self._words
        if any(classes.breaks(words[k]) for k in range(first, end)):
            return False
        if end - first == 1 and words[first] in _DIRECTIONS:
            return True  # `北`+`大屿山`
        named = [k for k in range(first, end) if words[k] not in classes.head_label]
        for k in named:
            if classes.sign(tokens, k, proper, "") == STRONG or words[k] in _QUOTES or (
                    tags[k] in classes.abbreviation_tags and len(words[k]) > 1) or (
                    tags[k] in classes.weak_tags and (tags[k] not in PERSON_TAGS or len(words[k]) == 2)):
                return True
        if classes.unknown_word(tokens, first, end):
            return True  # `南`+`屿` of `南屿深海装备研究所`
        # an organisation before its office (`晨曦公益基金会`+`北京代表处`)
        return classes.head_label.get(words[end - 1]) == "ORG" and any(
            not classes.generic_text(words[k]) for k in named) and not any(
            tags[k] in classes.verb_tags for k in named)
