"""The entity recogniser: rules over jieba's words and the gazetteers, for one text at a time."""

from __future__ import annotations

import re
from functools import cached_property

from pipeline.config import Config
from pipeline.entities.candidates import Candidate, choose
from pipeline.entities.gazetteer import place_names
from pipeline.entities.names import HeadedNames
from pipeline.entities.patterns import PatternNames
from pipeline.entities.persons import Persons
from pipeline.entities.places import KnownNames
from pipeline.entities.reading import Reader
from pipeline.entities.segmenter import Entry, Segmenter, Tokens, read_dictionary
from pipeline.entities.titles import Titles
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

    ``tables`` maps each name of ``TABLE_NAMES`` to its configuration. jieba's
    dictionary is loaded on the first call, not when the recogniser is built.
    """

    def __init__(self, *, tables: dict) -> None:
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
        self._label_priority = settings["label_priority"]

    @classmethod
    def from_config(cls, config: Config) -> EntityRecognizer:
        return cls(tables={name: config.load(f"entities/{name}") for name in TABLE_NAMES})

    @cached_property
    def _dictionary(self) -> dict[str, Entry]:
        return read_dictionary()

    @cached_property
    def _places(self) -> dict[str, str]:
        return place_names(self.tables, self._dictionary)

    @cached_property
    def _segmenter(self) -> Segmenter:
        standalone = {name: "nt" for names in self.tables["heads"]["standalone"].values() for name in names}
        words = {**self.tables["words"]["words"], **{name: "ns" for name in self._places}, **standalone}
        options = self.tables["settings"]["segmenter"]
        features = tuple(self.tables["places"]["features"])
        common = {word: "n" for word, entry in self._dictionary.items()
                  if entry.tag == "ns" and entry.freq > options["common_place_freq"]
                  and not word.endswith(features) and word not in self._places}
        return Segmenter(self._dictionary, words, common, hmm=options["hmm"], user_word_freq=options["user_word_freq"])

    @cached_property
    def _names(self) -> HeadedNames:
        tables = self.tables
        known = {*self._places, *(n for names in tables["heads"]["standalone"].values() for n in names)}
        titles = [*tables["persons"]["titles_before"], *tables["persons"]["titles_after"]]
        return HeadedNames(tables["heads"], tables["boundaries"], tables["settings"], self._segmenter.lexicon,
                           known, titles)

    @cached_property
    def _known(self) -> KnownNames:
        return KnownNames(self._places, self.tables["heads"], self.tables["places"], self._segmenter.lexicon)

    def __call__(self, text: str) -> list[Match]:
        view = self._reader(text)
        reading = view.text
        tokens = self._segmenter(reading)
        known, proper = self._known(reading, tokens)
        candidates = [
            *known,
            *self._titles(reading),
            *self._patterns(reading),
            *self._names(reading, tokens, proper),
            *self._persons(reading, tokens, proper),
        ]
        kept = [c for c in candidates if self._acceptable(reading, c)]
        chosen = choose(kept, self._label_priority)
        mentions = _mentions_of_people(reading, tokens, chosen)
        if mentions:
            chosen = choose(kept + mentions, self._label_priority)
        return [Match(*view.to_source(c.start, c.end), {"label": c.label}) for c in chosen]

    def _acceptable(self, text: str, c: Candidate) -> bool:
        return c.end - c.start <= self._max_chars[c.label] and text[c.start:c.end] not in self._generic


def _mentions_of_people(text: str, tokens: Tokens, chosen: list[Candidate]) -> list[Candidate]:
    """Every other mention of a person found next to a title (`曾钰成，你…`), where the
    segmenter's words start and end with it."""
    names = {text[c.start:c.end] for c in chosen if c.label == "PERSON"}
    if not names:
        return []
    starts, ends = set(tokens.starts), set(tokens.ends)
    pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    return [Candidate(m.start(), m.end(), "PERSON") for m in pattern.finditer(text)
            if m.start() in starts and m.end() in ends]
