"""Reading a run's output folder as plain rows of strings, for comparing and reviewing.

Cells are kept exactly as the CSV has them: comparing two runs must not depend on how
pandas or a float would round a value.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

Row = dict[str, str]

EXTRACTED_TABLES = ("numbers", "dates", "entities")
TABLES = ("documents", "sections", *EXTRACTED_TABLES)
FACT_TABLES = ("facts", "checks")  # read for the review page and --by-indicator; empty when absent
PATH_SEPARATOR = " › "


class OutputFolderError(ValueError):
    """The folder is not a run's output folder, or a file in it cannot be read."""


@dataclass(frozen=True)
class OutputFolder:
    """The tables of one output folder; rows of each table are grouped by ``doc_id``."""

    path: Path
    tables: dict[str, dict[str, list[Row]]]
    headers: dict[str, list[str]]

    @classmethod
    def read(cls, path: Path) -> OutputFolder:
        path = Path(path)
        if not (path / "documents.csv").is_file():
            raise OutputFolderError(f"{path}: not an output folder of nianbao run (no documents.csv)")
        tables, headers = {}, {}
        for name in (*TABLES, "invalid_rows", *FACT_TABLES):
            headers[name], rows = read_csv(path / f"{name}.csv")
            tables[name] = by_document(rows)
        return cls(path, tables, headers)

    @cached_property
    def documents(self) -> dict[str, Row]:
        return {doc_id: rows[0] for doc_id, rows in self.tables["documents"].items()}

    def rows(self, table: str, doc_id: str) -> list[Row]:
        """The rows of ``table`` for one document, in the order of the file."""
        return self.tables[table].get(doc_id, [])

    def section_paths(self, doc_id: str) -> dict[str, tuple[str, ...]]:
        """Each section's titles from the top level down to itself; ``""`` (no section) → ()."""
        sections = {row["section_id"]: row for row in self.rows("sections", doc_id)}
        paths: dict[str, tuple[str, ...]] = {"": ()}

        def path_of(section_id: str, seen: frozenset[str] = frozenset()) -> tuple[str, ...]:
            if section_id in paths:
                return paths[section_id]
            row = sections.get(section_id)
            if row is None or section_id in seen:
                return ()
            path = (*path_of(row.get("parent_id", ""), seen | {section_id}), normalized(row.get("title", "")))
            paths[section_id] = path
            return path

        for section_id in sections:
            path_of(section_id)
        return paths

    def text(self, doc_id: str) -> str | None:
        """The text the document's offsets index, or None when it cannot be found or read."""
        document = self.documents.get(doc_id, {})
        text_path = document.get("text_path", "")
        if not text_path:
            return None
        candidates = [Path(text_path)] if Path(text_path).is_absolute() else [self.path / text_path, Path(text_path)]
        for candidate in candidates:
            if candidate.is_file():
                return _decoded(candidate.read_bytes(), document.get("encoding", ""))
        return None


def normalized(text: str) -> str:
    """Text as a key: compatibility forms folded (full-width digits), whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def read_csv(path: Path) -> tuple[list[str], list[Row]]:
    if not path.is_file():
        return [], []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            return list(reader.fieldnames or ()), rows
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise OutputFolderError(f"{path}: cannot read: {err}") from err


def by_document(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.get("doc_id", ""), []).append(row)
    return grouped


def _decoded(data: bytes, encoding: str) -> str | None:
    # A PDF's canonical text is written as UTF-8; its encoding column says "pdf".
    try:
        text = data.decode(encoding or "utf-8")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    except UnicodeDecodeError:
        return None
    return text.removeprefix("\ufeff")
