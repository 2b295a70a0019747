"""Pairing the rows of two runs: order-preserving alignment by keys, in passes.

Each pass aligns the rows still unpaired by a looser key, like a line diff does with
lines: two rows pair when their keys are equal, and among equal keys the order of the
rows in the document decides, so a paragraph inserted above leaves the rows below it
paired as before. A key of ``None`` never pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

T = TypeVar("T")
Key = Callable[[T], Hashable | None]
Pair = tuple[int, int]


def aligned(old_keys: Sequence[Hashable | None], new_keys: Sequence[Hashable | None]) -> list[Pair]:
    """Index pairs of a longest order-preserving matching of equal keys."""
    old_keys = [object() if k is None else k for k in old_keys]
    new_keys = [object() if k is None else k for k in new_keys]
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    return [(a + k, b + k) for a, b, size in matcher.get_matching_blocks() for k in range(size)]


def pair_in_passes(
    old: Sequence[T], new: Sequence[T], passes: Sequence[Key]
) -> tuple[list[Pair], list[int], list[int]]:
    """Pairs found pass by pass, then the indices of old and new rows left unpaired."""
    pairs: list[Pair] = []
    old_left, new_left = list(range(len(old))), list(range(len(new)))
    for key in passes:
        if not old_left or not new_left:
            break
        found = aligned([key(old[i]) for i in old_left], [key(new[j]) for j in new_left])
        pairs.extend((old_left[a], new_left[b]) for a, b in found)
        paired_old, paired_new = {a for a, _ in found}, {b for _, b in found}
        old_left = [i for k, i in enumerate(old_left) if k not in paired_old]
        new_left = [j for k, j in enumerate(new_left) if k not in paired_new]
    return pairs, old_left, new_left


def pair_greedily(
    old_left: Sequence[int], new_left: Sequence[int], score: Callable[[int, int], float]
) -> tuple[list[Pair], list[int], list[int]]:
    """Pairs by best positive ``score(old, new)``, highest first, ties in document order."""
    candidates = sorted(
        ((-s, i, j) for i in old_left for j in new_left if (s := score(i, j)) > 0),
    )
    pairs: list[Pair] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, i, j in candidates:
        if i not in used_old and j not in used_new:
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return (
        pairs,
        [i for i in old_left if i not in used_old],
        [j for j in new_left if j not in used_new],
    )
