"""The command line: options, exit statuses and messages a person can act on."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import REPO, read_csv

cli = CliRunner()


def test_help_names_every_command():
    result = cli.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "diff", "review", "validate"):
        assert command in result.output


def test_run_writes_every_table_and_exits_zero(tmp_path):
    out = tmp_path / "out"
    result = cli.invoke(app, ["run", str(REPO / "raw"), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    for name in ("documents", "sections", "numbers", "dates", "entities"):
        assert (out / f"{name}.csv").exists() and (out / f"{name}.json").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["config_digest"]) == 64
    assert all(len(entry["sha256"]) == 64 for entry in manifest["inputs"])
    assert cli.invoke(app, ["validate", str(out)]).exit_code == 0


def test_report_year_option_applies_to_every_document(tmp_path):
    out = tmp_path / "out"
    cli.invoke(app, ["run", str(REPO / "raw"), "--out", str(out), "--workers", "1", "--report-year", "2030"])
    documents = read_csv(out / "documents.csv")
    assert {(d["report_year"], d["report_year_source"]) for d in documents} == {("2030", "option")}


def test_a_failed_document_makes_exit_status_one(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "ok.txt").write_text("一、概况\n本年新增企业12家。\n", encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    result = cli.invoke(app, ["run", str(inputs), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 1
    assert "empty: empty file" in result.output


def test_usage_errors_exit_two(tmp_path):
    result = cli.invoke(app, ["run", str(REPO / "raw"), "--out", str(tmp_path / "o"), "--stages", "numbrs"])
    assert result.exit_code == 2
    assert "unknown stage" in result.output
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("x", encoding="utf-8")
    result = cli.invoke(app, ["run", str(REPO / "raw"), "--out", str(tmp_path / "mine")])
    assert result.exit_code == 2
    assert "not the output of an earlier run" in result.output
