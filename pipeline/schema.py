"""The one definition of every table a run writes.

Row checks, CSV/JSON formatting and ``datapackage.json`` (Frictionless Table Schema)
are all derived from ``TABLES``; nothing about a column is written down twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

LABELS = ("PERSON", "ORG", "GPE", "LOC", "EVENT", "LAW")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless type: string, integer, number, boolean, date
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    minimum: int | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    references: str | None = None  # a table whose primary key this one's rows share

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: str, description: str, **kw: Any) -> Column:
    return Column(name, type_, description, **kw)


DOC_ID = _c("doc_id", "string", "Path of the input relative to its input folder, without extension.", required=True)
SECTION_ID = _c("section_id", "string", "Innermost section containing the row (empty before the first heading).")
START = _c("start", "integer", "Start offset (Python str index) into the document's text.", required=True, minimum=0)
END = _c("end", "integer", "End offset (exclusive); text == document_text[start:end].", required=True, minimum=0)
TEXT = _c("text", "string", "The span exactly as in the source.", required=True)
PAGE = _c("page", "integer", "Page of a PDF input the row starts on (1-based); empty for text input.", minimum=1)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "documents",
            "One row per input file, with its status.",
            (
                DOC_ID,
                _c("status", "string", "ok or failed.", required=True, enum=("ok", "failed")),
                _c("reason", "string", "Why a document failed, in words."),
                _c("source_path", "string", "The input file as given.", required=True),
                _c("text_path", "string", "The text that offsets index: the source, or text/<doc_id>.txt in the output for a PDF."),
                _c("encoding", "string", "Encoding the source was decoded with."),
                _c("report_year", "integer", "The year that 今年/本年/报告期 means in the document."),
                _c("report_year_source", "string", "The evidence that decided the report year (title, delivery date, "
                   "figures, file name, publication date, date line, text years, option)."),
                _c("chars", "integer", "Characters of the text offsets index.", minimum=0),
                _c("bytes", "integer", "Size of the input file in bytes.", minimum=0),
                _c("sha256", "string", "SHA-256 of the input file's bytes."),
                _c("pages", "integer", "Pages of a PDF input.", minimum=0),
                _c("warnings", "string", "What an ok document may miss: the PDF pages whose text lost characters, and how many."),
            ),
            ("doc_id",),
        ),
        Table(
            "sections",
            "Headings and the tree they form.",
            (
                DOC_ID,
                _c("section_id", "string", "Stable id of the section within its document.", required=True),
                _c("parent_id", "string", "section_id of the parent; empty at the top level."),
                _c("level", "integer", "Depth in the tree, 1 at the top.", required=True, minimum=1),
                _c("number", "string", "The heading's own numbering token (8.1, 一, （一）); may be empty."),
                _c("title", "string", "The heading without its number."),
                TEXT,
                START,
                END,
                PAGE,
            ),
            ("doc_id", "section_id"),
        ),
        Table(
            "numbers",
            "Every quantity written in the text, with its value after scale words.",
            (
                DOC_ID,
                SECTION_ID,
                TEXT,
                START,
                END,
                _c("value", "number", "The value (exact decimal); the low end of a range.", required=True),
                _c("value_max", "number", "The high end of a range."),
                _c("unit", "string", "Currency, %, classifier or measure unit as written, folded per the spec."),
                _c("qualifier", "string", "exact, over, nearly, about or under.", required=True,
                   enum=("exact", "over", "nearly", "about", "under")),
                _c("kind", "string", "money, percent, count, measure, ordinal or other.", required=True,
                   enum=("money", "percent", "count", "measure", "ordinal", "other")),
                _c("noun", "string", "The counted noun after a classifier, where it is plain."),
                _c("sentence", "string", "The sentence the number stands in, without line breaks."),
                PAGE,
            ),
            ("doc_id", "start", "end"),
        ),
        Table(
            "dates",
            "Calendar expressions resolved to inclusive ISO ranges.",
            (
                DOC_ID,
                SECTION_ID,
                TEXT,
                START,
                END,
                _c("kind", "string", "point, range or duration.", required=True, enum=("point", "range", "duration")),
                _c("granularity", "string", "year, half, quarter, month or day.", required=True,
                   enum=("year", "half", "quarter", "month", "day")),
                _c("start_date", "date", "First day covered (empty for a duration)."),
                _c("end_date", "date", "Last day covered (empty for a duration)."),
                _c("year_inferred", "boolean", "The year was filled in from the report year or context.", required=True),
                PAGE,
            ),
            ("doc_id", "start", "end"),
        ),
        Table(
            "entities",
            "Named entities: people, organisations, places, events, laws and policies.",
            (
                DOC_ID,
                SECTION_ID,
                TEXT,
                START,
                END,
                _c("label", "string", "PERSON, ORG, GPE, LOC, EVENT or LAW.", required=True, enum=LABELS),
                _c("normalized", "string", "The text without line breaks.", required=True),
                PAGE,
            ),
            ("doc_id", "start", "end"),
        ),
        Table(
            "boxes",
            "Where each line of a PDF input's text stands on its page, for viewers.",
            (
                DOC_ID,
                START,
                END,
                _c("page", "integer", "Page number (1-based).", required=True, minimum=1),
                _c("x0", "number", "Left edge, PDF points from the page's left.", required=True),
                _c("y0", "number", "Bottom edge, PDF points from the page's bottom.", required=True),
                _c("x1", "number", "Right edge.", required=True),
                _c("y1", "number", "Top edge.", required=True),
            ),
            ("doc_id", "start", "end"),
        ),
        Table(
            "facts",
            "What each non-ordinal number measures, of whom, for which period and how (spec §8).",
            (
                DOC_ID,
                SECTION_ID,
                TEXT,
                START,
                END,
                _c("indicator", "string", "The phrase naming what is measured, as written; empty when nothing names it."),
                _c("indicator_start", "integer", "Start offset of the indicator.", minimum=0),
                _c("indicator_end", "integer", "End offset of the indicator (exclusive).", minimum=0),
                _c("canonical", "string", "The indicator's standard name from config/facts.yaml, else the indicator."),
                _c("subject", "string", "The place or organisation whose indicator it is; empty for the issuer."),
                _c("subject_start", "integer", "Start offset of the subject.", minimum=0),
                _c("subject_end", "integer", "End offset of the subject (exclusive).", minimum=0),
                _c("measure", "string", "level, change or share.", required=True, enum=("level", "change", "share")),
                _c("direction", "string", "up or down for a change; else empty.", enum=("up", "down")),
                _c("value", "number", "The value; negative for a downward change.", required=True),
                _c("value_max", "number", "The high end of a range."),
                _c("unit", "string", "As in numbers."),
                _c("qualifier", "string", "As in numbers.", required=True,
                   enum=("exact", "over", "nearly", "about", "under")),
                _c("status", "string", "actual or target.", required=True, enum=("actual", "target")),
                _c("period_start", "date", "First day of the period the value refers to."),
                _c("period_end", "date", "Last day of the period the value refers to."),
                _c("sentence", "string", "The sentence the number stands in, without line breaks."),
                PAGE,
                _c("table_start", "integer", "Offset where the cell's flattened table starts; empty in prose.",
                   minimum=0),
                _c("row_label", "string", "The cell's row label; empty in prose."),
                _c("column", "integer", "The cell's column among the row's numbers (0-based); empty in prose.",
                   minimum=0),
            ),
            ("doc_id", "start", "end"),
            references="numbers",
        ),
        Table(
            "checks",
            "Consistency checks of a document's facts against each other (growth, agreement, total, share).",
            (
                DOC_ID,
                SECTION_ID,
                _c("check", "string", "growth, agreement, total or share.", required=True,
                   enum=("growth", "agreement", "total", "share")),
                _c("status", "string", "pass or fail.", required=True, enum=("pass", "fail")),
                _c("facts", "string", "The start offsets of the facts the check used, ;-separated.", required=True),
                _c("expected", "number", "What the other facts give (the recomputed change, the sum, the table figure).",
                   required=True),
                _c("found", "number", "What the report states.", required=True),
                _c("tolerance", "number", "How far found may be from expected (the figures' rounding).", required=True),
                _c("message", "string", "The check in words, with the figures it compared.", required=True),
                START,
                _c("end", "integer", "End offset of the last fact used.", required=True, minimum=0),
            ),
            ("doc_id", "check", "facts"),
        ),
        Table(
            "invalid_rows",
            "Rows that failed their table's checks and were left out of it, with the reason.",
            (
                DOC_ID,
                _c("table", "string", "The table the row was meant for.", required=True),
                START,
                END,
                _c("text", "string", "The span of the row."),
                _c("reason", "string", "Which column failed and why.", required=True),
            ),
            ("doc_id", "table", "start", "end"),
        ),
    )
}

# The tables every run writes (boxes only has rows for PDF inputs, but is always written).
TABLE_NAMES = tuple(TABLES)


class RowError(ValueError):
    """A row does not fit its table; the message says which column and why."""


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def format_cell(column: Column, value: Any) -> str:
    """The CSV form of a value, checked against its column; raises RowError."""
    if value is None or value == "":
        if column.required:
            raise RowError(f"{column.name} is required")
        return ""
    kind = column.type
    if kind == "string":
        text = str(value)
        if column.enum is not None and text not in column.enum:
            raise RowError(f"{column.name}={text!r} is not one of {', '.join(column.enum)}")
        return text
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise RowError(f"{column.name}={value!r} is not an integer")
        if column.minimum is not None and value < column.minimum:
            raise RowError(f"{column.name}={value} is below {column.minimum}")
        return str(value)
    if kind == "number":
        return format_number(column.name, value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise RowError(f"{column.name}={value!r} is not true or false")
        return "true" if value else "false"
    if kind == "date":
        text = value.isoformat() if isinstance(value, date) else str(value)
        if not _DATE.fullmatch(text):
            raise RowError(f"{column.name}={text!r} is not an ISO date")
        try:
            date.fromisoformat(text)
        except ValueError as err:
            raise RowError(f"{column.name}={text!r} is not a calendar date") from err
        return text
    raise RowError(f"{column.name}: unknown column type {kind}")


def format_number(name: str, value: Any) -> str:
    """A plain decimal with no exponent and no trailing zeros: 149100000000, 6.1, -0.5."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise RowError(f"{name}={value!r} is not a number")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise RowError(f"{name}={value!r} is not a finite number")
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_row(table: Table, row: dict[str, Any]) -> list[str]:
    """The row's cells in column order; raises RowError naming the first bad column."""
    return [format_cell(column, row.get(column.name)) for column in table.columns]


def json_plain(column: Column) -> bool:
    """Whether a CSV cell of ``column`` is its own JSON literal (a number or boolean) when
    not empty; other cells are JSON strings."""
    return column.type in ("integer", "number", "boolean")


def table_schema(table: Table) -> dict[str, Any]:
    """The Frictionless Table Schema descriptor of a table."""
    fields = []
    for column in table.columns:
        field: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
        constraints: dict[str, Any] = {}
        if column.required:
            constraints["required"] = True
        if column.enum is not None:
            constraints["enum"] = list(column.enum)
        if column.minimum is not None:
            constraints["minimum"] = column.minimum
        if constraints:
            field["constraints"] = constraints
        if column.type == "boolean":
            field["trueValues"] = ["true"]
            field["falseValues"] = ["false"]
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(table.primary_key), "missingValues": [""]}
    if table.references:
        key = list(table.primary_key)
        schema["foreignKeys"] = [{"fields": key, "reference": {"resource": table.references, "fields": key}}]
    return schema


def datapackage(version: str) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor of a run's output folder."""
    return {
        "name": "nianbao-output",
        "title": "Sections, numbers, dates and entities extracted from Chinese reports",
        "profile": "tabular-data-package",
        "version": version,
        "resources": [
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(table),
            }
            for table in TABLES.values()
        ],
    }
