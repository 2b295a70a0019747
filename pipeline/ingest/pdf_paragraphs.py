"""The canonical text: lines in reading order, re-joined where a paragraph wraps.

A line continues the paragraph of the line before when the line before is full (the
line's first word would not have fitted after it), the line is not indented, both are
set in the same size and their Chinese characters in the same font, and, inside one
block, no wider gap than the document's usual line spacing separates them. This also
joins a paragraph across a column or a page break. Lines that are not joined are
separated by a newline.

The left and right edges of a column are those of its lines; the edges of full-width
text are those of all pages (odd and even pages apart when they differ). An edge is
where at least two lines start (end); when no two lines end together (a document of a
few lines), the longest line marks the right edge, but a line that reaches it continues
into the next only when it is indented and the next is not: a paragraph's first line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median

from pipeline.ingest.pdf_geometry import Line
from pipeline.ingest.pdf_settings import PdfSettings


@dataclass(frozen=True)
class PlacedLine:
    """A line of the page with index ``page`` at ``text[start:end]``."""

    start: int
    end: int
    page: int
    line: Line


@dataclass(frozen=True)
class _Edges:
    """The left and right edges of a block of text (``None`` if it has no lines), and
    whether two lines share them or they are only the outermost line's."""

    left: float | None
    right: float | None
    left_shared: bool = False
    right_shared: bool = False

    def or_else(self, other: "_Edges") -> "_Edges":
        """These edges, each taken from ``other`` instead where only ``other``'s is shared."""
        left = other if other.left_shared and not self.left_shared else self
        right = other if other.right_shared and not self.right_shared else self
        return _Edges(left.left, right.right, left.left_shared, right.right_shared)


def assemble(
    pages: list[list[Line]], widths: list[float], settings: PdfSettings
) -> tuple[str, list[int], list[PlacedLine]]:
    """The canonical text, where each page's text starts, and where each line is."""
    edges = _block_edges(pages, widths, settings)
    line_gap = _usual_gap(pages, settings)
    parts: list[str] = []
    starts: list[int] = []
    placed: list[PlacedLine] = []
    position = 0
    before: Line | None = None
    before_edges = _Edges(None, None)
    for page, lines in enumerate(pages):
        page_start = None
        for line in lines:
            line_edges = edges[(page, line.block)]
            if before is not None:
                same_block = before.block == line.block and placed[-1].page == page
                if _continues(before, before_edges, line, line_edges, line_gap if same_block else 0.0, settings):
                    separator = settings.wrap_text(before.text[-1], line.text[0])
                else:
                    separator = "\n"
                parts.append(separator)
                position += len(separator)
            if page_start is None:
                page_start = position
            parts.append(line.text)
            placed.append(PlacedLine(position, position + len(line.text), page, line))
            position += len(line.text)
            before, before_edges = line, line_edges
        starts.append(position if page_start is None else page_start)
    if parts:
        parts.append("\n")
    return "".join(parts), starts, placed


def _continues(
    before: Line, before_edges: _Edges, line: Line, line_edges: _Edges, line_gap: float, settings: PdfSettings
) -> bool:
    """Whether ``line`` continues the paragraph of ``before``; ``line_gap`` (in em) is 0 across blocks."""
    if not (before.joinable and line.joinable):
        return False
    if before_edges.right is None or line_edges.left is None:
        return False
    if not before_edges.right_shared and before.x0 - line.x0 < settings.indent_tolerance_em * line.em:
        return False
    if abs(before.size - line.size) > settings.size_tolerance * max(before.size, line.size):
        return False
    if before.last_font and line.first_font and before.last_font != line.first_font:
        return False
    if before.x1 + line.lead < before_edges.right - settings.full_tolerance_em * before.em:
        return False
    if line.x0 > line_edges.left + settings.indent_tolerance_em * line.em:
        return False
    if line_gap:
        em = max(before.em, line.em)
        gap = (before.y0 - line.y1) / em
        return -0.5 <= gap <= line_gap
    return True


def _usual_gap(pages: list[list[Line]], settings: PdfSettings) -> float:
    """The most common gap, in em, between consecutive lines of one block set in one size, plus the slack."""
    gaps: Counter[float] = Counter()
    for lines in pages:
        for before, line in zip(lines, lines[1:]):
            if before.block == line.block and before.joinable and line.joinable and before.size == line.size:
                gaps[round(20 * (before.y0 - line.y1) / max(before.em, line.em)) / 20] += 1
    usual = min((gap for gap, _ in gaps.most_common(1) if gap >= 0), default=settings.line_gap_em)
    return min(usual + settings.line_gap_slack_em, settings.line_gap_em)


def _block_edges(
    pages: list[list[Line]], widths: list[float], settings: PdfSettings
) -> dict[tuple[int, int], _Edges]:
    """The edges of every (page, block): a column's own, or those of the document's full-width text."""
    columns: dict[tuple[int, int], list[Line]] = {}
    full_width: dict[tuple[int, int], list[Line]] = {}
    for page, lines in enumerate(pages):
        for line in lines:
            pool = columns.setdefault((page, line.block), [])
            if not line.in_column:
                pool = full_width.setdefault((page % 2, round(widths[page])), [])
            if line.joinable:
                pool.append(line)
    edges = {}
    for (page, block), lines in columns.items():
        if block:  # a column; block 0 is the page's full-width text
            edges[(page, block)] = _edges_of(lines, settings)
            continue
        width = round(widths[page])
        own = _edges_of(full_width[(page % 2, width)], settings)
        both = _edges_of(full_width.get((0, width), []) + full_width.get((1, width), []), settings)
        edges[(page, block)] = own.or_else(both)
    return edges


def _edges_of(lines: list[Line], settings: PdfSettings) -> _Edges:
    if not lines:
        return _Edges(None, None)
    tolerance = settings.edge_tolerance_em * median(line.em for line in lines)
    lefts = sorted(line.x0 for line in lines)
    rights = sorted((line.x1 for line in lines), reverse=True)
    left = next((a for a, b in zip(lefts, lefts[1:]) if b - a <= tolerance), None)
    right = next((a for a, b in zip(rights, rights[1:]) if a - b <= tolerance), None)
    return _Edges(
        lefts[0] if left is None else left,
        rights[0] if right is None else right,
        left is not None,
        right is not None,
    )
