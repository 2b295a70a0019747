"""The checks of spec §9 over hand-written fact rows (cases.yaml)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from pipeline.checks import check_facts
from pipeline.config import Config
from pipeline.schema import format_number

HERE = Path(__file__).resolve().parent
CASES = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
DEFAULTS = {"doc_id": "doc", "section_id": "", "measure": "level", "status": "actual", "unit": "",
            "subject": "", "period_start": "2018-01-01", "period_end": "2018-12-31", "table_start": "",
            "row_label": "", "column": "", "canonical": ""}


def fact_rows(case: dict) -> list[dict]:
    rows = []
    for fact in case["facts"]:
        row = DEFAULTS | {k: ("" if v is None else str(v) if k.startswith("period") else v) for k, v in fact.items()}
        row["value"] = Decimal(row["value"])
        row["end"] = row["start"] + len(row["text"])
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def tables() -> dict:
    return Config().load("checks")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(tables: dict, case: dict) -> None:
    checks = check_facts(fact_rows(case), tables=tables)
    got = [[c["check"], c["status"], c["facts"], str(c["expected"]), str(c["found"])] for c in checks]
    assert sorted(got) == sorted(case["expect"])
    for c in checks:
        assert isinstance(c["expected"], Decimal) and isinstance(c["tolerance"], Decimal)
        assert c["start"] <= c["end"]


def test_a_failed_growth_names_both_levels_and_the_change(tables: dict) -> None:
    case = next(c for c in CASES if c["name"].startswith("a stated growth that"))
    (check,) = check_facts(fact_rows(case), tables=tables)
    assert check["status"] == "fail"
    assert "120亿元" in check["message"] and "150亿元" in check["message"] and "30%" in check["message"]
    # half the stated 1% plus what rounding 120亿元 and 150亿元 to 1亿元 can move the rate
    assert format_number("tolerance", check["tolerance"]) == "1.44"


def test_values_read_from_csv_text_are_checked_alike(tables: dict) -> None:
    case = CASES[0]
    rows = [r | {"value": str(r["value"]), "start": str(r["start"]), "table_start": str(r["table_start"])}
            for r in fact_rows(case)]
    assert [c["status"] for c in check_facts(rows, tables=tables)] == ["pass"]
