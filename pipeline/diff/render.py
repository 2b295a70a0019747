"""Writing a ``RunDiff``: a summary for the terminal, CSV, JSON and Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from pipeline.diff.model import STATUSES, Change, RunDiff
from pipeline.diff.outputs import PATH_SEPARATOR, Row

FORMATS = ("text", "csv", "json", "markdown")
SYMBOLS = {"added": "+", "removed": "-", "changed": "~"}
TOP = "(top)"
# The cells that say what a row is, beyond its text, per table.
SUMMARY_COLUMNS = {
    "documents": ("status", "reason", "report_year", "chars", "sha256"),
    "sections": ("level", "number"),
    "numbers": ("value", "value_max", "unit", "qualifier", "kind"),
    "dates": ("kind", "granularity", "start_date", "end_date"),
    "entities": ("label",),
}
CSV_COLUMNS = (
    "table", "status", "old_doc", "new_doc", "section", "old_section", "item", "fields",
    "old_text", "new_text", "old_start", "old_end", "new_start", "new_end", "old_summary", "new_summary",
)


def render_diff(diff: RunDiff, fmt: str) -> str:
    """``diff`` as ``text`` (for people), ``csv``, ``json`` or ``markdown``."""
    renderers: dict[str, Callable[[RunDiff], str]] = {
        "text": _text, "csv": _csv, "json": _json, "markdown": _markdown,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown diff format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return renderers[fmt](diff)


def summary(row: Row | None, table: str) -> str:
    """The row's defining cells as ``value=94; unit=家``, skipping empty ones."""
    if row is None:
        return ""
    return "; ".join(f"{c}={row[c]}" for c in SUMMARY_COLUMNS.get(table, ()) if row.get(c))


def describe(change: Change, *, by_context: bool = False) -> str:
    """One line saying what changed, without the section.

    ``by_context`` (comparing two years) shows a number as its context and both figures:
    ``研发载体: 94家 → 120家``.
    """
    old, new = change.old, change.new
    row = new if new is not None else old
    if change.table == "sections":
        return f"§ {_path(change.section)}"
    if change.table == "documents":
        details = "; ".join(_field_change(change, f) for f in change.fields)
        return f"{row['doc_id']} ({details or summary(row, 'documents')})"
    if change.table == "numbers" and by_context:
        figures = " → ".join(_span_text(r) for r in (old, new) if r is not None)
        return f"{change.item}: {figures}" if change.item else figures
    if change.table == "entities":
        name = f"{row.get('label', '')} {change.item}"
        if change.status != "changed":
            return name
    else:
        name = change.item
    if change.status != "changed":
        return f"{name} ({summary(row, change.table)})"
    return f"{name}: " + "; ".join(_field_change(change, f) for f in change.fields)


def _field_change(change: Change, field: str) -> str:
    if field == "section":
        return f"section {_path(change.old_section)} → {_path(change.section)}"
    if field == "text":
        return f"text {_span_text(change.old)} → {_span_text(change.new)}"
    return f"{field} {_cell(change.old, field) or '∅'} → {_cell(change.new, field) or '∅'}"


def _span_text(row: Row | None) -> str:
    return "" if row is None else " ".join(row.get("text", "").split())


def _cell(row: Row | None, column: str) -> str:
    return "" if row is None else row.get(column, "")


def _path(path: tuple[str, ...]) -> str:
    return PATH_SEPARATOR.join(path) or TOP


def _title(change: Change) -> str:
    return change.section[-1] if change.section else TOP


def _header(diff: RunDiff) -> str:
    mode = "reports of different years, section by section" if diff.by_section else "same documents, row by row"
    return f"nianbao diff {diff.old} → {diff.new} ({mode})"


def _pair_name(old_doc: str, new_doc: str) -> str:
    if old_doc == new_doc:
        return old_doc
    return f"{old_doc or '∅'} → {new_doc or '∅'}"


def _text(diff: RunDiff) -> str:
    lines = [_header(diff)]
    counts = diff.counts()
    for table, count in counts.items():
        lines.append(f"  {table:<10}" + ", ".join(f"{count[s]} {s}" for s in STATUSES))
    if not diff.has_changes:
        lines.append("no differences")
        return "\n".join(lines) + "\n"
    current = None
    for change in diff.changes:
        pair = (change.old_doc, change.new_doc)
        if pair != current:
            current = pair
            lines += ["", _pair_name(*pair)]
        where = "" if change.table in ("documents", "sections") else f"{_title(change)} … "
        table = "" if diff.by_section else f"{change.table:<9} "
        lines.append(f"  {SYMBOLS[change.status]} {table}{where}{describe(change, by_context=diff.by_section)}")
    return "\n".join(lines) + "\n"


def _csv(diff: RunDiff) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in diff.changes:
        writer.writerow([
            c.table, c.status, c.old_doc, c.new_doc, PATH_SEPARATOR.join(c.section),
            PATH_SEPARATOR.join(c.old_section), c.item, ";".join(c.fields),
            _cell(c.old, "text"), _cell(c.new, "text"), _cell(c.old, "start"), _cell(c.old, "end"),
            _cell(c.new, "start"), _cell(c.new, "end"), summary(c.old, c.table), summary(c.new, c.table),
        ])
    return out.getvalue()


def _json(diff: RunDiff) -> str:
    document = {
        "old": str(diff.old),
        "new": str(diff.new),
        "mode": "by_section" if diff.by_section else "rows",
        "pairs": [{"old": p.old, "new": p.new} for p in diff.pairs],
        "counts": {table: dict(count) for table, count in diff.counts().items()},
        "changes": [
            {
                "table": c.table, "status": c.status, "old_doc": c.old_doc, "new_doc": c.new_doc,
                "section": list(c.section), "old_section": list(c.old_section), "item": c.item,
                "fields": list(c.fields), "old": c.old, "new": c.new,
            }
            for c in diff.changes
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _markdown(diff: RunDiff) -> str:
    lines = [f"### {_md(_header(diff))}", "", "| table | added | removed | changed |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {t} | {c['added']} | {c['removed']} | {c['changed']} |" for t, c in diff.counts().items()]
    if not diff.has_changes:
        return "\n".join([*lines, "", "No differences."]) + "\n"
    current = None
    for change in diff.changes:
        pair = (change.old_doc, change.new_doc)
        if pair != current:
            current = pair
            lines += ["", f"#### {_md(_pair_name(*pair))}", "", "| | table | section | change |",
                      "| --- | --- | --- | --- |"]
        lines.append(f"| {SYMBOLS[change.status]} | {change.table} | {_md(_path(change.section))} | "
                     f"{_md(describe(change, by_context=diff.by_section))} |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text safe in a Markdown table cell."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
