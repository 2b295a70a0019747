"""Two reports of different years (tests/data/yoy), run through the pipeline and compared."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from pipeline.diff import DiffError, diff_runs, render_diff
from pipeline.diff.regression import table_check
from pipeline.runner import RunOptions, run

YOY = Path(__file__).resolve().parent.parent / "data" / "yoy"
OLD, NEW = "qinglan_st_2023", "qinglan_st_2024"


@pytest.fixture(scope="module")
def yoy_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("yoy") / "out"
    run(RunOptions(inputs=[YOY], out=out))
    return out


@pytest.fixture(scope="module")
def year_runs(tmp_path_factory) -> tuple[Path, Path]:
    """Each year in its own run, as two years' runs are kept in practice."""
    folders = []
    for doc_id in (OLD, NEW):
        base = tmp_path_factory.mktemp(doc_id)
        (base / "in").mkdir()
        shutil.copy(YOY / f"{doc_id}.txt", base / "in")
        run(RunOptions(inputs=[base / "in"], out=base / "out"))
        folders.append(base / "out")
    return folders[0], folders[1]


def test_reports_pair_by_name_without_the_year(yoy_run):
    diff = diff_runs(yoy_run, yoy_run, by_section=True)
    assert [(p.old, p.new) for p in diff.pairs] == [(OLD, NEW)]


def test_numbers_pair_by_context_within_sections(yoy_run):
    text = render_diff(diff_runs(yoy_run, yoy_run, by_section=True), "text")
    assert "~ 青澜湾国家技术创新中心 … 研发载体: 94家 → 120家" in text
    assert "~ 重点实验室 … 科研人员: 近300人 → 近450人" in text
    assert "~ 总体情况 … 全年全社会研发经费投入达到: 386.5亿元 → 428.9亿元" in text


def test_sections_added_and_removed_with_their_rows(yoy_run):
    diff = diff_runs(yoy_run, yoy_run, by_section=True)
    sections = {(c.status, c.item) for c in diff.changes if c.table == "sections"}
    assert sections == {("removed", "区域创新合作"), ("added", "科技金融服务")}
    added = [c for c in diff.changes if c.section == ("科技金融服务",) and c.table == "numbers"]
    assert added and {c.status for c in added} == {"added"}


def test_unchanged_figures_are_not_reported(yoy_run):
    diff = diff_runs(yoy_run, yoy_run, by_section=True)
    # 海洋环境综合观测装置 cost 约14.5亿元 in both years.
    assert not [c for c in diff.changes if c.table == "numbers" and "14.5亿元" in (c.old or {}).get("text", "")]


def test_runs_of_separate_years_pair_the_same_way(yoy_run, year_runs):
    together = render_diff(diff_runs(yoy_run, yoy_run, by_section=True), "json")
    apart = diff_runs(*year_runs, by_section=True)
    assert [(p.old, p.new) for p in apart.pairs] == [(OLD, NEW)]
    assert _without_folders(render_diff(apart, "json")) == _without_folders(together)


def _without_folders(document: str) -> dict:
    return {k: v for k, v in json.loads(document).items() if k not in ("old", "new")}


def test_explicit_pairs_and_unknown_documents(yoy_run):
    explicit = diff_runs(yoy_run, yoy_run, by_section=True, pairs={OLD: NEW})
    assert render_diff(explicit, "csv") == render_diff(diff_runs(yoy_run, yoy_run, by_section=True), "csv")
    with pytest.raises(DiffError, match="no such document"):
        diff_runs(yoy_run, yoy_run, by_section=True, pairs={"missing_2022": NEW})


def test_a_run_against_itself_row_by_row_is_clean(yoy_run):
    assert not diff_runs(yoy_run, yoy_run).has_changes


def test_markdown_for_a_pull_request(yoy_run):
    markdown = render_diff(diff_runs(yoy_run, yoy_run, by_section=True), "markdown")
    assert f"#### {OLD} → {NEW}" in markdown
    assert "| ~ | numbers | 创新平台建设 › 青澜湾国家技术创新中心 | 研发载体: 94家 → 120家 |" in markdown


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_regression_check_shows_rows_not_lines(yoy_run, tmp_path):
    expected = yoy_run / "numbers.csv"
    rows = [r for r in _read(expected) if r["text"] != "12.3亿元"]
    for row in rows:
        if row["text"] == "94家":
            row["value"] = "940"
    with pytest.raises(AssertionError) as failure:
        table_check(_write(rows, tmp_path / "numbers.obtained.csv"), expected)
    message = str(failure.value)
    section = {r["text"]: r["section_id"] for r in _read(expected)}
    assert f"~ numbers   §{section['94家']} … 94家: value 94 → 940" in message
    assert f"- numbers   §{section['12.3亿元']} … 12.3亿元 (value=1230000000; unit=元; qualifier=exact; kind=money)" in message
    table_check(expected, expected)


def test_regression_check_reports_offsets_only_changes(yoy_run, tmp_path):
    rows = _read(yoy_run / "dates.csv")
    for row in rows:
        row["start"], row["end"] = str(int(row["start"]) + 1), str(int(row["end"]) + 1)
    with pytest.raises(AssertionError, match="offsets, sentences or pages do"):
        table_check(_write(rows, tmp_path / "dates.obtained.csv"), yoy_run / "dates.csv")
