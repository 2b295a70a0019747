"""The numbers stage as a spaCy component: ``nlp.add_pipe("nianbao_numbers")``.

Each quantity becomes a span of ``doc.spans[spans_key]`` labelled with its kind, its
fields in ``Span._.nb_value`` and ``nb_value_max`` (a ``Decimal``'s exact text),
``nb_unit``, ``nb_qualifier``, ``nb_kind`` and ``nb_noun``; ``nb_text`` is the text
matched. How spans meet tokens (``alignment_mode``), ``overwrite``, ``annotate_ents``
and ``overwrite_ents`` are as in ``pipeline/spacy_spans.py`` and spaCy's SpanRuler.
``to_disk`` saves the tables the component ran with, and ``from_disk`` restores them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import Config
from pipeline.numbers.extract import NumberExtractor
from pipeline.spacy_spans import check_alignment_mode, make_spans, register_extensions, write_spans

TABLES_FILE = "numbers.yaml"
TEXT_FIELDS = ("unit", "qualifier", "kind", "noun")


@Language.factory(
    "nianbao_numbers",
    default_config={"spans_key": "numbers", "config_dir": None, "alignment_mode": "split", "overwrite": True,
                    "annotate_ents": False, "overwrite_ents": False},
)
def make_numbers(
    nlp: Language, name: str, *, spans_key: str, config_dir: str | None, alignment_mode: str, overwrite: bool,
    annotate_ents: bool, overwrite_ents: bool,
) -> NumbersComponent:
    """The component, with the tables of ``config_dir`` (the shipped configuration if None)."""
    config = Config(Path(config_dir)) if config_dir else Config()
    return NumbersComponent(
        name=name, tables=config.load("numbers"), spans_key=spans_key, alignment_mode=alignment_mode,
        overwrite=overwrite, annotate_ents=annotate_ents, overwrite_ents=overwrite_ents,
    )


class NumbersComponent:
    """Writes the quantities of a doc to ``doc.spans[spans_key]`` (and ``doc.ents`` with ``annotate_ents``)."""

    def __init__(
        self, *, name: str = "nianbao_numbers", tables: dict[str, Any], spans_key: str = "numbers",
        alignment_mode: str = "split", overwrite: bool = True, annotate_ents: bool = False,
        overwrite_ents: bool = False,
    ) -> None:
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.alignment_mode = check_alignment_mode(alignment_mode)
        self.overwrite = overwrite
        self.annotate_ents = annotate_ents
        self.overwrite_ents = overwrite_ents
        self.extractor = NumberExtractor(tables=tables)

    def __call__(self, doc: Doc) -> Doc:
        matches = [
            (m.start, m.end, m.fields["kind"], {
                "value": _text(m.fields["value"]), "value_max": _text(m.fields["value_max"]),
                **{field: m.fields[field] for field in TEXT_FIELDS},
            })
            for m in self.extractor(doc.text)
        ]
        spans = make_spans(doc, matches, self.alignment_mode)
        write_spans(doc, spans, spans_key=self.spans_key, overwrite=self.overwrite,
                    annotate_ents=self.annotate_ents, overwrite_ents=self.overwrite_ents)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / TABLES_FILE).write_text(yaml.safe_dump(self.extractor.tables, allow_unicode=True), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NumbersComponent:
        tables = yaml.safe_load((Path(path) / TABLES_FILE).read_text(encoding="utf-8"))
        self.extractor = NumberExtractor(tables=tables)
        return self


def _text(value: Any) -> str | None:
    """A Decimal as its exact text in plain notation (``149100000000``, not ``1.491E+11``)."""
    return None if value is None else format(value, "f")
