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
    assert header[-2:] == ["2023", "2024"]
    assert lines == [["研究与试验发展经费", "", "level", "元", "actual", "qinglan_st_2023", "38650000000", ""],
                     ["研究与试验发展经费", "", "level", "元", "actual", "qinglan_st_2024", "", "42890000000"]]


def test_a_fact_stated_twice_is_one_row_counted_twice(out):
    (row,) = tidy(out, Selection(("高新技术企业",), None))[1:]
    assert (row["value"], row["stated"], row["start"]) == ("3105", "2", "400")


def test_xlsx_has_both_views(out, tmp_path):
    from openpyxl import load_workbook

    panel(str(out), "--format", "xlsx", "--out", str(tmp_path / "panel.xlsx"))
    book = load_workbook(tmp_path / "panel.xlsx")
    assert book.sheetnames == ["tidy", "wide"]
    assert [c.value for c in book["wide"][1][6:]] == ["2023", "2023-12-31", "2024", "2024-12-31", "2025"]


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
