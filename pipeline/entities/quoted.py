"""Names in quotation marks: a quoted phrase that ends in a head names what the head
says (`“关爱基金”` ORG, `“金融发展局”` ORG, `“长者社区照顾服务券试验计划”` LAW),
unless the rest is generic or the phrase is a count or slogan (`“五个中心”`)."""

from __future__ import annotations

import re

from pipeline.entities.candidates import Candidate
from pipeline.entities.suffixes import Suffixes
from pipeline.entities.wordclasses import WordClasses


class QuotedNames:
    """Heads of the labels in ``quoted["labels"]`` count when they have two or more
    characters or are a bureau's (`局`): one-character heads end many phrases."""

    def __init__(self, quoted: dict, words: WordClasses, min_body: int) -> None:
        self._pattern = re.compile(quoted["pattern"])
        self._not_name = re.compile(quoted["not_name"])
        self._words = words
        self._min_body = min_body
        self._heads = Suffixes(h for h, label in words.head_label.items()
                               if label in quoted["labels"] and (len(h) > 1 or h in words.bureau_heads))

    def __call__(self, text: str) -> list[Candidate]:
        found = []
        for m in self._pattern.finditer(text):
            name = m.group(1)
            head = self._heads.longest(name)
            if head is None or self._not_name.search(name):
                continue
            body = name[:-len(head)]
            if len(body) >= self._min_body and not self._words.generic_text(body):
                found.append(Candidate(m.start(1), m.end(1), self._words.head_label[head]))
        return found
