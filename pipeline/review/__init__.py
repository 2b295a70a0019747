"""Static HTML pages for reviewing a run: one per document, with what was found highlighted.

``write_review(out_dir)`` reads an output folder and writes ``review/index.html`` and one
page per document: the section tree as navigation, the text with numbers, dates and
entities highlighted by kind and label (each showing its normalised value), and the rows
that failed validation marked. Pages are self-contained (CSS inline, no script, no
network) and open from the file system.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pipeline import __version__
from pipeline.diff.outputs import EXTRACTED_TABLES, OutputFolder, OutputFolderError, Row
from pipeline.review.highlight import highlighted
from pipeline.review.spans import LAYERS, document_spans, section_anchor

__all__ = ["ReviewError", "write_review"]

_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class ReviewError(ValueError):
    """The output folder cannot be reviewed; the message says why."""


@dataclass(frozen=True)
class _Page:
    doc_id: str
    file_name: str
    document: Row
    counts: Counter
    problems: int


def write_review(out_dir: Path, dest: Path | None = None) -> list[Path]:
    """Write the review pages of the output folder ``out_dir`` into ``dest`` (default ``out_dir/review``).

    Returns the paths written, ``index.html`` first.
    """
    try:
        folder = OutputFolder.read(Path(out_dir))
    except OutputFolderError as err:
        raise ReviewError(str(err)) from err
    dest = Path(dest) if dest is not None else folder.path / "review"
    dest.mkdir(parents=True, exist_ok=True)
    environment = _environment()
    pages, written = [], []
    for doc_id, document in sorted(folder.documents.items()):
        text = folder.text(doc_id) if document.get("status") == "ok" else None
        file_name = _file_name(doc_id, {p.file_name for p in pages}) if text is not None else ""
        counts = Counter({table: len(folder.rows(table, doc_id)) for table in (*EXTRACTED_TABLES, "invalid_rows")})
        problems = 0
        if text is not None:
            html, problems = _document_page(environment, folder, doc_id, document, text)
            path = dest / file_name
            path.write_text(html, encoding="utf-8")
            written.append(path)
        pages.append(_Page(doc_id, file_name, document, counts, problems))
    index = dest / "index.html"
    index.write_text(environment.get_template("index.html.j2").render(
        folder=folder.path, pages=pages, href=quote, css=_css(), version=__version__, tables=EXTRACTED_TABLES,
    ), encoding="utf-8")
    return [index, *written]


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("pipeline.review", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _css() -> Markup:
    return Markup(files("pipeline.review").joinpath("templates", "review.css").read_text(encoding="utf-8"))


def _document_page(environment: Environment, folder: OutputFolder, doc_id: str, document: Row,
                   text: str) -> tuple[str, int]:
    spans, misplaced = document_spans(folder, doc_id, text)
    invalid = folder.rows("invalid_rows", doc_id)
    html = environment.get_template("document.html.j2").render(
        doc_id=doc_id,
        document=document,
        css=_css(),
        version=__version__,
        sections=_section_tree(folder.rows("sections", doc_id)),
        counts={table: len(folder.rows(table, doc_id)) for table in EXTRACTED_TABLES},
        labels=_labels(folder, doc_id),
        invalid=invalid,
        misplaced=misplaced,
        body=Markup(highlighted(text, spans)),
        layers=LAYERS,
    )
    return html, len(invalid) + len(misplaced)


@dataclass
class _Node:
    anchor: str
    number: str
    title: str
    children: list[_Node]


def _section_tree(sections: list[Row]) -> list[_Node]:
    """The headings as a tree, in document order; a heading whose parent is unknown is a root."""
    nodes = {row["section_id"]: _Node(section_anchor(row["section_id"]), row.get("number", ""),
                                      " ".join(row.get("title", "").split()), []) for row in sections}
    roots = []
    for row in sections:
        parent = nodes.get(row.get("parent_id", ""))
        (parent.children if parent is not None else roots).append(nodes[row["section_id"]])
    return roots


def _labels(folder: OutputFolder, doc_id: str) -> dict[str, Counter]:
    """How many rows of each kind (numbers, dates) or label (entities) the document has, for the legend."""
    columns = {"numbers": "kind", "dates": "granularity", "entities": "label"}
    return {table: Counter(row.get(column, "") for row in folder.rows(table, doc_id))
            for table, column in columns.items()}


def _file_name(doc_id: str, taken: set[str]) -> str:
    """A file name for the document's page: its id with path separators and unsafe characters replaced."""
    stem = _UNSAFE_IN_NAMES.sub("_", doc_id) or "document"
    name, number = f"{stem}.html", 1
    while name in taken or name == "index.html":
        number += 1
        name = f"{stem}-{number}.html"
    return name
