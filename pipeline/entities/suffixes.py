"""The longest of a set of words that ends a text: one lookup per length of the words,
not one comparison per word (heads end names: `…研究院`, `…公园`)."""

from __future__ import annotations

from collections.abc import Iterable


class Suffixes:
    def __init__(self, words: Iterable[str]) -> None:
        self._words = frozenset(words)
        self._lengths = sorted({len(word) for word in self._words}, reverse=True)

    def longest(self, text: str, start: int = 0, end: int | None = None) -> str | None:
        """The longest of the words that ends ``text[start:end]``, if any does."""
        end = len(text) if end is None else end
        for length in self._lengths:
            if length <= end - start and (suffix := text[end - length:end]) in self._words:
                return suffix
        return None
