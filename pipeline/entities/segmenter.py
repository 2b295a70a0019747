"""jieba with a dictionary of its own: the default one plus the recogniser's words.

jieba's module-level dictionary is shared by everything in the process (spaCy's Chinese
tokenizer uses it too), so the recogniser keeps a private ``jieba.Tokenizer``: its user
words cannot leak into other code, and other code's ``jieba.add_word`` cannot change
what the recogniser finds. Nothing is loaded at import; the recogniser loads the
dictionary once, on its first call.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

_DIGITS = re.compile(r"[0-9.]+")
_ALNUM = re.compile(r"[A-Za-z0-9]+")


class Entry(NamedTuple):
    """A word of jieba's dictionary: its frequency and POS tag (jieba.posseg's)."""

    freq: int
    tag: str


def read_dictionary() -> dict[str, Entry]:
    """jieba's default dictionary, word by word."""
    import jieba

    entries = {}
    with jieba.Tokenizer().get_dict_file() as f:
        for line in f:
            word, freq, tag = line.decode("utf-8").split()
            entries[word] = Entry(int(freq), tag)
    return entries


@dataclass(frozen=True)
class Tokens:
    """Words of a text: ``words[i]`` is ``text[starts[i]:ends[i]]`` with POS tag ``tags[i]``."""

    words: list[str]
    tags: list[str]
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.words)


class Segmenter:
    """Cuts text into words, each tagged with its dictionary POS tag.

    ``user_words`` (word → tag) are added to the dictionary with ``user_word_freq``
    where it lacks them, so that the segmenter cuts them out; ``retag`` gives words of
    the dictionary another tag.
    """

    def __init__(self, dictionary: dict[str, Entry], user_words: dict[str, str], retag: dict[str, str], *,
                 hmm: bool, user_word_freq: int) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not ours to print
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self._tags = {word: entry.tag for word, entry in dictionary.items()}
        self._tags.update(retag)
        for word, tag in user_words.items():
            if word not in dictionary:
                self._jieba.add_word(word, user_word_freq)
                self._tags[word] = tag
        self._hmm = hmm

    @property
    def lexicon(self) -> Mapping[str, str]:
        """Every word the segmenter knows, with its tag."""
        return self._tags

    def __call__(self, text: str) -> Tokens:
        words = self._jieba.lcut(text, HMM=self._hmm)
        tag_of = self._tags.get
        tags = [tag_of(w) or _fallback_tag(w) for w in words]
        ends = list(accumulate(map(len, words)))
        starts = [0, *ends[:-1]] if ends else []
        return Tokens(words, tags, starts, ends)


def _fallback_tag(word: str) -> str:
    """The tag of a word the dictionary lacks: a number, Latin letters, or unknown."""
    if _DIGITS.fullmatch(word):
        return "m"
    return "eng" if _ALNUM.fullmatch(word) else "x"
