"""Ingest: every supported encoding decodes exactly; every bad input gets a failed row."""

from __future__ import annotations

import codecs
import csv
import os
from pathlib import Path

import pytest
import yaml

from pipeline.config import Config
from pipeline.ingest.text import decode_text
from pipeline.runner import RunOptions, run

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))
INGEST = Config().load("ingest")


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


@pytest.mark.parametrize("case", CASES["good"], ids=[c["name"] for c in CASES["good"]])
def test_decodes_exactly(case):
    decoded = decode_text(encode(case["text"], case["encoding"]), fallback_encodings=INGEST["fallback_encodings"],
                          max_control_share=INGEST["max_control_share"])
    assert decoded.text == case["text"]


def make_bad_input(case: dict, folder: Path) -> Path:
    path = folder / "bad.txt"
    kind = case["kind"]
    if kind == "bytes":
        path.write_bytes(bytes.fromhex(case["hex"]))
    elif kind == "dangling-link":
        path.symlink_to(folder / "nowhere.txt")
    elif kind == "missing":
        return folder / "missing.txt"
    elif kind == "large":
        with path.open("wb") as f:
            f.truncate(case["megabytes"] * 1_000_000)
    elif kind == "suffix":
        path = path.with_suffix(case["suffix"])
        path.write_bytes(b"PK\x03\x04")
    return path


def read_documents(out: Path) -> dict[str, dict]:
    with (out / "documents.csv").open(encoding="utf-8", newline="") as f:
        return {row["doc_id"]: row for row in csv.DictReader(f)}


@pytest.mark.parametrize("case", CASES["bad"], ids=[c["name"] for c in CASES["bad"]])
def test_bad_input_fails_alone(case, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("一、总体情况\n全年新增企业120家。\n", encoding="utf-8")
    bad = make_bad_input(case, inputs)
    # a file of another ending is skipped under a folder, and fails only when named
    roots = [inputs] if bad.parent == inputs and case["kind"] not in ("missing", "suffix") else [inputs, bad]
    summary = run(RunOptions(inputs=roots, out=tmp_path / "out"))
    documents = read_documents(tmp_path / "out")
    assert documents["good"]["status"] == "ok"
    failed = [row for doc_id, row in documents.items() if doc_id != "good"]
    assert len(failed) == 1 and failed[0]["status"] == "failed"
    assert case["reason"] in failed[0]["reason"]
    assert not summary.clean


def test_doc_ids_are_relative_paths_without_extension(tmp_path):
    inputs = tmp_path / "raw"
    (inputs / "2023").mkdir(parents=True)
    (inputs / "2023" / "sh_ch8.txt").write_text("8 构建开放创新网络\n", encoding="utf-8")
    (inputs / "top.txt").write_text("一、概况\n", encoding="gbk")
    run(RunOptions(inputs=[inputs], out=tmp_path / "out"))
    assert sorted(read_documents(tmp_path / "out")) == ["2023/sh_ch8", "top"]


def test_files_differing_only_in_their_ending_keep_it_in_their_doc_ids(tmp_path):
    inputs = tmp_path / "raw"
    inputs.mkdir()
    (inputs / "report.txt").write_text("一、概况\n", encoding="utf-8")
    (inputs / "report.md").write_text("一、概况\n", encoding="utf-8")
    run(RunOptions(inputs=[inputs], out=tmp_path / "out"))
    documents = read_documents(tmp_path / "out")
    assert sorted(documents) == ["report.md", "report.txt"]
    assert {row["status"] for row in documents.values()} == {"ok"}


def test_the_same_name_given_twice_fails_the_second_under_a_key_of_its_own(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text("一、概况\n", encoding="utf-8")
    run(RunOptions(inputs=[tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt"], out=tmp_path / "out"))
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len({row["doc_id"] for row in rows}) == 2
    assert [row["status"] for row in rows if "duplicate doc_id" in row["reason"]] == ["failed"]


def test_files_that_are_not_reports_are_skipped_and_counted(tmp_path):
    inputs = tmp_path / "raw"
    inputs.mkdir()
    (inputs / "report.txt").write_text("一、概况\n", encoding="utf-8")
    (inputs / "script.py").write_text("print(1)\n", encoding="utf-8")
    (inputs / "table.csv").write_text("a,b\n", encoding="utf-8")
    summary = run(RunOptions(inputs=[inputs], out=tmp_path / "out"))
    assert sorted(read_documents(tmp_path / "out")) == ["report"]
    assert summary.clean and summary.skipped == 2


def test_include_and_exclude_globs_choose_the_files_of_a_folder(tmp_path):
    inputs = tmp_path / "raw"
    (inputs / "2023").mkdir(parents=True)
    for name in ("2023/a.txt", "2023/b.txt", "c.txt"):
        (inputs / name).write_text("一、概况\n", encoding="utf-8")
    run(RunOptions(inputs=[inputs], out=tmp_path / "out", include=("2023/*",), exclude=("*/b.txt",)))
    assert sorted(read_documents(tmp_path / "out")) == ["2023/a"]


def test_the_output_folder_inside_the_input_folder_is_not_read(tmp_path):
    inputs = tmp_path / "raw"
    inputs.mkdir()
    (inputs / "report.txt").write_text("一、概况\n", encoding="utf-8")
    for _ in range(2):
        run(RunOptions(inputs=[inputs], out=inputs / "out"))
    assert sorted(read_documents(inputs / "out")) == ["report"]


def test_an_unreadable_sub_folder_gets_a_failed_row(tmp_path, monkeypatch):
    inputs = tmp_path / "raw"
    (inputs / "locked").mkdir(parents=True)
    (inputs / "locked" / "x.txt").write_text("一、概况\n", encoding="utf-8")
    (inputs / "good.txt").write_text("一、概况\n", encoding="utf-8")
    scandir = os.scandir

    def refusing(path="."):  # root reads every folder, so the refusal is simulated
        if isinstance(path, (str, os.PathLike)) and Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    summary = run(RunOptions(inputs=[inputs], out=tmp_path / "out"))
    documents = read_documents(tmp_path / "out")
    assert documents["good"]["status"] == "ok"
    assert documents["locked"]["status"] == "failed" and not summary.clean
