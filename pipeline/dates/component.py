"""The dates stage as a spaCy component: ``nlp.add_pipe("nianbao_dates")``.

Each date becomes a span of ``doc.spans[spans_key]`` labelled with its kind, its fields
in the extensions ``Span._.date_kind``, ``date_granularity``, ``start_date``,
``end_date`` and ``year_inferred``.
"""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.config import Config
from pipeline.dates.extractor import DateExtractor
from pipeline.dates.report_year import detect_report_year

TABLES_FILE = "dates.yaml"
# Match field → Span extension; kind and granularity are prefixed because the numbers
# component has a ``kind`` too.
EXTENSIONS = {
    "kind": "date_kind",
    "granularity": "date_granularity",
    "start_date": "start_date",
    "end_date": "end_date",
    "year_inferred": "year_inferred",
}


@Language.factory("nianbao_dates", default_config={"spans_key": "dates", "report_year": None})
def make_dates(nlp: Language, name: str, *, spans_key: str, report_year: int | None) -> "DatesComponent":
    for extension in EXTENSIONS.values():
        if not Span.has_extension(extension):
            Span.set_extension(extension, default=None)
    return DatesComponent(name, tables=Config().load("dates"), spans_key=spans_key, report_year=report_year)


class DatesComponent:
    """Writes the dates of a doc to ``doc.spans[spans_key]``. Without a ``report_year``
    the year is detected from the doc's text, as for a document without a file name."""

    def __init__(self, name: str, *, tables: dict[str, Any], spans_key: str, report_year: int | None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.report_year = report_year
        self.extractor = DateExtractor(tables=tables)

    def __call__(self, doc: Doc) -> Doc:
        year = self.report_year
        if year is None:
            year, _ = detect_report_year(doc.text, "", tables=self.extractor.tables)
        spans = []
        for match in self.extractor(doc.text, report_year=year):
            span = doc.char_span(match.start, match.end, label=match.fields["kind"], alignment_mode="expand")
            if span is None:
                continue
            for field, extension in EXTENSIONS.items():
                span._.set(extension, match.fields[field])
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / TABLES_FILE).write_text(yaml.safe_dump(self.extractor.tables, allow_unicode=True), encoding="utf-8")

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> "DatesComponent":
        tables = yaml.safe_load((Path(path) / TABLES_FILE).read_text(encoding="utf-8"))
        self.extractor = DateExtractor(tables=tables)
        return self
