"""diff_runs and render_diff on hand-made runs and on the year-over-year pair."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from pipeline.diff import DiffError, diff_runs, parse_pairs, render_diff
from tests.diff.builder import write_run

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def runs(tmp_path) -> tuple[Path, Path]:
    return write_run(tmp_path / "old", CASES["old"]), write_run(tmp_path / "new", CASES["new"])


def test_same_documents_changes_match_the_case_table(runs):
    diff = diff_runs(*runs)
    found = sorted([c.table, c.status, c.item, list(c.fields)] for c in diff.changes)
    assert found == sorted(CASES["expected"])
    assert diff.has_changes


def test_a_run_against_itself_has_no_changes(runs):
    diff = diff_runs(runs[0], runs[0])
    assert not diff.has_changes
    assert "no differences" in render_diff(diff, "text")


def test_order_is_document_then_table_then_position(runs):
    diff = diff_runs(*runs)
    assert [(c.doc_id, c.table) for c in diff.changes][:2] == [("appendix", "documents"), ("report", "documents")]
    numbers = [c.item for c in diff.changes if c.doc_id == "report" and c.table == "numbers"]
    assert numbers == ["1491亿元", "94家", "近百人", "12场"]


@pytest.mark.parametrize("fmt", ["text", "csv", "json", "markdown"])
def test_rendering_is_deterministic(runs, fmt):
    assert render_diff(diff_runs(*runs), fmt) == render_diff(diff_runs(*runs), fmt)


def test_text_says_what_changed(runs):
    text = render_diff(diff_runs(*runs), "text")
    assert "~ numbers   总体情况 … 1491亿元: value 1491 → 149100000000" in text
    assert "~ entities  总体情况 … LOC 示范实验室: label ORG → LOC" in text
    assert "section 平台建设 → 平台建设 › 载体" in text


def test_csv_and_json_carry_every_change(runs):
    diff = diff_runs(*runs)
    rows = list(csv.DictReader(io.StringIO(render_diff(diff, "csv"))))
    document = json.loads(render_diff(diff, "json"))
    assert len(rows) == len(document["changes"]) == len(diff.changes)
    changed = next(r for r in rows if r["item"] == "1491亿元")
    assert (changed["old_summary"], changed["new_summary"]) == (
        "value=1491; unit=元; qualifier=exact; kind=money", "value=149100000000; unit=元; qualifier=exact; kind=money")
    assert document["counts"]["numbers"] == {"removed": 1, "added": 0, "changed": 3}


def test_markdown_escapes_table_cells(tmp_path):
    spec = {"d": {"text": "标题\n数值|<b>5家</b>\n", "numbers": [{"at": "5家", "value": 5, "unit": "家", "kind": "count"}]}}
    empty = {"d": {"text": spec["d"]["text"]}}
    markdown = render_diff(diff_runs(write_run(tmp_path / "a", empty), write_run(tmp_path / "b", spec)), "markdown")
    assert "| + | numbers | (top) | 5家 (value=5; unit=家; qualifier=exact; kind=count) |" in markdown


def test_errors_name_the_folder(tmp_path):
    with pytest.raises(DiffError, match="not an output folder"):
        diff_runs(tmp_path, tmp_path)
    with pytest.raises(ValueError, match="unknown diff format"):
        render_diff(diff_runs(write_run(tmp_path / "a", {}), write_run(tmp_path / "b", {})), "yaml")


def test_pair_options():
    assert parse_pairs(["a/2023=a/2024", "b=c"]) == {"a/2023": "a/2024", "b": "c"}
    with pytest.raises(DiffError, match="expected OLD_DOC_ID=NEW_DOC_ID"):
        parse_pairs(["a/2023"])
