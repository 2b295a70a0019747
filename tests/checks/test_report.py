"""A project-written report (tests/data/checks) whose stated growth its own two levels
contradict: the run still succeeds, and checks.csv names the failed check's facts."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

DATA = Path(__file__).resolve().parent.parent / "data" / "checks"


def test_a_contradicted_growth_fails_its_check_but_not_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(DATA), "--out", str(out)])
    assert result.exit_code == 0, result.output
    source = (DATA / "lanwan_2019.txt").read_text(encoding="utf-8")
    checks = list(csv.DictReader((out / "checks.csv").open(encoding="utf-8")))
    failed = [c for c in checks if c["status"] == "fail"]
    assert [c["check"] for c in failed] == ["growth"]
    used = [int(start) for start in failed[0]["facts"].split(";")]
    stated = [source[start:].split(" ")[0] for start in used]
    assert stated == ["1,200,000,000.00", "1,500,000,000.00", "30.00%"]
    assert failed[0]["expected"] == "25" and failed[0]["found"] == "30"
    assert any(c["check"] == "agreement" and c["status"] == "pass" for c in checks)  # 150000.00万元

    validate = CliRunner().invoke(app, ["validate", str(out)])
    assert "growth" in validate.output and "30.00%" in validate.output
