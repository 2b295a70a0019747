"""A cleaned view of a source text whose every character maps back to the source."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TextView:
    """``text`` is what extractors read; ``origin[i]`` is the source index of ``text[i]``.

    Characters are only ever dropped from the source, never added or changed, so a
    span ``[start, end)`` of the view covers ``source[origin[start]:origin[end-1]+1]``,
    which includes whatever was dropped inside it (a PDF line break, a space).
    """

    text: str
    origin: Sequence[int]  # an array('q') in the views the pipeline builds: 8 bytes a character

    @classmethod
    def identity(cls, text: str) -> TextView:
        return cls(text, array("q", range(len(text))))

    @classmethod
    def keeping(cls, source: str, keep: list[tuple[int, int]]) -> TextView:
        """The view made of the source ranges ``keep`` (sorted, not overlapping)."""
        parts, origin = [], array("q")
        for start, end in keep:
            parts.append(source[start:end])
            origin.extend(range(start, end))
        return cls("".join(parts), origin)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the view span ``[start, end)`` (``end > start``)."""
        return self.origin[start], self.origin[end - 1] + 1

    def from_source(self, position: int) -> int:
        """Index in the view of the first kept character at or after source ``position``."""
        return bisect_right(self.origin, position - 1)
