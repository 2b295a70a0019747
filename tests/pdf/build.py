"""Builds the PDF of a case in ``cases.yaml`` with reportlab, embedding the box font of font.py.

A case's pages are lists of elements set top to bottom in a text block ``width`` em
wide (10.5 pt body text):

* ``heading: text`` — 12 pt, with space above it;
* ``paragraph: [line, ...]`` — the first line indented 2 em, every line but the last
  justified to the block's width (the builder refuses a line too short or too long
  for that); ``␣`` inside a line is a visible gap with no space character, as
  LibreOffice leaves between Chinese characters and digits. Written as a mapping
  ``{lines: [...], indent: em, ragged: true, open: true}`` it can change the indent,
  leave every line unjustified, or justify the last line too (the paragraph goes on
  on the next page);
* ``flow: text`` — a paragraph wrapped by reportlab itself (CJK wrapping, ragged right,
  first line indented 2 em);
* ``right: text`` — a line set flush right (``单位：元``);
* ``table: {widths: [em, ...], rules: ..., rows: [[cell, ...], ...]}`` — a cell is a
  string or a list of the lines it wraps into; ``rules: true`` draws the grid as lines,
  ``rules: boxes`` as one stroked rectangle per cell;
* ``columns: [[element, ...], [element, ...]]`` — two columns, 2 em apart;
* ``image: height`` — a filled rectangle, the only content of a scanned page;
* ``top: text`` — a line in the header band of this page only;
* ``bold: text`` — a line drawn twice, 0.3 pt apart (the fake bold of some producers,
  which pdfium reads once);
* ``unmapped: text`` — a line set in a font without a ToUnicode map (what pdfium then
  reads is control characters: the text is lost);
* ``watermark: text`` — large light text across the middle of the page, at a slant.

A heading may be a mapping ``{text: ..., size: pt}``. A page written as a mapping
``{sideways: true, elements: [...]}`` is a landscape page set sideways on the portrait
sheet (text running up the page), its header and footer still along the portrait edges.

``header: "left|right"`` and ``footer: "第 {page} 页"`` are set on every page; ``header``
may also be a list, one per page (a running header naming the chapter).
``unicode_map: false`` strips every font's ToUnicode map (pdfium reads control
characters, and Latin-1 letters past the 128th character: mojibake);
``user_password``/``owner_password`` encrypt the file; ``truncate: share`` keeps that
share of its bytes; ``raw: text`` writes those bytes instead; ``zero_pages: true``
writes a valid PDF without pages.
"""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .font import font_file

FONT = "NianbaoTestBoxes"
UNMAPPED_FONT = "NianbaoTestUnmapped"
BODY = 10.5
HEADING = 12.0
PITCH = 1.6
GAP = "␣"
LEFT = 72.0
TOP = 750.0
HEADER_Y = 800.0
FOOTER_Y = 30.0
PADDING = 3.0


def build_pdf(case: dict[str, Any], path: Path) -> None:
    if "raw" in case:
        path.write_bytes(case["raw"].encode("latin-1"))
        return
    if case.get("zero_pages"):
        path.write_bytes(_zero_page_pdf())
        return
    for name in (FONT, UNMAPPED_FONT):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(font_file(name))))
    encrypt = None
    if "user_password" in case or "owner_password" in case:
        encrypt = StandardEncryption(case.get("user_password", ""), case.get("owner_password", "owner"))
    canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt)
    width = case.get("width", 30) * BODY
    for number, page in enumerate(case["pages"], start=1):
        _furniture(canvas, case, number, width)
        if isinstance(page, dict) and page.get("sideways"):
            canvas.translate(A4[0], 0)
            canvas.rotate(90)
            _draw(canvas, page["elements"], LEFT, A4[0] - (A4[1] - TOP), width)
        else:
            _draw(canvas, page, LEFT, TOP, width)
        canvas.showPage()
    canvas.save()
    _strip_unicode_maps(path, "" if case.get("unicode_map", True) else FONT)
    if "truncate" in case:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * case["truncate"])])


def _furniture(canvas: Canvas, case: dict[str, Any], number: int, width: float) -> None:
    canvas.setFont(FONT, 9)
    if "header" in case:
        header = case["header"] if isinstance(case["header"], str) else case["header"][number - 1]
        left, _, right = header.partition("|")
        canvas.drawString(LEFT, HEADER_Y, left)
        canvas.drawRightString(LEFT + width, HEADER_Y, right)
    if "footer" in case:
        canvas.drawCentredString(LEFT + width / 2, FOOTER_Y, case["footer"].format(page=number))


def _draw(canvas: Canvas, elements: list[dict[str, Any]], x: float, y: float, width: float) -> float:
    """Sets the elements from ``y`` (the top of the first line) down; returns where they end."""
    for element in elements:
        (kind, value), = element.items()
        if kind == "heading":
            heading = value if isinstance(value, dict) else {"text": value}
            size = heading.get("size", HEADING)
            y -= 0.8 * size
            canvas.setFont(FONT, size)
            canvas.drawString(x, y - size, heading["text"])
            y -= PITCH * size
        elif kind == "paragraph":
            paragraph = value if isinstance(value, dict) else {"lines": value}
            lines = paragraph["lines"]
            justified = 0 if paragraph.get("ragged") else len(lines) if paragraph.get("open") else len(lines) - 1
            canvas.setFont(FONT, BODY)
            for index, line in enumerate(lines):
                indent = paragraph.get("indent", 2) * BODY if index == 0 else 0.0
                _line(canvas, line, x + indent, y - BODY, width - indent if index < justified else None)
                y -= PITCH * BODY
        elif kind == "flow":
            style = ParagraphStyle(
                "flow", fontName=FONT, fontSize=BODY, leading=PITCH * BODY, firstLineIndent=2 * BODY, wordWrap="CJK"
            )
            paragraph = Paragraph(value, style)
            _, height = paragraph.wrap(width, y)
            paragraph.drawOn(canvas, x, y - height)
            y -= height
        elif kind == "right":
            canvas.setFont(FONT, BODY)
            canvas.drawRightString(x + width, y - BODY, value)
            y -= PITCH * BODY
        elif kind == "watermark":
            canvas.saveState()
            canvas.setFillGray(0.85)
            canvas.setFont(FONT, 48)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, value)
            canvas.restoreState()
        elif kind == "bold":
            canvas.setFont(FONT, HEADING)
            for shift in (0.0, 0.3):
                canvas.drawString(x + shift, y - HEADING, value)
            y -= PITCH * HEADING
        elif kind == "unmapped":
            canvas.setFont(UNMAPPED_FONT, BODY)
            canvas.drawString(x, y - BODY, value)
            y -= PITCH * BODY
        elif kind == "top":
            canvas.setFont(FONT, 9)
            canvas.drawString(x, HEADER_Y, value)
        elif kind == "table":
            y = _table(canvas, value, x, y)
        elif kind == "columns":
            column = (width - 2 * BODY) / 2
            left, right = value
            y = min(_draw(canvas, left, x, y, column), _draw(canvas, right, x + column + 2 * BODY, y, column))
        elif kind == "image":
            canvas.rect(x, y - value, width, value, stroke=0, fill=1)
            y -= value
        else:
            raise ValueError(f"unknown element {kind!r}")
    return y


def _line(canvas: Canvas, text: str, x: float, baseline: float, justify_to: float | None) -> None:
    pieces = text.split(GAP)
    gap = 0.25 * BODY
    natural = sum(pdfmetrics.stringWidth(piece, FONT, BODY) for piece in pieces) + gap * (len(pieces) - 1)
    spacing = 0.0
    if justify_to is not None:
        glyphs = sum(len(piece) for piece in pieces)
        spacing = (justify_to - natural) / max(glyphs - 1, 1)
        if not 0 <= spacing <= 0.3 * BODY:
            raise ValueError(f"cannot justify {text!r}: {natural / BODY:.1f} em for {justify_to / BODY:.1f} em")
    for piece in pieces:
        canvas.drawString(x, baseline, piece, charSpace=spacing)
        x += pdfmetrics.stringWidth(piece, FONT, BODY) + spacing * len(piece) + gap


def _table(canvas: Canvas, table: dict[str, Any], x: float, y: float) -> float:
    edges = [x]
    for width in table["widths"]:
        edges.append(edges[-1] + width * BODY)
    canvas.setFont(FONT, BODY)
    y -= 0.5 * BODY
    tops = [y]
    for row in table["rows"]:
        cells = [cell if isinstance(cell, list) else [cell] for cell in row]
        for left, lines in zip(edges, cells):
            for index, line in enumerate(lines):
                canvas.drawString(left + PADDING, y - PADDING - BODY - index * 1.3 * BODY, line)
        y -= 2 * PADDING + 1.3 * BODY * max(len(lines) for lines in cells)
        tops.append(y)
    canvas.setLineWidth(0.5)
    if table.get("rules") == "boxes":
        for top, bottom in itertools.pairwise(tops):
            for left, right in itertools.pairwise(edges):
                canvas.rect(left, bottom, right - left, top - bottom, stroke=1, fill=0)
    elif table.get("rules"):
        for top in tops:
            canvas.line(edges[0], top, edges[-1], top)
        for edge in edges:
            canvas.line(edge, tops[0], edge, tops[-1])
    return y - 0.5 * BODY


def _strip_unicode_maps(path: Path, also: str) -> None:
    """Blanks the ToUnicode entry of the fonts named UNMAPPED_FONT (and ``also``), keeping every byte offset."""
    names = "|".join(re.escape(name) for name in (UNMAPPED_FONT, also) if name)
    font = re.compile(rb"/BaseFont /[A-Z]{6}\+(?:%s) [^>]*?/ToUnicode \d+ 0 R" % names.encode())
    data = path.read_bytes()
    path.write_bytes(font.sub(lambda m: re.sub(rb"/ToUnicode \d+ 0 R", lambda t: b" " * len(t.group()), m.group()), data))


def _zero_page_pdf() -> bytes:
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
