"""The run's promises under attack (issue 15): each test reproduces a defect that was seen.

Tables stay parseable, the resume cache runs no code and re-checks its inputs, the
output switch is atomic and locked, and bad configuration or a full disk gets one
clear line and its own exit status.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import writers
from pipeline.cli import EXIT_ERROR, EXIT_WRITE, app
from pipeline.config import Config
from pipeline.runner import RunOptions, run
from pipeline.writers import OutputError, OutputWriter
from tests.conftest import REPO, read_csv

cli = CliRunner()
REPORT = "一、总体情况\n全年新增企业120家，营业收入增长5.2%。\n"


def _inputs(tmp_path: Path, text: str = REPORT, name: str = "report.txt") -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(text.encode("utf-8"))
    return folder


def test_a_lone_carriage_return_is_quoted_and_every_csv_reads_back(tmp_path):
    text = "一、总体情况\r全年新增企业120家，\r营业收入增长5.2%。\r二、科技\r研发投入3亿元。\r"
    out = tmp_path / "out"
    run(RunOptions(inputs=[_inputs(tmp_path, text)], out=out))
    for table in ("sections", "numbers", "dates", "entities", "documents"):
        with (out / f"{table}.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert len({len(row) for row in rows}) == 1, table
        as_json = json.loads((out / f"{table}.json").read_text(encoding="utf-8"))
        assert len(rows) - 1 == len(as_json), table
    sections = read_csv(out / "sections.csv")
    assert [s["title"] for s in sections] == ["总体情况", "科技"]


def test_the_resume_cache_is_data_and_a_planted_pickle_runs_nothing(tmp_path):
    out = tmp_path / "out"
    inputs = _inputs(tmp_path)
    run(RunOptions(inputs=[inputs], out=out))
    entries = list((out / ".cache").iterdir())
    assert entries and all(p.suffix == ".json" for p in entries)
    json.loads(entries[0].read_text(encoding="utf-8").splitlines()[0])  # a JSON header line

    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):
            return (Path.touch, (marker,))

    for entry in entries:
        entry.write_bytes(pickle.dumps(Exploit()))
    summary = run(RunOptions(inputs=[inputs], out=out, resume=True))
    assert not marker.exists() and summary.reused == 0 and summary.clean


def test_resume_checks_each_input_as_on_a_first_read(tmp_path):
    out = tmp_path / "out"
    inputs = _inputs(tmp_path)
    run(RunOptions(inputs=[inputs], out=out))
    report = inputs / "report.txt"
    report.unlink()
    os.mkfifo(report)  # the same name, now a FIFO: reading it would hang
    summary = run(RunOptions(inputs=[inputs], out=out, resume=True))
    document = read_csv(out / "documents.csv")[0]
    assert summary.reused == 0 and document["status"] == "failed"
    assert "not a regular file" in document["reason"]


def test_a_moved_input_is_not_served_from_the_cache_with_its_old_path(tmp_path):
    out = tmp_path / "out"
    inputs = _inputs(tmp_path)
    run(RunOptions(inputs=[inputs], out=out))
    moved = tmp_path / "moved"
    inputs.rename(moved)
    summary = run(RunOptions(inputs=[moved], out=out, resume=True))
    assert summary.reused == 0
    assert read_csv(out / "documents.csv")[0]["source_path"] == str(moved / "report.txt")


@pytest.mark.parametrize("data, reason", [
    (b"  \n\t\r\n", "only white space"),
    ("一、总体情况\n".encode() * 600 + b"\x00", "NUL"),
], ids=["white space only", "NUL byte after the first 4096 bytes"])
def test_texts_that_are_not_reports_fail_with_a_reason(tmp_path, data, reason):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_bytes(data)
    summary = run(RunOptions(inputs=[folder], out=tmp_path / "out"))
    document = read_csv(tmp_path / "out" / "documents.csv")[0]
    assert document["status"] == "failed" and reason in document["reason"] and not summary.clean


def test_only_the_first_byte_order_mark_is_removed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbf" + "\ufeff一、总体情况\n新增企业120家。\n".encode())
    out = tmp_path / "out"
    run(RunOptions(inputs=[folder], out=out))
    source = (folder / "bom.txt").read_bytes().decode("utf-8-sig")
    for row in read_csv(out / "numbers.csv"):
        assert source[int(row["start"]):int(row["end"])] == row["text"]
    assert read_csv(out / "documents.csv")[0]["chars"] == str(len(source))


def test_a_second_run_into_the_same_folder_fails_at_once(tmp_path):
    out = tmp_path / "out"
    first = OutputWriter(out)
    try:
        with pytest.raises(OutputError, match="another run is writing"):
            OutputWriter(out)
    finally:
        first.abandon()
    OutputWriter(out).abandon()  # free again once the first has finished


def test_the_manifest_is_moved_last_so_a_half_switched_folder_has_none(tmp_path, monkeypatch):
    out = tmp_path / "out"
    inputs = _inputs(tmp_path)
    run(RunOptions(inputs=[inputs], out=out))
    moves = []
    real_replace = os.replace

    def dying_replace(source, target):
        moves.append(Path(target).name)
        if len(moves) == 3:
            raise KeyboardInterrupt  # a kill in the middle of the switch
        real_replace(source, target)

    monkeypatch.setattr(writers.os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        run(RunOptions(inputs=[inputs], out=out))
    assert not (out / "manifest.json").exists()
    monkeypatch.setattr(writers.os, "replace", real_replace)
    run(RunOptions(inputs=[inputs], out=out))
    assert (out / "manifest.json").exists()


def test_a_full_disk_gives_one_line_its_own_status_and_no_staging(tmp_path, monkeypatch):
    def full(self, rendered):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out" / "numbers.csv"))

    monkeypatch.setattr(writers._TableFiles, "write", full)
    out = tmp_path / "out"
    result = cli.invoke(app, ["run", str(_inputs(tmp_path)), "--out", str(out), "--workers", "1", "-q"])
    assert result.exit_code == EXIT_WRITE
    assert result.output.strip().count("\n") == 0 and "No space left on device" in result.output
    assert "Traceback" not in result.output and not (out / ".staging").exists()


@pytest.mark.parametrize("file, edit, words", [
    ("ingest.yaml", ("max_bytes: 20000000", "max_bytes: lots"), ["ingest.yaml", "line", "max_bytes"]),
    ("numbers.yaml", None, ["numbers.yaml", "line 1", "not valid YAML"]),
], ids=["a value of the wrong type", "broken YAML"])
def test_bad_configuration_is_one_line_naming_file_key_and_line(tmp_path, file, edit, words):
    import shutil

    config = tmp_path / "config"
    shutil.copytree(Config().directory, config)
    path = config / file
    if edit:
        path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    else:
        path.write_text("units: [oops\n", encoding="utf-8")
    result = cli.invoke(app, ["run", str(REPO / "raw"), "--out", str(tmp_path / "out"), "--config", str(config)])
    assert result.exit_code == EXIT_ERROR and "Traceback" not in result.output
    for word in words:
        assert word in result.output
    assert not (tmp_path / "out").exists()  # stopped before any document


@pytest.mark.parametrize("args, words", [
    (["--workers", "-1"], ["--workers"]),
    (["/no/such/folder"], ["no such input", "/no/such/folder"]),
], ids=["negative workers", "missing input"])
def test_usage_errors_are_one_line_and_exit_two(tmp_path, args, words):
    paths = [a for a in args if a.startswith("/")]
    options = [a for a in args if not a.startswith("/")]
    result = cli.invoke(app, ["run", *(paths or [str(REPO / "raw")]), "--out", str(tmp_path / "out"), *options])
    assert result.exit_code == EXIT_ERROR
    for word in words:
        assert word in result.output


def test_an_empty_input_folder_is_a_usage_error(tmp_path):
    (tmp_path / "in").mkdir()
    result = cli.invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_ERROR and "no reports found" in result.output


def test_an_unwritable_output_location_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = cli.invoke(app, ["run", str(REPO / "raw"), "--out", str(blocker / "out")])
    assert result.exit_code == EXIT_ERROR and str(blocker) in result.output


def test_version_is_printed():
    result = cli.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("nianbao ")


def test_csv_cells_stay_raw_and_the_xlsx_keeps_formula_like_text_as_text(tmp_path):
    """CSV is the exact-text format (spec §1: text == source[start:end]); the spreadsheet
    format is the xlsx, which holds a cell that starts with = as text, never a formula."""
    pytest.importorskip("openpyxl")
    from openpyxl import load_workbook

    from pipeline.export import write_exports

    text = "一、总体情况\n=1+1 新增企业120家。\n"
    out = tmp_path / "out"
    run(RunOptions(inputs=[_inputs(tmp_path, text)], out=out))
    sentence = read_csv(out / "numbers.csv")[0]["sentence"]
    assert sentence.startswith("=1+1")
    write_exports(out, ["xlsx"])
    sheet = load_workbook(next(out.rglob("*.xlsx")))["numbers"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=1+1")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_output_grows_linearly_with_a_text_that_never_ends_its_sentence(tmp_path):
    sizes = []
    for repeats in (1_000, 4_000):
        folder = tmp_path / f"in{repeats}"
        folder.mkdir()
        (folder / "one_line.txt").write_text("新增5家，" * repeats, encoding="utf-8")
        out = tmp_path / f"out{repeats}"
        run(RunOptions(inputs=[folder], out=out, stages=("sections", "numbers")))
        assert len(read_csv(out / "numbers.csv")) == repeats
        sizes.append(sum(p.stat().st_size for p in out.glob("*.*")))
    assert sizes[1] / sizes[0] < 4.5  # a whole-text sentence in every row made it about 16


def test_progress_counts_documents_as_they_finish_and_writes_them_in_order(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"r{i}.txt").write_text(REPORT * (40 if i == 0 else 1), encoding="utf-8")
    finished, written = [], []
    run(RunOptions(inputs=[folder], out=tmp_path / "out", workers=2),
        on_finished=lambda: finished.append(len(written)), on_document=lambda r: written.append(r.doc_id))
    assert written == ["r0", "r1", "r2", "r3"] and len(finished) == 4


def test_every_output_file_has_the_same_permissions(tmp_path):
    from pipeline.export import write_exports

    out = tmp_path / "out"
    run(RunOptions(inputs=[_inputs(tmp_path)], out=out))
    write_exports(out, ["parquet", "xlsx", "jsonl"])
    modes = {p.stat().st_mode & 0o777 for p in out.rglob("*") if p.is_file()}
    assert len(modes) == 1, modes


def test_standard_input_is_the_document_stdin_kept_beside_its_rows(tmp_path):
    out = tmp_path / "out"
    result = cli.invoke(app, ["run", "-", "--out", str(out), "-q", "--workers", "1"], input=REPORT.encode())
    assert result.exit_code == 0, result.output
    document = read_csv(out / "documents.csv")[0]
    assert document["doc_id"] == "stdin" and document["status"] == "ok"
    source = (out / document["text_path"]).read_text(encoding="utf-8")
    for row in read_csv(out / "numbers.csv"):
        assert source[int(row["start"]):int(row["end"])] == row["text"]
