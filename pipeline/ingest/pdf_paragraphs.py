"""The canonical text: lines in reading order, re-joined where a paragraph wraps.

A line continues the paragraph of the line before when the line before is full (the
line's first word would not have fitted after it), the line is not indented, both are
set in the same size and their Chinese characters in the same font, and, inside one
block, no wider gap than the document's usual line spacing separates them. This also
joins a paragraph across a column or a page break. Lines that are not joined are
separated by a newline.

The left and right edges of a column are where its lines start and end at the
outermost; those of full-width text are taken over all pages (odd and even pages apart
when they differ). The right edge is taken from lines followed by another line of their
block, never from a page's last line, and a line ending well past it is not full. An
edge is shared when enough lines start (end) near it (ragged text ends lines a character
short, or a punctuation mark over the edge); when it is not (a document of a few lines),
a line that reaches the right edge continues into the next only when it is indented and
the next is not: a paragraph's first line.
"""

from __future__ import annotations

import itertools
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
    whether enough lines share them or they are only the outermost line's."""

    left: float | None
    right: float | None
    left_shared: bool = False
    right_shared: bool = False

    def or_else(self, other: _Edges) -> _Edges:
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
                if _continues(before, before_edges, line, line_edges, line_gap if same_block else None, settings):
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
    before: Line, before_edges: _Edges, line: Line, line_edges: _Edges, line_gap: float | None, settings: PdfSettings
) -> bool:
    """Whether ``line`` continues the paragraph of ``before``; ``line_gap`` (in em) is ``None`` across blocks."""
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
    if before.x1 > before_edges.right + settings.edge_tolerance_em * before.em:
        return False
    if line.x0 > line_edges.left + settings.indent_tolerance_em * line.em:
        return False
    if line_gap is not None:
        em = max(before.em, line.em)
        gap = (before.y0 - line.y1) / em
        return -0.5 <= gap <= line_gap
    return True


def _usual_gap(pages: list[list[Line]], settings: PdfSettings) -> float:
    """The most common gap, in em, between consecutive lines of one block set in one size, plus the slack."""
    gaps: Counter[float] = Counter()
    for lines in pages:
        for before, line in itertools.pairwise(lines):
            if before.block == line.block and before.joinable and line.joinable and before.size == line.size:
                gaps[round(20 * (before.y0 - line.y1) / max(before.em, line.em)) / 20] += 1
    common = gaps.most_common(1)
    if not common or common[0][0] < 0:
        return settings.line_gap_em
    return min(common[0][0] + settings.line_gap_slack_em, settings.line_gap_em)


def _block_edges(
    pages: list[list[Line]], widths: list[float], settings: PdfSettings
) -> dict[tuple[int, int], _Edges]:
    """The edges of every (page, block): a column's own, or those of the document's full-width text.

    The right edge is where lines followed by another line of their block end at the
    outermost (a page's or paragraph's last line shows where text stopped, not where the
    block ends); the left edge is where most lines start that follow a line reaching the
    right edge (the margin wrapped lines go back to, not an indent nor a heading set out
    into the margin), or, with no such line, the outermost start.
    """
    pools: dict[tuple[str | int, ...], list[tuple[Line, Line | None]]] = {}
    for page, lines in enumerate(pages):
        for index, line in enumerate(lines):
            if not line.joinable:
                continue
            following = lines[index + 1] if index + 1 < len(lines) else None
            if following is not None and (following.block != line.block or not following.joinable):
                following = None
            for key in _pool_keys(page, line, widths):
                pools.setdefault(key, []).append((line, following))
    edges = {key: _edges_of(pool, settings) for key, pool in pools.items()}
    found = {}
    for page, lines in enumerate(pages):
        for line in lines:
            own, *shared = (edges.get(key, _Edges(None, None)) for key in _pool_keys(page, line, widths))
            found[(page, line.block)] = own.or_else(shared[0]) if shared else own
    return found


def _pool_keys(page: int, line: Line, widths: list[float]) -> list[tuple[str | int, ...]]:
    """The pools whose edges a line counts for: its column, or the full-width text of pages
    of its parity and width and, second, of all pages of its width."""
    if line.in_column:
        return [("column", page, line.block)]
    width = round(widths[page])
    return [("pages of a parity", page % 2, width), ("all pages", width)]


def _edges_of(pool: list[tuple[Line, Line | None]], settings: PdfSettings) -> _Edges:
    """Edges of lines, each given with the line of its block that follows it (or ``None``)."""
    ends = sorted((line.x1 for line, following in pool if following is not None), reverse=True)
    if not ends:
        return _Edges(min((line.x0 for line, _ in pool), default=None), None)
    right, right_shared = _right_edge(ends, median(line.em for line, _ in pool), settings)
    wrapped = Counter(
        round(following.x0)
        for line, following in pool
        if following is not None and line.x1 >= right - settings.edge_tolerance_em * line.em
    )
    if wrapped:
        most = max(wrapped.values())
        left = min(start for start, count in wrapped.items() if count == most)
        return _Edges(left, right, most >= settings.edge_lines, right_shared)
    return _Edges(min(line.x0 for line, _ in pool), right, False, right_shared)


def _right_edge(ends: list[float], em: float, settings: PdfSettings) -> tuple[float, bool]:
    """The outermost end (``ends`` sorted, largest first) that enough lines share and few
    lines pass, and that it is shared; else the outermost end, not shared."""
    tolerance = settings.edge_tolerance_em * em
    near = 0  # ends[beyond:near] lie within tolerance of ends[beyond]
    for beyond, end in enumerate(ends):
        if beyond > settings.edge_outliers * len(ends):
            break
        near = max(near, beyond)
        while near < len(ends) and ends[near] >= end - tolerance:
            near += 1
        if near - beyond >= settings.edge_lines:
            return end, True
    return ends[0], False
