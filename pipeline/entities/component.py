"""The recogniser as a spaCy component: ``nlp.add_pipe("nianbao_entities")``.

It runs on ``doc.text`` and writes every entity to ``doc.spans[spans_key]`` and, with
``annotate_ents`` (the default), to ``doc.ents`` for displaCy and the like: entities
already there win where they overlap unless ``overwrite_ents``, as with spaCy's
EntityRuler. ``Span._.nb_text`` is the text matched. How spans meet tokens
(``alignment_mode``) and ``overwrite`` are as in ``pipeline/spacy_spans.py``.
``to_disk`` saves the tables (rules and gazetteers) the component ran with, and
``from_disk`` restores them, so a saved pipeline does not depend on ``config/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import Config
from pipeline.entities.recognizer import EntityRecognizer
from pipeline.spacy_spans import check_alignment_mode, make_spans, register_extensions, write_spans

TABLES_FILE = "tables.json"


@Language.factory(
    "nianbao_entities",
    default_config={"spans_key": "entities", "config_dir": None, "alignment_mode": "split", "overwrite": True,
                    "annotate_ents": True, "overwrite_ents": False, "mode": None},
)
def make_entities(
    nlp: Language, name: str, *, spans_key: str, config_dir: str | None, alignment_mode: str, overwrite: bool,
    annotate_ents: bool, overwrite_ents: bool, mode: str | None,
) -> EntitiesComponent:
    """The component, configured from ``config_dir`` (the shipped configuration if None),
    in ``mode`` (`fast`: rules; `accurate`: rules and the LAC model; None: the
    configuration's ``mode``)."""
    config = Config(Path(config_dir)) if config_dir else Config()
    return EntitiesComponent(
        name=name, recognizer=EntityRecognizer.from_config(config, mode=mode), spans_key=spans_key,
        alignment_mode=alignment_mode, overwrite=overwrite, annotate_ents=annotate_ents,
        overwrite_ents=overwrite_ents,
    )


class EntitiesComponent:
    """Writes the entities of a doc to ``doc.spans[spans_key]`` and ``doc.ents``."""

    def __init__(
        self, *, name: str = "nianbao_entities", recognizer: EntityRecognizer, spans_key: str = "entities",
        alignment_mode: str = "split", overwrite: bool = True, annotate_ents: bool = True,
        overwrite_ents: bool = False,
    ) -> None:
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.alignment_mode = check_alignment_mode(alignment_mode)
        self.overwrite = overwrite
        self.annotate_ents = annotate_ents
        self.overwrite_ents = overwrite_ents
        self.recognizer = recognizer

    def __call__(self, doc: Doc) -> Doc:
        matches = [(m.start, m.end, m.fields["label"], {}) for m in self.recognizer(doc.text)]
        spans = make_spans(doc, matches, self.alignment_mode)
        write_spans(doc, spans, spans_key=self.spans_key, overwrite=self.overwrite,
                    annotate_ents=self.annotate_ents, overwrite_ents=self.overwrite_ents)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / TABLES_FILE, self.recognizer.tables)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntitiesComponent:
        self.recognizer = EntityRecognizer(tables=srsly.read_json(Path(path) / TABLES_FILE),
                                           mode=self.recognizer.mode)
        return self
