"""A TrueType font the test PDFs embed, so they read the same on a machine without a Chinese font.

Every glyph is a plain box; what matters to the reader is each character's advance
and the font's height (pdfium takes a character's box from the font's bounding box),
and those are STSong-Light's (reportlab's metrics for its CID font; the height pdfium
gives it), so the layouts of ``cases.yaml`` read as before. Characters of one width share one glyph. reportlab embeds
a subset of the font with a ToUnicode map, which is how pdfium reads the text back.
"""

from __future__ import annotations

import io
from functools import cache

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

METRICS_FONT = "STSong-Light"
UNITS = 1000
ASCENT = 752
DESCENT = -255
COVERED = [
    range(0x20, 0x7F),  # ASCII
    range(0xA0, 0x100),  # Latin-1
    range(0x2000, 0x2070),  # general punctuation
    range(0x2460, 0x2500),  # enclosed numbers
    range(0x3000, 0x3040),  # CJK symbols and punctuation
    range(0x4E00, 0xA000),  # CJK unified ideographs
    range(0xFF00, 0xFFF0),  # full-width forms
]


@cache
def font_file(family: str) -> bytes:
    """The font, named ``family``, as the bytes of a ``.ttf`` file (built once per test session)."""
    if METRICS_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(METRICS_FONT))
    widths: dict[int, int] = {}
    for block in COVERED:
        for code in block:
            widths[code] = round(pdfmetrics.stringWidth(chr(code), METRICS_FONT, UNITS))
    glyph_of_width = {width: f"box{width}" for width in sorted(set(widths.values()))}
    order = [".notdef", *glyph_of_width.values()]
    glyphs = {".notdef": _box(UNITS // 2), **{name: _box(width) for width, name in glyph_of_width.items()}}
    metrics = {".notdef": (UNITS // 2, 0), **{name: (width, 0) for width, name in glyph_of_width.items()}}

    builder = FontBuilder(UNITS, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({code: glyph_of_width[width] for code, width in widths.items()})
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(
        sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT, usWinDescent=-DESCENT, fsType=0
    )
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def _box(width: int):
    """A rectangle from the descent to the ascent, a little inside the advance ``width``."""
    pen = TTGlyphPen(None)
    margin = width // 10
    pen.moveTo((margin, DESCENT))
    pen.lineTo((margin, ASCENT))
    pen.lineTo((width - margin, ASCENT))
    pen.lineTo((width - margin, DESCENT))
    pen.closePath()
    return pen.glyph()
