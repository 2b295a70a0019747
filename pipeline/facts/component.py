"""The facts stage as a spaCy component: ``nlp.add_pipe("nianbao_facts")`` after
``nianbao_numbers``, ``nianbao_dates`` and (optionally) ``nianbao_entities``.

It reads their spans (``doc.spans`` under ``numbers_key``, ``dates_key``,
``entities_key``) and writes one span per non-ordinal number to ``doc.spans[spans_key]``,
labelled with its measure. Its fields are ``Span._.nb_*`` strings like the other
components': ``nb_indicator``, ``nb_canonical``, ``nb_subject``, ``nb_measure``,
``nb_direction``, ``nb_value`` (signed), ``nb_status``, ``nb_period_start`` and
``nb_period_end``. A doc has no headings, so periods come from dates and the report year.
``to_disk`` saves the tables the component ran with, and ``from_disk`` restores them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.config import Config
from pipeline.facts.extractor import FactExtractor
from pipeline.matches import Match
from pipeline.spacy_spans import PREFIX, register_extensions

TABLES_FILE = "facts.yaml"
FACT_ATTRIBUTES = ("indicator", "canonical", "subject", "measure", "direction", "status", "period_start",
                   "period_end")


@Language.factory(
    "nianbao_facts",
    default_config={"spans_key": "facts", "numbers_key": "numbers", "dates_key": "dates",
                    "entities_key": "entities", "report_year": None, "config_dir": None},
)
def make_facts(
    nlp: Language, name: str, *, spans_key: str, numbers_key: str, dates_key: str, entities_key: str,
    report_year: int | None, config_dir: str | None,
) -> FactsComponent:
    """The component, with the tables of ``config_dir`` (the shipped configuration if None)."""
    config = Config(Path(config_dir)) if config_dir else Config()
    return FactsComponent(name=name, tables=config.load("facts"), spans_key=spans_key, numbers_key=numbers_key,
                          dates_key=dates_key, entities_key=entities_key, report_year=report_year)


class FactsComponent:
    """Writes the facts of a doc's number spans to ``doc.spans[spans_key]``."""

    def __init__(
        self, *, name: str = "nianbao_facts", tables: dict[str, Any], spans_key: str = "facts",
        numbers_key: str = "numbers", dates_key: str = "dates", entities_key: str = "entities",
        report_year: int | None = None,
    ) -> None:
        register_extensions()
        for attribute in FACT_ATTRIBUTES:
            if not Span.has_extension(PREFIX + attribute):
                Span.set_extension(PREFIX + attribute, default=None)
        self.name = name
        self.spans_key = spans_key
        self.numbers_key = numbers_key
        self.dates_key = dates_key
        self.entities_key = entities_key
        self.report_year = report_year
        self.extractor = FactExtractor(tables=tables)

    def __call__(self, doc: Doc) -> Doc:
        numbers = [Match(s.start_char, s.end_char, {
            "kind": s._.nb_kind, "unit": s._.nb_unit, "qualifier": s._.nb_qualifier,
            "value": _decimal(s._.nb_value), "value_max": _decimal(s._.nb_value_max),
        }) for s in self._spans(doc, self.numbers_key)]
        dates = [Match(s.start_char, s.end_char, {
            "kind": s._.nb_kind, "start_date": s._.nb_start_date, "end_date": s._.nb_end_date,
        }) for s in self._spans(doc, self.dates_key)]
        entities = [Match(s.start_char, s.end_char, {"label": s.label_}) for s in self._spans(doc, self.entities_key)]
        spans = []
        for fact in self.extractor(doc.text, numbers, dates, entities, [], self.report_year):
            span = doc.char_span(fact.number.start, fact.number.end, label=fact.measure)
            if span is None:
                continue
            fields = {
                "indicator": doc.text[fact.indicator[0]:fact.indicator[1]], "canonical": fact.canonical,
                "subject": doc.text[fact.subject[0]:fact.subject[1]], "measure": fact.measure,
                "direction": fact.direction, "status": fact.status, "period_start": fact.period[0],
                "period_end": fact.period[1],
            }
            for attribute, value in fields.items():
                setattr(span._, PREFIX + attribute, value)
            span._.nb_value = None if fact.value is None else format(fact.value, "f")
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    @staticmethod
    def _spans(doc: Doc, key: str) -> list[Span]:
        return sorted(doc.spans[key], key=lambda s: (s.start_char, s.end_char)) if key in doc.spans else []

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / TABLES_FILE).write_text(yaml.safe_dump(self.extractor.tables, allow_unicode=True), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> FactsComponent:
        tables = yaml.safe_load((Path(path) / TABLES_FILE).read_text(encoding="utf-8"))
        self.extractor = FactExtractor(tables=tables)
        return self


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)
