"""What a comparison of two runs finds: changes of rows, grouped into a ``RunDiff``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.diff.outputs import Row

STATUSES = ("removed", "added", "changed")


@dataclass(frozen=True)
class Change:
    """One row that is only in the old run, only in the new run, or in both but different.

    ``item`` says what the row is in words: its normalised text, or in a comparison of
    two years the context it was matched by (``研发载体``). ``fields`` names what
    differs for a changed row (``value``, ``unit``, ``section``, ``text`` ...).
    """

    table: str
    status: str
    old_doc: str
    new_doc: str
    section: tuple[str, ...]
    item: str
    old: Row | None = None
    new: Row | None = None
    fields: tuple[str, ...] = ()
    old_section: tuple[str, ...] = ()
    order: tuple = field(default=(), compare=False, repr=False)

    @property
    def doc_id(self) -> str:
        return self.new_doc if self.status == "added" else self.old_doc


@dataclass(frozen=True)
class DocumentPair:
    old: str
    new: str


@dataclass(frozen=True)
class RunDiff:
    """Every change between the runs in ``old`` and ``new``, in a stable order."""

    old: Path
    new: Path
    by_section: bool
    pairs: tuple[DocumentPair, ...]
    changes: tuple[Change, ...]
    tables: tuple[str, ...]

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def counts(self) -> dict[str, Counter]:
        """For each table compared, how many rows were added, removed and changed."""
        counts = {table: Counter({status: 0 for status in STATUSES}) for table in self.tables}
        for change in self.changes:
            counts.setdefault(change.table, Counter({status: 0 for status in STATUSES}))[change.status] += 1
        return counts
