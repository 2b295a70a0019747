"""The Python API: ``pipeline.process_text``, ``pipeline.process_files`` and ``pipeline.run``."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.schema import TABLES
from pipeline.tables import load_tables

REPORT = "示范市2023年科技进步报告\n一、总体情况\n全年研发经费投入1491.37亿元，增长8.5%，新增高新技术企业94家。\n"


def test_importing_the_package_loads_nothing_heavy() -> None:
    code = "import sys, pipeline; print(sorted(m for m in ('pandas', 'spacy', 'jieba', 'pipeline.api') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_process_text_gives_every_table_typed() -> None:
    tables = pipeline.process_text(REPORT, doc_id="demo")
    assert list(tables) == list(TABLES)
    for name, frame in tables.items():
        assert list(frame.columns) == [column.name for column in TABLES[name].columns]
    (document,) = tables["documents"].itertuples()
    assert (document.doc_id, document.status, document.report_year, document.chars) == ("demo", "ok", 2023, len(REPORT))
    numbers = tables["numbers"]
    assert list(numbers["text"]) == ["1491.37亿元", "8.5%", "94家"]
    assert list(numbers["value"]) == [Decimal("149137000000"), Decimal("8.5"), Decimal(94)]
    assert all(isinstance(v, Decimal) for v in numbers["value"])
    assert str(numbers["start"].dtype) == "Int64"
    for row in numbers.itertuples():
        assert REPORT[row.start : row.end] == row.text
    assert list(tables["sections"]["title"]) == ["总体情况"]
    assert pd.api.types.is_datetime64_any_dtype(tables["dates"]["start_date"])


def test_process_text_takes_the_report_year_and_a_float_option() -> None:
    tables = pipeline.process_text("今年营业收入12.5亿元。\n", report_year=2021, exact=False)
    assert tables["documents"]["report_year"].tolist() == [2021]
    assert tables["documents"]["report_year_source"].tolist() == ["option"]
    assert tables["numbers"]["value"].tolist() == [1.25e9]


def test_process_text_of_nothing_has_only_the_document_row() -> None:
    tables = pipeline.process_text("", doc_id="empty")
    assert tables["documents"]["doc_id"].tolist() == ["empty"]
    assert all(tables[name].empty for name in TABLES if name != "documents")


def test_process_texts_takes_many_documents_by_doc_id() -> None:
    tables = pipeline.process_texts({"x": "共5家。", "y": "共6家。"}, report_year=2020)
    assert tables["numbers"][["doc_id", "text"]].values.tolist() == [["x", "5家"], ["y", "6家"]]
    assert tables["documents"]["report_year"].tolist() == [2020, 2020]


def test_process_files_reads_files_and_folders_like_a_run(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="gbk")
    (folder / "b.txt").write_text("二、其他\n合计5家。\n", encoding="utf-8")
    tables = pipeline.process_files([folder])
    assert tables["documents"][["doc_id", "encoding"]].values.tolist() == [["a", "gb18030"], ["b", "utf-8"]]
    assert tables["numbers"]["doc_id"].tolist() == ["a", "a", "a", "b"]


def test_run_writes_what_the_api_returns(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "report.txt").write_text(REPORT, encoding="utf-8")
    summary = pipeline.run([tmp_path / "in"], out=tmp_path / "out", workers=1, formats=["parquet"])
    assert summary.clean and summary.documents == 1
    written = load_tables(tmp_path / "out", exact=True)
    returned = pipeline.process_files([tmp_path / "in"])
    assert written["numbers"]["value"].tolist() == returned["numbers"]["value"].tolist()
    import pyarrow.parquet as pq

    parquet = pq.read_table(tmp_path / "out" / "parquet" / "numbers.parquet")
    assert str(parquet.schema.field("value").type).startswith("decimal")
    assert parquet.column("value").to_pylist() == returned["numbers"]["value"].tolist()


def test_run_refuses_an_unknown_format_before_it_starts(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        pipeline.run([tmp_path], out=tmp_path / "out", formats=["docx"])
    assert not (tmp_path / "out").exists()
