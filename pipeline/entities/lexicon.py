"""The words the recogniser knows: jieba's dictionary, retagged and joined by the
gazetteers' places and the recogniser's own words.

Building it reads jieba's dict.txt (350,000 words) and takes most of a second, so a
run builds it once and keeps it in a cache file (lexicon_cache.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.entities.gazetteer import place_names
from pipeline.entities.segmenter import read_dictionary


@dataclass(frozen=True)
class Lexicon:
    """``places``: every place name of the gazetteers (name → GPE or LOC); ``tags``:
    every word the segmenter knows (word → POS tag); ``added``: the words of ``tags``
    that jieba's dictionary lacks, which the segmenter adds to its own."""

    places: dict[str, str]
    tags: dict[str, str]
    added: tuple[str, ...]


def build_lexicon(tables: dict) -> Lexicon:
    """The lexicon of the recogniser's ``tables`` (recognizer.TABLE_NAMES).

    The segmenter's own words are the gazetteers' places (`ns`), the standalone
    organisations (`nt`) and config/entities/words.yaml's words. Words jieba tags as
    places but counts often that are no place of the gazetteers and end in no
    geographic feature are read as common nouns (`n`); words.yaml's verbs as verbs.
    """
    dictionary = read_dictionary()
    places = place_names(tables, dictionary)
    standalone = {name: "nt" for names in tables["heads"]["standalone"].values() for name in names}
    own_words = {**tables["words"]["words"], **{name: "ns" for name in places}, **standalone}
    common_freq = tables["settings"]["segmenter"]["common_place_freq"]
    features = tuple(tables["places"]["features"])
    common = {word: "n" for word, entry in dictionary.items()
              if entry.tag == "ns" and entry.freq > common_freq and not word.endswith(features) and word not in places}
    verbs = dict.fromkeys(tables["words"]["verbs"], "v")
    tags = {word: entry.tag for word, entry in dictionary.items()}
    tags.update(common)
    tags.update(verbs)
    added = tuple(word for word in own_words if word not in dictionary)
    tags.update((word, own_words[word]) for word in added)
    return Lexicon(places, tags, added)
