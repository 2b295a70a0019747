"""The Python API: the pipeline on texts or on files, its tables as typed pandas DataFrames.

``process_text``, ``process_texts`` and ``process_files`` write nothing; they give every table of the
schema (``documents``, ``sections``, ``numbers``, ``dates``, ``entities``, ``boxes``,
``invalid_rows``) with the columns and types that ``pipeline.tables.load_tables`` gives
for a run's output, numbers as exact ``Decimal`` unless ``exact=False``. ``run`` does
what ``nianbao run`` does and writes an output folder.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from pipeline import runner
from pipeline.config import Config
from pipeline.process import STAGES, DocumentProcessor, DocumentResult
from pipeline.rendering import render_rows
from pipeline.schema import TABLES
from pipeline.tables import frame_of_rows

ConfigLike = Config | str | os.PathLike | None


def process_text(
    text: str, *, doc_id: str = "text", report_year: int | None = None, config: ConfigLike = None,
    exact: bool = True,
) -> dict[str, pd.DataFrame]:
    """The tables of one document given as its text; offsets index ``text`` itself.

    ``report_year`` is the year that 今年/本年/报告期 means (detected from the text when
    None); ``config`` a ``Config`` or a configuration folder (default: the shipped one).
    A document that fails has its ``failed`` row in ``documents`` with the reason.
    """
    return process_texts({doc_id: text}, report_year=report_year, config=config, exact=exact)


def process_texts(
    texts: Mapping[str, str], *, report_year: int | None = None, config: ConfigLike = None, exact: bool = True,
) -> dict[str, pd.DataFrame]:
    """``process_text`` for many texts by ``doc_id``, loading the stages (about a second) once."""
    processor = DocumentProcessor(_config(config, report_year))
    return _frames([processor.process_text(doc_id, text) for doc_id, text in texts.items()], exact)


def process_files(
    paths: Iterable[str | os.PathLike], *, report_year: int | None = None, config: ConfigLike = None,
    exact: bool = True,
) -> dict[str, pd.DataFrame]:
    """The tables of every report in ``paths`` (files, or folders searched as ``nianbao run`` does)."""
    from pipeline.inputs import find_documents

    resolved = _config(config, report_year)
    tasks = find_documents([Path(p) for p in paths], ingest=resolved.load("ingest")).tasks
    processor = DocumentProcessor(resolved)
    return _frames([processor(task) for task in tasks], exact)


def run(
    inputs: Iterable[str | os.PathLike], *, out: str | os.PathLike = "output", report_year: int | None = None,
    config: ConfigLike = None, workers: int = 0, stages: Iterable[str] = STAGES[1:], resume: bool = False,
    formats: Iterable[str] = (), engine: str = "local", scheduler: str | None = None,
) -> runner.RunSummary:
    """What ``nianbao run`` does: process ``inputs`` in ``workers`` processes (0: one per core)
    or on a Dask cluster (``engine="dask"``, ``scheduler``), write the tables into ``out`` and,
    for ``formats`` (``parquet``, ``xlsx``), the exports. The summary tells what failed."""
    from pipeline.export import check_formats, write_exports

    options = runner.RunOptions(
        inputs=[Path(p) for p in inputs],
        out=Path(out),
        config=_config(config, report_year),
        workers=workers or os.cpu_count() or 1,
        stages=("sections", *stages),
        resume=resume,
        engine=engine,
        scheduler=scheduler,
    )
    formats = list(formats)
    check_formats(formats)
    summary = runner.run(options)
    write_exports(Path(out), formats)
    return summary


def _config(config: ConfigLike, report_year: int | None) -> Config:
    if config is None:
        config = Config()
    elif not isinstance(config, Config):
        config = Config(Path(config))
    return config if report_year is None else dataclasses.replace(config, report_year=report_year)


def _frames(results: list[DocumentResult], exact: bool) -> dict[str, pd.DataFrame]:
    rows: dict[str, list[str]] = {name: [] for name in TABLES}
    for result in results:
        rows["documents"].append(render_rows(TABLES["documents"], [result.document]).csv)
        for name, rendered in result.rows.items():
            rows[name].append(rendered.csv)
        invalid = [[str(row.get(c.name, "")) for c in TABLES["invalid_rows"].columns] for row in result.invalid]
        rows["invalid_rows"].append(render_rows(TABLES["invalid_rows"], invalid).csv)
    return {name: frame_of_rows(name, "".join(parts), exact=exact) for name, parts in rows.items()}
