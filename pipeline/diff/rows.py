"""Comparing two runs over the same documents, row by row.

A row is identified by its document, its section path (the titles of its section and
of the sections above it), and its normalised text; its other columns are its payload.
Rows pair in passes from strict to loose:

1. same section path, text and payload: unchanged;
2. same section path and text: changed payload (``value``, ``unit``, ``label`` ...);
3. same text and payload, another section: moved (a heading found or lost above it);
4. same text only: moved and changed;
5. same kind, one text containing the other: the span grew or shrank (same section first).

Offsets are never part of a key: a paragraph inserted above shifts every offset below
it without changing any row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from pipeline.diff.align import pair_greedily, pair_in_passes
from pipeline.diff.model import Change, DocumentPair
from pipeline.diff.outputs import EXTRACTED_TABLES, OutputFolder, Row, normalized

NOT_COMPARED = frozenset(
    {"doc_id", "section_id", "parent_id", "start", "end", "page", "sentence", "source_path", "text_path"}
)
ITEM_COLUMN = {"sections": "title", "numbers": "text", "dates": "text", "entities": "normalized"}
KIND_COLUMN = {"sections": "level", "numbers": "kind", "dates": "kind", "entities": "label"}
ROW_TABLES = ("sections", *EXTRACTED_TABLES)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class _Item:
    row: Row
    path: tuple[str, ...]
    key: str
    payload: tuple[str, ...]
    is_section: bool

    @property
    def where(self) -> tuple[str, ...]:
        """The section path shown: a heading's own, or the one a row stands in."""
        return (*self.path, self.key) if self.is_section else self.path


def document_changes(old: OutputFolder, new: OutputFolder, pair: DocumentPair, rank: int) -> list[Change]:
    """The change of the pair's ``documents.csv`` row, if any."""
    old_row, new_row = old.documents.get(pair.old), new.documents.get(pair.new)
    columns = _payload_columns(old, new, "documents")
    if old_row is None or new_row is None:
        row = new_row or old_row
        status = "added" if old_row is None else "removed"
        return [Change("documents", status, pair.old, pair.new, (), row["doc_id"], old_row, new_row,
                       order=(rank, 0, 0, status))]
    fields = tuple(c for c in columns if canonical(old_row.get(c, "")) != canonical(new_row.get(c, "")))
    if not fields:
        return []
    return [Change("documents", "changed", pair.old, pair.new, (), new_row["doc_id"], old_row, new_row, fields,
                   order=(rank, 0, 0, "changed"))]


def table_changes(old: OutputFolder, new: OutputFolder, pair: DocumentPair, table: str, rank: int) -> list[Change]:
    """Rows of ``table`` added, removed or changed between the pair's two documents."""
    columns = _payload_columns(old, new, table)
    old_items = _items(old, pair.old, table, columns)
    new_items = _items(new, pair.new, table, columns)
    pairs, old_left, new_left = pair_in_passes(old_items, new_items, (
        lambda r: (r.path, r.key, r.payload),
        lambda r: (r.path, r.key),
        lambda r: (r.key, r.payload),
        lambda r: r.key,
    ))
    kind = KIND_COLUMN[table]
    grown, old_left, new_left = pair_greedily(old_left, new_left, lambda i, j: _overlap_score(
        old_items[i], new_items[j], kind))
    table_rank = ROW_TABLES.index(table) + 1
    after = _new_position_before(old_left, pairs + grown, new_items)
    changes = []
    for i, j in pairs + grown:
        change = _changed(old_items[i], new_items[j], table, pair, columns)
        if change is not None:
            changes.append(_placed(change, rank, table_rank, (_start(new_items[j]), 0)))
    for i in old_left:
        item = old_items[i]
        changes.append(_placed(Change(table, "removed", pair.old, pair.new, item.where, item.key, old=item.row),
                               rank, table_rank, (after[i], 1, _start(item))))
    for j in new_left:
        item = new_items[j]
        changes.append(_placed(Change(table, "added", pair.old, pair.new, item.where, item.key, new=item.row),
                               rank, table_rank, (_start(item), 0)))
    return changes


def canonical(cell: str) -> str:
    """A cell as compared: numbers by value (``94.0`` is ``94``), booleans in lower case."""
    if _NUMBER.fullmatch(cell):
        try:
            return format(Decimal(cell).normalize(), "f")
        except InvalidOperation:
            return cell
    lower = cell.lower()
    return lower if lower in ("true", "false") else cell


def _payload_columns(old: OutputFolder, new: OutputFolder, table: str) -> tuple[str, ...]:
    """Columns compared: those both runs have, except ids, offsets and derived text."""
    item = ITEM_COLUMN.get(table, "doc_id")
    new_header = set(new.headers.get(table, ()))
    return tuple(
        c for c in old.headers.get(table, ())
        if c in new_header and c not in NOT_COMPARED and c != item and c != "text"
    )


def _items(folder: OutputFolder, doc_id: str, table: str, columns: tuple[str, ...]) -> list[_Item]:
    paths = folder.section_paths(doc_id)
    item_column = ITEM_COLUMN[table]
    items = []
    for row in folder.rows(table, doc_id):
        if table == "sections":
            path = paths.get(row["section_id"], ())[:-1]
        else:
            path = paths.get(row.get("section_id", ""), ())
        key = normalized(row.get(item_column) or row.get("text", ""))
        items.append(_Item(row, path, key, tuple(canonical(row.get(c, "")) for c in columns), table == "sections"))
    return items


def _overlap_score(old: _Item, new: _Item, kind: str) -> float:
    """Positive when one text contains the other and both are of the same kind; more in the same section."""
    if old.row.get(kind) != new.row.get(kind) or not old.key or not new.key:
        return 0.0
    if old.key not in new.key and new.key not in old.key:
        return 0.0
    return min(len(old.key), len(new.key)) / max(len(old.key), len(new.key)) + (old.path == new.path)


def _changed(old: _Item, new: _Item, table: str, pair: DocumentPair, columns: tuple[str, ...]) -> Change | None:
    fields = [c for c, a, b in zip(columns, old.payload, new.payload) if a != b]
    if old.key != new.key:
        fields.insert(0, "text")
    if old.path != new.path:
        fields.insert(0, "section")
    if not fields:
        return None
    return Change(table, "changed", pair.old, pair.new, new.where, new.key, old.row, new.row, tuple(fields),
                  old_section=old.where)


def _start(item: _Item) -> int:
    return int(item.row.get("start") or 0)


def _new_position_before(old_left: list[int], pairs: list[tuple[int, int]], new_items: list[_Item]) -> dict[int, int]:
    """For each removed row, where the paired row before it stands in the new run: it is listed there."""
    paired = sorted(pairs)
    positions, k, last = {}, 0, -1
    for i in sorted(old_left):
        while k < len(paired) and paired[k][0] < i:
            last = _start(new_items[paired[k][1]])
            k += 1
        positions[i] = last
    return positions


def _placed(change: Change, rank: int, table_rank: int, position: tuple) -> Change:
    """The change with its place in the output: document, table, then position in the new run."""
    return replace(change, order=(rank, table_rank, position, change.status, change.item))
