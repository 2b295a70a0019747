"""The benchmark's documents and floors (bench/), without timing anything."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from pipeline.config import Config

BENCH = Path(__file__).resolve().parent.parent / "bench"
TEXTS = {"one": "第一节 公司简介\n本公司营业收入为12.5亿元。\n", "two": "报告期内，净利润增长3%。\n"}


@pytest.fixture()
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))  # the bench's modules import each other by name
    return {name: importlib.import_module(name) for name in ("corpus", "commands", "report")}


def test_long_document_is_cut_at_a_line_end_below_its_size(bench, tmp_path):
    corpus = bench["corpus"]
    first = corpus.write_long_document(tmp_path / "a.txt", TEXTS, 1).read_bytes()
    again = corpus.write_long_document(tmp_path / "b.txt", TEXTS, 1).read_bytes()
    longest = max(len(line.encode()) for text in TEXTS.values() for line in text.splitlines(keepends=True))
    assert first == again
    assert corpus.MEGABYTE - longest < len(first) <= corpus.MEGABYTE
    assert first.endswith(b"\n")


def test_tiny_document_is_the_first_lines(bench, tmp_path):
    tiny = bench["corpus"].write_tiny_document(tmp_path / "tiny.txt", TEXTS).read_text(encoding="utf-8")
    assert TEXTS["one"].startswith(tiny) and tiny


def test_config_copy_admits_long_documents(bench, tmp_path):
    folder = bench["commands"]._config_with_max_bytes(tmp_path / "config", 123_000_000)
    config = Config(folder)
    config.check()
    assert config.load("ingest")["max_bytes"] == 123_000_000
    assert config.load("ingest")["fallback_encodings"] == Config().load("ingest")["fallback_encodings"]


def test_long_floors(bench):
    report = bench["report"]
    startup = {bench["commands"].WARM: {"cpu": 1.0}}
    run = {"cpu": 11.0, "bytes": 2_000_000, "chars": 700_000, "seconds": 11.0, "peak_mb": 400.0, "over_cap": False}
    over = {**run, "over_cap": True}
    assert [met for _, _, met in report._long_floors([(1, run)], startup, 8192)] == [None, None]
    assert [met for _, _, met in report._long_floors([(1, run), (50, over)], startup, 8192)] == [False, None]
    large = {**run, "cpu": 1.0 + 50 * 7.0, "bytes": 50_000_000}  # 7 CPU-s per MB beyond start-up, against 5
    assert [met for _, _, met in report._long_floors([(1, run), (50, large)], startup, 8192)] == [True, True]
    slower = {**large, "cpu": 1.0 + 50 * 8.0}  # 1.6 times the 1 MB document's, per MB
    assert [met for _, _, met in report._long_floors([(1, run), (50, slower)], startup, 8192)] == [True, False]


def test_a_corpus_folder_without_documents_is_named(bench, tmp_path):
    with pytest.raises(SystemExit, match=str(tmp_path)):
        bench["corpus"].read_corpus(tmp_path)


def test_pipeline_floors_are_ratios_to_the_old_code_path_of_the_same_run(bench):
    report = bench["report"]
    jieba = {"chars": 1_000, "seconds": 1.0}
    peers = [("jieba.lcut", jieba, "entities", jieba)]
    now = {"fast": {"chars": 1_000, "seconds": 0.5}, "default": {"chars": 1_000, "seconds": 4.0}}
    then = {"fast": {"chars": 1_000, "seconds": 1.5}, "default": {"chars": 1_000, "seconds": 5.0}}
    assert [met for _, _, met in report._pipeline_floors(peers, now, then)] == [True, True, False, False]
    assert [met for _, _, met in report._pipeline_floors(peers, now, {})] == [None, True, None, False]
