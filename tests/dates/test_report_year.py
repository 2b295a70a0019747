"""The report year and the evidence that decides it: report_years.yaml, and every text
of the shared corpus (corpus_years.yaml)."""

from pathlib import Path

import pytest
import yaml

from pipeline.config import Config
from pipeline.dates import detect_report_year
from pipeline.ingest.text import decode_text

HERE = Path(__file__).parent
CASES = yaml.safe_load((HERE / "report_years.yaml").read_text(encoding="utf-8"))
CORPUS_YEARS = yaml.safe_load((HERE / "corpus_years.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_report_year(case: dict) -> None:
    assert list(detect_report_year(case["text"], case["file"])) == case["expect"]


def test_every_corpus_text_gets_its_year(shared: Path) -> None:
    ingest = Config().load("ingest")
    corpus = shared / "corpus"
    texts = sorted(str(p.relative_to(corpus)) for p in [*corpus.glob("*.txt"), *corpus.glob("excerpts/*.txt")])
    assert texts == sorted(CORPUS_YEARS)
    found = {}
    for name in texts:
        decoded = decode_text(
            (corpus / name).read_bytes(),
            fallback_encodings=ingest["fallback_encodings"], max_control_share=ingest["max_control_share"],
        )
        found[name] = detect_report_year(decoded.text, Path(name).name)[0]
    assert found == CORPUS_YEARS
