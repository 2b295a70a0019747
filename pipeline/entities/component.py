"""The recogniser as a spaCy component: ``nlp.add_pipe("nianbao_entities")``.

It runs on ``doc.text`` and writes every entity twice: to ``doc.spans["entities"]``
(the project's convention for its components) and to ``doc.ents`` (spaCy's, for
displaCy and the like). spaCy spans are made of tokens, so a match is widened to the
tokens it touches (``alignment_mode="expand"``) when the pipeline's tokenizer cuts
words differently from the recogniser; the recogniser's own offsets are exact.
``to_disk`` saves the tables (rules and gazetteers) the component ran with, and
``from_disk`` restores them, so a saved pipeline does not depend on ``config/``.
"""

from __future__ import annotations

from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from pipeline.config import Config
from pipeline.entities.recognizer import EntityRecognizer

SPAN_KEY = "entities"
TABLES_FILE = "tables.json"


class EntitiesComponent:
    def __init__(self, recognizer: EntityRecognizer) -> None:
        self.recognizer = recognizer

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match in self.recognizer(doc.text):
            span = doc.char_span(match.start, match.end, label=match.fields["label"], alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        doc.ents = filter_spans(spans)
        return doc

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / TABLES_FILE, self.recognizer.tables)

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> EntitiesComponent:
        self.recognizer = EntityRecognizer(tables=srsly.read_json(Path(path) / TABLES_FILE))
        return self


@Language.factory("nianbao_entities", default_config={"config_dir": None})
def make_entities(nlp: Language, name: str, *, config_dir: str | None) -> EntitiesComponent:
    """The component, configured from ``config_dir`` (the project's ``config/`` if None)."""
    config = Config(Path(config_dir)) if config_dir else Config()
    return EntitiesComponent(EntityRecognizer.from_config(config))
