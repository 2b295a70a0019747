"""The documents the benchmark reads, written into a temporary folder for each run.

Nothing here is kept: every document is built from the ``.txt`` files of a corpus folder
(``../shared/corpus``, or the repository's own ``raw/``) at the start of a run.
"""

from __future__ import annotations

from pathlib import Path

MEGABYTE = 1_000_000  # the long documents are sized in bytes of UTF-8, as max_bytes is
TINY_CHARS = 200


def read_corpus(folder: Path) -> dict[str, str]:
    """The decoded ``.txt`` files under ``folder``, named by their relative paths; raises
    SystemExit naming the folder when it holds none."""
    from pipeline.config import Config
    from pipeline.ingest.text import decode_text

    ingest = Config().load("ingest")
    if not any(folder.rglob("*.txt")):
        raise SystemExit(f"bench: no .txt documents under {folder} (give the corpus with --corpus DIR)")
    return {
        path.relative_to(folder).with_suffix("").as_posix().replace("/", "_"): decode_text(
            path.read_bytes(), fallback_encodings=ingest["fallback_encodings"],
            max_control_share=ingest["max_control_share"]).text
        for path in sorted(folder.rglob("*.txt"))
    }


def write_documents(folder: Path, texts: dict[str, str], size: int, *, repeat: bool = True) -> Path:
    """The texts written as UTF-8 documents, copy after copy, until they hold ``size`` characters."""
    folder.mkdir(parents=True)
    written, copy = 0, 0
    while written < size:
        for name, text in texts.items():
            if written >= size:
                break
            (folder / f"{copy:04d}_{name}.txt").write_text(text, encoding="utf-8")
            written += len(text)
        copy += 1
        if not repeat:
            break
    return folder


def write_long_document(path: Path, texts: dict[str, str], megabytes: int) -> Path:
    """One document of the texts, one after another and again, cut at the last line end
    before ``megabytes`` of UTF-8."""
    limit = megabytes * MEGABYTE
    lines = [line for text in texts.values() for line in text.splitlines(keepends=True)]
    if not lines:
        raise ValueError("no text to build a long document from")
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        while True:
            for line in lines:
                size = len(line.encode("utf-8"))
                if written + size > limit:
                    return path
                f.write(line)
                written += size


def write_tiny_document(path: Path, texts: dict[str, str]) -> Path:
    """The first lines of the first text, up to ``TINY_CHARS`` characters."""
    lines, chars = [], 0
    for line in next(iter(texts.values())).splitlines(keepends=True):
        if lines and chars + len(line) > TINY_CHARS:
            break
        lines.append(line)
        chars += len(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")
    return path


def chars(documents: Path) -> int:
    """Characters of a document, or of the ``.txt`` documents of a folder."""
    paths = sorted(documents.glob("*.txt")) if documents.is_dir() else [documents]
    return sum(len(p.read_text(encoding="utf-8")) for p in paths)


def describe(folder: Path) -> str:
    return f"{len(list(folder.glob('*.txt')))} documents, {chars(folder):,} characters"
