"""The entity recogniser on case tables (cases/*.yaml), the gazetteer rules, the reading
of Traditional and wrapped text, and the spaCy component."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from pipeline.config import Config
from pipeline.entities import EntityRecognizer
from pipeline.entities.gazetteer import short_form_rule
from pipeline.entities.reading import Reader
from tests.conftest import REPO

CASES = Path(__file__).parent / "cases"
LABEL_FILES = ("person", "org", "gpe", "loc", "event", "law")


def load_cases(name: str) -> list:
    return yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))


POSITIVE = [pytest.param(case, id=f"{name}-{i}") for name in LABEL_FILES for i, case in enumerate(load_cases(name))]
NEGATIVE = [pytest.param(text, id=f"negative-{i}") for i, text in enumerate(load_cases("negative"))]


@pytest.fixture(scope="module")
def recognizer() -> EntityRecognizer:
    return EntityRecognizer.from_config(Config())


def found(recognizer: EntityRecognizer, text: str) -> list[list[str]]:
    matches = recognizer(text)
    assert matches == sorted(matches, key=lambda m: m.start)
    assert all(a.end <= b.start for a, b in pairwise(matches)), "spans overlap"
    return [[text[m.start:m.end], m.fields["label"]] for m in matches]


@pytest.mark.parametrize("case", POSITIVE)
def test_case(recognizer, case):
    assert found(recognizer, case["text"]) == case["entities"]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(recognizer, text):
    assert found(recognizer, text) == []


def test_division_short_forms():
    places = Config().load("entities/places")
    rule = short_form_rule(places)
    expected = {"宁夏回族自治区": "宁夏", "迪庆藏族自治州": "迪庆", "内蒙古自治区": "内蒙古",
                "三明市": "三明", "浦东新区": "浦东", "香港特别行政区": "香港", "伊犁哈萨克自治州": "伊犁",
                "西双版纳傣族自治州": "西双版纳"}
    assert {name: rule.match(name).group(1) for name in expected} == expected
    assert rule.match("和县") is None  # one character would be left


def test_reading_keeps_offsets():
    script = Config().load("entities/gazetteer/script")["traditional_to_simplified"]
    reader = Reader(script, join_lines=True, spaces=0)
    text = "國際創新聯\n盟成立 \n下一行"
    view = reader(text)
    assert view.text == "国际创新联盟成立 \n下一行"
    assert view.to_source(0, 6) == (0, 7)
    assert Reader(script, join_lines=False, spaces=0)(text).text == "国际创新联\n盟成立 \n下一行"


def test_shared_corpus_spans(recognizer, shared):
    for path in sorted((shared / "corpus").glob("*.txt")):
        text = _decode(path.read_bytes())
        matches = recognizer(text)
        assert all(a.end <= b.start for a, b in pairwise(matches)), path.name
        assert all(m.end > m.start and text[m.start:m.end].strip() for m in matches), path.name


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def test_import_and_construction_do_not_load_jieba():
    code = ("import sys; from pipeline.config import Config; from pipeline.entities import EntityRecognizer; "
            "EntityRecognizer.from_config(Config()); assert 'jieba' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_spacy_component(tmp_path):
    spacy = pytest.importorskip("spacy")
    import pipeline.entities.component  # noqa: F401  registers the factory

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("nianbao_entities")
    text = "国务院总理王建华在北京会见了巴西总统卢拉。"
    doc = nlp(text)
    expected = [("国务院", "ORG"), ("王建华", "PERSON"), ("北京", "GPE"), ("巴西", "GPE"), ("卢拉", "PERSON")]
    assert [(e.text, e.label_) for e in doc.ents] == expected
    assert [(s.text, s.label_) for s in doc.spans["entities"]] == expected
    nlp.to_disk(tmp_path / "nlp")
    assert (tmp_path / "nlp" / "nianbao_entities" / "tables.json").is_file()
    restored = spacy.load(tmp_path / "nlp")
    assert [(e.text, e.label_) for e in restored(text).ents] == expected
