"""The word lists of ``config/facts.yaml``, compiled once into the lookups the rules use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Wording:
    """Compiled word lists; each ``*_end`` pattern matches its words at the end of a string."""

    change_up: frozenset[str]
    change_word: re.Pattern[str]
    level_end: re.Pattern[str]
    comparison_end: re.Pattern[str]
    comparison_markers: tuple[str, ...]
    change_start: re.Pattern[str]
    strip_start: re.Pattern[str]
    strip_end: re.Pattern[str]
    strip_after_end: re.Pattern[str]
    growth_end: re.Pattern[str]
    share_words: tuple[str, ...]
    share_prefix: str
    list_end: str
    locative_end: re.Pattern[str]
    generic_heads: tuple[str, ...]
    target: re.Pattern[str]
    not_target: re.Pattern[str]
    plan_headings: tuple[str, ...]
    review_headings: tuple[str, ...]
    year_end: re.Pattern[str]
    year_start: re.Pattern[str]
    span_back: re.Pattern[str]
    self_words: frozenset[str]
    canonical: dict[str, str]

    @classmethod
    def from_tables(cls, tables: dict[str, Any]) -> Wording:
        ups, downs = tables["change_up"], tables["change_down"]
        canonical = {variant: name for name, variants in tables["canonical"].items() for variant in variants}
        return cls(
            change_up=frozenset(ups),
            change_word=re.compile(f"({_alternation(ups + downs)})"),
            level_end=re.compile(f"(?:{_alternation(tables['level_words'])})$"),
            comparison_end=re.compile(f"(?:{_alternation(tables['comparisons'])})$"),
            comparison_markers=tuple(tables["comparison_markers"]),
            strip_start=re.compile(
                f"(?:{_alternation([w for w in tables['strip_before'] if len(w) > 1] + tables['lead_words'])})"),
            change_start=re.compile(f"(?:{_alternation(ups + downs)})"),
            strip_end=re.compile(f"(?:{_alternation(tables['strip_before'])})$"),
            strip_after_end=re.compile(f"(?:{_alternation(tables['strip_after'])})$"),
            growth_end=re.compile(f"(?:{_alternation(tables['growth_nouns'])})$"),
            share_words=tuple(tables["share_words"]),
            share_prefix=tables["share_prefix"],
            list_end=tables["list_end"],
            locative_end=re.compile(f"(?:{_alternation(tables['locatives'])})$"),
            generic_heads=tuple(tables["generic_heads"]),
            target=re.compile(_alternation(tables["target_words"])),
            not_target=re.compile(_alternation(tables["not_target"])),
            plan_headings=tuple(tables["plan_headings"]),
            review_headings=tuple(tables["review_headings"]),
            year_end=re.compile(_alternation(tables["year_end_words"])),
            year_start=re.compile(_alternation(tables["year_start_words"])),
            span_back=re.compile(f"(?:{_alternation(tables['span_back'])})$"),
            self_words=frozenset(tables["self_words"]),
            canonical=canonical,
        )

    def is_up(self, word: str) -> bool:
        return word in self.change_up

    def has_target(self, text: str) -> bool:
        """A modal or plan word in ``text``, not counting words that only contain one (`主要`)."""
        return bool(self.target.search(self.not_target.sub("", text)))
