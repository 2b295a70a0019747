"""The highlights of one document: its rows as ``Span``s, with labels and tooltips."""

from __future__ import annotations

from pipeline.diff.outputs import OutputFolder, Row
from pipeline.review.highlight import Span

# Nesting order among spans with the same extent: headings outermost, failed rows innermost.
LAYERS = ("sections", "entities", "indicators", "dates", "numbers", "invalid")
KIND_NAMES = {"sections": "heading", "numbers": "number", "dates": "date", "entities": "entity",
              "indicators": "indicator", "invalid": "failed validation"}
QUALIFIER_SIGNS = {"exact": "", "over": ">", "nearly": "≲", "about": "≈", "under": "<"}
TOOLTIP_COLUMNS = {
    "sections": ("section_id", "level", "number", "title"),
    "numbers": ("value", "value_max", "unit", "qualifier", "kind", "noun", "section_id"),
    "dates": ("kind", "granularity", "start_date", "end_date", "year_inferred", "section_id"),
    "entities": ("label", "normalized", "section_id"),
    "invalid": ("table", "reason"),
}
FACT_COLUMNS = ("canonical", "subject", "measure", "direction", "status")


def section_anchor(section_id: str) -> str:
    return f"sec-{section_id}"


def document_spans(folder: OutputFolder, doc_id: str, text: str) -> tuple[list[Span], list[Row]]:
    """The spans to highlight, and the rows whose text is not at their offsets (not shown)."""
    spans, misplaced = [], []
    facts = {(row["start"], row["end"]): row for row in folder.rows("facts", doc_id)}
    for table in ("sections", "numbers", "dates", "entities"):
        for row in folder.rows(table, doc_id):
            start, end = int(row["start"]), int(row["end"])
            if text[start:end] != row["text"]:
                misplaced.append({**row, "table": table})
                continue
            spans.append(_span(table, row, start, end, facts.get((row["start"], row["end"]))))
    spans += _indicator_spans(facts.values(), text)
    for index, row in enumerate(folder.rows("invalid_rows", doc_id)):
        start, end = int(row["start"] or 0), int(row["end"] or 0)
        spans.append(Span(start, end, LAYERS.index("invalid"), "hl invalid", _tooltip("invalid", row), "✗",
                          anchor=f"invalid-{index}"))
    return spans, misplaced


def _span(table: str, row: Row, start: int, end: int, fact: Row | None = None) -> Span:
    layer = LAYERS.index(table)
    tooltip = _tooltip(table, row) + (fact_tooltip(fact) if fact else "")
    if table == "sections":
        return Span(start, end, layer, "hl sec", tooltip, anchor=section_anchor(row["section_id"]))
    if table == "numbers":
        return Span(start, end, layer, f"hl num k-{row['kind']}", tooltip, number_label(row),
                    attributes=(("data-value", row["value"]),))
    if table == "dates":
        return Span(start, end, layer, f"hl date g-{row['granularity']}", tooltip, date_label(row))
    return Span(start, end, layer, f"hl ent l-{row['label']}", tooltip, row["label"])


def fact_tooltip(fact: Row) -> str:
    """What the number measures, for its tooltip: indicator, measure, period and status."""
    lines = ["", "fact"] + [f"{column}: {fact[column]}" for column in FACT_COLUMNS if fact.get(column)]
    period = date_label({"start_date": fact.get("period_start", ""), "end_date": fact.get("period_end", ""),
                         "granularity": "year"})
    if period:
        lines.append(f"period: {period}")
    return "\n".join(lines)


def _indicator_spans(facts, text: str) -> list[Span]:
    """Each indicator phrase once, underlined; its tooltip names the numbers it measures."""
    measured: dict[tuple[int, int], list[str]] = {}
    for fact in facts:
        if fact.get("indicator_start") and fact.get("indicator_end"):
            start, end = int(fact["indicator_start"]), int(fact["indicator_end"])
            if text[start:end] == fact["indicator"]:
                measured.setdefault((start, end), []).append(fact["text"])
    layer = LAYERS.index("indicators")
    return [Span(start, end, layer, "hl ind", "indicator of " + ", ".join(numbers))
            for (start, end), numbers in sorted(measured.items())]


def number_label(row: Row) -> str:
    """The value in full, with its qualifier and unit: ``约4.2万平方米`` → ``≈42,000 m²``."""
    value = _grouped(row["value"])
    if row.get("value_max"):
        value = f"{value}–{_grouped(row['value_max'])}"
    return " ".join(part for part in (QUALIFIER_SIGNS.get(row.get("qualifier", ""), "") + value, row.get("unit", ""))
                    if part)


def date_label(row: Row) -> str:
    """The resolved date, as short as its granularity allows: ``2024``, ``2024-06``, ``2024-06-01…2024-06-30``."""
    start, end = row.get("start_date", ""), row.get("end_date", "")
    if not start:
        return row.get("kind", "")
    granularity = row.get("granularity", "")
    if granularity == "year" and start[:4] == end[:4] and start[4:] == "-01-01" and end[4:] == "-12-31":
        return start[:4]
    if granularity == "month" and start[:7] == end[:7] and start.endswith("-01"):
        return start[:7]
    return start if start == end else f"{start}…{end}"


def _grouped(number: str) -> str:
    """``149100000000`` → ``149,100,000,000``; decimals kept as written."""
    sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
    whole, dot, fraction = digits.partition(".")
    if not whole.isdigit():
        return number
    return f"{sign}{int(whole):,}{dot}{fraction}"


def _tooltip(table: str, row: Row) -> str:
    lines = [KIND_NAMES[table]]
    lines += [f"{column}: {row[column]}" for column in TOOLTIP_COLUMNS[table] if row.get(column)]
    return "\n".join(lines)
