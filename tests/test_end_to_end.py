"""The whole pipeline on the project's samples, the shared corpus and the shared gold."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import Package

from pipeline.diff.regression import table_check
from pipeline.runner import RunOptions, run
from pipeline.schema import TABLES
from tests.conftest import REPO, read_csv

EXTRACTED = ("sections", "numbers", "dates", "entities", "facts")
PINNED = (*EXTRACTED, "checks")
FLOORS = {"sections.f1": 0.90, "sections.parent": 0.85, "numbers.f1": 0.95, "dates.f1": 0.90,
          "entities.f1": 0.80, "entities.unlabelled": 0.88, "facts.f1": 0.80, "facts.indicator": 0.88,
          "facts.period": 0.95, "facts.measure": 0.95, "facts.status": 0.95}


@pytest.fixture(scope="module")
def raw_output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raw") / "out"
    run(RunOptions(inputs=[REPO / "raw"], out=out))
    return out


def document_texts(out: Path) -> dict[str, str]:
    texts = {}
    for doc in read_csv(out / "documents.csv"):
        if doc["status"] != "ok":
            continue
        path = Path(doc["text_path"])
        path = path if path.is_absolute() else out / path
        if doc["encoding"] == "pdf":
            texts[doc["doc_id"]] = path.read_text(encoding="utf-8")
        else:
            with path.open(encoding=doc["encoding"], newline="") as f:
                texts[doc["doc_id"]] = f.read()
    return texts


def assert_offsets_hold(out: Path) -> int:
    texts = document_texts(out)
    checked = 0
    for table in EXTRACTED:
        for row in read_csv(out / f"{table}.csv"):
            source = texts[row["doc_id"]]
            assert source[int(row["start"]):int(row["end"])] == row["text"], (table, row)
            for part in ("indicator", "subject"):  # facts name what they measure by offsets too
                if row.get(f"{part}_start"):
                    assert source[int(row[f"{part}_start"]):int(row[f"{part}_end"])] == row[part], (table, row)
            checked += 1
    return checked


def test_raw_samples_are_all_read(raw_output):
    documents = read_csv(raw_output / "documents.csv")
    assert len(documents) >= 4
    assert {d["status"] for d in documents} == {"ok"}
    assert not read_csv(raw_output / "invalid_rows.csv")


def test_raw_offsets_hold(raw_output):
    assert assert_offsets_hold(raw_output) > 100


@pytest.mark.parametrize("table", PINNED)
def test_raw_tables_are_pinned(raw_output, table, file_regression):
    text = (raw_output / f"{table}.csv").read_text(encoding="utf-8")
    file_regression.check(text, basename=f"raw_{table}", extension=".csv", encoding="utf-8", check_fn=table_check)


def test_datapackage_validates_with_frictionless(raw_output):
    report = Package(str(raw_output / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_json_tables_match_csv(raw_output):
    for name in TABLES:
        rows = json.loads((raw_output / f"{name}.json").read_text(encoding="utf-8"))
        assert len(rows) == len(read_csv(raw_output / f"{name}.csv"))


def test_two_runs_are_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    run(RunOptions(inputs=[REPO / "raw"], out=first))
    run(RunOptions(inputs=[REPO / "raw"], out=second, workers=2))
    for name in TABLES:
        for suffix in (".csv", ".json"):
            assert (first / f"{name}{suffix}").read_bytes() == (second / f"{name}{suffix}").read_bytes(), name


def test_rerun_replaces_output_and_resume_reuses(tmp_path):
    out = tmp_path / "out"
    run(RunOptions(inputs=[REPO / "raw"], out=out))
    before = (out / "numbers.csv").read_bytes()
    summary = run(RunOptions(inputs=[REPO / "raw"], out=out, resume=True))
    assert summary.reused == summary.documents
    assert (out / "numbers.csv").read_bytes() == before


def test_refuses_to_write_into_a_foreign_folder(tmp_path):
    from pipeline.writers import OutputError

    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError):
        run(RunOptions(inputs=[REPO / "raw"], out=tmp_path))


def corpus_inputs(shared: Path) -> list[Path]:
    corpus = shared / "corpus"
    return sorted(corpus.glob("*.txt")) + sorted((corpus / "excerpts").glob("*.txt")) + sorted(corpus.glob("pdf/*.pdf"))


def test_every_corpus_file_is_read_and_offsets_hold(shared, tmp_path):
    out = tmp_path / "out"
    inputs = tmp_path / "in"
    for path in corpus_inputs(shared):
        target = inputs / path.relative_to(shared / "corpus")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path)
    run(RunOptions(inputs=[inputs], out=out, workers=2))
    documents = read_csv(out / "documents.csv")
    assert [(d["doc_id"], d["reason"]) for d in documents if d["status"] != "ok"] == []
    assert len(documents) == len(corpus_inputs(shared))
    assert assert_offsets_hold(out) > 1000


def test_gold_scores_stay_above_the_floors(shared, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for gold_path in sorted((shared / "gold").glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = (gold_path.parent / gold["source"]).resolve()
        shutil.copy(source, inputs / f"{gold['doc_id']}{source.suffix}")
    run(RunOptions(inputs=[inputs], out=tmp_path / "out"))
    floors = [f"--min={key}={value}" for key, value in FLOORS.items()]
    score = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(shared / "gold"),
                            str(tmp_path / "out"), *floors], capture_output=True, text=True)
    assert score.returncode == 0, score.stdout
