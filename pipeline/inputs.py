"""Finding the documents of a run and naming them (spec §1: ``doc_id``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DocumentTask:
    """One input file to process, named by its ``doc_id``."""

    doc_id: str
    path: Path


def find_documents(inputs: list[Path], *, ignore_names: list[str]) -> list[DocumentTask]:
    """Every file under the inputs, sorted by ``doc_id``.

    A folder's files are named by their path relative to the folder, without the
    extension; a file given directly is named by its stem. Hidden files and folders
    (``.git``) and the names in ``ignore_names`` are passed over. Paths that do not
    exist are kept, so that they get a ``failed`` row.
    """
    tasks = []
    for root in inputs:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                if path.is_dir() or path.name in ignore_names or any(p.startswith(".") for p in relative.parts):
                    continue
                tasks.append(DocumentTask(relative.with_suffix("").as_posix(), path))
        else:
            tasks.append(DocumentTask(root.with_suffix("").name, root))
    return sorted(tasks, key=lambda t: (t.doc_id, str(t.path)))
