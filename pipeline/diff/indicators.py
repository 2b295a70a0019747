"""``diff --by-indicator``: two years' reports paired fact by fact.

A fact of the newer report pairs with the older report's fact of the same canonical
indicator, subject, measure and unit for the period one year earlier (this year's
``level`` against last year's). Each pair gives the change between the two, and
whether the newer report's own stated change for the period agrees with it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

from pipeline.config import Config
from pipeline.checks.figures import Figure, figures, year_before
from pipeline.checks.growth import percent_change
from pipeline.diff.model import DocumentPair
from pipeline.diff.outputs import OutputFolder, OutputFolderError, by_document, read_csv

COLUMNS = ("old_doc", "new_doc", "canonical", "subject", "measure", "unit", "old_period", "new_period",
           "old_text", "new_text", "old_value", "new_value", "change", "change_unit", "stated", "stated_agrees")


@dataclass(frozen=True)
class IndicatorPair:
    old_doc: str
    new_doc: str
    canonical: str
    subject: str
    measure: str
    unit: str
    old_period: str
    new_period: str
    old_text: str
    new_text: str
    old_value: Decimal
    new_value: Decimal
    change: Decimal  # per cent of the old value, or the difference in points for a rate
    change_unit: str  # "%" or "个百分点"
    stated: str  # the newer report's stated change for the period, as written
    stated_agrees: bool | None

    @property
    def differs(self) -> bool:
        return self.old_value != self.new_value


def read_facts(folder: Path) -> dict[str, list[Figure]]:
    """The facts of an output folder by ``doc_id``; an error when it has none."""
    header, rows = read_csv(Path(folder) / "facts.csv")
    if not header:
        raise OutputFolderError(f"{folder}: no facts.csv (run `nianbao run` with the facts stage)")
    return {doc_id: figures(facts) for doc_id, facts in by_document(rows).items()}


def indicator_pairs(old_run: OutputFolder, new_run: OutputFolder, pairs: list[DocumentPair],
                    config: Config | None = None) -> list[IndicatorPair]:
    """The paired facts of every document pair, in the newer report's order."""
    tables = (config or Config()).load("checks")
    old, new = read_facts(old_run.path), read_facts(new_run.path)
    found = []
    for pair in pairs:
        if pair.old and pair.new:
            found += _document_pairs(pair, old.get(pair.old, []), new.get(pair.new, []), tables)
    return found


def _document_pairs(pair: DocumentPair, old: list[Figure], new: list[Figure], tables: dict) -> list[IndicatorPair]:
    half = Decimal(tables["half_units"]) / 2
    rates = set(tables["percent_units"]) | set(tables["point_units"])
    earlier = _first_by_key(old)
    changes = {(f.get("canonical"), f.get("subject"), f.get("status"), f.period): f
               for f in reversed(new) if f.get("measure") == "change" and f.get("unit") in tables["percent_units"]}
    found = []
    for key, now in _first_by_key(new).items():
        canonical, subject, measure, unit, status, period = key
        before = earlier.get((canonical, subject, measure, unit, status, year_before(period)))
        if before is None or before.value == 0:
            continue
        stated, agrees = "", None
        if unit in rates:
            change, change_unit = now.value - before.value, "个百分点"
        else:
            change, rounding = percent_change(before, now, half)
            change_unit = "%"
            said = changes.get((canonical, subject, status, period)) if measure == "level" else None
            if said is not None:
                stated = said.get("text")
                agrees = abs(said.value - change) <= said.precision * half + rounding
        found.append(IndicatorPair(
            pair.old, pair.new, canonical, subject, measure, unit, _period_label(before.period),
            _period_label(now.period), before.get("text"), now.get("text"), before.value, now.value,
            change.quantize(Decimal("0.1")), change_unit, stated, agrees))
    return found


def _first_by_key(facts: list[Figure]) -> dict[tuple, Figure]:
    """One fact per indicator, subject, measure, unit, status and period: a table's before the prose's."""
    chosen: dict[tuple, Figure] = {}
    for f in sorted(facts, key=lambda f: (not f.in_table, f.start)):
        if f.get("canonical") and all(f.period) and f.get("measure") in ("level", "share"):
            key = (f.get("canonical"), f.get("subject"), f.get("measure"), f.get("unit"), f.get("status"), f.period)
            chosen.setdefault(key, f)
    return chosen


def _period_label(period: tuple[str, str]) -> str:
    start, end = period
    if start[:4] == end[:4] and start[5:] == "01-01" and end[5:] == "12-31":
        return start[:4]
    return start if start == end else f"{start}–{end}"


def render_pairs(found: list[IndicatorPair], fmt: str) -> str:
    """The pairs as text lines, CSV, JSON or a Markdown table."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows([_cells(p) for p in found])
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(COLUMNS, _cells(p))) for p in found], ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        lines = ["| indicator | measure | before | after | change | stated |", "| --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {_name(p)} | {p.measure} | {p.old_period} {p.old_text} | {p.new_period} {p.new_text} | "
                  f"{_signed(p)} | {_stated(p)} |" for p in found]
        return "\n".join(lines) + "\n"
    if not found:
        return "no indicator of the newer report has a figure for the year before in the older one\n"
    lines = []
    for p in found:
        stated = f"; stated {_stated(p)}" if p.stated else ""
        lines.append(f"{_name(p)} ({p.measure}): {p.old_period} {p.old_text} → {p.new_period} {p.new_text} "
                     f"({_signed(p)}){stated}")
    return "\n".join(lines) + "\n"


def _cells(p: IndicatorPair) -> list[str]:
    values = asdict(p)
    agrees = {None: "", True: "true", False: "false"}[p.stated_agrees]
    return [agrees if c == "stated_agrees" else str(values[c]) for c in COLUMNS]


def _name(p: IndicatorPair) -> str:
    return f"{p.subject} {p.canonical}" if p.subject else p.canonical


def _signed(p: IndicatorPair) -> str:
    sign = "+" if p.change > 0 else ""
    return f"{sign}{p.change} {p.change_unit}"


def _stated(p: IndicatorPair) -> str:
    if not p.stated:
        return ""
    return f"{p.stated}, {'agrees' if p.stated_agrees else 'disagrees'}"
