"""How much of a PDF page's text layer decodes to Unicode, and what to say when it does not.

A character is lost when pdfium cannot map it to Unicode (a font without a ToUnicode
map or CMap: pdfium flags a mapping error, or gives a control, replacement or
private-use character), or when a text object draws glyphs that pdfium gives no text
for at all (a font it cannot load, such as a non-embedded Chinese font on a machine
without one). A page is garbled when too many of its characters are lost or lie outside
the scripts a report plausibly holds (``ÄÅÇÉÑÖÜ`` is what a Chinese font without a
Unicode mapping turns into, ``uni4E2D`` a glyph name): its text is not read, since
numbers and names found in it would be garbage.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass
from math import sqrt

import pypdfium2 as pdfium
from pypdfium2 import raw

from pipeline.ingest.errors import IngestError
from pipeline.ingest.pdf_settings import PdfSettings


@dataclass(frozen=True)
class PageQuality:
    """Counts of one page: ``chars`` read (not spaces), of them ``unmapped`` (no Unicode) and
    ``implausible`` (outside the plausible scripts), and ``textless``, the estimated glyphs of
    text objects that pdfium gives no text for."""

    chars: int
    unmapped: int
    implausible: int
    textless: int

    def garbled(self, settings: PdfSettings) -> bool:
        """Whether the text read holds too much that is not text (glyphs without text are not in it)."""
        bad = self.unmapped + self.implausible
        return bad >= settings.garbled_min_chars and bad > settings.garbled_share * self.chars

    def lost(self, settings: PdfSettings) -> int:
        """Characters of the page that the canonical text does not have."""
        if self.garbled(settings):
            return self.chars + self.textless
        return self.unmapped + self.textless


def page_quality(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str, settings: PdfSettings) -> PageQuality:
    """The counts of a page whose text page gave ``text`` (one character per pdfium character)."""
    handle = textpage.raw
    read = 0
    mapped = []
    for index, char in enumerate(text):
        if char.isspace() or raw.FPDFText_IsGenerated(handle, index) == 1:
            continue
        read += 1
        if not (char < " " or settings.unreadable.match(char) or raw.FPDFText_HasUnicodeMapError(handle, index) == 1):
            mapped.append(char)
    visible = "".join(mapped)
    outside = len(settings.plausible.sub("", visible))
    named = sum(len(name) for name in settings.glyph_name.findall(visible))
    implausible = min(outside + named, len(visible))
    return PageQuality(read, read - len(visible), implausible, _textless_glyphs(page, textpage))


def _textless_glyphs(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> int:
    """Estimated glyphs of the page's text objects that have no text: their length along the
    line over their font size. A text object drawn again over one with text (fake bold,
    which pdfium reads once) is not lost."""
    read: list[tuple[float, float, float, float]] = []
    empty: list[tuple[tuple[float, float, float, float], float]] = []
    bounds = [ctypes.c_float() for _ in range(4)]
    size = ctypes.c_float()
    matrix = raw.FS_MATRIX()
    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, index)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_TEXT:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, *(ctypes.byref(b) for b in bounds)):
            continue
        box = tuple(b.value for b in bounds)
        if raw.FPDFTextObj_GetText(obj, textpage.raw, None, 0) > 2:  # UTF-16 bytes with the final NUL
            read.append(box)
            continue
        if not raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(size)) or size.value <= 0:
            continue
        raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
        empty.append((box, size.value * sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c) or 1.0)))
    estimate = 0
    for (x0, y0, x1, y1), em in empty:
        slack = em / 2
        if any(a - slack <= x0 and b - slack <= y0 and x1 <= c + slack and y1 <= d + slack for a, b, c, d in read):
            continue
        estimate += max(1, round(max(x1 - x0, y1 - y0) / em))
    return estimate


def text_layer_warning(qualities: Sequence[PageQuality], settings: PdfSettings) -> str:
    """What ``documents.csv`` says about characters lost ("" when none is).

    Raises ``IngestError`` when more than ``max_unreadable_share`` of the document's
    characters are lost: what is left would misrepresent it.
    """
    total = sum(q.chars + q.textless for q in qualities)
    lost = sum(q.lost(settings) for q in qualities)
    if not lost:
        return ""
    pages = [number for number, q in enumerate(qualities, start=1) if q.lost(settings)]
    garbled = [number for number, q in enumerate(qualities, start=1) if q.garbled(settings)]
    what = f"{lost} of {total} characters ({lost / total:.0%}) lost on {_pages(pages)}"
    if garbled:
        what += f", {_pages(garbled)} garbled (mojibake or glyph names) and not read"
    if lost > settings.max_unreadable_share * total:
        raise IngestError(f"unreadable PDF: its fonts have no Unicode mapping, so the text layer cannot be decoded "
                          f"({what})")
    return f"text layer: {what} (fonts that give no Unicode text)"


def _pages(numbers: list[int]) -> str:
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(map(str, numbers))
