"""The numbers stage as a spaCy component: ``nlp.add_pipe("nianbao_numbers")``.

Each quantity becomes a span of ``doc.spans[spans_key]`` labelled with its kind, its fields
in the extensions ``Span._.value``, ``value_max`` (Decimals), ``unit``, ``qualifier``,
``kind`` and ``noun``. spaCy spans are made of tokens, so a match is widened to the tokens
it touches (``alignment_mode="expand"``); the extractor's own offsets are exact.
``to_disk`` saves the tables the component ran with, and ``from_disk`` restores them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.config import Config
from pipeline.numbers.extract import NumberExtractor

TABLES_FILE = "numbers.yaml"
FIELDS = ("value", "value_max", "unit", "qualifier", "kind", "noun")


@Language.factory("nianbao_numbers", default_config={"spans_key": "numbers", "config_dir": None})
def make_numbers(nlp: Language, name: str, *, spans_key: str, config_dir: str | None) -> NumbersComponent:
    """The component, with the tables of ``config_dir`` (the project's ``config/`` if None)."""
    for field in FIELDS:
        if not Span.has_extension(field):
            Span.set_extension(field, default=None)
    config = Config(Path(config_dir)) if config_dir else Config()
    return NumbersComponent(name=name, spans_key=spans_key, tables=config.load("numbers"))


class NumbersComponent:
    """Writes the quantities of a doc to ``doc.spans[spans_key]``."""

    def __init__(self, *, name: str = "nianbao_numbers", spans_key: str = "numbers",
                 tables: dict[str, Any]) -> None:
        self.name = name
        self.spans_key = spans_key
        self.extractor = NumberExtractor(tables=tables)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match in self.extractor(doc.text):
            span = doc.char_span(match.start, match.end, label=match.fields["kind"], alignment_mode="expand")
            if span is None:
                continue
            for field in FIELDS:
                span._.set(field, match.fields[field])
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / TABLES_FILE).write_text(yaml.safe_dump(self.extractor.tables, allow_unicode=True), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NumbersComponent:
        tables = yaml.safe_load((Path(path) / TABLES_FILE).read_text(encoding="utf-8"))
        self.extractor = NumberExtractor(tables=tables)
        return self
