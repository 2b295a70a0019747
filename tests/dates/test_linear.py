"""Every pattern of the dates stage is linear in its input (issue 15): each text of
pathological.yaml, repeated to 10,000 and 100,000 characters (tests/linearity.py)."""

from pathlib import Path

import pytest
import yaml

from pipeline.config import Config
from pipeline.dates import DateExtractor, detect_report_year
from tests.linearity import assert_linear

HERE = Path(__file__).parent
UNITS = yaml.safe_load((HERE / "pathological.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor() -> DateExtractor:
    return DateExtractor.from_config(Config())


@pytest.mark.parametrize("unit", UNITS, ids=repr)
def test_time_grows_linearly(extractor: DateExtractor, unit: str) -> None:
    assert_linear(lambda text: (extractor(text, report_year=2020), detect_report_year(text, "x.txt")), unit)
