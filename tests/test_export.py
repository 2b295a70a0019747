"""Parquet and Excel exports of a run's tables: types kept, Chinese text intact."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from pipeline.export import write_exports, write_parquet, write_xlsx
from pipeline.tables import load_tables
from tests.conftest import REPO
from tests.diff.builder import write_run

REPORT = {
    "report": {
        "report_year": 2023,
        "text": "示范市报告\n一、总体\n研发投入1491亿元，增长8.5%，共94家。2023年3月，示范大学成立。\n",
        "sections": [{"at": "一、总体", "number": "一", "title": "总体"}],
        "numbers": [
            {"at": "1491亿元", "value": 149100000000, "unit": "元", "kind": "money"},
            {"at": "8.5%", "value": 8.5, "unit": "%", "kind": "percent"},
            {"at": "94家", "value": 94, "unit": "家", "kind": "count"},
        ],
        "dates": [{"at": "2023年3月", "kind": "point", "granularity": "month",
                   "start_date": "2023-03-01", "end_date": "2023-03-31"}],
        "entities": [{"at": "示范大学", "label": "ORG"}],
    }
}


@pytest.fixture
def tables(tmp_path) -> dict[str, pd.DataFrame]:
    return load_tables(write_run(tmp_path / "out", REPORT))


def test_parquet_one_typed_file_per_table(tables, tmp_path):
    written = write_parquet(tables, tmp_path / "parquet")
    assert sorted(p.name for p in written) == sorted(f"{name}.parquet" for name in tables)
    numbers = pq.read_table(tmp_path / "parquet" / "numbers.parquet")
    assert numbers.schema.field("start").type == pa.int64()
    assert numbers.column("text").to_pylist() == ["1491亿元", "8.5%", "94家"]
    dates = pq.read_table(tmp_path / "parquet" / "dates.parquet")
    assert dates.schema.field("start_date").type == pa.date32()
    assert dates.column("end_date").to_pylist() == [date(2023, 3, 31)]
    assert dates.column("year_inferred").to_pylist() == [False]


def test_parquet_keeps_decimals_exact(tmp_path):
    frame = pd.DataFrame({"value": [Decimal(149100000000), Decimal("0.125"), None], "unit": ["元", "%", "家"]})
    write_parquet({"numbers": frame}, tmp_path)
    table = pq.read_table(tmp_path / "numbers.parquet")
    assert table.schema.field("value").type == pa.decimal128(38, 3)
    assert table.column("value").to_pylist() == [Decimal(149100000000), Decimal("0.125"), None]


def test_parquet_reads_in_duckdb(tables, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    write_parquet(tables, tmp_path)
    total = duckdb.sql(f"select sum(value) from '{tmp_path / 'numbers.parquet'}' where kind = 'count'").fetchall()[0][0]
    assert total == 94


def test_xlsx_one_sheet_per_table_with_chinese_text(tables, tmp_path):
    path = write_xlsx(tables, tmp_path / "nianbao.xlsx")
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == list(tables)
    rows = list(workbook["numbers"].values)
    assert rows[0][:5] == ("doc_id", "section_id", "text", "start", "end")
    assert [r[2] for r in rows[1:]] == ["1491亿元", "8.5%", "94家"]
    assert rows[1][5] == 149100000000
    assert list(workbook["entities"].values)[1][2] == "示范大学"


def test_xlsx_text_stays_text(tmp_path):
    frame = pd.DataFrame({"text": ["=SUM(A1:A2)", "页\x0c眉", "长" * 40_000], "value": [1, 2, 3]})
    path = write_xlsx({"numbers": frame}, tmp_path / "out.xlsx")
    cells = [row[0] for row in load_workbook(path).active.values][1:]
    assert cells[0] == "=SUM(A1:A2)"
    assert cells[1] == "页\ufffd眉"
    assert len(cells[2]) == 32_767


def test_exports_replace_files_whole(tables, tmp_path):
    first = write_xlsx(tables, tmp_path / "x.xlsx").read_bytes()
    write_xlsx(tables, tmp_path / "x.xlsx")
    assert (tmp_path / "x.xlsx").read_bytes()[:2] == first[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "x.xlsx"]


EXACT = {
    "report": {
        "report_year": 2023,
        "text": "示范市报告\n一、总体\n存款余额12345678901234567.89元，增长8.5%。\n",
        "sections": [{"at": "一、总体", "number": "一", "title": "总体"}],
        "numbers": [
            {"at": "12345678901234567.89元", "value": "12345678901234567.89", "unit": "元", "kind": "money"},
            {"at": "8.5%", "value": "8.5", "unit": "%", "kind": "percent"},
        ],
    }
}


def test_format_exports_keep_values_exact(tmp_path):
    out = write_run(tmp_path / "out", EXACT)
    write_exports(out, ["parquet", "xlsx"])
    numbers = pq.read_table(out / "parquet" / "numbers.parquet")
    assert pa.types.is_decimal(numbers.schema.field("value").type)
    assert numbers.column("value").to_pylist() == [Decimal("12345678901234567.89"), Decimal("8.5")]
    sheet = load_workbook(out / "nianbao.xlsx")["numbers"]
    header = [cell.value for cell in sheet[1]]
    value, exact = header.index("value") + 1, header.index("value_exact") + 1
    assert exact == value + 1
    assert sheet.cell(2, exact).value == "12345678901234567.89"  # a float would round it
    assert sheet.cell(3, value).value == 8.5 and sheet.cell(3, exact).value is None
    assert sheet.cell(2, value).number_format == "0.00" and sheet.cell(3, value).number_format == "0.0"


def test_parquet_takes_decimal256_past_38_digits(tmp_path):
    huge = Decimal("1" * 40 + ".5")
    write_parquet({"numbers": pd.DataFrame({"value": [huge, Decimal(3)]})}, tmp_path)
    table = pq.read_table(tmp_path / "numbers.parquet")
    assert table.schema.field("value").type == pa.decimal256(76, 1)
    assert table.column("value").to_pylist() == [huge, Decimal(3)]


def test_load_tables_gives_floats_by_default_and_decimals_when_exact(tmp_path):
    out = write_run(tmp_path / "out", EXACT)
    assert str(load_tables(out)["numbers"]["value"].dtype) == "Float64"
    assert load_tables(out, exact=True)["numbers"]["value"].tolist()[0] == Decimal("12345678901234567.89")


def test_jsonl_holds_one_object_a_line_with_the_values_of_the_json(tmp_path):
    from pipeline.runner import RunOptions, run

    out = tmp_path / "out"
    run(RunOptions(inputs=[REPO / "raw"], out=out))
    write_exports(out, ["jsonl"])
    for table in ("numbers", "documents"):
        lines = (out / "jsonl" / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        as_json = json.loads((out / f"{table}.json").read_text(encoding="utf-8"))
        assert [json.loads(line) for line in lines] == as_json
