"""Comparing two reports of different years, section by section.

Sections pair by title (under the same parent title first, then anywhere). Within a
pair of sections, numbers pair by their context: the counted noun (``94家研发载体`` →
``研发载体``) or else the words just before the number (``研发经费投入达到``), with the
same unit; the figures of a pair are what changed from one year to the next. Entities
are compared as sets per section: which organisations, places and plans came or went.
Dates are left out: from one year's report to the next nearly all of them move.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from pipeline.diff.align import pair_greedily, pair_in_passes
from pipeline.diff.model import Change, DocumentPair
from pipeline.diff.outputs import OutputFolder, Row, normalized
from pipeline.diff.rows import canonical

YEARLY_TABLES = ("sections", "numbers", "entities")
NUMBER_FIELDS = ("value", "value_max", "unit", "qualifier")
LEAD_WINDOW = 24
SIMILAR_CONTEXT = 0.6
_LEAD = re.compile(r"[^\W\d_]+$")


@dataclass(frozen=True)
class _Section:
    section_id: str
    path: tuple[str, ...]
    row: Row | None = None

    @property
    def title(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True)
class _Number:
    row: Row
    noun: str
    lead: str
    unit: str

    @property
    def context(self) -> str:
        return self.noun or self.lead


def yearly_changes(old: OutputFolder, new: OutputFolder, pair: DocumentPair, rank: int) -> list[Change]:
    old_sections, new_sections = _sections(old, pair.old), _sections(new, pair.new)
    pairs, old_left, new_left = pair_in_passes(old_sections, new_sections, (
        lambda s: s.path,
        lambda s: s.title,
    ))
    section_pairs = [(old_sections[i], new_sections[j]) for i, j in pairs]
    place = _merged_places(len(old_sections), pairs, old_left)
    changes: list[Change] = []

    def add(change: Change, section_place: tuple, position: int) -> None:
        table_rank = YEARLY_TABLES.index(change.table)
        changes.append(replace(change, order=(rank, *section_place, table_rank, position, change.status)))

    for i in old_left:
        section = old_sections[i]
        add(Change("sections", "removed", pair.old, pair.new, section.path, section.title,
                   old=section.row), place[i], 0)
    for j in new_left:
        section = new_sections[j]
        add(Change("sections", "added", pair.old, pair.new, section.path, section.title,
                   new=section.row), (j, 0), 0)

    old_numbers, new_numbers = _numbers_by_section(old, pair.old), _numbers_by_section(new, pair.new)
    old_entities, new_entities = _rows_by_section(old, "entities", pair.old), _rows_by_section(new, "entities", pair.new)
    unpaired = [(old_sections[i], None, place[i]) for i in old_left] + [(None, new_sections[j], (j, 0)) for j in new_left]
    paired = [(o, n, (j, 0)) for (o, n), (_, j) in zip(section_pairs, pairs)]
    no_section = (_Section("", ()), _Section("", ()), (-1, 0))
    for old_section, new_section, section_place in [no_section, *paired, *unpaired]:
        section = (new_section or old_section).path
        numbers = _number_changes(
            old_numbers.get(old_section.section_id, []) if old_section else [],
            new_numbers.get(new_section.section_id, []) if new_section else [],
            pair, section,
        )
        entities = _entity_changes(
            old_entities.get(old_section.section_id, []) if old_section else [],
            new_entities.get(new_section.section_id, []) if new_section else [],
            pair, section,
        )
        for change in numbers + entities:
            row = change.new if change.new is not None else change.old
            add(change, section_place, int(row.get("start") or 0))
    return changes


def _sections(folder: OutputFolder, doc_id: str) -> list[_Section]:
    paths = folder.section_paths(doc_id)
    return [_Section(row["section_id"], paths.get(row["section_id"], ()), row) for row in folder.rows("sections", doc_id)]


def _merged_places(old_count: int, pairs: list[tuple[int, int]], old_left: list[int]) -> dict[int, tuple]:
    """Where each removed old section goes among the new ones: after the paired one before it."""
    new_of = dict(pairs)
    places, last = {}, -1
    left = set(old_left)
    for i in range(old_count):
        if i in new_of:
            last = new_of[i]
        elif i in left:
            places[i] = (last, 1 + i)
    return places


def _rows_by_section(folder: OutputFolder, table: str, doc_id: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in folder.rows(table, doc_id):
        grouped.setdefault(row.get("section_id", ""), []).append(row)
    return grouped


def _numbers_by_section(folder: OutputFolder, doc_id: str) -> dict[str, list[_Number]]:
    text = folder.text(doc_id)
    return {
        section_id: [_Number(r, normalized(r.get("noun", "")), _lead(r, text), r.get("unit", "")) for r in rows]
        for section_id, rows in _rows_by_section(folder, "numbers", doc_id).items()
    }


def _lead(row: Row, text: str | None) -> str:
    """The words right before the number, back to punctuation, a digit or a space."""
    start = int(row["start"])
    if text is not None and text[start:int(row["end"])] == row.get("text"):
        before = text[max(0, start - LEAD_WINDOW):start]
    else:
        sentence = row.get("sentence", "")
        at = sentence.find(normalized(row.get("text", "")))
        before = sentence[max(0, at - LEAD_WINDOW):at] if at > 0 else ""
    found = _LEAD.search(before)
    return found.group() if found else ""


def _number_changes(old: list[_Number], new: list[_Number], pair: DocumentPair,
                    section: tuple[str, ...]) -> list[Change]:
    pairs, old_left, new_left = pair_in_passes(old, new, (
        lambda n: (n.unit, n.noun, n.lead),
        lambda n: (n.unit, n.context) if n.context else None,
    ))
    similar, old_left, new_left = pair_greedily(old_left, new_left, lambda i, j: _similarity(old[i], new[j]))
    changes = []
    for i, j in pairs + similar:
        fields = tuple(f for f in NUMBER_FIELDS
                       if canonical(old[i].row.get(f, "")) != canonical(new[j].row.get(f, "")))
        if fields:
            changes.append(Change("numbers", "changed", pair.old, pair.new, section, new[j].context,
                                  old[i].row, new[j].row, fields, old_section=section))
    changes += [Change("numbers", "removed", pair.old, pair.new, section, old[i].context, old=old[i].row)
                for i in old_left]
    changes += [Change("numbers", "added", pair.old, pair.new, section, new[j].context, new=new[j].row)
                for j in new_left]
    return changes


def _similarity(old: _Number, new: _Number) -> float:
    if old.unit != new.unit or not old.context or not new.context:
        return 0.0
    ratio = SequenceMatcher(None, old.context, new.context, autojunk=False).ratio()
    return ratio if ratio >= SIMILAR_CONTEXT else 0.0


def _entity_changes(old: list[Row], new: list[Row], pair: DocumentPair, section: tuple[str, ...]) -> list[Change]:
    def key(row: Row) -> tuple[str, str]:
        return row.get("label", ""), normalized(row.get("normalized") or row.get("text", ""))

    gone = Counter(map(key, old)) - Counter(map(key, new))
    came = Counter(map(key, new)) - Counter(map(key, old))
    changes = []
    for rows, counts, status in ((old, gone, "removed"), (new, came, "added")):
        for row in rows:
            if counts[key(row)] > 0:
                counts[key(row)] -= 1
                side = {"old": row} if status == "removed" else {"new": row}
                changes.append(Change("entities", status, pair.old, pair.new, section, key(row)[1], **side))
    return changes
