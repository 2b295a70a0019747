"""Names a document introduces once and then repeats.

A person found next to a title (`曾钰成议员`) is then a PERSON wherever the name stands
alone (`曾钰成，你…`); a division no gazetteer lists (`青禾市`) is a GPE wherever its
short form stands (`青禾至临川`); a short name the document defines for an organisation
or a law (`深圳能源集团股份有限公司（以下简称“深圳能源”）`, or a table of definitions:
`深华发 指 深圳中恒华发股份有限公司`) takes that entity's label at every mention. A
mention counts where the segmenter's words start and end with it.
"""

from __future__ import annotations

import re
from collections.abc import Container

from pipeline.entities.candidates import Candidate
from pipeline.entities.segmenter import Tokens


class Mentions:
    """``places`` are the gazetteers' names; ``short_form`` matches a division's name
    with its short form in group 1 (gazetteer.py)."""

    def __init__(self, aliases: dict, generic: frozenset[str], places: Container[str],
                 short_form: re.Pattern[str]) -> None:
        self._places = places
        self._short_form = short_form
        self._after = re.compile(aliases["defined_after"])
        self._quoted = re.compile(aliases["quoted"])
        self._before = re.compile(aliases["defined_before"], re.MULTILINE)
        self._labels = frozenset(aliases["labels"])
        self._not_alias = re.compile(aliases["not_alias"])
        self._generic = generic

    def __call__(self, text: str, tokens: Tokens, chosen: list[Candidate], places: list[Candidate]) -> list[Candidate]:
        """Every mention of the people and short names that ``chosen`` introduces, and of
        the short forms of the divisions among ``places``, the places found, chosen or
        inside a longer name (`宁川市` of an address, `江苏省宁川市…路`)."""
        return self.found(text, tokens, labels_of(*self.introduced(text, chosen, places)))

    def introduced(self, text: str, chosen: list[Candidate],
                   places: list[Candidate]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The names, with their labels, that ``places`` introduce and that ``chosen`` do,
        in text order (a document read in windows merges each window's: ``labels_of``)."""
        by_places = [(short, c.label) for c in places
                     if c.label == "GPE" and (short := self._unlisted_short_form(text[c.start:c.end]))]
        by_chosen = []
        for c in chosen:
            if c.label == "PERSON":
                by_chosen.append((text[c.start:c.end], c.label))
            elif c.label in self._labels:
                by_chosen.extend((alias, c.label) for alias in self._aliases(text, c))
        return by_places, by_chosen

    def found(self, text: str, tokens: Tokens, labels: dict[str, str]) -> list[Candidate]:
        """The mentions of the names ``labels`` gives the labels of."""
        if not labels:
            return []
        starts, ends = tokens.index_at, tokens.index_ending
        pattern = re.compile("|".join(map(re.escape, sorted(labels, key=len, reverse=True))))
        return [Candidate(m.start(), m.end(), labels[m.group()]) for m in pattern.finditer(text)
                if m.start() in starts and m.end() in ends]

    def _unlisted_short_form(self, name: str) -> str | None:
        """The short form of a division no gazetteer lists (`青禾` of `青禾市`); a listed
        division's short form is a name of the gazetteer, unless it is a common word."""
        match = self._short_form.match(name)
        if match is None or name in self._places:
            return None
        return match.group(1)

    def _aliases(self, text: str, c: Candidate) -> list[str]:
        """The short names defined for ``c``: quoted in brackets after it, or before it in
        a table of definitions."""
        found = []
        if after := self._after.match(text, c.end):
            found = [q.group(1).strip() for q in self._quoted.finditer(after.group())]
        if before := self._before.search(text, max(0, c.start - 20), c.start):
            found.append(before.group(1))
        name = text[c.start:c.end]
        return [a for a in found
                if len(a) >= 2 and a != name and a not in self._generic and not self._not_alias.search(a)]


def labels_of(*introduced: list[tuple[str, str]]) -> dict[str, str]:
    """Each name's label: the first that introduced lists give it."""
    labels: dict[str, str] = {}
    for names in introduced:
        for name, label in names:
            labels.setdefault(name, label)
    return labels
