"""Ingest: every supported encoding decodes exactly; every bad input gets a failed row."""

from __future__ import annotations

import codecs
import csv
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
    roots = [inputs] if bad.parent == inputs and case["kind"] != "missing" else [inputs, bad]
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


def test_same_doc_id_twice_fails_the_second(tmp_path):
    inputs = tmp_path / "raw"
    inputs.mkdir()
    (inputs / "report.txt").write_text("一、概况\n", encoding="utf-8")
    (inputs / "report.md").write_text("一、概况\n", encoding="utf-8")
    run(RunOptions(inputs=[inputs], out=tmp_path / "out"))
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8") as f:
        statuses = [(row["status"], row["reason"]) for row in csv.DictReader(f)]
    assert statuses[0] == ("ok", "")
    assert statuses[1][0] == "failed" and "duplicate doc_id" in statuses[1][1]
