"""Sections: headings, levels and ids, from the case table beside this file, and the
heading tree of the shared gold documents scored as the evaluation scores it."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.config import Config
from pipeline.layout import analyse_layout
from pipeline.sections import SectionFinder

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))
CONFIG = Config()
LAYOUT = CONFIG.load("layout")
FINDER = SectionFinder.from_config(CONFIG)
FLOORS = {"sections.f1": 0.95, "sections.parent": 0.90}


def sections_of(text: str):
    return FINDER(text, analyse_layout(text, tables=LAYOUT))


def check_tree(text: str, sections) -> None:
    ids = {s.section_id for s in sections}
    for s in sections:
        assert text[s.start:s.end] == text[s.start:s.end].strip() and s.end > s.start
        assert s.level == s.section_id.count(".") + 1
        assert s.parent_id is None if s.level == 1 else s.parent_id in ids
    assert [s.start for s in sections] == sorted(s.start for s in sections)


@pytest.mark.parametrize("case", CASES["cases"], ids=[case["name"] for case in CASES["cases"]])
def test_case(case):
    sections = sections_of(case["text"])
    assert [f"{s.section_id} | {s.number} | {s.title}" for s in sections] == case["headings"]
    check_tree(case["text"], sections)


@pytest.mark.parametrize("case", CASES["negative"], ids=[case["name"] for case in CASES["negative"]])
def test_negative(case):
    assert [(s.number, s.title) for s in sections_of(case["text"])] == []


def test_ids_are_stable():
    text = CASES["cases"][2]["text"]
    assert sections_of(text) == sections_of(text)


def test_gold(shared, tmp_path):
    rows = []
    for path in sorted((shared / "gold").glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        raw = (path.parent / gold["source"]).read_bytes()
        text = next(raw.decode(encoding) for encoding in ("utf-8-sig", "gb18030") if _decodes(raw, encoding))
        sections = sections_of(text)
        check_tree(text, sections)
        rows += [[gold["doc_id"], s.section_id, s.parent_id or "", s.level, s.number, s.title, s.start, s.end]
                 for s in sections]
    with (tmp_path / "sections.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["doc_id", "section_id", "parent_id", "level", "number", "title", "start", "end"],
                                 *rows])
    floors = [arg for key, value in FLOORS.items() for arg in ("--min", f"{key}={value}")]
    result = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(shared / "gold"), str(tmp_path),
                             *floors], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
