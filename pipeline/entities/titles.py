"""Titles in book-title marks: `《…》` is a LAW (the span inside the marks) when it
names a law, policy or plan by its last word, a periodical's name (`《证券时报》`) an ORG,
and a report, speech, book, film or article nothing (`《平凡的世界》`)."""

from __future__ import annotations

import re

from pipeline.entities.candidates import Candidate


class Titles:
    def __init__(self, titles: dict) -> None:
        self._pattern = re.compile(titles["pattern"])
        self._periodical = re.compile(titles["periodical"])
        self._not_law = re.compile(titles["not_law"])
        self._law = re.compile(titles["law"])

    def __call__(self, text: str) -> list[Candidate]:
        found = []
        for m in self._pattern.finditer(text):
            title = m.group(1).strip()
            if self._not_law.search(title):
                continue
            if self._periodical.search(title):
                label = "ORG"
            elif self._law.search(title):
                label = "LAW"
            else:
                continue
            start = m.start(1) + m.group(1).index(title)
            found.append(Candidate(start, start + len(title), label))
        return found
