"""The entities of a long document read in windows (pipeline/windows.py), as one reading
of the whole text finds them.

Most names are found where they stand, but a name the document introduces (a person by
a title, a short name it defines, a division's short form: mentions.py) is a name at
its every mention, in any window. So the recogniser reads every window once and notes
what the window introduces (in the part of it the window owns), the introductions of
all windows are merged in text order, and a window is read again with them only where
they would change what it found: where a name introduced elsewhere stands in it, or
where a name it introduced has another label in the document. The first reading's
matches are kept meanwhile as three numbers each.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator
from typing import Any

from pipeline.entities.candidates import Candidate
from pipeline.entities.mentions import Mentions, labels_of
from pipeline.entities.recognizer import EntityRecognizer
from pipeline.entities.segmenter import Tokens
from pipeline.matches import Match

# a window's text, and the part of it the window owns
WindowText = tuple[str, int, int]


def windowed_entities(recognizer: EntityRecognizer, windows: int,
                      window_text: Callable[[int], WindowText]) -> Iterator[list[Match]]:
    """The matches of each of ``windows`` windows (offsets of the window's text), in order."""
    mentions = recognizer._mentions
    first: list[tuple[array, array, bytes, dict[str, str]]] = []
    by_places: list[tuple[str, str]] = []
    by_chosen: list[tuple[str, str]] = []
    label_names: list[str] = []  # the labels met, for the kept matches' one-byte codes
    for i in range(windows):
        text, start, end = window_text(i)
        noting = _Noting(mentions, recognizer._reader(text), start, end)
        found = _reading(recognizer, noting, text)
        by_places += noting.by_places
        by_chosen += noting.by_chosen
        first.append((*_packed(found, label_names), noting.labels))
    document = labels_of(by_places, by_chosen)
    for i, (starts, ends, codes, own) in enumerate(first):
        text, _, _ = window_text(i)
        if _changes(document, own, recognizer._reader(text).text):
            yield _reading(recognizer, _Given(mentions, document), text)
        else:
            yield [Match(s, e, {"label": label_names[c]}) for s, e, c in zip(starts, ends, codes)]


def _reading(recognizer: EntityRecognizer, mentions: Any, text: str) -> list[Match]:
    """``recognizer`` on ``text``, with ``mentions`` standing in for its mentions step."""
    return recognizer(text, mentions=mentions)


def _packed(found: list[Match], label_names: list[str]) -> tuple[array, array, bytes]:
    codes = bytearray()
    for m in found:
        label = m.fields["label"]
        if label not in label_names:
            label_names.append(label)
        codes.append(label_names.index(label))
    return array("q", (m.start for m in found)), array("q", (m.end for m in found)), bytes(codes)


def _changes(document: dict[str, str], own: dict[str, str], reading: str) -> bool:
    """Whether the document's introductions find other mentions in a window's ``reading``
    than the window's own did."""
    if any(document.get(name) != label for name, label in own.items()):
        return True
    elsewhere = [name for name in document if name not in own]
    if not elsewhere:
        return False
    return re.search("|".join(map(re.escape, elsewhere)), reading) is not None


class _Noting:
    """The mentions step that notes what the window's owned part introduces."""

    def __init__(self, mentions: Mentions, reader_view: Any, start: int, end: int) -> None:
        self._mentions = mentions
        self._owned = (reader_view.from_source(start), reader_view.from_source(end))
        self.by_places: list[tuple[str, str]] = []
        self.by_chosen: list[tuple[str, str]] = []
        self.labels: dict[str, str] = {}

    def __call__(self, text: str, tokens: Tokens, chosen: list[Candidate], places: list[Candidate]) -> list[Candidate]:
        low, high = self._owned
        self.by_places, self.by_chosen = self._mentions.introduced(
            text, [c for c in chosen if low <= c.start < high], [c for c in places if low <= c.start < high])
        self.labels = labels_of(*self._mentions.introduced(text, chosen, places))
        return self._mentions.found(text, tokens, self.labels)


class _Given:
    """The mentions step that finds the document's introductions."""

    def __init__(self, mentions: Mentions, labels: dict[str, str]) -> None:
        self._mentions = mentions
        self._labels = labels

    def __call__(self, text: str, tokens: Tokens, chosen: list[Candidate], places: list[Candidate]) -> list[Candidate]:
        return self._mentions.found(text, tokens, self._labels)
