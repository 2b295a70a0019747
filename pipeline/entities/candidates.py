"""What the rules propose, and how the final, non-overlapping spans are chosen."""

from __future__ import annotations

import re
from typing import NamedTuple


class Candidate(NamedTuple):
    """A proposed entity ``text[start:end]`` with its label."""

    start: int
    end: int
    label: str


def generic_body_pattern(words: list[str], suffixes: list[str]) -> re.Pattern[str]:
    """Matches a body made only of ``words`` and of descriptors ending in one of
    ``suffixes`` (`国家重点`, `研究型`): a body that names nothing in particular."""
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    ends = "".join(map(re.escape, suffixes))
    return re.compile(f"(?:{alternatives}|[\u4e00-\u9fff]{{1,3}}[{ends}])*")


def choose(candidates: list[Candidate], label_priority: list[str]) -> list[Candidate]:
    """The longest candidates that do not overlap, in text order.

    Spans are maximal and not nested: a longer candidate wins over every candidate it
    overlaps (`上海实验动物研究中心迪庆高原生物技术研究院` over `上海` and `迪庆`); on
    equal spans the label first in ``label_priority`` wins.
    """
    rank = {label: i for i, label in enumerate(label_priority)}
    ordered = sorted(set(candidates), key=lambda c: (c.start - c.end, rank[c.label], c.start))
    taken: list[Candidate] = []
    used: set[int] = set()
    for c in ordered:
        if used.isdisjoint(range(c.start, c.end)):
            taken.append(c)
            used.update(range(c.start, c.end))
    return sorted(taken)


def after_people(text: str, names: list[Candidate], people: list[Candidate], shortest: int) -> list[Candidate]:
    """``names`` less a person's name (found next to a title somewhere) that they start
    with or start inside: a table's cells run together are two entities (`张兆国`
    `东方金钰股份有限公司`, `李定安` `华南理工大学`, not `定安华南理工大学`)."""
    if not people:
        return names
    pattern = re.compile("|".join(map(re.escape, {text[c.start:c.end] for c in people})))
    person_end = {}
    for m in pattern.finditer(text):
        person_end.update(dict.fromkeys(range(m.start(), m.end()), m.end()))
    trimmed = []
    for c in names:
        end = person_end.get(c.start)
        if end is not None and c.end - end >= shortest:
            c = Candidate(end, c.end, c.label)
        trimmed.append(c)
    return trimmed


def governments_as_places(text: str, candidates: list[Candidate], countries: set[str],
                          words: list[str]) -> list[Candidate]:
    """``candidates`` with each organisation named only by one of ``countries`` and one
    of ``words`` (`美国政府`) read as the country (GPE), as a country's government stands
    for the country; a division's government (`香港特别行政区政府`) and a body's formal
    name stay an ORG."""
    ends = tuple(words)
    found = []
    for c in candidates:
        name = text[c.start:c.end]
        if c.label == "ORG" and name.endswith(ends):
            place = name[:-next(len(w) for w in words if name.endswith(w))]
            if place in countries:
                c = Candidate(c.start, c.start + len(place), "GPE")
        found.append(c)
    return found


def after_datelines(text: str, candidates: list[Candidate], dateline: re.Pattern[str]) -> list[Candidate]:
    """``candidates`` less a newswire dateline's end that a name was read to start with
    (`5月18日电` + `外交部`: `日电外交部` is `外交部`); ``dateline`` matches from the
    character before the name."""
    found = []
    for c in candidates:
        m = dateline.match(text, max(c.start - 1, 0))
        if m and c.start < m.end() < c.end:
            c = Candidate(m.end(), c.end, c.label)
        found.append(c)
    return found
