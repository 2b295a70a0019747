"""Text a PDF's fonts cannot map to Unicode is never lost quietly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from pipeline.config import Config
from pipeline.ingest.errors import IngestError
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.pdf_settings import PdfSettings
from pipeline.ingest.pdf_text_layer import PageQuality, text_layer_warning
from pipeline.inputs import DocumentTask
from pipeline.process import DocumentProcessor
from pipeline.schema import TABLES

from . import build
from .build import build_pdf

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def settings() -> PdfSettings:
    return PdfSettings.from_tables(Config().load("pdf"))


def test_a_clean_text_layer_has_no_warning(settings: PdfSettings) -> None:
    assert text_layer_warning([PageQuality(400, 0, 0, 0), PageQuality(380, 0, 1, 0)], settings) == ""


def test_characters_pdfium_cannot_map_or_draws_without_text_are_counted(settings: PdfSettings) -> None:
    warning = text_layer_warning([PageQuality(400, 0, 0, 0), PageQuality(380, 6, 0, 14)], settings)
    assert warning == "text layer: 20 of 794 characters (3%) lost on page 2 (fonts that give no Unicode text)"


def test_a_garbled_page_is_lost_whole(settings: PdfSettings) -> None:
    garbled = PageQuality(100, 0, 60, 0)
    assert garbled.garbled(settings) and garbled.lost(settings) == 100
    assert not PageQuality(100, 0, 3, 0).garbled(settings)  # a few accented letters in names are text
    assert not PageQuality(3, 0, 3, 0).garbled(settings)  # too few to tell
    assert "page 3 garbled" in text_layer_warning([PageQuality(400, 0, 0, 0)] * 2 + [garbled], settings)


def test_a_document_mostly_lost_fails(settings: PdfSettings) -> None:
    with pytest.raises(IngestError, match=r"^unreadable PDF: .*\(90 of 100 characters \(90%\) lost on page 1\)"):
        text_layer_warning([PageQuality(10, 0, 0, 90)], settings)


def test_a_non_embedded_chinese_font_reads_whole_or_warns(tmp_path: Path, monkeypatch) -> None:
    """reportlab's STSong-Light is not embedded: without a system Chinese font pdfium gives no
    text for its sideways lines. Either every line is read, or the loss is reported."""
    case = next(case for case in CASES if case["name"].startswith("a landscape table page"))
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "cid.pdf"
    monkeypatch.setattr(build, "FONT", "STSong-Light")
    build_pdf(case, path)
    try:
        document = read_pdf(path, tables=Config().load("pdf"))
    except IngestError as err:
        assert str(err).startswith("unreadable PDF: its fonts have no Unicode mapping")
    else:
        assert document.text.splitlines() == case["expect"] or document.warnings.startswith("text layer: ")


def test_documents_csv_carries_the_warning(tmp_path: Path) -> None:
    case = next(case for case in CASES if case["name"].startswith("a page of mojibake"))
    path = tmp_path / "mojibake.pdf"
    build_pdf(case, path)
    result = DocumentProcessor(Config())(DocumentTask("mojibake", path))
    row = dict(zip((column.name for column in TABLES["documents"].columns), result.document))
    assert row["status"] == "ok"
    assert row["warnings"] == case["warnings"]
    assert "56.8" not in result.rows["numbers"].csv
