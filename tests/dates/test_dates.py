"""The dates stage against its case tables: cases.yaml (exact rows) and negative.yaml
(text that holds no date); the report year is in test_report_year.py."""

from pathlib import Path

import pytest
import spacy
import yaml

from pipeline.config import Config
from pipeline.dates import DateExtractor

HERE = Path(__file__).parent
CASES = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
NEGATIVE = yaml.safe_load((HERE / "negative.yaml").read_text(encoding="utf-8"))
FIELDS = ("kind", "granularity", "start_date", "end_date", "year_inferred")


@pytest.fixture(scope="module")
def extractor() -> DateExtractor:
    return DateExtractor.from_config(Config())


def _rows(extractor: DateExtractor, text: str, report_year: int | None) -> list[list]:
    return [[text[m.start : m.end], *(m.fields[f] for f in FIELDS)] for m in extractor(text, report_year=report_year)]


@pytest.mark.parametrize("case", CASES["dates"], ids=lambda c: c["text"][:24])
def test_case(extractor: DateExtractor, case: dict) -> None:
    assert _rows(extractor, case["text"], case["report_year"]) == case["expect"]


@pytest.mark.parametrize("text", NEGATIVE, ids=lambda t: t[:24])
def test_negative(extractor: DateExtractor, text: str) -> None:
    assert _rows(extractor, text, 2020) == []


def test_offsets_index_the_text(extractor: DateExtractor) -> None:
    text = "".join(case["text"] for case in CASES["dates"])
    for match in extractor(text, report_year=2020):
        assert 0 <= match.start < match.end <= len(text)


def test_spacy_component(tmp_path: Path) -> None:
    import pipeline.dates.component  # noqa: F401  registers the factory

    nlp = spacy.blank("zh")
    nlp.add_pipe("nianbao_dates", config={"report_year": 2023})
    doc = nlp("9月9—11日举办论坛，连续3年增长。")
    spans = doc.spans["dates"]
    assert [s.text for s in spans] == ["9月9—11日", "连续3年"]
    assert (spans[0]._.nb_kind, spans[0]._.nb_granularity) == ("range", "day")
    assert (spans[0]._.nb_start_date, spans[0]._.nb_end_date, spans[0]._.nb_year_inferred) == ("2023-09-09", "2023-09-11", True)
    assert spans[1]._.nb_kind == "duration" and spans[1]._.nb_start_date is None

    nlp.to_disk(tmp_path)
    reloaded = spacy.load(tmp_path)
    doc = reloaded("去年3月")
    assert [(s.text, s._.nb_start_date) for s in doc.spans["dates"]] == [("去年3月", "2022-03-01")]
