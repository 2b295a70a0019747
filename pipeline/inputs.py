"""Finding the documents of a run and naming them (spec §1: ``doc_id``)."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path


@dataclass(frozen=True)
class DocumentTask:
    """One input file to process, named by its ``doc_id``."""

    doc_id: str
    path: Path


@dataclass(frozen=True)
class InputSelection:
    """What a run reads: its documents, and the files under its folders that are not reports."""

    tasks: list[DocumentTask]
    skipped: list[Path] = field(default_factory=list)


def find_documents(
    inputs: list[Path],
    *,
    ingest: dict,
    exclude_dirs: tuple[Path, ...] = (),
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
) -> InputSelection:
    """Every report under the inputs, sorted by ``doc_id``.

    A folder's files are named by their path relative to the folder, without the
    extension; a file given directly is named by its stem. Two files of one folder that
    differ only in their extension (``a.txt``, ``a.pdf``) each keep it (``a.txt``,
    ``a.pdf``). Under a folder, files whose ending ``ingest`` does not read (``.py``,
    ``.csv``) are skipped, and so are hidden files and folders, the names in
    ``ignore_names``, anything inside ``exclude_dirs`` (the run's own output folder) and
    paths (relative, with ``/``) that match none of ``include`` or one of ``exclude``.
    A sub-folder that cannot be listed, and a path given that does not exist, are kept
    as tasks, so that they get a ``failed`` row.
    """
    readable = {s.lower() for s in (*ingest["text_suffixes"], *ingest["pdf_suffixes"])}
    ignored = set(ingest["ignore_names"])
    excluded = tuple(d.resolve() for d in exclude_dirs)
    tasks, skipped = [], []
    for root in inputs:
        if not root.is_dir():
            tasks.append(DocumentTask(root.with_suffix("").name, root))
            continue
        for path in _walk(root, excluded):
            relative = path.relative_to(root).as_posix()
            if path.is_dir():
                tasks.append(DocumentTask(relative, path))  # a folder that could not be listed
            elif path.name in ignored or (include and not any(fnmatch(relative, g) for g in include)) \
                    or any(fnmatch(relative, g) for g in exclude):
                continue
            elif path.suffix.lower() not in readable:
                skipped.append(path)
            else:
                tasks.append(DocumentTask(Path(relative).with_suffix("").as_posix(), path))
    return InputSelection(sorted(_keep_extensions_apart(tasks), key=lambda t: (t.doc_id, str(t.path))), skipped)


def _walk(root: Path, excluded: tuple[Path, ...]) -> list[Path]:
    """The files under ``root`` (hidden ones and ``excluded`` folders left out), and the
    folders that could not be listed."""
    found: list[Path] = []

    def unreadable(err: OSError) -> None:
        found.append(Path(err.filename))

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() not in excluded)
        found.extend(here / n for n in sorted(names) if not n.startswith("."))
    return found


def _keep_extensions_apart(tasks: list[DocumentTask]) -> list[DocumentTask]:
    by_id: dict[str, list[DocumentTask]] = defaultdict(list)
    for task in tasks:
        by_id[task.doc_id].append(task)
    named = []
    for doc_id, group in by_id.items():
        if len(group) > 1 and len({t.path.suffix for t in group}) == len(group):
            named.extend(DocumentTask(doc_id + t.path.suffix, t.path) for t in group)
        else:
            named.extend(group)
    return named
