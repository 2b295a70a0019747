"""The dates stage as a spaCy component: ``nlp.add_pipe("nianbao_dates")``.

Each date becomes a span of ``doc.spans[spans_key]`` labelled with its kind, its fields
in ``Span._.nb_kind``, ``nb_granularity``, ``nb_start_date``, ``nb_end_date`` (ISO text
or None) and ``nb_year_inferred``; ``nb_text`` is the text matched. How spans meet
tokens (``alignment_mode``), ``overwrite``, ``annotate_ents`` and ``overwrite_ents`` are
as in ``pipeline/spacy_spans.py`` and spaCy's SpanRuler. Without a ``report_year`` the
year is detected from the doc's text, as for a document without a file name.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import Config
from pipeline.dates.extractor import DateExtractor
from pipeline.dates.report_year import detect_report_year
from pipeline.spacy_spans import check_alignment_mode, make_spans, register_extensions, write_spans

TABLES_FILE = "dates.yaml"
FIELDS = ("kind", "granularity", "start_date", "end_date", "year_inferred")


@Language.factory(
    "nianbao_dates",
    default_config={"spans_key": "dates", "report_year": None, "config_dir": None, "alignment_mode": "split",
                    "overwrite": True, "annotate_ents": False, "overwrite_ents": False},
)
def make_dates(
    nlp: Language, name: str, *, spans_key: str, report_year: int | None, config_dir: str | None,
    alignment_mode: str, overwrite: bool, annotate_ents: bool, overwrite_ents: bool,
) -> DatesComponent:
    """The component, with the tables of ``config_dir`` (the shipped configuration if None)."""
    config = Config(Path(config_dir)) if config_dir else Config()
    return DatesComponent(
        name=name, tables=config.load("dates"), spans_key=spans_key, report_year=report_year,
        alignment_mode=alignment_mode, overwrite=overwrite, annotate_ents=annotate_ents,
        overwrite_ents=overwrite_ents,
    )


class DatesComponent:
    """Writes the dates of a doc to ``doc.spans[spans_key]`` (and ``doc.ents`` with ``annotate_ents``)."""

    def __init__(
        self, *, name: str = "nianbao_dates", tables: dict[str, Any], spans_key: str = "dates",
        report_year: int | None = None, alignment_mode: str = "split", overwrite: bool = True,
        annotate_ents: bool = False, overwrite_ents: bool = False,
    ) -> None:
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.report_year = report_year
        self.alignment_mode = check_alignment_mode(alignment_mode)
        self.overwrite = overwrite
        self.annotate_ents = annotate_ents
        self.overwrite_ents = overwrite_ents
        self.extractor = DateExtractor(tables=tables)

    def __call__(self, doc: Doc) -> Doc:
        year = self.report_year
        if year is None:
            year, _ = detect_report_year(doc.text, "", tables=self.extractor.tables)
        matches = [
            (m.start, m.end, m.fields["kind"], {field: m.fields[field] for field in FIELDS})
            for m in self.extractor(doc.text, report_year=year)
        ]
        spans = make_spans(doc, matches, self.alignment_mode)
        write_spans(doc, spans, spans_key=self.spans_key, overwrite=self.overwrite,
                    annotate_ents=self.annotate_ents, overwrite_ents=self.overwrite_ents)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / TABLES_FILE).write_text(yaml.safe_dump(self.extractor.tables, allow_unicode=True), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DatesComponent:
        tables = yaml.safe_load((Path(path) / TABLES_FILE).read_text(encoding="utf-8"))
        self.extractor = DateExtractor(tables=tables)
        return self
