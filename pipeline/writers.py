"""Writing a run's tables: CSV and JSON per table, ``datapackage.json`` and the manifest.

Everything is written into a staging folder inside the output folder first and moved
into place only when the run has finished, file by file with ``os.replace``: a run that
dies leaves the previous output as it was, never a half-written file. The old
``manifest.json`` is removed before the first move and the new one is moved last, so a
folder whose manifest is there holds one run's tables and nothing else; a reader that
finds no manifest is looking at a folder mid-switch. A lock (``.lock``, held with
``flock`` for the whole run) makes a second run into the same folder fail at once.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import shutil
from pathlib import Path
from typing import IO, Any

from pipeline.checks import count_failed
from pipeline.process import DocumentResult
from pipeline.rendering import RenderedRows, render_rows
from pipeline.schema import TABLES, Table
from pipeline.spool import SpooledRows

STAGING = ".staging"
CACHE = ".cache"  # each document's result, for --resume (pipeline/runner.py)
LOCK = ".lock"
STDIN_FOLDER = ".stdin"  # standard input, kept as the document its rows index (pipeline/cli.py)
MANIFEST = "manifest.json"


class OutputError(Exception):
    """The output folder cannot be used; the message says why."""


class _TableFiles:
    """One table's CSV and JSON files, written a document's rows at a time."""

    def __init__(self, table: Table, folder: Path) -> None:
        self.table = table
        self.rows = 0
        self._csv: IO[str] = open(folder / f"{table.name}.csv", "w", encoding="utf-8", newline="")
        csv.writer(self._csv, lineterminator="\n").writerow(table.header)
        self._json: IO[str] = open(folder / f"{table.name}.json", "w", encoding="utf-8", newline="\n")
        self._json.write("[")

    def write(self, rendered: RenderedRows | SpooledRows) -> None:
        if not rendered.count:
            return
        self._json.write("\n" if self.rows == 0 else ",\n")
        if isinstance(rendered, SpooledRows):
            rendered.copy_to(self._csv, self._json)
            rendered.discard()
        else:
            self._csv.write(rendered.csv)
            self._json.write(rendered.json)
        self.rows += rendered.count

    def close(self) -> None:
        if self._json.closed:
            return
        self._csv.close()
        self._json.write("\n]\n" if self.rows else "]\n")
        self._json.close()


class OutputWriter:
    """Streams documents' results, in ``doc_id`` order, into a run's output folder."""

    def __init__(self, out: Path) -> None:
        if out.exists() and not out.is_dir():
            raise OutputError(f"{out}: exists and is not a folder")
        ours = {STAGING, CACHE, LOCK, STDIN_FOLDER}
        earlier_run = (out / MANIFEST).exists() or (out / LOCK).exists()  # a lock stays after a run
        if out.is_dir() and any(p.name not in ours for p in out.iterdir()) and not earlier_run:
            raise OutputError(f"{out}: not empty and not the output of an earlier run; choose another --out")
        self.out = out
        self._lock = _lock(out)
        self.staging = out / STAGING
        shutil.rmtree(self.staging, ignore_errors=True)
        (self.staging / "text").mkdir(parents=True)
        self._tables = {name: _TableFiles(table, self.staging) for name, table in TABLES.items()}
        self.failed: list[tuple[str, str]] = []
        self.invalid = 0
        self.failed_checks = 0
        self.inputs: list[dict[str, Any]] = []

    def add(self, result: DocumentResult) -> None:
        document = dict(zip(TABLES["documents"].header, result.document))
        if document["text_path"] and result.canonical_text is None:
            document["text_path"] = _relative_to(Path(document["text_path"]), self.out)
        self._tables["documents"].write(render_rows(TABLES["documents"], [list(document.values())]))
        self.inputs.append({key: document[key] for key in ("doc_id", "source_path", "bytes", "sha256", "status")})
        if not result.ok:
            self.failed.append((result.doc_id, document["reason"]))
        for name, rendered in result.rows.items():
            self._tables[name].write(rendered)
        invalid = TABLES["invalid_rows"]
        cells = [[str(row.get(c.name, "")) for c in invalid.columns] for row in result.invalid]
        self._tables["invalid_rows"].write(render_rows(invalid, cells))
        self.invalid += len(result.invalid)
        if "checks" in result.rows:
            self.failed_checks += count_failed(result.rows["checks"])
        if result.canonical_text is not None:
            path = self.staging / "text" / f"{result.doc_id}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(result.canonical_text, encoding="utf-8", newline="")

    def counts(self) -> dict[str, int]:
        return {name: files.rows for name, files in self._tables.items()}

    def finish(self, manifest: dict[str, Any], datapackage: dict[str, Any]) -> None:
        """Close the tables, write the descriptors, and move everything into place."""
        for files in self._tables.values():
            files.close()
        _write_json(self.staging / "datapackage.json", datapackage)
        _write_json(self.staging / MANIFEST, manifest)
        old_texts = self.out / "text"
        (self.out / MANIFEST).unlink(missing_ok=True)
        for path in sorted(self.staging.rglob("*"), key=lambda p: p.name == MANIFEST):
            if path.is_file():
                target = self.out / path.relative_to(self.staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
        fresh = {f"{doc_id}.txt" for doc_id in manifest_doc_ids(manifest)}
        for path in sorted(old_texts.rglob("*.txt")) if old_texts.exists() else ():
            if path.relative_to(old_texts).as_posix() not in fresh:
                path.unlink()
        shutil.rmtree(self.staging, ignore_errors=True)
        self._lock.close()

    def abandon(self) -> None:
        """Leave the output folder as it was before the run (even when the disk is full)."""
        for files in self._tables.values():
            try:
                files.close()
            except OSError:
                pass
        shutil.rmtree(self.staging, ignore_errors=True)
        self._lock.close()


def _lock(out: Path) -> IO[str]:
    """Hold ``out/.lock`` for the run; fail at once if another run holds it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / LOCK, "a", encoding="utf-8")
    except OSError as err:
        raise OutputError(f"{out}: cannot write here ({err.strerror or err})") from err
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as err:
        handle.close()
        raise OutputError(f"{out}: another run is writing into this folder; wait for it or choose another --out") \
            from err
    return handle


def _relative_to(path: Path, folder: Path) -> str:
    """``path`` as seen from ``folder``, so that an output folder's own paths resolve from it."""
    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


def manifest_doc_ids(manifest: dict[str, Any]) -> list[str]:
    return [entry["doc_id"] for entry in manifest["inputs"]]


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")
