"""A pdfium page as fragments of text and drawn rulings, in the page as it is displayed.

Characters come from pdfium's text page, index-aligned with their boxes. pdfium adds
characters of its own (``FPDFText_IsGenerated``): line breaks, which end a fragment,
and spaces for visible gaps, which are kept only between non-CJK characters.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from pipeline.ingest.pdf_geometry import Fragment, Rule
from pipeline.ingest.pdf_settings import PdfSettings


@dataclass(frozen=True)
class PageFrame:
    """Maps PDF user space to the displayed page: origin at its bottom left, rotation applied."""

    left: float
    bottom: float
    right: float
    top: float
    quarter_turns: int

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> "PageFrame":
        left, bottom, right, top = page.get_bbox()
        return cls(left, bottom, right, top, raw.FPDFPage_GetRotation(page.raw) % 4)

    @property
    def size(self) -> tuple[float, float]:
        width, height = self.right - self.left, self.top - self.bottom
        return (height, width) if self.quarter_turns % 2 else (width, height)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """The box ``(x0, y0, x1, y1)`` of user space on the displayed page."""
        turns = self.quarter_turns
        if turns == 0:
            return x0 - self.left, y0 - self.bottom, x1 - self.left, y1 - self.bottom
        if turns == 1:
            return y0 - self.bottom, self.right - x1, y1 - self.bottom, self.right - x0
        if turns == 2:
            return self.right - x1, self.top - y1, self.right - x0, self.top - y0
        return self.top - y1, x0 - self.left, self.top - y0, x1 - self.left


def page_text(textpage: pdfium.PdfTextPage) -> str:
    """All characters of the text page, one ``str`` character per pdfium character."""
    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) == count:
        return text
    return "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, index)) for index in range(count))


def page_fragments(
    textpage: pdfium.PdfTextPage, frame: PageFrame, vertical: list[Rule], settings: PdfSettings
) -> list[Fragment]:
    """The page's characters cut into fragments at line breaks, wide gaps and vertical rulings."""
    handle = textpage.raw
    rect = raw.FS_RECTF()
    cell_gap = settings.cell_gap_em
    cjk = settings.cjk
    fragments: list[Fragment] = []
    chars: list[str] = []
    x0 = y0 = x1 = y1 = em = size = lead_end = 0.0
    in_lead = False
    last = ""
    spaces = ""
    generated = False

    def flush() -> None:
        if chars:
            fragments.append(Fragment("".join(chars), x0, y0, x1, y1, em, size, lead_end - x0))
            chars.clear()

    for index, char in enumerate(page_text(textpage)):
        if char in "\r\n":
            flush()
            continue
        if char.isspace():
            if raw.FPDFText_IsGenerated(handle, index) == 1:
                generated = True
            else:
                spaces += " "
            continue
        if char < " ":
            continue
        raw.FPDFText_GetLooseCharBox(handle, index, rect)
        left, bottom, right, top = frame.box(rect.left, rect.bottom, rect.right, rect.top)
        height = top - bottom if top > bottom else em or 1.0
        if chars:
            gap = left - x1
            middle = (bottom + top) / 2
            if (
                gap > cell_gap * height
                or gap < -0.5 * height
                or abs(middle - (y0 + y1) / 2) > 0.5 * max(height, y1 - y0)
                or (gap > 0 and _ruled_between(vertical, x1, left, middle))
            ):
                flush()
            elif spaces or generated:
                chars.append(spaces or settings.gap_text(last, char, gap, height))
                in_lead = False
        if chars:
            x1 = max(x1, right)
            y0, y1, em = min(y0, bottom), max(y1, top), max(em, height)
            if in_lead:
                in_lead = not cjk.match(char)
                lead_end = right if in_lead else lead_end
        else:
            x0, y0, x1, y1, em = left, bottom, right, top, height
            size = raw.FPDFText_GetFontSize(handle, index)
            lead_end = right
            in_lead = not cjk.match(char)
        chars.append(char)
        last = char
        spaces = ""
        generated = False
    flush()
    return fragments


def _ruled_between(vertical: list[Rule], left: float, right: float, y: float) -> bool:
    return any(left <= rule.x0 <= right and rule.y0 <= y <= rule.y1 for rule in vertical)


def page_rules(page: pdfium.PdfPage, frame: PageFrame, settings: PdfSettings) -> tuple[list[Rule], list[Rule]]:
    """The horizontal and the vertical rulings drawn on the page (table borders, underlines)."""
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    bounds = [ctypes.c_float() for _ in range(4)]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, index)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, *(ctypes.byref(b) for b in bounds)):
            continue
        box = frame.box(*(b.value for b in bounds))
        if _add_rule(box, horizontal, vertical, settings):
            continue
        raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        if stroke.value:
            for segment in _stroked_segments(obj, settings):
                _add_rule(frame.box(*segment), horizontal, vertical, settings)
    return horizontal, vertical


def _add_rule(
    box: tuple[float, float, float, float], horizontal: list[Rule], vertical: list[Rule], settings: PdfSettings
) -> bool:
    x0, y0, x1, y1 = box
    thin, long = settings.rule_max_thickness, settings.rule_min_length
    if y1 - y0 <= thin and x1 - x0 >= long:
        middle = (y0 + y1) / 2
        horizontal.append(Rule(x0, middle, x1, middle))
        return True
    if x1 - x0 <= thin and y1 - y0 >= long:
        middle = (x0 + x1) / 2
        vertical.append(Rule(middle, y0, middle, y1))
        return True
    return False


def _stroked_segments(obj: ctypes.c_void_p, settings: PdfSettings) -> list[tuple[float, float, float, float]]:
    """The straight segments of a stroked path (cell boxes drawn as rectangles), in user space."""
    count = raw.FPDFPath_CountSegments(obj)
    if count <= 0 or count > settings.rule_max_segments:
        return []
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
    x, y = ctypes.c_float(), ctypes.c_float()
    segments = []
    start = previous = None
    for index in range(count):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (
            matrix.a * x.value + matrix.c * y.value + matrix.e,
            matrix.b * x.value + matrix.d * y.value + matrix.f,
        )
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == raw.FPDF_SEGMENT_LINETO and previous is not None:
            segments.append(_span(previous, point))
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            segments.append(_span(point, start))
        previous = point
    return segments


def _span(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float, float, float]:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])
