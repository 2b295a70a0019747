"""The numbers stage: case tables (cases.yaml), negative corpus (negative.yaml), the
spaCy component."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from pipeline.config import Config
from pipeline.numbers import NumberExtractor

HERE = Path(__file__).resolve().parent
CASES = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
NEGATIVE = yaml.safe_load((HERE / "negative.yaml").read_text(encoding="utf-8"))
FIELDS = ("value", "value_max", "unit", "qualifier", "kind")


@pytest.fixture(scope="module")
def extractor() -> NumberExtractor:
    return NumberExtractor.from_config(Config())


def found(extractor: NumberExtractor, text: str) -> list[dict]:
    rows = []
    for match in extractor(text):
        assert 0 <= match.start < match.end <= len(text)
        rows.append({"text": text[match.start:match.end], **match.fields})
    return rows


def as_written(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@pytest.mark.parametrize("case", CASES, ids=[c["text"].splitlines()[0][:24] for c in CASES])
def test_case(extractor: NumberExtractor, case: dict) -> None:
    rows = found(extractor, case["text"])
    assert [r["text"] for r in rows] == [e["text"] for e in case["expect"]]
    for row, expected in zip(rows, case["expect"]):
        assert isinstance(row["value"], Decimal)
        got = {field: row[field] for field in FIELDS} | {
            "value": as_written(row["value"]), "value_max": as_written(row["value_max"])}
        want = {field: expected.get(field) for field in FIELDS}
        assert got == want, row["text"]
        if "noun" in expected:
            assert row["noun"] == expected["noun"], row["text"]


@pytest.mark.parametrize(
    "text", [t for texts in NEGATIVE.values() for t in texts], ids=lambda t: t.splitlines()[0][:24]
)
def test_negative(extractor: NumberExtractor, text: str) -> None:
    assert found(extractor, text) == []


def test_offsets_index_the_text_given(extractor: NumberExtractor) -> None:
    text = "前言\n\n  增长 6.5%， 新增就业 1,200 万人以上。"
    for match in extractor(text):
        assert text[match.start:match.end].strip() == text[match.start:match.end]
    assert [text[m.start:m.end] for m in extractor(text)] == ["6.5%", "1,200 万人以上"]


def test_tables_are_the_extractors_configuration(tmp_path: Path) -> None:
    tables = Config().load("numbers")
    tables["units"]["count"].append("枚举")
    assert [m.fields["unit"] for m in NumberExtractor(tables=tables)("共3枚举。")] == ["枚举"]


def test_spacy_component(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    import pipeline.numbers.component  # noqa: F401  (registers the factory)

    nlp = spacy.blank("zh")
    nlp.add_pipe("nianbao_numbers")
    doc = nlp("投资5—10亿元，建成94家研发载体。")
    spans = doc.spans["numbers"]
    assert [s.text for s in spans] == ["5—10亿元", "94家"]
    assert Decimal(spans[0]._.nb_value) == Decimal(500000000) and Decimal(spans[0]._.nb_value_max) == Decimal(1000000000)
    assert spans[0].label_ == "money" and spans[1]._.nb_unit == "家" and spans[1]._.nb_noun == "研发载体"

    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    doc = reloaded("超6万人次")
    assert [(s.text, s._.nb_qualifier) for s in doc.spans["numbers"]] == [("超6万人次", "over")]
