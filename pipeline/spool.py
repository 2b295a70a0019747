"""A table's rendered rows kept in temporary files, for a document read in windows.

A long document's rows take about twenty times its size as CSV and JSON text, more
than the memory a run may take; each window's rows are appended to the files and
copied from them into the output by the writer (``copy_to``). The files belong to the
object: removed when it is garbage collected, or when the writer has copied them. A
pickled object (a worker's result sent to the writing process) hands the files over to
the copy it becomes, which must be on the same machine.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from typing import IO

from pipeline.rendering import RenderedRows

_CHUNK = 1 << 20  # characters copied at a time


class SpooledRows:
    """``count`` rows of a table as CSV lines and as JSON objects joined by ``,\\n``, in files."""

    def __init__(self) -> None:
        self.count = 0
        self._paths = tuple(_temporary(suffix) for suffix in (".csv", ".json"))
        self._cleanup = weakref.finalize(self, _remove, self._paths)

    def add(self, rendered: RenderedRows) -> None:
        if not rendered.count:
            return
        csv_path, json_path = self._paths
        with open(csv_path, "a", encoding="utf-8", newline="") as f:
            f.write(rendered.csv)
        with open(json_path, "a", encoding="utf-8", newline="") as f:
            f.write((",\n" if self.count else "") + rendered.json)
        self.count += rendered.count

    @property
    def csv(self) -> str:
        return _read(self._paths[0])

    @property
    def json(self) -> str:
        return _read(self._paths[1])

    def copy_to(self, csv_file: IO[str], json_file: IO[str]) -> None:
        """Append the CSV and JSON text to two open files, a chunk at a time."""
        for path, target in zip(self._paths, (csv_file, json_file)):
            with open(path, encoding="utf-8", newline="") as f:
                shutil.copyfileobj(f, target, _CHUNK)

    def chunks(self, part: int) -> Iterator[str]:
        """The CSV (``part`` 0) or JSON (1) text, a chunk at a time."""
        with open(self._paths[part], encoding="utf-8", newline="") as f:
            while chunk := f.read(_CHUNK):
                yield chunk

    def discard(self) -> None:
        self._cleanup()

    def __getstate__(self) -> dict:
        self._cleanup.detach()
        return {"count": self.count, "paths": self._paths}

    def __setstate__(self, state: dict) -> None:
        self.count, self._paths = state["count"], state["paths"]
        self._cleanup = weakref.finalize(self, _remove, self._paths)


def _temporary(suffix: str) -> str:
    handle, path = tempfile.mkstemp(prefix="nianbao-rows-", suffix=suffix)
    os.close(handle)
    return path


def _read(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _remove(paths: tuple[str, ...]) -> None:
    for path in paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
