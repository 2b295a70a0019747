"""Every pattern of the dates stage is linear in its input (issue 15): each text of
pathological.yaml takes at most RATIO_LIMIT times as long at 100,000 characters as at
10,000 (a linear stage takes about 10 times as long, a quadratic one 100 times)."""

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from pipeline.config import Config
from pipeline.dates import DateExtractor, detect_report_year

HERE = Path(__file__).parent
UNITS = yaml.safe_load((HERE / "pathological.yaml").read_text(encoding="utf-8"))
SMALL, LARGE = 10_000, 100_000
RATIO_LIMIT = 15


@pytest.fixture(scope="module")
def extractor() -> DateExtractor:
    return DateExtractor.from_config(Config())


def _repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _best_time(run: Callable[[], object], repeats: int) -> float:
    """The shortest of ``repeats`` runs, the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.parametrize("unit", UNITS, ids=repr)
def test_time_grows_linearly(extractor: DateExtractor, unit: str) -> None:
    def stage(text: str) -> Callable[[], object]:
        return lambda: (extractor(text, report_year=2020), detect_report_year(text, "x.txt"))

    small = _best_time(stage(_repeated(unit, SMALL)), repeats=5)
    large = _best_time(stage(_repeated(unit, LARGE)), repeats=2)
    assert large / small <= RATIO_LIMIT, f"{large:.3f} s at {LARGE} against {small:.4f} s at {SMALL}"
