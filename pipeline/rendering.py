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
    keys = [json.dumps(c.name) + ": " for c in table.columns]
    objects = [
        "{" + ", ".join(key + json_cell(column, cell) for key, column, cell in zip(keys, table.columns, cells)) + "}"
        for cells in rows
    ]
    return RenderedRows(len(rows), csv_lines(rows), ",\n".join(objects))


def csv_lines(rows: list[list[str]]) -> str:
    """The CSV text of ``rows``, one ``\\n``-ended line each, every cell holding ``\\r`` or
    ``\\n`` quoted.

    Python's writer quotes only the characters of its line terminator, so a lone ``\\r``
    (a document with CR line ends) would be written bare and break the row for readers.
    """
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    for cells in rows:
        if any("\r" in cell for cell in cells):
            buffer.write(_line_quoting_cr(cells))
        else:
            plain.writerow(cells)
    return buffer.getvalue()


def _line_quoting_cr(cells: list[str]) -> str:
    line = io.StringIO()
    csv.writer(line, lineterminator="\r\n").writerow(cells)
    return line.getvalue()[:-2] + "\n"


def parse_rendered(rendered: RenderedRows) -> list[list[str]]:
    """The rows back from their CSV text."""
    return list(csv.reader(io.StringIO(rendered.csv, newline="")))
