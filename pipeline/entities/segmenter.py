"""jieba's cutting, done by jieba-rs (``rjieba``) with a dictionary of its own.

jieba-rs ships jieba's default dictionary and cuts as jieba does, over ten times
faster (tests/entities/test_segmenter.py holds the two to the same words). The
recogniser keeps a private ``rjieba.Jieba``: its user words cannot leak into other
code (spaCy's Chinese tokenizer uses jieba's module-level dictionary), and other code's
``jieba.add_word`` cannot change what the recogniser finds. POS tags come from the
recogniser's lexicon (lexicon.py), read from jieba's own dict.txt. Nothing is loaded at
import.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from itertools import accumulate
from typing import NamedTuple

_DIGITS = re.compile(r"[0-9.]+")
_ALNUM = re.compile(r"[A-Za-z0-9]+")


class Entry(NamedTuple):
    """A word of jieba's dictionary: its frequency and POS tag (jieba.posseg's)."""

    freq: int
    tag: str


def read_dictionary() -> dict[str, Entry]:
    """jieba's default dictionary (the package's dict.txt), word by word."""
    entries = {}
    with files("jieba").joinpath("dict.txt").open("rb") as f:
        for line in f:
            word, freq, tag = line.decode("utf-8").split()
            entries[word] = Entry(int(freq), tag)
    return entries


@dataclass(frozen=True)
class Tokens:
    """Words of a text: ``words[i]`` is ``text[starts[i]:ends[i]]`` with POS tag ``tags[i]``;
    ``tag_of`` holds each distinct word with its tag, the same wherever it stands."""

    words: list[str]
    tags: list[str]
    starts: list[int]
    ends: list[int]
    tag_of: dict[str, str]

    def __len__(self) -> int:
        return len(self.words)

    def indices_of(self, *groups: Collection[str]) -> list[list[int]]:
        """For each of ``groups``, the indices of the words in it, in text order: one pass
        over the words finds those of all groups."""
        anywhere = set().union(*groups)
        words = self.words
        found = [i for i, word in enumerate(words) if word in anywhere]
        return [[i for i in found if words[i] in group] for group in groups]

    @cached_property
    def index_at(self) -> Mapping[int, int]:
        """The index of the word that starts at each offset."""
        return Boundaries(self.starts)

    @cached_property
    def index_ending(self) -> Mapping[int, int]:
        """The index of the word that ends at each offset."""
        return Boundaries(self.ends)


class Boundaries(Mapping[int, int]):
    """Each of ascending ``offsets`` → its index, found by bisection: the rules ask of
    few offsets, so no dict of every word's is built."""

    def __init__(self, offsets: list[int]) -> None:
        self._offsets = offsets

    def get(self, offset: int, default: int | None = None) -> int | None:
        i = bisect_left(self._offsets, offset)
        return i if i < len(self._offsets) and self._offsets[i] == offset else default

    def __getitem__(self, offset: int) -> int:
        i = self.get(offset)
        if i is None:
            raise KeyError(offset)
        return i

    def __contains__(self, offset: object) -> bool:
        return self.get(offset) is not None

    def __iter__(self) -> Iterator[int]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)


class Segmenter:
    """Cuts text into words, each tagged with its tag in ``lexicon`` (word → tag).

    ``added`` are the words of the lexicon that jieba's dictionary lacks; they are added
    to the segmenter's with frequency ``added_freq``, so that it cuts them out.
    """

    def __init__(self, lexicon: Mapping[str, str], added: Iterable[str], *, hmm: bool, added_freq: int) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()
        for word in added:
            self._jieba.add_word(word, added_freq, None)
        self._tags = lexicon
        self._hmm = hmm

    @property
    def lexicon(self) -> Mapping[str, str]:
        """Every word the segmenter knows, with its tag."""
        return self._tags

    def __call__(self, text: str) -> Tokens:
        words = self._jieba.cut(text, self._hmm)
        tag_of = {word: self._tags.get(word) or _fallback_tag(word) for word in set(words)}
        tags = [tag_of[word] for word in words]
        ends = list(accumulate(map(len, words)))
        starts = [0, *ends[:-1]] if ends else []
        return Tokens(words, tags, starts, ends, tag_of)


def _fallback_tag(word: str) -> str:
    """The tag of a word the dictionary lacks: a number, Latin letters, or unknown."""
    if _DIGITS.fullmatch(word):
        return "m"
    return "eng" if _ALNUM.fullmatch(word) else "x"
