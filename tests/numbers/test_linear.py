"""Every pattern of the numbers stage is linear in its input (issue 15): each text of
pathological.yaml, repeated to 10,000 and 100,000 characters (tests/linearity.py)."""

from pathlib import Path

import pytest
import yaml

from pipeline.config import Config
from pipeline.numbers import NumberExtractor
from tests.linearity import assert_linear

HERE = Path(__file__).parent
UNITS = yaml.safe_load((HERE / "pathological.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor() -> NumberExtractor:
    return NumberExtractor.from_config(Config())


@pytest.mark.parametrize("unit", UNITS, ids=repr)
def test_time_grows_linearly(extractor: NumberExtractor, unit: str) -> None:
    assert_linear(extractor, unit)
