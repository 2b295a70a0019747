"""Where a long document's view text is cut into windows (config/ingest.yaml, ``windows``).

The extractors read one window at a time, so that memory is bounded by the window, not
by the document. A window owns the rows whose span starts inside it; its extractors
read ``context`` characters more on either side (widened to whole lines), so that a
number, date, name or table row cut by the window's edge is read whole, as in a reading
of the whole text. A window ends before a heading where one stands in its second half
(the shallowest there), so that a section's numbers are read with their heading; else
at a line break, or at ``size`` characters in a text without one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Window:
    """The rows of view offsets ``[start, end)`` are read from ``text[text_start:text_end]``."""

    start: int
    end: int
    text_start: int
    text_end: int


def cut_windows(text: str, headings: Sequence[tuple[int, int]], *, size: int, context: int) -> list[Window]:
    """Windows of at most ``size`` characters of ``text`` covering it; ``headings`` are the
    view offsets and levels of the headings, by offset."""
    starts = [start for start, _ in headings]
    windows, start = [], 0
    while start < len(text):
        end = len(text) if start + size >= len(text) else _cut(text, headings, starts, start, start + size)
        windows.append(Window(start, end, _line_start(text, start - context, context),
                              _line_end(text, end + context, context)))
        start = end
    return windows or [Window(0, 0, 0, 0)]


def _cut(text: str, headings: Sequence[tuple[int, int]], starts: list[int], start: int, limit: int) -> int:
    """Where a window from ``start`` ends, at most at ``limit``."""
    half = start + (limit - start) // 2
    candidates = headings[bisect_right(starts, half):bisect_right(starts, limit)]
    if candidates:
        shallowest = min(level for _, level in candidates)
        return max(offset for offset, level in candidates if level == shallowest)
    line_break = text.rfind("\n", start + 1, limit)
    return line_break + 1 if line_break >= 0 else limit


def _line_start(text: str, position: int, reach: int) -> int:
    """The start of the line holding ``position``, looking back at most ``reach`` characters."""
    if position <= 0:
        return 0
    line_break = text.rfind("\n", max(position - reach, 0), position)
    return line_break + 1 if line_break >= 0 else position


def _line_end(text: str, position: int, reach: int) -> int:
    """The end of the line holding ``position`` (after its break), looking on at most ``reach``."""
    if position >= len(text):
        return len(text)
    line_break = text.find("\n", position, position + reach)
    return line_break + 1 if line_break >= 0 else position

