"""Timing a stage on a text repeated to two sizes (issue 15: every extractor linear).

A linear stage takes about 10 times as long at 100,000 characters as at 10,000, a
quadratic one about 100 times; ``assert_linear`` allows ``RATIO_LIMIT``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

SMALL, LARGE = 10_000, 100_000
RATIO_LIMIT = 15


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _best_time(run: Callable[[], object], repeats: int) -> float:
    """The least CPU time of ``repeats`` runs: the measure least disturbed by other work on
    the machine."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def assert_linear(stage: Callable[[str], object], unit: str, attempts: int = 3) -> None:
    """``stage`` on ``unit`` repeated to LARGE takes at most RATIO_LIMIT times its time at
    SMALL, in one of ``attempts`` measurements (other work on the machine only ever makes
    the ratio look worse, never better)."""
    small_text, large_text = repeated(unit, SMALL), repeated(unit, LARGE)
    ratios = []
    for _ in range(attempts):
        small = _best_time(lambda: stage(small_text), repeats=7)
        large = _best_time(lambda: stage(large_text), repeats=3)
        ratios.append(f"{large:.3f} s at {LARGE} against {small:.4f} s at {SMALL}")
        if large <= RATIO_LIMIT * small:
            return
    raise AssertionError("superlinear: " + "; ".join(ratios))
