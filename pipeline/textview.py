"""A cleaned view of a source text whose every character maps back to the source."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TextView:
    """``text`` is what extractors read; ``text[i]`` is a character of the source.

    Characters are only ever dropped from the source, never added or changed, so a
    span ``[start, end)`` of the view covers ``source[origin(start):origin(end-1)+1]``,
    which includes whatever was dropped inside it (a PDF line break, a space).

    The mapping is kept as runs, not per character: the view characters from
    ``run_starts[k]`` on are the source characters from ``run_origins[k]`` on, one for
    one, up to the next run (a few bytes per kept range, where a per-character map took
    8 bytes a character: a 50 MB report's view is 20 million characters).
    """

    text: str
    run_starts: Sequence[int]  # array('q'), rising, run_starts[0] == 0 unless the view is empty
    run_origins: Sequence[int]  # array('q'), rising

    @classmethod
    def identity(cls, text: str) -> TextView:
        return cls(text, array("q", [0] if text else []), array("q", [0] if text else []))

    @classmethod
    def keeping(cls, source: str, keep: list[tuple[int, int]]) -> TextView:
        """The view made of the source ranges ``keep`` (sorted, not overlapping)."""
        parts, run_starts, run_origins, size = [], array("q"), array("q"), 0
        for start, end in keep:
            if end <= start:
                continue
            parts.append(source[start:end])
            if not run_origins or run_origins[-1] + (size - run_starts[-1]) != start:
                run_starts.append(size)
                run_origins.append(start)
            size += end - start
        return cls("".join(parts), run_starts, run_origins)

    @property
    def origin(self) -> array:
        """The source index of every view character (built on each call, for tests and tools)."""
        origin = array("q")
        for k, start in enumerate(self.run_starts):
            end = self.run_starts[k + 1] if k + 1 < len(self.run_starts) else len(self.text)
            origin.extend(range(self.run_origins[k], self.run_origins[k] + end - start))
        return origin

    def source_index(self, i: int) -> int:
        """The source index of view character ``i``."""
        k = bisect_right(self.run_starts, i) - 1
        return self.run_origins[k] + i - self.run_starts[k]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the view span ``[start, end)`` (``end > start``)."""
        k = bisect_right(self.run_starts, start) - 1
        shift = self.run_origins[k] - self.run_starts[k]
        if k + 1 < len(self.run_starts) and self.run_starts[k + 1] < end:  # the span goes on into the next run
            return start + shift, self.source_index(end - 1) + 1
        return start + shift, end + shift

    def from_source(self, position: int) -> int:
        """Index in the view of the first kept character at or after source ``position``."""
        k = bisect_right(self.run_origins, position) - 1
        if k < 0:
            return 0
        run_end = self.run_starts[k + 1] if k + 1 < len(self.run_starts) else len(self.text)
        return min(self.run_starts[k] + position - self.run_origins[k], run_end)

    def window(self, start: int, end: int) -> TextView:
        """The view of ``text[start:end]``, mapping to the same source."""
        first = max(bisect_right(self.run_starts, start) - 1, 0)
        last = bisect_right(self.run_starts, end - 1) if end > start else first
        run_starts = array("q", [max(s - start, 0) for s in self.run_starts[first:last]])
        run_origins = array("q", self.run_origins[first:last])
        if run_starts:
            run_origins[0] += start - self.run_starts[first]
        return TextView(self.text[start:end], run_starts, run_origins)
