"""People's names next to a title or form of address (config/entities/persons.yaml).

`国务院总理李克强`, `巴西总统卢拉`: the name after the title; `习近平主席`, `陈伟业议员`:
the name before it. The title is not part of the span. jieba's person tags (`nr`) are
one sign among others: a word tagged so is taken whole, other names are a surname and
one or two characters ending where a word ends.
"""

from __future__ import annotations

from pipeline.entities.candidates import Candidate
from pipeline.entities.segmenter import Tokens

_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
# Conjunctions, prepositions, particles, adverbs, pronouns: not the start of a name.
_FUNCTION_TAGS = frozenset({"c", "p", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "r", "y", "e"})
_CJK = ("\u3400", "\u9fff")


def _is_han(ch: str) -> bool:
    return _CJK[0] <= ch <= _CJK[1]


class Persons:
    def __init__(self, persons: dict) -> None:
        self._surnames = frozenset(persons["surnames"])
        self._double_surnames = frozenset(persons["double_surnames"])
        self._before = frozenset(persons["titles_before"])
        self._after = frozenset(persons["titles_after"])
        self._foreign_titles = frozenset(persons["foreign_titles"])
        self._foreign_chars = frozenset(persons["foreign_chars"])
        self._foreign_max = persons["foreign_max"]
        self._not_after = frozenset(persons["not_after"])
        self._not_in_names = frozenset(persons["not_in_names"])

    def __call__(self, text: str, tokens: Tokens, places: set[int]) -> list[Candidate]:
        """Names next to titles in ``text``; ``places`` holds indices of place words."""
        found = []
        token_at = {start: i for i, start in enumerate(tokens.starts)}
        last = len(tokens) - 1
        for i, word in enumerate(tokens.words):
            if word not in self._before and word not in self._after:
                continue
            if i < last and tokens.words[i + 1][:1] in self._not_after:
                continue
            if word in self._before and i < last:
                name = self._after_title(text, tokens, token_at, i, places)
                if name:
                    found.append(name)
            if word in self._after and i > 0 and (i - 1) not in places:
                name = self._before_title(text, tokens, i)
                if name:
                    found.append(name)
        return found

    def _after_title(self, text: str, tokens: Tokens, token_at: dict[int, int], i: int,
                     places: set[int]) -> Candidate | None:
        nxt = i + 1
        while nxt < len(tokens) - 1 and tokens.words[nxt].isspace() and len(tokens.words[nxt]) <= 2:
            nxt += 1
        start = tokens.starts[nxt]
        if tokens.tags[nxt] in _PERSON_TAGS and 2 <= len(tokens.words[nxt]) <= 4:
            return Candidate(start, tokens.ends[nxt], "PERSON")
        if tokens.words[i] in self._foreign_titles and i > 0 and (i - 1) in places:
            return self._foreign_name(tokens, nxt)
        if nxt in places or tokens.tags[nxt] in _FUNCTION_TAGS:
            return None
        end = self._chinese_name_end(text, start, token_at)
        return Candidate(start, end, "PERSON") if end else None

    def _chinese_name_end(self, text: str, start: int, token_at: dict[int, int]) -> int | None:
        """End of a surname-first name of two or three characters starting at ``start``
        that ends where a word ends (`李中秋、`, `杨斌及`, `吴爱洁声明`)."""
        surname = 2 if text[start:start + 2] in self._double_surnames else 1
        for length in (surname + 2, surname + 1):
            end = start + length
            name = text[start:end]
            if len(name) == length and (end in token_at or end == len(text)) and self._plausible(name):
                return end
        return None

    def _foreign_name(self, tokens: Tokens, nxt: int) -> Candidate | None:
        """A transliterated name: one-character words of transliteration characters."""
        j, length = nxt, 0
        while j < len(tokens) and len(tokens.words[j]) == 1 and tokens.words[j] in self._foreign_chars:
            length += 1
            j += 1
        if 2 <= length <= self._foreign_max:
            return Candidate(tokens.starts[nxt], tokens.ends[j - 1], "PERSON")
        return None

    def _before_title(self, text: str, tokens: Tokens, i: int) -> Candidate | None:
        end, prev = tokens.starts[i], i - 1
        if tokens.tags[prev] in _PERSON_TAGS and 2 <= len(tokens.words[prev]) <= 4:
            return Candidate(tokens.starts[prev], end, "PERSON")
        starts = set(tokens.starts[max(0, prev - 3):prev + 1])
        for length in (3, 2):
            start = end - length
            name = text[max(start, 0):end]
            if start < 0 or start not in starts or not self._plausible(name):
                continue
            if tokens.words[prev] == name and tokens.tags[prev] not in _PERSON_TAGS:
                continue  # a dictionary word of another kind (`常委委员`)
            return Candidate(start, end, "PERSON")
        return None

    def _plausible(self, name: str) -> bool:
        """Chinese characters, a surname first, no function word after it."""
        surname = 2 if name[:2] in self._double_surnames else 1
        return (all(map(_is_han, name)) and (surname == 2 or name[0] in self._surnames)
                and not any(ch in self._not_in_names for ch in name[surname:]))
