"""Comparing two runs: what a change of the pipeline changed, or what changed in a year.

``diff_runs(old, new)`` compares the same documents in two output folders row by row;
``diff_runs(old, new, by_section=True)`` compares reports of different years section by
section; ``diff_indicators(old, new)`` pairs their facts by canonical indicator and
period. ``render_diff`` (``render_pairs``) writes the result as a terminal summary, CSV, JSON or Markdown.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.diff.indicators import IndicatorPair, indicator_pairs, render_pairs
from pipeline.diff.model import Change, DocumentPair, RunDiff
from pipeline.diff.outputs import OutputFolder, OutputFolderError, Row
from pipeline.diff.render import FORMATS, render_diff
from pipeline.diff.rows import ROW_TABLES, document_changes, table_changes
from pipeline.diff.yearly import YEARLY_TABLES, yearly_changes

__all__ = [
    "FORMATS", "Change", "DiffError", "DocumentPair", "IndicatorPair", "RunDiff", "compare", "diff_indicators",
    "diff_runs", "parse_pairs", "render_diff", "render_pairs",
]

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


class DiffError(ValueError):
    """The runs cannot be compared; the message says why."""


def diff_runs(old: Path, new: Path, *, by_section: bool = False, pairs: dict[str, str] | None = None) -> RunDiff:
    """The changes from the output folder ``old`` to the output folder ``new``.

    Documents pair by ``doc_id``, or by ``pairs`` (old ``doc_id`` → new ``doc_id``).
    With ``by_section`` (reports of different years) and no ``pairs``, each new document
    pairs with the old one whose id is the same apart from its year digits
    (``report_2023`` ↔ ``report_2024``) and whose year is the closest earlier one; the
    two folders may be the same folder.
    """
    try:
        old_run, new_run = OutputFolder.read(old), OutputFolder.read(new)
    except OutputFolderError as err:
        raise DiffError(str(err)) from err
    return compare(old_run, new_run, by_section=by_section, pairs=pairs)


def diff_indicators(old: Path, new: Path, *, pairs: dict[str, str] | None = None) -> list[IndicatorPair]:
    """The facts of two years' reports paired by canonical indicator (``--by-indicator``);
    documents pair as with ``by_section``."""
    try:
        old_run, new_run = OutputFolder.read(old), OutputFolder.read(new)
    except OutputFolderError as err:
        raise DiffError(str(err)) from err
    return indicator_pairs(old_run, new_run, _pairs(old_run, new_run, True, pairs))


def parse_pairs(options: list[str]) -> dict[str, str]:
    """``--pair OLD=NEW`` options as a mapping; raises DiffError on a malformed one."""
    pairs = {}
    for option in options:
        old, sep, new = option.partition("=")
        if not sep or not old or not new:
            raise DiffError(f"--pair {option!r}: expected OLD_DOC_ID=NEW_DOC_ID")
        pairs[old] = new
    return pairs


def compare(old_run: OutputFolder, new_run: OutputFolder, *, by_section: bool = False,
            pairs: dict[str, str] | None = None, tables: tuple[str, ...] | None = None) -> RunDiff:
    """``diff_runs`` on folders already read; ``tables`` limits a row-by-row comparison."""
    tables = tables or ("documents", *(YEARLY_TABLES if by_section else ROW_TABLES))
    document_pairs = _pairs(old_run, new_run, by_section, pairs)
    changes: list[Change] = []
    for rank, pair in enumerate(document_pairs):
        both = pair.old in old_run.documents and pair.new in new_run.documents
        if both and by_section:
            changes += yearly_changes(old_run, new_run, pair, rank)
            continue
        if "documents" in tables or not both:
            changes += document_changes(old_run, new_run, pair, rank)
        if both:
            for table in ROW_TABLES:
                if table in tables:
                    changes += table_changes(old_run, new_run, pair, table, rank)
    changes.sort(key=lambda change: change.order)
    return RunDiff(
        old=old_run.path,
        new=new_run.path,
        by_section=by_section,
        pairs=tuple(document_pairs),
        changes=tuple(changes),
        tables=tables,
    )


def _pairs(old: OutputFolder, new: OutputFolder, by_section: bool, explicit: dict[str, str] | None) -> list[DocumentPair]:
    """Paired documents, then those only in one run (as pairs with an empty side)."""
    explicit = explicit or {}
    unknown = sorted({o for o in explicit if o not in old.documents}
                     | {n for n in explicit.values() if n not in new.documents})
    if unknown:
        raise DiffError(f"no such document in the runs: {', '.join(unknown)}")
    paired = [DocumentPair(o, n) for o, n in sorted(explicit.items())]
    named = set(explicit) | set(explicit.values())
    if by_section and not explicit:
        paired = _pairs_by_name(old, new)
        if not paired:
            raise DiffError("no documents to compare: no two documents have the same name apart from their year"
                            " (pair them with --pair OLD=NEW)")
    elif not by_section:
        paired += [DocumentPair(d, d) for d in sorted(old.documents.keys() & new.documents.keys()) if d not in named]
    used_old = {p.old for p in paired}
    used_new = {p.new for p in paired}
    only_old = [DocumentPair(d, "") for d in sorted(old.documents) if d not in used_old | used_new | new.documents.keys()]
    only_new = [DocumentPair("", d) for d in sorted(new.documents) if d not in used_new | used_old | old.documents.keys()]
    if by_section:
        return paired + only_old + only_new
    return sorted(paired + only_old + only_new, key=lambda p: p.old or p.new)


def _pairs_by_name(old: OutputFolder, new: OutputFolder) -> list[DocumentPair]:
    """Each new document with the old one of the same name and the closest earlier year."""
    pairs = []
    for new_id in sorted(new.documents):
        new_year = _year(new_id, new.documents[new_id])
        candidates = [
            (year, old_id) for old_id, row in old.documents.items()
            if old_id != new_id and _YEAR.sub("", old_id) == _YEAR.sub("", new_id)
            and (year := _year(old_id, row)) is not None and new_year is not None and year < new_year
        ]
        if candidates:
            pairs.append(DocumentPair(max(candidates)[1], new_id))
    return pairs


def _year(doc_id: str, row: Row) -> int | None:
    if row.get("report_year"):
        return int(row["report_year"])
    found = _YEAR.findall(doc_id)
    return int(found[-1]) if found else None
