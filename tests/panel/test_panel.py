"""`nianbao panel` on a year pair's facts (a hand-written facts.csv of the two reports)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.panel import PanelError, Selection, tidy, wide

FACTS = Path(__file__).parent / "facts.csv"


@pytest.fixture
def out(tmp_path) -> Path:
    shutil.copy(FACTS, tmp_path / "facts.csv")
    return tmp_path


def panel(*arguments: str) -> str:
    result = CliRunner().invoke(app, ["panel", *arguments])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("view", ["tidy", "wide"])
def test_panel_csv(out, view, file_regression):
    file_regression.check(panel(str(out), "--view", view), extension=".csv", basename=f"panel_{view}")


def test_panel_markdown_of_levels(out, file_regression):
    file_regression.check(panel(str(out), "--measure", "level", "--format", "markdown"), extension=".md")


def test_the_wide_view_pairs_the_two_years(out):
    header, lines = wide(tidy(out, Selection(("研究与试验发展经费",), "level")))
    assert header[-3:] == ["2023", "2024", "doc_ids"]
    assert lines == [["研究与试验发展经费", "", "level", "元", "actual", "38650000000", "42890000000",
                      "qinglan_st_2023;qinglan_st_2024"]]


def test_a_fact_stated_twice_is_one_row_counted_twice(out):
    (row,) = tidy(out, Selection(("高新技术企业",), None))[1:]
    assert (row["value"], row["stated"], row["start"]) == ("3105", "2", "400")


def test_xlsx_has_both_views(out, tmp_path):
    from openpyxl import load_workbook

    panel(str(out), "--format", "xlsx", "--out", str(tmp_path / "panel.xlsx"))
    book = load_workbook(tmp_path / "panel.xlsx")
    assert book.sheetnames == ["tidy", "wide"]
    assert [c.value for c in book["wide"][1][5:]] == ["2023", "2023-12-31", "2024", "2024-12-31", "2025", "doc_ids"]


def test_html_is_self_contained_with_a_chart_per_indicator(out):
    page = panel(str(out), "--format", "html")
    assert page.count("<svg") == page.count('<section class="indicator">') == 6
    for fetched in ('src="http', 'href="http', "<script", "<link", "url(http"):
        assert fetched not in page  # XML namespaces only: nothing is fetched
    assert page == panel(str(out), "--format", "html")  # deterministic


def test_no_facts_is_an_error(tmp_path):
    with pytest.raises(PanelError):
        tidy(tmp_path)
    assert CliRunner().invoke(app, ["panel", str(tmp_path)]).exit_code == 2


def test_the_newer_report_restates_an_earlier_year():
    def fact(doc_id, year, value):
        return {"canonical": "地区生产总值", "subject": "", "measure": "level", "unit": "元", "status": "actual",
                "doc_id": doc_id, "period_start": f"{year}-01-01", "period_end": f"{year}-12-31", "value": value}

    rows = [fact("report_2024", 2023, "100"), fact("report_2024", 2024, "110"),
            fact("report_2025", 2024, "112"), fact("report_2025", 2025, "120")]
    header, lines = wide(rows)
    assert header[5:] == ["2023", "2024", "2025", "doc_ids"]
    assert lines == [["地区生产总值", "", "level", "元", "actual", "100", "112", "120", "report_2024;report_2025"]]
