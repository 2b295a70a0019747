"""Sentences and clauses of a text around a position."""

from __future__ import annotations

from bisect import bisect_right

import numpy as np


class ClauseIndex:
    """Where the sentence and the clause around a position start and end."""

    def __init__(self, text: str, sentence_ends: str, clause_ends: str) -> None:
        self._text = text
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        clause_marks = np.flatnonzero(np.isin(codes, _code_points(sentence_ends + clause_ends)))
        sentence_marks = clause_marks[np.isin(codes[clause_marks], _code_points(sentence_ends))]
        self._sentences = (sentence_marks + 1).tolist()
        self._clauses = (clause_marks + 1).tolist()

    def sentence(self, position: int) -> tuple[int, int]:
        return _around(self._sentences, position, len(self._text))

    def clause(self, position: int) -> tuple[int, int]:
        return _around(self._clauses, position, len(self._text))


def _code_points(characters: str) -> np.ndarray:
    return np.array([ord(c) for c in characters], dtype=np.uint32)


def _around(ends: list[int], position: int, length: int) -> tuple[int, int]:
    i = bisect_right(ends, position)
    start = ends[i - 1] if i else 0
    end = ends[i] if i < len(ends) else length
    return start, end
