"""The pieces of a PDF page that reading works with, in PDF points (origin bottom left, y up)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Fragment:
    """Text set on one line without a wide gap, or a table row read cell by cell.

    ``em`` is the height of its characters' boxes, ``size`` the font size; ``lead`` is
    the width of its first word (a Chinese character, or a run of other characters up to
    a space or a Chinese character); ``first_font`` and ``last_font`` name the fonts of
    its first and last Chinese characters (``""`` if none); ``joinable`` is false for a
    table row, whose line break never continues a paragraph.
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    em: float
    size: float
    lead: float
    first_font: str = ""
    last_font: str = ""
    joinable: bool = True

    @property
    def x_mid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def y_mid(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True, slots=True)
class Rule:
    """A drawn horizontal (``y0 == y1``) or vertical (``x0 == x1``) line."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class Line:
    """One line in reading order.

    ``block`` numbers the text blocks of a page, 0 being its full-width text;
    ``in_column`` tells a column of a multi-column part from the full-width text.
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    em: float
    size: float
    lead: float
    first_font: str
    last_font: str
    joinable: bool
    block: int
    in_column: bool
