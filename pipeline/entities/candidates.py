"""What the rules propose, and how the final, non-overlapping spans are chosen."""

from __future__ import annotations

from typing import NamedTuple


class Candidate(NamedTuple):
    """A proposed entity ``text[start:end]`` with its label."""

    start: int
    end: int
    label: str


def choose(candidates: list[Candidate], label_priority: list[str]) -> list[Candidate]:
    """The longest candidates that do not overlap, in text order.

    Spans are maximal and not nested: a longer candidate wins over every candidate it
    overlaps (`上海实验动物研究中心迪庆高原生物技术研究院` over `上海` and `迪庆`); on
    equal spans the label first in ``label_priority`` wins.
    """
    rank = {label: i for i, label in enumerate(label_priority)}
    ordered = sorted(set(candidates), key=lambda c: (c.start - c.end, rank[c.label], c.start))
    taken: list[Candidate] = []
    used: set[int] = set()
    for c in ordered:
        if used.isdisjoint(range(c.start, c.end)):
            taken.append(c)
            used.update(range(c.start, c.end))
    return sorted(taken)
