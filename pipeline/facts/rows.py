"""Facts as rows of ``facts.csv``: spans mapped from the view to the source."""

from __future__ import annotations

from typing import Any

from pipeline.facts.extractor import Fact
from pipeline.facts.period import Heading

_SPAN_COLUMNS = (("indicator", "indicator_start", "indicator_end"), ("subject", "subject_start", "subject_end"))


def headings_in_view(sections: list[Any], view: Any) -> list[Heading]:
    """The sections' headings in offsets of the view the extractors read."""
    return [Heading(s.section_id, s.parent_id or "", view.from_source(s.start), view.from_source(s.end), s.title)
            for s in sections]


def fact_row(fact: Fact, view: Any, source: str) -> dict[str, Any]:
    """The row of one fact, without ``doc_id``, ``section_id`` and ``sentence``."""
    number = fact.number
    start, end = view.to_source(number.start, number.end)
    row: dict[str, Any] = {
        "start": start, "end": end, "canonical": fact.canonical, "measure": fact.measure,
        "direction": fact.direction, "value": fact.value, "value_max": fact.value_max,
        "unit": number.fields.get("unit"), "qualifier": number.fields.get("qualifier"), "status": fact.status,
        "period_start": fact.period[0], "period_end": fact.period[1], "row_label": fact.row_label,
        "column": fact.column,
    }
    for (text_column, start_column, end_column), (a, b) in zip(_SPAN_COLUMNS, (fact.indicator, fact.subject)):
        if b > a:
            s, e = view.to_source(a, b)
            row[text_column], row[start_column], row[end_column] = source[s:e], s, e
    if fact.table_start is not None:
        row["table_start"] = view.source_index(fact.table_start)
    return row
