"""A run: every document of the inputs through the stages, into one output folder."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pipeline import __version__
from pipeline.config import Config
from pipeline.engines import document_results
from pipeline.inputs import DocumentTask, InputSelection, find_documents
from pipeline.process import STAGES, DocumentResult
from pipeline.rendering import RenderedRows
from pipeline.schema import TABLES, datapackage, format_row
from pipeline.spool import SpooledRows
from pipeline.writers import CACHE, OutputWriter


@dataclass
class RunOptions:
    inputs: list[Path]
    out: Path
    config: Config = field(default_factory=Config)
    workers: int = 1
    stages: tuple[str, ...] = STAGES
    resume: bool = False
    engine: str = "local"
    scheduler: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunSummary:
    documents: int
    failed: list[tuple[str, str]]
    invalid_rows: int
    rows: dict[str, int]
    reused: int
    skipped: int = 0
    failed_checks: int = 0

    @property
    def clean(self) -> bool:
        return not self.failed and not self.invalid_rows


Progress = Callable[[DocumentResult], None]


def run(options: RunOptions, *, on_document: Progress | None = None,
        on_finished: Callable[[], None] | None = None) -> RunSummary:
    """Process every document of ``options.inputs`` and write the tables to ``options.out``;
    ``on_finished`` is called as each document is done (or taken from the cache),
    ``on_document`` as each is written, in ``doc_id`` order."""
    config = options.config
    selection = select_inputs(options)
    tasks = selection.tasks
    writer = OutputWriter(options.out)
    cache = _ResultCache(options.out / CACHE, _run_key(config, options.stages))
    reused = 0
    try:
        for result, from_cache in _results(tasks, options, cache, on_finished):
            reused += from_cache
            writer.add(result)
            if on_document is not None:
                on_document(result)
        manifest = _manifest(config, options.stages, writer)
        writer.finish(manifest, datapackage(__version__))
    except BaseException:
        writer.abandon()
        raise
    return RunSummary(len(tasks), writer.failed, writer.invalid, writer.counts(), reused, len(selection.skipped),
                      writer.failed_checks)


def select_inputs(options: RunOptions) -> InputSelection:
    """The documents a run reads (its own output folder is never one of them)."""
    return find_documents(options.inputs, ingest=options.config.load("ingest"), exclude_dirs=(options.out,),
                          include=options.include, exclude=options.exclude)


def _results(
    tasks: list[DocumentTask], options: RunOptions, cache: _ResultCache, on_finished: Callable[[], None] | None
) -> Iterator[tuple[DocumentResult, bool]]:
    """Results in doc_id order, each with whether it came from the cache (``--resume``)."""
    unique, duplicates = _split_duplicates(tasks)
    reusable = {t.doc_id for t in unique if options.resume and cache.is_current(t)}
    todo = [t for t in unique if t.doc_id not in reusable]
    computed = document_results(todo, options.config, options.stages, workers=options.workers,
                                engine=options.engine, scheduler=options.scheduler, on_finished=on_finished)
    for task in tasks:
        if task in duplicates or task.doc_id in reusable:
            if on_finished is not None:
                on_finished()
            yield (duplicates[task], False) if task in duplicates else (cache.load(task), True)
        else:
            result = next(computed)
            cache.save(task, result)
            yield result, False


def _split_duplicates(tasks: list[DocumentTask]) -> tuple[list[DocumentTask], dict[DocumentTask, DocumentResult]]:
    """Tasks with a doc_id of their own, and failed results for the later ones sharing one."""
    first: dict[str, DocumentTask] = {}
    duplicates = {}
    for task in tasks:
        if task.doc_id in first:
            # named by its path, so that documents.csv keeps one row per key
            facts = {"doc_id": str(task.path), "status": "failed", "source_path": str(task.path),
                     "reason": f"duplicate doc_id {task.doc_id!r}: {first[task.doc_id].path} has the same name"}
            duplicates[task] = DocumentResult(str(task.path), format_row(TABLES["documents"], facts))
        else:
            first[task.doc_id] = task
    return list(first.values()), duplicates


def _run_key(config: Config, stages: tuple[str, ...]) -> str:
    return hashlib.sha256(f"{__version__}\0{config.digest}\0{','.join(stages)}".encode()).hexdigest()


class _ResultCache:
    """Each document's result, kept beside the output, for ``--resume`` after a crash.

    An entry is a JSON file: a header line (run key, input SHA-256) and a line with the
    rendered result. It is used only when the input's bytes, the configuration, the stages
    and the pipeline version are all the same as when it was written. Being data, not a
    pickle, an entry placed in a shared output folder can never run code.
    """

    def __init__(self, folder: Path, run_key: str) -> None:
        self.folder = folder
        self.run_key = run_key

    def _path(self, task: DocumentTask) -> Path:
        return self.folder / (hashlib.sha256(task.doc_id.encode()).hexdigest()[:32] + ".json")

    def _input_key(self, task: DocumentTask) -> str | None:
        """The SHA-256 of the input, read as on a first read: a regular file, within the size limit."""
        try:
            if not task.path.is_file():
                return None
            return hashlib.sha256(task.path.read_bytes()).hexdigest()
        except OSError:
            return None

    def is_current(self, task: DocumentTask) -> bool:
        """Whether the entry of ``task`` was written for this input, at this path, with this
        run's settings. Only the entry's header line is read."""
        try:
            with self._path(task).open(encoding="utf-8") as f:
                header = json.loads(f.readline())
        except (OSError, ValueError):
            return False
        return header == {"run": self.run_key, "input": self._input_key(task), "path": str(task.path)}

    def load(self, task: DocumentTask) -> DocumentResult:
        """The cached result of a task that ``is_current``."""
        with self._path(task).open(encoding="utf-8") as f:
            f.readline()
            data = json.loads(f.readline())
        rows = {name: RenderedRows(*parts) for name, parts in data["rows"].items()}
        return DocumentResult(data["doc_id"], data["document"], rows, data["invalid"], data["canonical_text"])

    def save(self, task: DocumentTask, result: DocumentResult) -> None:
        """Keep ``result``, keyed by the input's SHA-256 as its documents row records it."""
        sha256 = dict(zip(TABLES["documents"].header, result.document)).get("sha256")
        if not sha256:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(task)
        partial = path.with_suffix(".partial")
        header = {"run": self.run_key, "input": sha256, "path": str(task.path)}
        with partial.open("w", encoding="utf-8") as f:
            f.write(json.dumps(header) + "\n")
            _write_body(f, result)
        partial.replace(path)


def _write_body(f: IO[str], result: DocumentResult) -> None:
    """The JSON line of a result, written a piece at a time: a long document's rows, spooled
    to files, are never all in memory (the same text as ``json.dumps`` of the whole)."""
    f.write(f'{{"doc_id": {json.dumps(result.doc_id)}, "document": {json.dumps(result.document)}, "rows": {{')
    for i, (name, rows) in enumerate(result.rows.items()):
        f.write(f'{", " if i else ""}{json.dumps(name)}: [{rows.count}, ')
        for part in (0, 1):  # the CSV text, then the JSON text, as JSON strings
            f.write(', "' if part else '"')
            for chunk in rows.chunks(part) if isinstance(rows, SpooledRows) else [(rows.csv, rows.json)[part]]:
                f.write(json.dumps(chunk)[1:-1])
            f.write('"')
        f.write("]")
    f.write(f'}}, "invalid": {json.dumps(result.invalid)}, "canonical_text": {json.dumps(result.canonical_text)}}}\n')


def _manifest(config: Config, stages: tuple[str, ...], writer: OutputWriter) -> dict:
    return {
        "pipeline": "nianbao",
        "version": __version__,
        "config_digest": config.digest,
        "report_year_option": config.report_year,
        "stages": list(stages),
        "rows": writer.counts(),
        "failed_checks": writer.failed_checks,
        "inputs": writer.inputs,
    }
