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
from tests.linearity import assert_linear

CASES = Path(__file__).parent / "cases"
LABEL_FILES = ("person", "org", "gpe", "loc", "event", "law", "places_of")
MODES = EntityRecognizer.MODES


def load_cases(name: str) -> list:
    return yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))


POSITIVE = [pytest.param(case, id=f"{name}-{i}") for name in LABEL_FILES for i, case in enumerate(load_cases(name))]
NEGATIVE = [pytest.param(text, id=f"negative-{i}") for i, text in enumerate(load_cases("negative"))]
ACCURATE = [pytest.param(case, id=f"accurate-{i}") for i, case in enumerate(load_cases("accurate"))]


@pytest.fixture(scope="module", params=MODES)
def recognizer(request) -> EntityRecognizer:
    return EntityRecognizer.from_config(Config(), mode=request.param)


@pytest.fixture(scope="module")
def accurate() -> EntityRecognizer:
    return EntityRecognizer.from_config(Config(), mode="accurate")


def found(recognizer: EntityRecognizer, text: str) -> list[list[str]]:
    matches = recognizer(text)
    assert matches == sorted(matches, key=lambda m: m.start)
    assert all(a.end <= b.start for a, b in pairwise(matches)), "spans overlap"
    return [[text[m.start:m.end], m.fields["label"]] for m in matches]


@pytest.mark.parametrize("case", POSITIVE)
def test_case(recognizer, case):
    expected = case.get(recognizer.mode, case["entities"])
    assert found(recognizer, case["text"]) == expected


@pytest.mark.parametrize("case", ACCURATE)
def test_accurate_case(accurate, case):
    assert found(accurate, case["text"]) == case["entities"]


def test_mode_from_config_and_override():
    assert EntityRecognizer.from_config(Config()).mode == Config().load("entities/settings")["mode"]
    assert EntityRecognizer.from_config(Config(overrides={"entities_mode": "fast"})).mode == "fast"
    with pytest.raises(ValueError, match="entity mode"):
        EntityRecognizer.from_config(Config(), mode="slow")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("unit", ["a", "7", "ab12", "北京abc", "国务院总理王建华、"])
def test_time_is_linear_in_long_runs(mode, unit):
    """A long run of Latin letters, digits or repeated names takes time in proportion
    to its length (issue 15: every prefix of a long word was tried as a place). jieba's
    cutting (segmenter.py, timed on its own there) is done before the clock starts."""
    recognizer = EntityRecognizer.from_config(Config(), mode=mode)
    recognizer("热身")
    segment = recognizer._segmenter
    cut: dict[str, object] = {}
    recognizer.__dict__["_segmenter"] = lambda text: cut[text] if text in cut else cut.setdefault(text, segment(text))
    assert_linear(recognizer, unit)  # the first of its timed runs cuts; the best of them counts


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


def test_reading_converts_from_a_traditional_character_to_its_line_end():
    script = Config().load("entities/gazetteer/script")["traditional_to_simplified"]
    text = "简体在前，議員發言\n简体一行"
    assert Reader(script, join_lines=False, spaces=0)(text).text == "简体在前，议员发言\n简体一行"
    assert Reader({}, join_lines=False, spaces=0)(text).text == text


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


def test_spacy_component_mode(tmp_path):
    spacy = pytest.importorskip("spacy")
    import pipeline.entities.component  # noqa: F401  registers the factory

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("nianbao_entities", config={"mode": "fast"})
    assert nlp.get_pipe("nianbao_entities").recognizer.mode == "fast"
    nlp.to_disk(tmp_path / "nlp")
    restored = spacy.load(tmp_path / "nlp")
    assert restored.get_pipe("nianbao_entities").recognizer.mode == "fast"
