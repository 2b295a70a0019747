"""A pdfium page as fragments of text and drawn rulings, in the page's reading frame.

Characters come from pdfium's text page, index-aligned with their boxes. pdfium adds
characters of its own (``FPDFText_IsGenerated``): line breaks, which end a fragment,
and spaces for visible gaps, which are dropped next to a CJK character unless the gap
is wide (``PdfSettings.gap_text``); spaces the PDF itself contains are kept.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass
from math import radians, tau

import pypdfium2 as pdfium
from pypdfium2 import raw

from pipeline.ingest.pdf_geometry import Fragment, Rule
from pipeline.ingest.pdf_settings import PdfSettings


@dataclass(frozen=True)
class PageFrame:
    """Maps PDF user space to the page's reading frame, where its text runs left to right.

    The page box's bottom left is the origin; ``quarter_turns`` (counter-clockwise) is
    the direction most of the page's characters run in, so a landscape table set
    sideways on a portrait page is read like any other page.
    """

    left: float
    bottom: float
    right: float
    top: float
    quarter_turns: int

    @classmethod
    def of(cls, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str) -> PageFrame:
        left, bottom, right, top = page.get_bbox()
        turns: Counter[int] = Counter()
        for index, char in enumerate(text):
            if not char.isspace():
                turns[_quarter_turns(raw.FPDFText_GetCharAngle(textpage.raw, index))] += 1
                if turns.total() == _DIRECTION_SAMPLE:
                    break
        return cls(left, bottom, right, top, turns.most_common(1)[0][0] if turns else 0)

    @property
    def size(self) -> tuple[float, float]:
        width, height = self.right - self.left, self.top - self.bottom
        return (height, width) if self.quarter_turns % 2 else (width, height)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """The box ``(x0, y0, x1, y1)`` of user space in the reading frame."""
        turns = self.quarter_turns
        if turns == 0:
            return x0 - self.left, y0 - self.bottom, x1 - self.left, y1 - self.bottom
        if turns == 1:
            return y0 - self.bottom, self.right - x1, y1 - self.bottom, self.right - x0
        if turns == 2:
            return self.right - x1, self.top - y1, self.right - x0, self.top - y0
        return self.top - y1, x0 - self.left, self.top - y0, x1 - self.left


_DIRECTION_SAMPLE = 64
_LINE_END_HYPHEN = "\ufffe"  # what pdfium gives for a hyphen that breaks a word at the end of a line
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")


def _quarter_turns(angle: float) -> int:
    """pdfium's clockwise character angle (radians) as counter-clockwise quarter turns."""
    return round(((-angle) % tau) / (tau / 4)) % 4


def page_text(textpage: pdfium.PdfTextPage) -> str:
    """All characters of the text page, one ``str`` character per pdfium character."""
    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) == count:
        return text
    return "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, index)) for index in range(count))


class _FragmentBuilder:
    """Collects the characters of one fragment; ``done`` holds the fragments finished."""

    def __init__(self, textpage: pdfium.PdfTextPage, settings: PdfSettings) -> None:
        self.handle = textpage.raw
        self.cjk = settings.cjk
        self.done: list[Fragment] = []
        self.chars: list[str] = []
        self.indices: list[int] = []  # pdfium's index of each of ``chars``, -1 for a space put in
        self.font_buffer = ctypes.create_string_buffer(128)
        self.x0 = self.y0 = self.x1 = self.y1 = self.em = self.size = self.lead_end = 0.0
        self.in_lead = False

    def start(self, index: int, char: str, box: tuple[float, float, float, float], height: float) -> None:
        self.x0, self.y0, self.x1, self.y1 = box
        self.em = height
        self.size = raw.FPDFText_GetFontSize(self.handle, index)
        self.lead_end = box[2]
        self.in_lead = not self.cjk.match(char)
        self.chars.append(char)
        self.indices.append(index)

    def space(self, text: str) -> None:
        if text:
            self.chars.append(text)
            self.indices.append(-1)
        self.in_lead = False

    def extend(self, index: int, char: str, box: tuple[float, float, float, float], height: float) -> None:
        self.x1 = max(self.x1, box[2])
        self.y0 = min(self.y0, box[1])
        self.y1 = max(self.y1, box[3])
        self.em = max(self.em, height)
        if self.in_lead:
            self.in_lead = not self.cjk.match(char)
            if self.in_lead:
                self.lead_end = box[2]
        self.chars.append(char)
        self.indices.append(index)

    def flush(self) -> None:
        if not self.chars:
            return
        text = "".join(self.chars)
        first = self.cjk.search(text)
        last = self.cjk.search(text[::-1])
        self.done.append(
            Fragment(
                text,
                self.x0,
                self.y0,
                self.x1,
                self.y1,
                self.em,
                self.size,
                self.lead_end - self.x0,
                self._font(self.indices[first.start()]) if first else "",
                self._font(self.indices[len(text) - 1 - last.start()]) if last else "",
            )
        )
        self.chars.clear()
        self.indices.clear()

    def _font(self, index: int) -> str:
        raw.FPDFText_GetFontInfo(self.handle, index, self.font_buffer, len(self.font_buffer), None)
        return _SUBSET_PREFIX.sub("", self.font_buffer.value.decode("latin-1"))


def page_fragments(
    textpage: pdfium.PdfTextPage, text: str, frame: PageFrame, vertical: list[Rule], settings: PdfSettings
) -> list[Fragment]:
    """The page's characters cut into fragments at line breaks, wide gaps and vertical rulings.

    Characters set at a slant (watermarks) or across the page's reading direction (a
    portrait running header on a landscape page, a sideways table heading) are left out.
    """
    handle = textpage.raw
    rect = raw.FS_RECTF()
    cell_gap = settings.cell_gap_em
    slant = radians(settings.slant_tolerance_deg)
    fragment = _FragmentBuilder(textpage, settings)
    last = ""
    spaces = ""
    generated = False
    for index, char in enumerate(text):
        if char in "\r\n":
            fragment.flush()
            continue
        if char.isspace():
            if raw.FPDFText_IsGenerated(handle, index) == 1:
                generated = True
            else:
                spaces += " "
            continue
        if char < " ":
            continue
        if char == _LINE_END_HYPHEN:
            char = "-"
        angle = raw.FPDFText_GetCharAngle(handle, index)
        if (angle or frame.quarter_turns) and (
            slant < angle % (tau / 4) < tau / 4 - slant or _quarter_turns(angle) != frame.quarter_turns
        ):
            continue
        if not raw.FPDFText_GetLooseCharBox(handle, index, rect):
            continue
        box = frame.box(rect.left, rect.bottom, rect.right, rect.top)
        height = box[3] - box[1] if box[3] > box[1] else fragment.em or 1.0
        if fragment.chars:
            gap = box[0] - fragment.x1
            middle = (box[1] + box[3]) / 2
            if (
                gap > cell_gap * height
                or gap < -0.5 * height
                or abs(middle - (fragment.y0 + fragment.y1) / 2) > 0.5 * max(height, fragment.y1 - fragment.y0)
                or (vertical and gap > 0 and _ruled_between(vertical, fragment.x1, box[0], middle))
            ):
                fragment.flush()
            elif spaces or generated:
                fragment.space(spaces or settings.gap_text(last, char, gap, height))
        if fragment.chars:
            fragment.extend(index, char, box, height)
        else:
            fragment.start(index, char, box, height)
        last = char
        spaces = ""
        generated = False
    fragment.flush()
    return fragment.done


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
