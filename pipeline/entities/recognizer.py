"""The entity recogniser: rules over jieba's words and the gazetteers, for one text at a time."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

from pipeline.config import Config
from pipeline.entities.candidates import (Candidate, after_datelines, after_people, choose, generic_body_pattern,
                                         governments_as_places)
from pipeline.entities.coordinated import CoordinatedNames
from pipeline.entities.gazetteer import short_form_rule
from pipeline.entities.lexicon import Lexicon
from pipeline.entities.lexicon_cache import cached_lexicon
from pipeline.entities.mentions import Mentions
from pipeline.entities.model import ModelNames
from pipeline.entities.names import HeadedNames
from pipeline.entities.patterns import PatternNames
from pipeline.entities.persons import Persons
from pipeline.entities.places import KnownNames
from pipeline.entities.reading import Reader
from pipeline.entities.segmenter import Segmenter
from pipeline.entities.titles import Titles
from pipeline.entities.wordclasses import WordClasses
from pipeline.matches import Match

# The configuration files the recogniser reads, under config/entities/.
TABLE_NAMES = (
    "settings",
    "heads",
    "boundaries",
    "persons",
    "places",
    "words",
    "patterns",
    "gazetteer/divisions",
    "gazetteer/countries",
    "gazetteer/script",
)


class EntityRecognizer:
    """Finds PERSON, ORG, GPE, LOC, EVENT and LAW names in a text (spec §5).

    ``tables`` maps each name of ``TABLE_NAMES`` to its configuration. The
    lexicon (lexicon.py, from the cache file) and the segmenter are loaded on the first
    call, not when the recogniser is built.
    """

    MODES = ("fast", "accurate")

    def __init__(self, *, tables: dict, mode: str | None = None) -> None:
        missing = [name for name in TABLE_NAMES if name not in tables]
        if missing:
            raise ValueError(f"entity tables missing: {', '.join(missing)}")
        self.tables = tables
        settings = tables["settings"]
        breaks = settings["line_breaks"]
        self._reader = Reader(tables["gazetteer/script"]["traditional_to_simplified"],
                              join_lines=breaks["join"], spaces=breaks["spaces"])
        self._titles = Titles(settings["titles"])
        self._patterns = PatternNames(tables["patterns"])
        self._persons = Persons(tables["persons"], tables["boundaries"]["generic_mentions"])
        self._generic = frozenset(tables["boundaries"]["generic_mentions"])
        self._max_chars = settings["max_chars"]
        self._shortest_after_person = settings["shortest_after_person"]
        self._label_priority = settings["label_priority"]
        self._dateline = re.compile(settings["dateline"])
        self._not_names = {label: re.compile(pattern) for label, pattern in settings["not_names"].items()}
        self.mode = mode or settings["mode"]
        if self.mode not in self.MODES:
            raise ValueError(f"entity mode {self.mode!r}: choose {' or '.join(self.MODES)}")

    @classmethod
    def from_config(cls, config: Config, *, mode: str | None = None) -> EntityRecognizer:
        """The recogniser of ``config``, in ``mode`` (else the command line's
        ``entities_mode`` override, else config/entities/settings.yaml's)."""
        tables = {name: config.load(f"entities/{name}") for name in TABLE_NAMES}
        return cls(tables=tables, mode=mode or config.overrides.get("entities_mode"))

    @cached_property
    def _lexicon(self) -> Lexicon:
        return cached_lexicon(self.tables)

    @cached_property
    def _places(self) -> dict[str, str]:
        return self._lexicon.places

    @cached_property
    def _segmenter(self) -> Segmenter:
        options = self.tables["settings"]["segmenter"]
        return Segmenter(self._lexicon.tags, self._lexicon.added, hmm=options["hmm"],
                         added_freq=options["user_word_freq"])

    @cached_property
    def _names(self) -> HeadedNames:
        tables = self.tables
        known = {*self._places, *(n for names in tables["heads"]["standalone"].values() for n in names)}
        titles = [*tables["persons"]["titles_before"], *tables["persons"]["titles_after"]]
        words = WordClasses(tables["heads"], tables["boundaries"], self._segmenter.lexicon, known, titles)
        return HeadedNames(tables["heads"], tables["boundaries"], tables["settings"], words)

    @cached_property
    def _countries(self) -> frozenset[str]:
        return frozenset(self.tables["gazetteer/countries"]["countries"])

    @cached_property
    def _model(self) -> ModelNames:
        tables = self.tables
        places = [*tables["heads"]["heads"]["LOC"], *tables["places"]["features"], *tables["places"]["division_words"]]
        heads = {"ORG": tables["heads"]["heads"]["ORG"], "LOC": places, "GPE": places}
        return ModelNames(tables["settings"]["model"], self._places, heads, self._segmenter.lexicon,
                          self._generic, tables["boundaries"]["generic_body"],
                          tables["boundaries"]["generic_suffixes"])

    @cached_property
    def _coordinated(self) -> CoordinatedNames:
        tables = self.tables
        heads = tables["heads"]["heads"]
        labels = tables["settings"]["coordinated"]["labels"]
        places = [*heads["LOC"], *tables["places"]["features"]]
        by_label = {label: places if label == "LOC" else heads[label] for label in labels}
        boundaries = tables["boundaries"]
        generic = generic_body_pattern([*boundaries["generic_body"], *boundaries["generic_mentions"]],
                                       boundaries["generic_suffixes"])
        return CoordinatedNames(tables["settings"]["coordinated"], by_label, generic, self._max_chars)

    @cached_property
    def _mentions(self) -> Mentions:
        return Mentions(self.tables["settings"]["aliases"], self._generic, self._places,
                        short_form_rule(self.tables["places"]))

    @cached_property
    def _known(self) -> KnownNames:
        return KnownNames(self._places, self.tables["heads"], self.tables["places"], self._segmenter.lexicon)

    def __call__(self, text: str, *, mentions: Callable[..., list[Candidate]] | None = None) -> list[Match]:
        """The names in ``text``; ``mentions`` stands in for the step that finds the further
        mentions of names the text introduces (a long document read in windows gives the
        whole document's)."""
        view = self._reader(text)
        reading = view.text
        tokens = self._segmenter(reading)
        known, proper = self._known(reading, tokens)
        people = self._persons(reading, tokens, proper)
        candidates = [
            *known,
            *self._titles(reading),
            *self._patterns(reading),
            *after_people(reading, self._names(reading, tokens, proper), people, self._shortest_after_person),
            *people,
        ]
        if self.mode == "accurate":
            candidates += self._model.kept(reading, candidates, tokens)
        candidates = governments_as_places(reading, candidates, self._countries, self.tables["places"]["governments"])
        candidates = after_datelines(reading, candidates, self._dateline)
        kept = [c for c in candidates if self._acceptable(reading, c)]
        chosen = choose(kept, self._label_priority)
        if listed := [c for c in self._coordinated(reading, tokens, chosen) if self._acceptable(reading, c)]:
            kept += listed
            chosen = choose(kept, self._label_priority)
        mentions = (mentions or self._mentions)(reading, tokens, chosen, known)
        if mentions:
            chosen = choose(kept + mentions, self._label_priority)
        return [Match(*view.to_source(c.start, c.end), {"label": c.label}) for c in chosen]

    def _acceptable(self, text: str, c: Candidate) -> bool:
        name = text[c.start:c.end]
        not_name = self._not_names.get(c.label)
        return (c.end - c.start <= self._max_chars[c.label] and name not in self._generic
                and not (not_name and not_name.fullmatch(name)))
