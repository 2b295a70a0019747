"""Sentences and clauses of a text around a position."""

from __future__ import annotations

import re
from bisect import bisect_right


class ClauseIndex:
    """Where the sentence and the clause around a position start and end."""

    def __init__(self, text: str, sentence_ends: str, clause_ends: str) -> None:
        self._text = text
        self._sentences = [m.end() for m in re.finditer(f"[{re.escape(sentence_ends)}]", text)]
        self._clauses = [m.end() for m in re.finditer(f"[{re.escape(sentence_ends + clause_ends)}]", text)]

    def sentence(self, position: int) -> tuple[int, int]:
        return _around(self._sentences, position, len(self._text))

    def clause(self, position: int) -> tuple[int, int]:
        return _around(self._clauses, position, len(self._text))


def _around(ends: list[int], position: int, length: int) -> tuple[int, int]:
    i = bisect_right(ends, position)
    start = ends[i - 1] if i else 0
    end = ends[i] if i < len(ends) else length
    return start, end
