"""Where a name's body starts once the words before its first place are weighed.

A body read leftwards from a head may run into words that are not part of the name:
verbs before a place (`调整优化`+`上海化工区`), or a table's label run into its cell when
the layout squeezed out the space between them (`地点`+`深圳…公司`, `应付账款`+`武汉…公司`).
When the words before the body's first place (outside brackets) show nothing named,
the body starts at the place.
"""

from __future__ import annotations

from pipeline.entities.segmenter import Tokens
from pipeline.entities.wordclasses import PERSON_TAGS, STRONG, WordClasses

_OPENING = frozenset("“‘「『(（")
_CLOSING = frozenset("”’」』)）")
_QUOTES = frozenset("”’」』")
_PLACE_TAGS = frozenset({"ns"})
_DIRECTIONS = frozenset("东西南北")


class Anchors:
    def __init__(self, words: WordClasses) -> None:
        self._words = words

    def __call__(self, tokens: Tokens, token_at: dict[int, int], proper: set[int], start: int, head: int) -> int:
        """Where the body starting at ``start`` starts once the words before its first
        place (a known one or a word of two or more characters jieba tags as a place;
        the head's own word if it starts with one: `中国工农红军`) are dropped, if they
        show nothing named."""
        first = token_at.get(start)
        if first is None:
            return start
        depth = 0
        for k in range(first, head + 1):
            word = tokens.words[k]
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
        table cell), a person's name that ends as an organisation does (`盖茨基金会`), or
        a lone direction (`北`+`大屿山`); never a word that breaks a name (`华发物业诉`+
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
        return words[end - 1].endswith(classes.name_heads) and any(tags[k] in classes.weak_tags for k in named)
