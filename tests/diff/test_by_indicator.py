"""`nianbao diff OLD NEW --by-indicator` on a year pair's facts (tests/panel/facts.csv)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.diff import diff_indicators

FACTS = Path(__file__).parents[1] / "panel" / "facts.csv"


@pytest.fixture
def out(tmp_path) -> Path:
    (tmp_path / "documents.csv").write_text(
        "doc_id,status,source_path,report_year\n"
        "qinglan_st_2023,ok,qinglan_st_2023.txt,2023\nqinglan_st_2024,ok,qinglan_st_2024.txt,2024\n",
        encoding="utf-8")
    shutil.copy(FACTS, tmp_path / "facts.csv")
    return tmp_path


@pytest.mark.parametrize("fmt,extension", [("text", ".txt"), ("csv", ".csv"), ("json", ".json"),
                                           ("markdown", ".md")])
def test_by_indicator_formats(out, fmt, extension, file_regression):
    result = CliRunner().invoke(app, ["diff", str(out), str(out), "--by-indicator", "--format", fmt])
    assert result.exit_code == 1, result.output  # the two years differ
    file_regression.check(result.stdout, extension=extension, basename=f"by_indicator_{fmt}")


def test_levels_pair_a_year_apart_and_the_stated_growth_agrees(out):
    found = {(p.canonical, p.measure): p for p in diff_indicators(out, out)}
    rd = found[("研究与试验发展经费", "level")]
    assert (rd.old_period, rd.new_period, str(rd.change)) == ("2023", "2024", "11.0")
    assert rd.stated.startswith("11.0") and rd.stated_agrees in (True, "yes")
    stock = found[("高新技术企业", "level")]
    assert (stock.old_period, stock.new_period, str(stock.change)) == ("2023-12-31", "2024-12-31", "8.6")
    assert ("研究与试验发展经费", "share") in found


def test_a_contradicted_growth_is_reported(out):
    facts = (out / "facts.csv").read_text(encoding="utf-8").replace(",11.0%,83,88,", ",15.0%,83,88,").replace(
        ",change,up,11.0,", ",change,up,15.0,")
    (out / "facts.csv").write_text(facts, encoding="utf-8")
    (rd,) = [p for p in diff_indicators(out, out) if p.canonical == "研究与试验发展经费" and p.measure == "level"]
    assert rd.stated.startswith("15.0") and rd.stated_agrees in (False, "no")


def test_same_facts_exit_zero(tmp_path):
    (tmp_path / "documents.csv").write_text("doc_id,status,source_path,report_year\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(tmp_path), str(tmp_path), "--by-indicator"])
    assert result.exit_code == 2  # no year pair to compare
