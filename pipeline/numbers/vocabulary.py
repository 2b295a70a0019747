"""The word lists of ``config/numbers.yaml`` as the sets and lookups the stage reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

UNIT_KINDS = ("money", "percent", "measure", "count", "other")
# unit groups of config/numbers.yaml that are not kinds of their own
GROUP_KINDS = {"duration": "other", "score": "other"}
UNIT_GROUPS = (*UNIT_KINDS, *GROUP_KINDS)


@dataclass(frozen=True)
class WordInfo:
    """What a word written after a number is: ``category`` is a group of units
    (``UNIT_GROUPS``), ``time``, ``address`` or ``big`` (`四大`); ``form`` is the unit
    as the tables are written (folded: `平方米` → `m²`)."""

    category: str
    form: str
    kind: str = field(init=False)  # the ``kind`` column of a quantity with this unit

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", GROUP_KINDS.get(self.category, self.category))


def suffix_words(tables: dict[str, Any]) -> dict[str, WordInfo]:
    """Every word that may follow a number, with what it is."""
    forms = tables["unit_forms"]
    words: dict[str, WordInfo] = {}
    for group in ("units", "latin_units"):
        for category, units in tables[group].items():
            for unit in units:
                words[unit] = WordInfo(category, forms.get(unit, unit))
    for category, key in (("time", "time_words"), ("address", "address_words")):
        for word in tables[key]:
            words[word] = WordInfo(category, word)
    for word in tables["big_counter"]:
        words[word] = WordInfo("big", "")
    return words


@dataclass(frozen=True)
class Vocabulary:
    """Lookups built once from the tables; each field is described in the YAML file."""

    words: dict[str, WordInfo]
    latin_words: dict[str, WordInfo]
    unit_forms: dict[str, str]
    compound_separator: str
    qualifiers_before: dict[str, str]
    vague_before: dict[str, str]
    qualifiers_after: dict[str, str]
    qualifier_lookalikes: frozenset[str]
    prefix_ends: frozenset[str]
    article_words: frozenset[str]
    ordinal_marker: frozenset[str]
    ordinal_units: frozenset[str]
    ordinal_excluded_units: frozenset[str]
    numeral_word_heads: frozenset[str]
    word_digits: frozenset[str]
    opening_quotes: frozenset[str]
    closing_quotes: frozenset[str]
    opening_parens: frozenset[str]
    closing_parens: frozenset[str]
    code_neighbour: re.Pattern
    formula_neighbours: frozenset[str]
    factor_marks: frozenset[str]
    ratio_marks: frozenset[str]
    dashes: frozenset[str]
    signs: str
    scales: frozenset[str]
    leading_scales: frozenset[str]
    spaces: frozenset[str]
    enumerator_marks: frozenset[str]
    coordinators: frozenset[str]
    big_counter_max: int
    clause_ends: frozenset[str]
    sentence_starts: frozenset[str]
    version: re.Pattern
    labels_before: tuple[str, ...]
    label_ends: frozenset[str]
    label_lookalikes: tuple[str, ...]
    clock_marks: frozenset[str]
    fraction_mark: str
    comparison_marks: frozenset[str]
    years: range
    identifier_digits: int

    @classmethod
    def from_tables(cls, tables: dict[str, Any]) -> Vocabulary:
        words = suffix_words(tables)
        before, vague = tables["qualifiers_before"], tables["vague_before"]
        opening_parens, closing_parens = tables["parentheses"]
        low, high = tables["year_range"]
        return cls(
            words=words,
            latin_words={w.lower(): info for w, info in words.items() if w.isascii() and w.isalpha()},
            unit_forms=tables["unit_forms"],
            compound_separator=tables["compound_separator"],
            qualifiers_before=before,
            vague_before=vague,
            qualifiers_after=tables["qualifiers_after"],
            qualifier_lookalikes=frozenset(tables["qualifier_lookalikes"]),
            prefix_ends=frozenset(
                w[-1] for w in [*before, *vague, *tables["ordinal_marker"], *tables["percent_words"]]
            ),
            article_words=frozenset(tables["article_words"]),
            ordinal_marker=frozenset(tables["ordinal_marker"]),
            ordinal_units=frozenset(tables["ordinal_units"]),
            ordinal_excluded_units=frozenset(tables["ordinal_excluded_units"]),
            numeral_word_heads=frozenset(tables["numeral_word_heads"]),
            word_digits=frozenset(tables["word_digits"]),
            opening_quotes=frozenset(tables["opening_quotes"]),
            closing_quotes=frozenset(tables["closing_quotes"]),
            opening_parens=frozenset(opening_parens),
            closing_parens=frozenset(closing_parens),
            code_neighbour=re.compile(f"[{tables['code_neighbours']}]"),
            formula_neighbours=frozenset(tables["formula_neighbours"]),
            factor_marks=frozenset(tables["factor_marks"]),
            ratio_marks=frozenset(tables["ratio_marks"]),
            dashes=frozenset(tables["range_dashes"]) | frozenset(tables["range_hyphens"]),
            signs="".join(tables["signs"]),
            scales=frozenset(tables["small_scales"]) | frozenset(tables["big_scales"]),
            leading_scales=frozenset(tables["leading_scales"]),
            spaces=frozenset(tables["spaces"]),
            enumerator_marks=frozenset(tables["enumerator_marks"]),
            coordinators=frozenset(tables["coordinators"]),
            big_counter_max=tables["big_counter_max"],
            clause_ends=frozenset(tables["clause_ends"]),
            sentence_starts=frozenset(tables["sentence_starts"]),
            version=re.compile(tables["version_pattern"]),
            labels_before=tuple(tables["labels_before"]),
            label_ends=frozenset(w[-1] for w in tables["labels_before"]),
            label_lookalikes=tuple(tables["label_lookalikes"]),
            clock_marks=frozenset(tables["clock_marks"]),
            fraction_mark=tables["fraction_mark"],
            comparison_marks=frozenset(tables["comparison_marks"]),
            years=range(low, high + 1),
            identifier_digits=tables["identifier_digits"],
        )
