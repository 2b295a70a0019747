"""Panels: the facts of a run's documents by canonical indicator × document × period.

``tidy(out)`` gives one row per indicator, subject, measure, status, document and
period (the first fact stated for it, with how many facts stated it); ``wide(rows)``
spreads them into one column per period. ``render_panel`` writes either as CSV or
Markdown, both as an xlsx workbook, or both with a chart per indicator as HTML.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

MEASURES = ("level", "change", "share")
TIDY_COLUMNS = ("canonical", "subject", "measure", "unit", "status", "doc_id", "period_start", "period_end",
                "value", "qualifier", "text", "start", "stated")


class PanelError(ValueError):
    """The output folder has no facts to make a panel of."""


@dataclass(frozen=True)
class Selection:
    indicators: tuple[str, ...] = ()
    measure: str | None = None


def tidy(out: Path, selection: Selection = Selection()) -> list[dict[str, str]]:
    """The panel's rows, sorted by indicator, subject, measure, document and period."""
    path = Path(out) / "facts.csv"
    if not path.exists():
        raise PanelError(f"{out}: no facts.csv (run `nianbao run` with the facts stage)")
    first: dict[tuple, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for fact in csv.DictReader(f):
            if not _selected(fact, selection):
                continue
            key = tuple(fact[c] for c in ("canonical", "subject", "measure", "unit", "status", "doc_id",
                                          "period_start", "period_end"))
            if key in first:
                first[key]["stated"] = str(int(first[key]["stated"]) + 1)
            else:
                first[key] = {**{c: fact.get(c, "") for c in TIDY_COLUMNS}, "stated": "1"}
    return [first[key] for key in sorted(first)]


def _selected(fact: dict[str, str], selection: Selection) -> bool:
    if not fact.get("canonical") or not fact.get("period_start") or fact.get("value_max"):
        return False
    if selection.indicators and fact["canonical"] not in selection.indicators:
        return False
    return selection.measure is None or fact["measure"] == selection.measure


def period_label(start: str, end: str) -> str:
    """``2024`` for a calendar year, ``2024-12-31`` for a day, else ``start–end``."""
    if start[4:] == "-01-01" and end[4:] == "-12-31" and start[:4] == end[:4]:
        return start[:4]
    return start if start == end else f"{start}–{end}"


def wide(rows: list[dict[str, str]]) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the wide view: one row per indicator, subject, measure, unit
    and status, one column per period (in date order), so that a series of reports reads
    as one line. Where several documents state a period, the newest one's figure stands
    (a later report restates the earlier year); the row's last cell names the documents
    its figures come from."""
    periods = sorted({(r["period_start"], r["period_end"]) for r in rows}, key=lambda p: (p[1], p[0]))
    labels = [period_label(*p) for p in periods]
    newest: dict[str, str] = {}
    for r in rows:
        newest[r["doc_id"]] = max(newest.get(r["doc_id"], ""), r["period_end"])
    lines: dict[tuple, dict[tuple, dict[str, str]]] = {}
    for r in rows:
        key = tuple(r[c] for c in ("canonical", "subject", "measure", "unit", "status"))
        cells = lines.setdefault(key, {})
        period = (r["period_start"], r["period_end"])
        held = cells.get(period)
        if held is None or (newest[r["doc_id"]], r["doc_id"]) > (newest[held["doc_id"]], held["doc_id"]):
            cells[period] = r
    header = ["canonical", "subject", "measure", "unit", "status", *labels, "doc_ids"]
    return header, [[*key, *(cells[p]["value"] if p in cells else "" for p in periods),
                     ";".join(sorted({cell["doc_id"] for cell in cells.values()}))]
                    for key, cells in lines.items()]
