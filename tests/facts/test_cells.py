"""Column positions of table rows read from their spacing (spacing.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.facts.cells import RowSpacing, Spacing
from pipeline.textview import TextView

CASES = yaml.safe_load((Path(__file__).resolve().parent / "spacing.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_columns(case: dict) -> None:
    row = RowSpacing(case["lead"], tuple(case["gaps"]), case["tail"], case.get("at_line_start", False))
    assert row.columns(case.get("spaced", True), case.get("width")) == case["columns"]


def test_spacing_reads_back_what_the_view_dropped() -> None:
    source = "担保借款  5,000.00 \n"
    view = TextView.keeping(source, [(0, 4), (6, len(source))])
    assert view.text == "担保借款5,000.00 \n"
    spacing = Spacing(source, view)
    assert spacing.between(4, 4) == "  "
    assert spacing.between(12, 13) == " "
    assert Spacing.identity(view.text).between(4, 4) == ""
