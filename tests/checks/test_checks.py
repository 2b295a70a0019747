"""The consistency checks of spec §9 on hand-written fact rows (cases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.checks import check_rows, settings_from_config
from pipeline.config import Config
from pipeline.schema import TABLES, format_row

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def settings():
    return settings_from_config(Config())


def _stringified(row: dict) -> dict:
    return {key: "" if value is None else str(value) for key, value in row.items()}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case, settings):
    rows = check_rows("doc", [_stringified(f) for f in case["facts"]], settings)
    found = sorted([r["check"], r["status"], r["facts"]] for r in rows)
    assert found == sorted(case["checks"])
    for row in rows:
        format_row(TABLES["checks"], row)  # every row fits the table


def test_failed_growth_names_both_levels_and_the_change(settings):
    case = next(c for c in CASES if c["name"] == "a stated fall that its levels contradict")
    (row,) = check_rows("doc", [_stringified(f) for f in case["facts"]], settings)
    assert row["status"] == "fail"
    assert "80.0亿元" in row["message"] and "100.0亿元" in row["message"] and "15.0%" in row["message"]
    assert (row["start"], row["end"]) == (0, 45)
    assert row["expected"] == 25 and row["found"] == -15


def test_rows_are_sorted_and_deterministic(settings):
    facts = [_stringified(f) for case in CASES for f in case["facts"]]
    first = check_rows("doc", facts, settings)
    assert first == check_rows("doc", list(reversed(facts)), settings)
    assert [(r["start"], r["end"]) for r in first] == sorted((r["start"], r["end"]) for r in first)
