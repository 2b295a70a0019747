"""Readable failures for pinned tables: pytest-regressions' ``check_fn`` for one table's CSV.

``file_regression.check(csv_text, extension=".csv", check_fn=table_check)`` fails with
the rows that were added, removed or changed (as ``nianbao diff`` shows them) instead of
a line diff of two CSV files in which every offset after an inserted row differs.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from pipeline.diff import compare, render_diff
from pipeline.diff.outputs import TABLES, OutputFolder, by_document, read_csv
from pipeline.schema import TABLES as SCHEMA

SHOWN_LINES = 20


def table_check(obtained_filename: Path, expected_filename: Path) -> None:
    """Raise AssertionError describing the differences between two CSV files of one table."""
    obtained, expected = Path(obtained_filename), Path(expected_filename)
    if obtained.read_bytes() == expected.read_bytes():
        return
    old, new = _single_table(expected), _single_table(obtained)
    table = next(iter(old.headers))
    diff = compare(old, new, tables=(table,))
    message = [f"{obtained} differs from {expected}", render_diff(diff, "text")]
    if not diff.has_changes:
        lines = difflib.unified_diff(
            expected.read_text(encoding="utf-8").splitlines(), obtained.read_text(encoding="utf-8").splitlines(),
            "expected", "obtained", lineterm="", n=0,
        )
        message.append("no row differs in its text or values; offsets, sentences or pages do:")
        message += list(lines)[:SHOWN_LINES]
    raise AssertionError("\n".join(message))


def _single_table(path: Path) -> OutputFolder:
    """An output folder holding one table, named by the CSV's header (or else by its file name)."""
    header, rows = read_csv(path)
    table = _table_name(header, path)
    tables = {name: {} for name in (*TABLES, "invalid_rows")}
    tables["documents"] = {doc_id: [{"doc_id": doc_id}] for doc_id in sorted({r.get("doc_id", "") for r in rows})}
    if table != "sections":
        # Without sections.csv a row's section is shown by its id.
        tables["sections"] = by_document(
            [{"doc_id": d, "section_id": s, "parent_id": "", "title": f"§{s}"}
             for d, s in sorted({(r.get("doc_id", ""), r.get("section_id", "")) for r in rows}) if s]
        )
    tables[table] = by_document(rows)
    return OutputFolder(path, tables, {table: header})


def _table_name(header: list[str], path: Path) -> str:
    for name, table in SCHEMA.items():
        if table.header == header:
            return name
    return next((name for name in TABLES if name in path.stem), "numbers")
