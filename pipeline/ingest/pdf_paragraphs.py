"""The canonical text: lines in reading order, re-joined where a paragraph wraps.

A line continues the paragraph of the line before when the line before is full (the
line's first word would not have fitted after it), the line is not indented, both are
set in the same size, and, inside one block, no wider gap than the document's usual
line spacing separates them. This also joins a paragraph across a column or a page
break. Lines that are not joined are separated by a newline. The edges of a page's
full-width text are those most pages share (per odd and even page), so a page with
only a few short lines does not count them as full.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable

from pipeline.ingest.pdf_geometry import Line
from pipeline.ingest.pdf_settings import PdfSettings


@dataclass(frozen=True)
class PlacedLine:
    """A line of the page with index ``page`` at ``text[start:end]``."""

    start: int
    end: int
    page: int
    line: Line


def assemble(
    pages: list[list[Line]], widths: list[float], settings: PdfSettings
) -> tuple[str, list[int], list[PlacedLine]]:
    """The canonical text, where each page's text starts, and where each line is."""
    edges = _body_edges(pages, widths)
    line_gap = _usual_gap(pages, settings)
    parts: list[str] = []
    starts: list[int] = []
    placed: list[PlacedLine] = []
    position = 0
    before: Line | None = None
    before_right = 0.0
    for page, lines in enumerate(pages):
        left, right = edges.get(_layout_key(page, widths), (float("inf"), float("-inf")))
        page_start = None
        for line in lines:
            line_left = line.left if line.in_column else min(line.left, left)
            if before is not None:
                same_block = before.block == line.block and placed[-1].page == page
                if _continues(before, before_right, line, line_left, same_block and line_gap, settings):
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
            before = line
            before_right = line.right if line.in_column else max(line.right, right)
        starts.append(position if page_start is None else page_start)
    if parts:
        parts.append("\n")
    return "".join(parts), starts, placed


def _continues(
    before: Line, before_right: float, line: Line, line_left: float, line_gap: float, settings: PdfSettings
) -> bool:
    """Whether ``line`` continues the paragraph of ``before``; ``line_gap`` (in em) is 0 across blocks."""
    if not (before.joinable and line.joinable):
        return False
    em = max(before.em, line.em)
    if abs(before.size - line.size) > settings.size_tolerance * max(before.size, line.size):
        return False
    if before.x1 + line.lead < before_right - settings.full_tolerance_em * before.em:
        return False
    if line.x0 > line_left + settings.indent_tolerance_em * line.em:
        return False
    if line_gap:
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


def _layout_key(page: int, widths: list[float]) -> tuple[int, int]:
    return page % 2, round(widths[page])


def _body_edges(pages: list[list[Line]], widths: list[float]) -> dict[tuple[int, int], tuple[float, float]]:
    """Per page parity and width, the left and right edges of full-width text most pages share.

    A parity with fewer than three pages of text shares the edges of both parities.
    """
    edges: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for page, lines in enumerate(pages):
        body = next((line for line in lines if not line.in_column), None)
        if body is not None:
            edges.setdefault(_layout_key(page, widths), []).append((round(body.left), round(body.right)))
    shared = {}
    for (parity, width), found in edges.items():
        if len(found) < 3:
            found = found + edges.get((1 - parity, width), [])
        shared[(parity, width)] = (_most_common(found, 0, min), _most_common(found, 1, max))
    return shared


def _most_common(edges: list[tuple[float, float]], side: int, tie: Callable[[list[float]], float]) -> float:
    counts = Counter(edge[side] for edge in edges)
    most = max(counts.values())
    return tie([value for value, count in counts.items() if count == most])
