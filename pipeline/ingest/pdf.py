"""PDF input: the canonical text of a PDF's text layer, with where each page and line is.

pypdfium2 gives each page's characters with their boxes; the pdf_* modules beside this
one turn them into text a reader would write down: page furniture (running headers,
footers, page numbers) dropped by position and repetition, spaces pdfium generated
between Chinese characters dropped, ruled tables read row by row with the cells of a row
on one line, multi-column parts read column by column, and wrapped lines of a paragraph
joined. The offsets of every later stage index this text. Text that pdfium cannot
map to Unicode is counted page by page (``pdf_text_layer``): too much of it fails the
document, less of it is a warning naming the pages.

Box coordinates are PDF points in the page's reading frame: the page box's bottom left
is the origin, and the axes are turned so that the page's text runs left to right (for
the usual upright page, its user space moved to the box's corner).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from pypdfium2 import raw

from pipeline.ingest.errors import IngestError
from pipeline.ingest.pdf_chars import PageFrame, page_fragments, page_rules, page_text
from pipeline.ingest.pdf_furniture import furniture
from pipeline.ingest.pdf_geometry import Fragment
from pipeline.ingest.pdf_layout import reading_order
from pipeline.ingest.pdf_paragraphs import assemble
from pipeline.ingest.pdf_settings import PdfSettings
from pipeline.ingest.pdf_tables import read_tables
from pipeline.ingest.pdf_text_layer import PageQuality, page_quality, text_layer_warning

SCANNED = "scanned PDF: no text layer, OCR is not supported"


@dataclass(frozen=True)
class PageSpan:
    """Page ``number`` (from 1) is ``text[start:end]``; its size in points."""

    number: int
    start: int
    end: int
    width: float
    height: float


@dataclass(frozen=True)
class LineBox:
    """``text[start:end]`` was read from the box ``(x0, y0, x1, y1)`` of page ``page`` (from 1)."""

    start: int
    end: int
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PdfText:
    """``warnings`` says which pages lost how many characters to fonts without a Unicode mapping."""

    text: str
    pages: tuple[PageSpan, ...]
    boxes: tuple[LineBox, ...]
    warnings: str = ""


@dataclass(frozen=True)
class _Page:
    width: float
    height: float
    items: list[Fragment]
    quality: PageQuality


def read_pdf(path: Path, *, tables: dict[str, Any]) -> PdfText:
    """The canonical text of the PDF at ``path``; ``tables`` is ``Config().load("pdf")``.

    Raises ``IngestError`` saying why when the file is encrypted, damaged, empty, scanned
    (no text layer) or too much of its text cannot be decoded. Garbled pages are read
    as empty.
    """
    settings = PdfSettings.from_tables(tables)
    pages = _read_pages(Path(path), settings)
    warnings = _check_text_layer(pages, settings)
    pages = [_Page(p.width, p.height, [], p.quality) if p.quality.garbled(settings) else p for p in pages]
    dropped = furniture([(page.height, page.items) for page in pages], settings)
    lines = [
        reading_order([item for index, item in enumerate(page.items) if index not in drop], settings)
        for page, drop in zip(pages, dropped)
    ]
    if not any(lines):
        raise IngestError(f"{SCANNED} (the text layer holds only page headers and numbers)")
    text, starts, placed = assemble(lines, [page.width for page in pages], settings)
    ends = starts[1:] + [len(text)]
    return PdfText(
        text,
        tuple(
            PageSpan(number, start, end, page.width, page.height)
            for number, (start, end, page) in enumerate(zip(starts, ends, pages), start=1)
        ),
        tuple(
            LineBox(p.start, p.end, p.page + 1, p.line.x0, p.line.y0, p.line.x1, p.line.y1) for p in placed
        ),
        warnings,
    )


def _read_pages(path: Path, settings: PdfSettings) -> list[_Page]:
    document = _open(path)
    try:
        if len(document) == 0:
            raise IngestError("empty PDF: no pages")
        return [_read_page(document, index, settings) for index in range(len(document))]
    finally:
        document.close()


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        size = path.stat().st_size
    except OSError as err:
        raise IngestError(f"cannot read file: {err.strerror}") from err
    if size == 0:
        raise IngestError("empty PDF: the file has no content (0 bytes)")
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as err:
        raise IngestError(_load_failure(path)) from err
    except OSError as err:
        raise IngestError(f"cannot read file: {err.strerror}") from err


def _load_failure(path: Path) -> str:
    """Why pdfium cannot open the file, asked again: pypdfium2 also fails a document
    without pages, reporting pdfium's last error, which may be left from another file."""
    handle = raw.FPDF_LoadDocument((str(path) + "\0").encode("utf-8"), None)
    if handle:
        raw.FPDF_CloseDocument(handle)
        return "empty PDF: no pages"
    code = raw.FPDF_GetLastError()
    if code == raw.FPDF_ERR_PASSWORD:
        return "encrypted PDF: a password is needed"
    if code == raw.FPDF_ERR_SECURITY:
        return "encrypted PDF: its kind of encryption is not supported"
    if code == raw.FPDF_ERR_FORMAT:
        return "damaged PDF: not a PDF file, or truncated or corrupt beyond repair"
    if code == raw.FPDF_ERR_FILE:
        return "cannot read file: it cannot be opened"
    return f"damaged PDF: pdfium cannot load it (error {code})"


def _read_page(document: pdfium.PdfDocument, index: int, settings: PdfSettings) -> _Page:
    try:
        page = document[index]
    except pdfium.PdfiumError as err:
        raise IngestError(f"damaged PDF: page {index + 1} cannot be read") from err
    try:
        textpage = page.get_textpage()
        try:
            text = page_text(textpage)
            frame = PageFrame.of(page, textpage, text)
            horizontal, vertical = page_rules(page, frame, settings)
            fragments = page_fragments(textpage, text, frame, vertical, settings)
            quality = page_quality(page, textpage, text, settings)
        finally:
            textpage.close()
    except pdfium.PdfiumError as err:
        raise IngestError(f"damaged PDF: the text of page {index + 1} cannot be read") from err
    finally:
        page.close()
    width, height = frame.size
    return _Page(width, height, read_tables(fragments, horizontal, vertical, settings), quality)


def _check_text_layer(pages: list[_Page], settings: PdfSettings) -> str:
    """The warning about characters lost; raises ``IngestError`` for a scan or an undecodable text layer."""
    qualities = [page.quality for page in pages]
    if not any(q.chars or q.textless for q in qualities):
        raise IngestError(SCANNED)
    return text_layer_warning(qualities, settings)
