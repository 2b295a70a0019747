"""The panel as CSV, Markdown, an xlsx workbook (tidy and wide sheets) or an HTML page."""

from __future__ import annotations

import csv
import html
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from pipeline.panel import TIDY_COLUMNS, period_label, wide

FORMATS = ("csv", "markdown", "xlsx", "html")


def render_text(rows: list[dict[str, str]], fmt: str, view: str) -> str:
    header, lines = _view(rows, view)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(lines)
        return buffer.getvalue()
    return _markdown(header, lines)


def _view(rows: list[dict[str, str]], view: str) -> tuple[list[str], list[list[str]]]:
    if view == "wide":
        return wide(rows)
    return list(TIDY_COLUMNS), [[r[c] for c in TIDY_COLUMNS] for r in rows]


def _markdown(header: list[str], lines: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(c) for c in line) + " |" for line in lines]
    return "\n".join(out) + "\n"


def write_xlsx(rows: list[dict[str, str]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for view in ("tidy", "wide"):
        sheet = book.create_sheet(view)
        header, lines = _view(rows, view)
        sheet.append(header)
        numeric = {i for i, name in enumerate(header) if name in ("value", "start", "stated") or name[:1].isdigit()}
        for line in lines:
            sheet.append([Decimal(c) if i in numeric and c else c for i, c in enumerate(line)])
    book.save(path)


def render_html(rows: list[dict[str, str]]) -> str:
    """A self-contained page: per indicator a chart and its wide table, then the tidy table."""
    from pipeline.panel.chart import line_chart

    groups: dict[tuple, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        groups[(r["canonical"], r["subject"], r["measure"], r["unit"], r["status"])].append(r)
    parts = []
    for (canonical, subject, measure, unit, status), members in groups.items():
        series: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
        for r in members:
            series[r["doc_id"]].append((period_label(r["period_start"], r["period_end"]), Decimal(r["value"])))
        legend = "".join(f"<li>({i + 1}) {html.escape(doc)}</li>" for i, doc in enumerate(sorted(series)))
        title = " · ".join(html.escape(p) for p in (canonical, subject, measure, unit, status) if p)
        header, lines = wide(members)
        parts.append(f'<section class="indicator"><h2>{title}</h2><figure>{line_chart(series, unit)}'
                     f"<figcaption><ol>{legend}</ol></figcaption></figure>{_table(header, lines)}</section>")
    tidy_header, tidy_lines = _view(rows, "tidy")
    return ("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>nianbao panel</title>"
            "<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;font-size:12px}"
            "td,th{border:1px solid #ccc;padding:2px 6px}figure{margin:0}figcaption ol{list-style:none;"
            "padding:0;font-size:12px}</style></head><body><h1>Panel</h1>"
            + "".join(parts) + "<h2>All facts</h2>" + _table(tidy_header, tidy_lines) + "</body></html>\n")


def _table(header: list[str], lines: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line) + "</tr>" for line in lines)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
