"""One document through every stage: ingest, layout, sections, numbers, dates, entities.

A ``DocumentProcessor`` is built once per worker process (it loads the configuration
tables, jieba's dictionary and the gazetteers) and then called per document. Whatever
goes wrong with one document becomes its ``failed`` row; it never raises.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.ingest.errors import IngestError
from pipeline.ingest.text import decode_text
from pipeline.inputs import DocumentTask
from pipeline.kept_rows import KeptRows
from pipeline.matches import Match
from pipeline.rendering import RenderedRows, render_rows
from pipeline.schema import TABLES, RowError, format_row
from pipeline.spool import SpooledRows
from pipeline.textview import TextView
from pipeline.windows import Window, cut_windows

STAGES = ("sections", "numbers", "dates", "entities", "facts")
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
SENTENCE_CONTEXT = 120  # characters of a row's sentence kept on either side of its span
_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")


@dataclass
class DocumentResult:
    """What one document gives: its ``documents.csv`` row and its rows of every table.

    ``rows`` hold each table's rows, sorted by start and end, rendered as CSV and JSON text
    (in temporary files for a document read in windows);
    ``invalid`` the rows that failed their table's checks, with the reason;
    ``canonical_text`` the text a PDF's offsets index.
    """

    doc_id: str
    document: list[str]
    rows: dict[str, RenderedRows | SpooledRows] = field(default_factory=dict)
    invalid: list[dict[str, Any]] = field(default_factory=list)
    canonical_text: str | None = None

    @property
    def ok(self) -> bool:
        return self.document[1] == "ok"


@dataclass(frozen=True)
class _Source:
    text: str
    encoding: str
    page_starts: tuple[int, ...] = ()
    boxes: tuple = ()
    warnings: str = ""


class DocumentProcessor:
    """All stages, built once from the configuration, applied to one document at a time."""

    def __init__(self, config: Config, *, stages: tuple[str, ...] = STAGES) -> None:
        from pipeline.layout import analyse_layout
        from pipeline.sections import SectionFinder

        self.config = config
        self.ingest = config.load("ingest")
        self._windows = self.ingest["windows"]
        self._pdf_tables = config.load("pdf")
        layout_tables = config.load("layout")
        self._layout = lambda text: analyse_layout(text, tables=layout_tables)
        self._sections = SectionFinder.from_config(config)
        self._date_tables = config.load("dates")
        self._extractors: dict[str, Callable[[str, int | None], list[Match]]] = {}
        self._recognizer = None
        if "numbers" in stages:
            from pipeline.numbers import NumberExtractor

            numbers = NumberExtractor.from_config(config)
            self._extractors["numbers"] = lambda text, year: numbers(text)
        if "dates" in stages:
            from pipeline.dates import DateExtractor

            dates = DateExtractor(tables=self._date_tables)
            self._extractors["dates"] = lambda text, year: dates(text, report_year=year)
        if "entities" in stages:
            from pipeline.entities import EntityRecognizer

            entities = EntityRecognizer.from_config(config)
            self._extractors["entities"] = lambda text, year: entities(text)
            self._recognizer = entities
        self._facts = None
        if "facts" in stages:
            from pipeline.facts import FactExtractor

            self._facts = FactExtractor.from_config(config)
            self._check_tables = config.load("checks")

    def __call__(self, task: DocumentTask) -> DocumentResult:
        facts: dict[str, Any] = {"doc_id": task.doc_id, "source_path": str(task.path), "status": "failed"}
        try:
            data = self._read_bytes(task.path, facts)
            source = self._decode(task.path, data)
        except IngestError as err:
            facts["reason"] = str(err)
            return DocumentResult(task.doc_id, format_row(TABLES["documents"], facts))
        if source.page_starts:
            facts.update(pages=len(source.page_starts), text_path=f"text/{task.doc_id}.txt", warnings=source.warnings)
        else:
            facts["text_path"] = str(task.path)
        del data  # decoded: a long report's bytes need not stay for the rest of its stages
        return self._extract(source, task.path.name, facts)

    def process_text(self, doc_id: str, text: str) -> DocumentResult:
        """A document given as its text, read from no file (``source_path`` is ``<text>``)."""
        facts = {"doc_id": doc_id, "source_path": "<text>", "status": "failed", "text_path": "<text>"}
        return self._extract(_Source(text, ""), "", facts)

    def _extract(self, source: _Source, file_name: str, facts: dict[str, Any]) -> DocumentResult:
        """Every stage after ingest; ``facts`` are the document's row so far."""
        doc_id = facts["doc_id"]
        facts.update(encoding=source.encoding, chars=len(source.text))
        stage = "report year"
        try:
            year, year_source = self._report_year(source.text, file_name)
            facts.update(report_year=year, report_year_source=year_source)
            result = DocumentResult(doc_id, [], canonical_text=source.text if source.page_starts else None)
            stage = "layout"
            layout = self._layout(source.text)
            stage = "sections"
            sections = self._sections(source.text, layout)
            view = layout.view
            del layout  # its lines are done with; a long report has a million of them
            windows = cut_windows(view.text, [(view.from_source(s.start), s.level) for s in sections],
                                  size=self._windows["chars"], context=self._windows["context"])
            if len(windows) > 1:  # each table's rows go to files as they come
                tables = ("sections", *self._extractors, *(("facts",) if self._facts is not None else ()))
                result.rows.update((name, SpooledRows()) for name in tables)
            self._add_rows("sections", [_section_row(s) for s in sections], source, result)
            section_of = _SectionLookup(sections)
            entities = None
            if len(windows) > 1 and self._recognizer is not None:
                from pipeline.entities.windows import windowed_entities

                entities = windowed_entities(self._recognizer, len(windows), lambda i: _window_text(view, windows[i]))
            checked = KeptRows(dropped=frozenset({"sentence"}), unique=frozenset({"text"}))  # what the checks read
            for window in windows:
                stage = "entities"
                given = {"entities": next(entities)} if entities is not None else {}
                self._extract_window(window, view, sections, source, year, section_of, result, checked, given)
            if self._facts is not None:
                stage = "checks"
                self._add_checks(checked.rows, result)
            if source.boxes:
                stage = "boxes"
                self._add_boxes(source, result)
        except Exception as err:  # one document's bug must not end the run
            if isinstance(err, _StageFailed):
                stage, err = err.stage, err.__cause__
            facts["reason"] = f"{stage} stage failed: {type(err).__name__}: {err}"
            return DocumentResult(doc_id, format_row(TABLES["documents"], facts))
        facts["status"] = "ok"
        result.document = format_row(TABLES["documents"], facts)
        return result

    def _extract_window(self, window: Window, view: TextView, sections: list[Any], source: _Source,
                        year: int | None, section_of: _SectionLookup, result: DocumentResult,
                        checked: KeptRows, given: dict[str, list[Match]]) -> None:
        """The extractors' rows of one window of the view (pipeline/windows.py); ``given`` are
        the matches of the stages read before (a long document's entities); the fact rows
        the checks read are added to ``checked``. Raises ``_StageFailed``."""
        whole = window.text_start == 0 and window.text_end == len(view.text)
        text_view = view if whole else view.window(window.text_start, window.text_end)
        start, end = window.start - window.text_start, window.end - window.text_start
        found: dict[str, list[Match]] = {}
        sentences = _Sentences(text_view.text)
        for stage, extract in self._extractors.items():
            try:
                found[stage] = given[stage] if stage in given else extract(text_view.text, year)
                owned = [m for m in found[stage] if start <= m.start < end]
                rows = _extraction_rows(stage, owned, text_view, source.text, section_of, sentences)
                self._add_rows(stage, rows, source, result)
            except Exception as err:
                raise _StageFailed(stage) from err
        if self._facts is not None:
            try:
                fact_rows = self._fact_rows(found, sections, text_view, source.text, year, section_of, (start, end),
                                            sentences)
                self._add_rows("facts", fact_rows, source, result)
            except Exception as err:
                raise _StageFailed("facts") from err
            for row in fact_rows:  # the checks read only the facts of one value
                if row.get("value") is not None and row.get("value_max") is None:
                    checked.add(row)

    def _read_bytes(self, path: Path, facts: dict[str, Any]) -> bytes:
        try:
            size = path.stat().st_size
            if not path.is_file():
                raise IngestError("not a regular file")
            facts["bytes"] = size
            limit_name = "max_pdf_bytes" if path.suffix.lower() in self.ingest["pdf_suffixes"] else "max_bytes"
            limit = self.ingest[limit_name]
            if size > limit:
                raise IngestError(
                    f"too large: {size / 1e6:.1f} MB, over the limit of {limit / 1e6:.1f} MB "
                    f"({limit_name} in config/ingest.yaml)"
                )
            data = path.read_bytes()
        except FileNotFoundError as err:
            raise IngestError("no such file") from err
        except PermissionError as err:
            raise IngestError("cannot read: permission denied") from err
        except OSError as err:
            raise IngestError(f"cannot read: {err.strerror or err}") from err
        facts["sha256"] = hashlib.sha256(data).hexdigest()
        return data

    def _decode(self, path: Path, data: bytes) -> _Source:
        suffix = path.suffix.lower()
        if suffix in self.ingest["pdf_suffixes"]:
            from pipeline.ingest.pdf import read_pdf

            pdf = read_pdf(path, tables=self._pdf_tables)
            return _Source(pdf.text, "pdf", tuple(p.start for p in pdf.pages), tuple(pdf.boxes), pdf.warnings)
        if suffix not in self.ingest["text_suffixes"]:
            raise IngestError(f"not a supported input: {suffix} files are not read (text and PDF are)")
        decoded = decode_text(
            data,
            fallback_encodings=self.ingest["fallback_encodings"],
            max_control_share=self.ingest["max_control_share"],
        )
        return _Source(decoded.text, decoded.encoding)

    def _report_year(self, text: str, file_name: str) -> tuple[int | None, str]:
        if self.config.report_year is not None:
            return self.config.report_year, "option"
        from pipeline.dates import detect_report_year

        return detect_report_year(text, file_name, tables=self._date_tables)

    def _fact_rows(self, found: dict[str, list[Match]], sections: list[Any], view: Any, source: str,
                   year: int | None, section_of: _SectionLookup, owned: tuple[int, int],
                   sentences: _Sentences) -> list[dict[str, Any]]:
        """Rows of the facts of the numbers found, read with the dates, entities and headings;
        only those of the numbers that start in ``owned``."""
        from pipeline.facts.cells import Spacing
        from pipeline.facts.rows import fact_row, headings_in_view

        facts = self._facts(view.text, found.get("numbers", []), found.get("dates", []),
                            found.get("entities", []), headings_in_view(sections, view), year,
                            Spacing(source, view))
        rows = []
        for fact in facts:
            if not owned[0] <= fact.number.start < owned[1]:
                continue
            row = fact_row(fact, view, source)
            row.update(section_id=section_of(row["start"]),
                       sentence=sentences(fact.number.start, fact.number.end))
            rows.append(row)
        return rows

    def _add_rows(self, table_name: str, rows: list[dict[str, Any]], source: _Source, result: DocumentResult) -> None:
        table = TABLES[table_name]
        cells, seen = [], set()
        for row in sorted(rows, key=lambda r: (r["start"], r["end"])):
            start, end = row["start"], row["end"]
            row.update(doc_id=result.doc_id, text=source.text[start:end])
            if source.page_starts:
                row.setdefault("page", bisect_right(source.page_starts, start))
            try:
                if not 0 <= start < end <= len(source.text):
                    raise RowError(f"span {start}:{end} is outside the text ({len(source.text)} characters)")
                key = (row.get("section_id"), start, end) if table_name == "sections" else (start, end)
                if key in seen:
                    raise RowError(f"a second row with the same span {start}:{end}")
                for part in ("indicator", "subject"):
                    if part in row and source.text[row[f"{part}_start"]:row[f"{part}_end"]] != row[part]:
                        raise RowError(f"{part} {row[part]!r} is not the text at its offsets")
                seen.add(key)
                cells.append(format_row(table, row))
            except RowError as err:
                result.invalid.append(
                    {"doc_id": result.doc_id, "table": table_name, "start": start, "end": end,
                     "text": row.get("text", ""), "reason": str(err)}
                )
        rendered = render_rows(table, cells)
        if isinstance(result.rows.get(table_name), SpooledRows):
            result.rows[table_name].add(rendered)
        else:
            result.rows[table_name] = rendered

    def _add_checks(self, fact_rows: Sequence[Mapping[str, Any]], result: DocumentResult) -> None:
        """The consistency checks of the document's facts (spec §9); a failed check is a row
        with status ``fail``, not an invalid row."""
        from pipeline.checks import check_facts

        table, cells = TABLES["checks"], []
        for row in check_facts(fact_rows, tables=self._check_tables):
            try:
                cells.append(format_row(table, row))
            except RowError as err:
                result.invalid.append({"doc_id": result.doc_id, "table": "checks", "start": row["start"],
                                       "end": row["end"], "text": row.get("message", ""), "reason": str(err)})
        result.rows["checks"] = render_rows(table, cells)

    def _add_boxes(self, source: _Source, result: DocumentResult) -> None:
        rows = [
            {"start": b.start, "end": b.end, "page": b.page, "x0": round(b.x0, 2), "y0": round(b.y0, 2),
             "x1": round(b.x1, 2), "y1": round(b.y1, 2)}
            for b in source.boxes
        ]
        self._add_rows("boxes", rows, source, result)


class _StageFailed(Exception):
    """A stage of a window failed; the exception it raised is the cause."""

    def __init__(self, stage: str) -> None:
        super().__init__(stage)
        self.stage = stage


def _window_text(view: TextView, window: Window) -> tuple[str, int, int]:
    """The text a window's extractors read, and where the part the window owns starts and ends in it."""
    return (view.text[window.text_start:window.text_end], window.start - window.text_start,
            window.end - window.text_start)


def _section_row(section: Any) -> dict[str, Any]:
    return {
        "section_id": section.section_id,
        "parent_id": section.parent_id,
        "level": section.level,
        "number": section.number,
        "title": section.title,
        "start": section.start,
        "end": section.end,
    }


class _SectionLookup:
    """The innermost section containing a source position: the last heading before it."""

    def __init__(self, sections: list[Any]) -> None:
        self._starts = [s.start for s in sections]
        self._ids = [s.section_id for s in sections]

    def __call__(self, position: int) -> str:
        index = bisect_right(self._starts, position) - 1
        return self._ids[index] if index >= 0 else ""


def _extraction_rows(
    stage: str, matches: list[Match], view: Any, source: str, section_of: _SectionLookup, sentences: _Sentences
) -> list[dict[str, Any]]:
    """Rows of an extractor's matches, with spans mapped from the view to the source."""
    rows = []
    for m in matches:
        start, end = view.to_source(m.start, m.end)
        row = {**m.fields, "start": start, "end": end, "section_id": section_of(start)}
        if stage == "numbers":
            row["sentence"] = sentences(m.start, m.end)
        if stage == "entities":
            row["normalized"] = _without_breaks(source[start:end])
        rows.append(row)
    return rows


def _without_breaks(text: str) -> str:
    return _BREAK.sub("", text)


class _Sentences:
    """The sentence around each span of a view's text (``_sentence``), each read once: the
    row of a number and the row of its fact share it."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._of_span: dict[tuple[int, int], str] = {}

    @cached_property
    def _boundaries(self) -> list[int]:
        return [m.end() for m in _SENTENCE_END.finditer(self._text)]

    def __call__(self, start: int, end: int) -> str:
        span = (start, end)
        if span not in self._of_span:
            self._of_span[span] = _sentence(self._text, self._boundaries, start, end)
        return self._of_span[span]


def _sentence(text: str, boundaries: list[int], start: int, end: int) -> str:
    """The sentence of the view around ``[start, end)``, without line breaks, cut to
    SENTENCE_CONTEXT characters on either side of the span: a "sentence" with no end
    (a table flattened into one line, `1，` repeated) must not be copied whole into every
    row, or the output would grow with the square of the input."""
    i = bisect_right(boundaries, start)
    begin = max(boundaries[i - 1] if i else 0, start - SENTENCE_CONTEXT)
    j = bisect_right(boundaries, end - 1)
    stop = min(boundaries[j] if j < len(boundaries) else len(text), end + SENTENCE_CONTEXT)
    return _without_breaks(text[begin:stop]).strip()
