"""Which column each number of a flattened table row stands in, read from the row's
spacing as the source has it (FACTS-CONVENTIONS "Tables": a blank cell shifts the
cells after it only where the layout says so).

Text taken from a PDF writes a row's cells one space apart, so a longer run of spaces
holds empty cells, and a placeholder (``--``) or a word between two numbers is a cell of
its own. The view the extractors read drops some of those spaces; ``Spacing`` reads them
back from the source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.textview import TextView

_ITEM = re.compile(r"[^\S\n]+|[^\s]+")


@dataclass(frozen=True)
class Spacing:
    """The source text between two view positions, with what the view dropped inside."""

    source: str
    view: TextView

    @classmethod
    def identity(cls, text: str) -> Spacing:
        return cls(text, TextView.identity(text))

    def between(self, start: int, end: int) -> str:
        """Source text after view character ``start - 1`` and before view character ``end``."""
        begin = self.view.source_index(start - 1) + 1 if start > 0 else 0
        stop = self.view.source_index(end) if end < len(self.view.text) else len(self.source)
        return self.source[begin:stop]


@dataclass(frozen=True)
class RowSpacing:
    """The source text around a row's numbers: ``lead`` before the first (from the label's
    end, or from the line's start when the row has no label on its line), ``gaps`` between
    each two, and ``tail`` after the last up to the line's end."""

    lead: str
    gaps: tuple[str, ...]
    tail: str
    at_line_start: bool

    def smallest_separator(self) -> int | None:
        """The shortest run of spaces between two cells (the label counts as one)."""
        runs = [len(item) for gap in ((self.lead,) if not self.at_line_start else ()) + self.gaps
                for item in _items(gap) if item.isspace()]
        return min(runs, default=None)

    def columns(self, spaced: bool, width: int | None) -> list[int]:
        """The column of each number. ``spaced``: the table's cells are one space apart, so
        longer runs are empty cells. ``width``: how many cells the table's full rows have;
        a row starting its line with more cells than that has a separator there, not an
        empty cell."""
        lead = _cells(self.lead, spaced, opened=not self.at_line_start)
        inner = [_cells(gap, spaced, opened=True) for gap in self.gaps]
        if spaced and self.at_line_start and width is not None and lead > 0:
            if lead + len(self.gaps) + 1 + sum(inner) + self.trailing_blanks(spaced) > width:
                lead -= 1
        found, column = [], lead
        for extra in [0] + inner:
            column += extra
            found.append(column)
            column += 1
        return found

    def width(self, spaced: bool) -> int:
        """How many cells the row spans, empty ones at its end included."""
        return (_cells(self.lead, spaced, opened=not self.at_line_start) + len(self.gaps) + 1
                + sum(_cells(gap, spaced, opened=True) for gap in self.gaps) + self.trailing_blanks(spaced))

    def trailing_blanks(self, spaced: bool) -> int:
        """Empty cells after the last number: the line's last space ends the line."""
        items = _items(self.tail)
        words = sum(1 for item in items if not item.isspace())
        return words + (sum(len(item) - 1 for item in items if item.isspace()) if spaced else 0)


def _items(gap: str) -> list[str]:
    return _ITEM.findall(gap.replace("\r", "").replace("\n", ""))


def _cells(gap: str, spaced: bool, *, opened: bool) -> int:
    """How many cells stand in a gap before a number: each word or placeholder is one,
    and (``spaced``) each space more than the one separating two cells is an empty one.
    ``opened``: a cell (the label or a number) stands before the gap."""
    cells = 0
    items = _items(gap)
    for i, item in enumerate(items):
        if not item.isspace():
            cells += 1
        elif spaced:
            cells += len(item) - (1 if opened or i > 0 else 0)
    return cells
