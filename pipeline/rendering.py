"""Rows rendered as the text of their CSV and JSON files.

Documents are rendered where they are processed (in the worker processes), so the one
process that writes the files only appends text: with two workers on two cores, that
process must not compete with them for CPU.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from json.encoder import encode_basestring

from pipeline.schema import Table, json_plain


@dataclass(frozen=True)
class RenderedRows:
    """``count`` rows of a table as CSV lines and as JSON objects joined by ``,\\n``."""

    count: int
    csv: str
    json: str


def render_rows(table: Table, rows: list[list[str]]) -> RenderedRows:
    """The CSV and JSON text of formatted rows (``schema.format_row``) of ``table``."""
    return RenderedRows(len(rows), csv_lines(rows), ",\n".join(map(_json_object_formatter(table), rows)))


def _json_object_formatter(table: Table) -> Callable[[list[str]], str]:
    """The function giving a formatted row of ``table`` as a JSON object on one line."""
    plain = [json_plain(column) for column in table.columns]
    template = "{" + ", ".join(json.dumps(c.name).replace("%", "%%") + ": %s" for c in table.columns) + "}"

    def json_object(cells: list[str]) -> str:
        # encode_basestring(cell) is json.dumps(cell, ensure_ascii=False)
        return template % tuple([(cell if is_plain else encode_basestring(cell)) if cell else "null"
                                 for is_plain, cell in zip(plain, cells)])

    return json_object


def csv_lines(rows: list[list[str]]) -> str:
    """The CSV text of ``rows``, one ``\\n``-ended line each, every cell holding ``\\r`` or
    ``\\n`` quoted.

    Python's writer quotes only the characters of its line terminator, so a lone ``\\r``
    (a document with CR line ends) would be written bare and break the row for readers.
    """
    text = _plain_lines(rows)
    return _lines_quoting_cr(rows) if "\r" in text else text  # the line terminator has no \r


def _plain_lines(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _lines_quoting_cr(rows: list[list[str]]) -> str:
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
