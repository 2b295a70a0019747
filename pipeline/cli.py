"""The ``nianbao`` command: run the pipeline, compare runs, review what was found."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.config import DEFAULT_CONFIG_DIR, Config, ConfigError
from pipeline.engines import ENGINES, EngineError
from pipeline.process import STAGES
from pipeline.runner import RunOptions, run, select_inputs
from pipeline.writers import STDIN_FOLDER, OutputError

app = typer.Typer(
    help="Turn Chinese annual reports into structured, validated datasets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_FAILED = 1
EXIT_ERROR = 2
EXIT_WRITE = 3  # the output could not be written (disk full, an I/O error)
STDIN_ARGUMENT = Path("-")


def _version(show: bool) -> None:
    if show:
        from pipeline import __version__

        typer.echo(f"nianbao {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Turn Chinese annual reports into structured, validated datasets."""


@app.command("run")
def run_command(
    inputs: Annotated[list[Path] | None, typer.Argument(
        help="Report files or folders of reports (.txt in any encoding, .pdf), or - for standard "
        "input. Default: raw/")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for the tables.")] = Path("output"),
    report_year: Annotated[int | None, typer.Option(
        help="The year that 今年/本年/报告期 means, for every document (default: detected per document).")] = None,
    config_dir: Annotated[Path, typer.Option(
        "--config", help="Folder of configuration YAML files (language data and settings).")] = DEFAULT_CONFIG_DIR,
    workers: Annotated[int, typer.Option(
        help="Worker processes (default: the machine's cores).")] = 0,
    engine: Annotated[str, typer.Option(
        help=f"Where documents are processed: {' or '.join(ENGINES)} (worker processes here, "
        "or a Dask cluster).")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        help="Address of the Dask scheduler for --engine dask (tcp://HOST:8786); needs the optional dask extra.")] = None,
    stages: Annotated[str, typer.Option(
        help="Comma-separated stages after sections: numbers, dates, entities.")] = ",".join(STAGES[1:]),
    resume: Annotated[bool, typer.Option(
        help="Reuse the results of documents whose input and configuration are unchanged.")] = False,
    formats: Annotated[list[str] | None, typer.Option(
        "--format", help="Also write parquet (one file per table), xlsx (one workbook) or jsonl "
        "(JSON Lines, one file per table); repeatable.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    include: Annotated[list[str] | None, typer.Option(
        help="Only files under the input folders whose relative path matches this glob; repeatable.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        help="Leave out files under the input folders whose relative path matches this glob; repeatable.")] = None,
    entities: Annotated[str | None, typer.Option(
        "--entities", help="Entity recogniser: fast (rules) or accurate (rules and the LAC model; "
        "default: config/entities/settings.yaml's mode).")] = None,
) -> None:
    """Extract sections, numbers, dates and entities from every report under INPUTS.

    Writes documents.csv, sections.csv, numbers.csv, dates.csv, entities.csv (and .json),
    datapackage.json and manifest.json into --out. Exit status 0 when every document was
    read and every row passed its checks, 1 when something failed (see documents.csv and
    invalid_rows.csv), 2 on a usage or configuration error.
    """
    chosen = tuple(s.strip() for s in stages.split(",") if s.strip())
    unknown = sorted(set(chosen) - set(STAGES[1:]))
    if unknown:
        _fail(f"unknown stage(s): {', '.join(unknown)} (choose from {', '.join(STAGES[1:])})")
    if formats:
        from pipeline.export import check_formats

        try:
            check_formats(formats)
        except ValueError as err:
            _fail(str(err))
    if entities not in (None, "fast", "accurate"):
        _fail(f"unknown --entities {entities!r} (choose fast or accurate)")
    if engine not in ENGINES:
        _fail(f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")
    if (engine == "dask") != bool(scheduler):
        _fail("--engine dask needs --scheduler ADDRESS, and --scheduler needs --engine dask")
    if workers < 0:
        _fail(f"--workers must be 0 (one per core) or more, not {workers}")
    inputs = [_from_stdin(out) if p == STDIN_ARGUMENT else p for p in inputs or [Path("raw")]]
    missing = [str(p) for p in inputs if not p.exists() and not p.is_symlink()]
    if missing:
        _fail(f"no such input: {', '.join(missing)}")
    options = RunOptions(
        inputs=inputs,
        out=out,
        config=Config(config_dir, report_year=report_year,
                      overrides={"entities_mode": entities} if entities else {}),
        workers=workers or os.cpu_count() or 1,
        stages=("sections", *chosen),
        resume=resume,
        engine=engine,
        scheduler=scheduler,
        include=tuple(include or ()),
        exclude=tuple(exclude or ()),
    )
    try:
        options.config.check()
        if not select_inputs(options).tasks:
            ingest = options.config.load("ingest")
            endings = ", ".join(s or "no ending" for s in (*ingest["text_suffixes"], *ingest["pdf_suffixes"]))
            _fail(f"no reports found in {', '.join(str(p) for p in options.inputs)} (read: {endings})")
        summary = _run_with_progress(options, show=not quiet and sys.stderr.isatty())
        if formats:
            _export(out, formats)
    except (ConfigError, OutputError, EngineError) as err:
        _fail(str(err))
    except KeyboardInterrupt:
        typer.echo("nianbao: interrupted; the output folder is as it was before the run", err=True)
        raise typer.Exit(130) from None
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        typer.echo(f"nianbao: cannot write the output: {err.strerror or err}{where}; "
                   "the output folder is as it was before the run", err=True)
        raise typer.Exit(EXIT_WRITE) from None
    if not quiet:
        _print_summary(summary, out)
    raise typer.Exit(0 if summary.clean else EXIT_FAILED)


def _from_stdin(out: Path) -> Path:
    """Standard input (``-``) kept as ``OUT/.stdin/stdin.txt``, the document ``stdin``, so that
    its rows' offsets index a file that stays beside them."""
    path = out / STDIN_FOLDER / "stdin.txt"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(sys.stdin.buffer.read())
    except OSError as err:
        _fail(f"{out}: cannot keep standard input there ({err.strerror or err})")
    return path


def _run_with_progress(options: RunOptions, *, show: bool):
    if not show:
        return run(options)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    total = len(select_inputs(options).tasks)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=True) as progress:
        bar = progress.add_task("reports", total=total)
        return run(options, on_finished=lambda: progress.advance(bar),
                   on_document=lambda result: progress.update(bar, description=result.doc_id))


def _export(out: Path, formats: list[str]) -> None:
    from pipeline.export import write_exports

    write_exports(out, formats)


def _print_summary(summary, out: Path) -> None:
    rows = ", ".join(f"{summary.rows[t]} {t}" for t in ("sections", "numbers", "dates", "entities"))
    reused = f" ({summary.reused} reused)" if summary.reused else ""
    typer.echo(f"{summary.documents} documents{reused}: {rows} → {out}/", err=True)
    if summary.skipped:
        typer.echo(f"{summary.skipped} files under the inputs skipped: not a report's ending "
                   "(text_suffixes, pdf_suffixes in config/ingest.yaml)", err=True)
    for doc_id, reason in summary.failed:
        typer.echo(f"failed: {doc_id}: {reason}", err=True)
    if summary.invalid_rows:
        typer.echo(f"{summary.invalid_rows} rows failed their checks: see {out}/invalid_rows.csv", err=True)
    if summary.failed_checks:
        typer.echo(f"{summary.failed_checks} consistency checks failed: see {out}/checks.csv", err=True)


def _fail(message: str) -> None:
    typer.echo(f"nianbao: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


@app.command("diff")
def diff_command(
    old: Annotated[Path, typer.Argument(help="Output folder of the earlier run (or the earlier year).")],
    new: Annotated[Path, typer.Argument(help="Output folder of the later run (or the later year).")],
    by_section: Annotated[bool, typer.Option(
        help="Compare reports of two years: sections matched by title, numbers by their context.")] = False,
    by_indicator: Annotated[bool, typer.Option(
        help="Compare reports of two years: facts paired by canonical indicator and period a year apart.")] = False,
    pair: Annotated[list[str] | None, typer.Option(
        help="OLD_DOC_ID=NEW_DOC_ID: which documents to compare with --by-section or --by-indicator "
        "(default: by name).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, csv, json or markdown.")] = "text",
) -> None:
    """Compare two output folders: rows added, removed and changed per table.

    Exit status 0 when nothing differs, 1 when something does, 2 on error.
    """
    from pipeline.diff import DiffError, diff_indicators, diff_runs, parse_pairs, render_diff, render_pairs

    if fmt not in ("text", "csv", "json", "markdown"):
        _fail(f"unknown format {fmt!r} (choose text, csv, json or markdown)")
    if by_indicator:
        try:
            found = diff_indicators(old, new, pairs=parse_pairs(pair or []) or None)
        except (DiffError, OSError, ValueError) as err:
            _fail(str(err))
        typer.echo(render_pairs(found, fmt), nl=False)
        raise typer.Exit(1 if any(p.differs for p in found) else 0)
    try:
        result = diff_runs(old, new, by_section=by_section, pairs=parse_pairs(pair or []) or None)
    except (DiffError, OSError, ValueError) as err:
        _fail(str(err))
    typer.echo(render_diff(result, fmt), nl=False)
    raise typer.Exit(1 if result.has_changes else 0)


@app.command("review")
def review_command(
    out: Annotated[Path, typer.Argument(help="Output folder of `nianbao run`.")] = Path("output"),
    dest: Annotated[Path | None, typer.Option(help="Where to write the pages (default: OUT/review).")] = None,
) -> None:
    """Write a static HTML page per document with every extraction highlighted in context."""
    from pipeline.review import ReviewError, write_review

    try:
        pages = write_review(out, dest)
    except ReviewError as err:
        _fail(str(err))
    typer.echo(f"{len(pages)} pages → {pages[0].parent if pages else dest}/", err=True)


@app.command("validate")
def validate_command(
    out: Annotated[Path, typer.Argument(help="Output folder of `nianbao run`.")] = Path("output"),
) -> None:
    """Validate an output folder against its datapackage.json with Frictionless."""
    from frictionless import Package

    descriptor = out / "datapackage.json"
    if not descriptor.exists():
        _fail(f"{out}: no datapackage.json")
    report = Package(str(descriptor)).validate()
    for error in report.flatten(["taskName", "rowNumber", "fieldName", "message"])[:50]:
        typer.echo(" · ".join(str(part) for part in error if part is not None), err=True)
    typer.echo("valid" if report.valid else "invalid", err=True)
    _report_failed_checks(out)
    raise typer.Exit(0 if report.valid else EXIT_FAILED)


def _report_failed_checks(out: Path) -> None:
    """The failed consistency checks of each document, with their places; they do not make
    the folder invalid (a report can contradict itself)."""
    from pipeline.checks.report import failed_checks_by_document

    for line in failed_checks_by_document(out):
        typer.echo(line, err=True)


@app.command("panel")
def panel_command(
    out: Annotated[Path, typer.Argument(help="Output folder of `nianbao run` (with facts.csv).")] = Path("output"),
    indicators: Annotated[list[str] | None, typer.Option(
        "--indicator", help="Only this canonical indicator; repeatable (default: every one).")] = None,
    measure: Annotated[str | None, typer.Option(help="Only level, change or share facts.")] = None,
    view: Annotated[str, typer.Option(help="tidy (a row per fact) or wide (a column per period).")] = "tidy",
    fmt: Annotated[str, typer.Option("--format", help="csv, markdown, xlsx or html.")] = "csv",
    dest: Annotated[Path | None, typer.Option(
        "--out", help="File to write (default: standard output; needed for xlsx).")] = None,
) -> None:
    """The facts of every document by canonical indicator × document × period."""
    from pipeline.panel import MEASURES, PanelError, Selection, tidy
    from pipeline.panel.render import FORMATS, render_html, render_text, write_xlsx

    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
    if measure is not None and measure not in MEASURES:
        _fail(f"unknown measure {measure!r} (choose {', '.join(MEASURES)})")
    if view not in ("tidy", "wide"):
        _fail(f"unknown view {view!r} (choose tidy or wide)")
    if fmt == "xlsx" and dest is None:
        _fail("--format xlsx needs --out FILE")
    try:
        rows = tidy(out, Selection(tuple(indicators or ()), measure))
    except PanelError as err:
        _fail(str(err))
    if fmt == "xlsx":
        write_xlsx(rows, dest)
        return
    text = render_html(rows) if fmt == "html" else render_text(rows, fmt, view)
    if dest is None:
        typer.echo(text, nl=False)
    else:
        dest.write_text(text, encoding="utf-8")
