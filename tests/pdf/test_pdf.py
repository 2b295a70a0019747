from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.config import Config
from pipeline.ingest.errors import IngestError
from pipeline.ingest.pdf import PdfText, read_pdf

from .build import build_pdf

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))["cases"]
READABLE = [case for case in CASES if "expect" in case]
FAILING = [case for case in CASES if "error" in case]


@pytest.fixture(scope="module")
def tables() -> dict:
    return Config().load("pdf")


def _read(case: dict, tmp_path: Path, tables: dict) -> PdfText:
    path = tmp_path / "case.pdf"
    build_pdf(case, path)
    return read_pdf(path, tables=tables)


@pytest.mark.parametrize("case", READABLE, ids=[case["name"] for case in READABLE])
def test_canonical_text(case: dict, tmp_path: Path, tables: dict) -> None:
    document = _read(case, tmp_path, tables)
    assert document.text.splitlines() == case["expect"]
    assert document.text.endswith("\n")
    assert document.warnings == case.get("warnings", "")


@pytest.mark.parametrize("case", READABLE, ids=[case["name"] for case in READABLE])
def test_pages_and_boxes_map_the_text(case: dict, tmp_path: Path, tables: dict) -> None:
    document = _read(case, tmp_path, tables)
    assert [page.number for page in document.pages] == list(range(1, len(case["pages"]) + 1))
    assert document.pages[0].start == 0
    assert document.pages[-1].end == len(document.text)
    for before, page in zip(document.pages, document.pages[1:]):
        assert before.end == page.start
    covered = []
    for box in document.boxes:
        page = document.pages[box.page - 1]
        line = document.text[box.start : box.end]
        assert line and "\n" not in line
        assert page.start <= box.start < box.end <= page.end
        assert 0 <= box.x0 < box.x1 <= page.width and 0 <= box.y0 < box.y1 <= page.height
        covered.append(line)
    assert "".join(covered).replace(" ", "") == document.text.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("case", FAILING, ids=[case["name"] for case in FAILING])
def test_unreadable_pdfs_raise_a_reason(case: dict, tmp_path: Path, tables: dict) -> None:
    with pytest.raises(IngestError) as raised:
        _read(case, tmp_path, tables)
    assert str(raised.value).startswith(case["error"])


def test_missing_file_raises_a_reason(tmp_path: Path, tables: dict) -> None:
    with pytest.raises(IngestError, match="cannot read file"):
        read_pdf(tmp_path / "absent.pdf", tables=tables)
