"""Rows rendered as the text of their CSV and JSON files.

Documents are rendered where they are processed (in the worker processes), so the one
process that writes the files only appends text: with two workers on two cores, that
process must not compete with them for CPU.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from pipeline.schema import Table, json_cell


@dataclass(frozen=True)
class RenderedRows:
    """``count`` rows of a table as CSV lines and as JSON objects joined by ``,\\n``."""

    count: int
    csv: str
    json: str


def render_rows(table: Table, rows: list[list[str]]) -> RenderedRows:
    """The CSV and JSON text of formatted rows (``schema.format_row``) of ``table``."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    keys = [json.dumps(c.name) + ": " for c in table.columns]
    objects = [
        "{" + ", ".join(key + json_cell(column, cell) for key, column, cell in zip(keys, table.columns, cells)) + "}"
        for cells in rows
    ]
    return RenderedRows(len(rows), buffer.getvalue(), ",\n".join(objects))


def parse_rendered(rendered: RenderedRows) -> list[list[str]]:
    """The rows back from their CSV text."""
    return list(csv.reader(io.StringIO(rendered.csv, newline="")))
