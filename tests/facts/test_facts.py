"""Facts (spec §8) of hand-written texts (cases.yaml, negative.yaml) and of a corpus report."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from pipeline.config import Config
from pipeline.process import DocumentProcessor
from pipeline.rendering import parse_rendered
from pipeline.schema import TABLES

HERE = Path(__file__).resolve().parent
CASES = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
NEGATIVE = yaml.safe_load((HERE / "negative.yaml").read_text(encoding="utf-8"))
ANNUAL_REPORT = "corpus/szhuafa_000020_annual_report_2018_gbk.txt"


@pytest.fixture(scope="module")
def facts_of():
    processors: dict[int, DocumentProcessor] = {}

    def run(text: str, year: int) -> list[dict]:
        processor = processors.setdefault(year, DocumentProcessor(Config(report_year=year)))
        result = processor.process_text("case", text)
        assert result.ok, result.document
        assert not result.invalid
        rows = _facts(result)
        for row in rows:
            assert text[int(row["start"]):int(row["end"])] == row["text"]
            for part in ("indicator", "subject"):
                if row[part]:
                    assert text[int(row[f"{part}_start"]):int(row[f"{part}_end"])] == row[part]
        return rows

    return run


def _facts(result) -> list[dict]:
    header = TABLES["facts"].header
    return [dict(zip(header, cells)) for cells in parse_rendered(result.rows["facts"])]


def _by_text(rows: list[dict]) -> dict[str, dict]:
    return {row["text"]: row for row in rows}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict, facts_of) -> None:
    found = _by_text(facts_of(case["text"], case["year"]))
    for expected in case["facts"]:
        row = found.get(expected["text"])
        assert row is not None, f"no fact for {expected['text']!r}: {sorted(found)}"
        for key, value in expected.items():
            if key == "value":
                assert Decimal(row[key]) == Decimal(value), key
            else:
                assert row[key] == str(value), f"{expected['text']}: {key}"


@pytest.mark.parametrize("case", NEGATIVE, ids=[c["name"] for c in NEGATIVE])
def test_negative(case: dict, facts_of) -> None:
    found = _by_text(facts_of(case["text"], case["year"]))
    for text in case.get("no_fact", []):
        assert text not in found
    for text in case.get("empty_indicator", []):
        assert text in found and found[text]["indicator"] == ""


def test_facts_table_is_keyed_like_numbers() -> None:
    assert TABLES["facts"].primary_key == ("doc_id", "start", "end")


def test_annual_report_revenue(shared: Path) -> None:
    path = shared / ANNUAL_REPORT
    if not path.is_file():
        pytest.skip(f"{ANNUAL_REPORT} is not in ../shared")
    text = path.read_bytes().decode("gbk")
    facts = _facts(DocumentProcessor(Config()).process_text("report", text))
    revenue = [f for f in facts if f["indicator"] == "营业收入" and f["table_start"]]
    years = {(f["period_start"][:4], f["measure"]) for f in revenue}
    assert {("2018", "level"), ("2017", "level"), ("2016", "level"), ("2018", "change")} <= years
    assert any(f["measure"] == "change" and Decimal(f["value"]) == Decimal("-25.76") for f in revenue)
    at = text.index("公司实现营业收入63704.67万元")
    prose = [f for f in facts if at <= int(f["start"]) < at + 40]
    assert prose[0]["indicator"] == "营业收入" and prose[0]["measure"] == "level"
    assert prose[0]["period_start"] == "2018-01-01" and prose[0]["period_end"] == "2018-12-31"
    assert prose[1]["measure"] == "change" and Decimal(prose[1]["value"]) == Decimal("-25.76")


def test_spacy_component() -> None:
    spacy = pytest.importorskip("spacy")
    import pipeline.dates.component  # noqa: F401  (registers the factories)
    import pipeline.facts.component  # noqa: F401
    import pipeline.numbers.component  # noqa: F401

    nlp = spacy.blank("zh")
    nlp.add_pipe("nianbao_numbers")
    nlp.add_pipe("nianbao_dates", config={"report_year": 2021})
    nlp.add_pipe("nianbao_facts", config={"report_year": 2021})
    doc = nlp("去年，全省生产总值达到5.2万亿元，增长7.4%。")
    facts = {s.text: s for s in doc.spans["facts"]}
    assert facts["7.4%"].label_ == "change"
    assert facts["7.4%"]._.nb_indicator == "全省生产总值"
    assert facts["5.2万亿元"]._.nb_canonical == "地区生产总值"
    assert facts["5.2万亿元"]._.nb_period_start == "2020-01-01"


def test_facts_are_declared_a_foreign_key_to_numbers():
    from pipeline.schema import TABLES, table_schema

    schema = table_schema(TABLES["facts"])
    assert schema["foreignKeys"] == [{"fields": ["doc_id", "start", "end"],
                                      "reference": {"resource": "numbers", "fields": ["doc_id", "start", "end"]}}]
