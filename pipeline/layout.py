"""The page layout of a source text: classified lines and the cleaned ``TextView``.

Each physical line is ``text``, ``blank``, ``furniture`` (running titles, page
numbers, dashed page headers) or ``toc`` (table-of-contents entries). The view keeps
the text lines and drops what PDF extraction added: furniture and contents lines,
the line breaks it put inside paragraphs, and the spaces it put between Chinese
characters. Paragraph breaks stay as the source's own line-break characters.

Whether a document is hard-wrapped is decided once per document from the widths of
its lines (config/layout.yaml, ``wrap``). For speed, lines are classified by running
each pattern once over all line contents joined by ``\\n`` (``_Lines.find``), and
line widths and the view's character mask are computed with numpy: no Python work
per character, little per line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import numpy as np

from pipeline.textview import TextView

KINDS = ("text", "blank", "furniture", "toc")


@dataclass(frozen=True)
class Line:
    """A physical line: ``source[start:end]`` is its content, without the line break
    and without the spaces around it (empty for a blank line).

    ``continues`` is true when the line's paragraph goes on in the next text line
    (PDF hard wrapping): the break between them is dropped from the view.
    """

    start: int
    end: int
    kind: str
    continues: bool = False


@dataclass(frozen=True)
class Layout:
    lines: tuple[Line, ...]
    view: TextView


@dataclass(frozen=True)
class _Rules:
    """The compiled tables of config/layout.yaml."""

    line: re.Pattern
    squeeze: re.Pattern
    field_codes: re.Pattern
    bare_page: re.Pattern
    decorated_page: re.Pattern
    dashed_line: re.Pattern
    toc_leader: re.Pattern
    toc_titles: frozenset
    paragraph_end: re.Pattern
    paragraph_start: re.Pattern
    table_row: re.Pattern
    box_label: re.Pattern
    tables: dict

    @classmethod
    def from_tables(cls, tables: dict[str, Any]) -> "_Rules":
        spaces = re.escape(tables["spaces"])

        def lines(pattern: str) -> re.Pattern:
            """A pattern for whole lines of the joined contents (see ``_Lines``)."""
            return re.compile(f"^(?:{pattern})$", re.MULTILINE)

        def anywhere(pattern: str) -> re.Pattern:
            return re.compile(pattern.replace("$", "(?=\n|$)") if pattern.endswith("$") else pattern, re.MULTILINE)

        squeeze = "|".join(f"(?<={before})[{spaces}]+(?={after})" for before, after in tables["squeeze"])
        return cls(
            line=re.compile(rf"[{spaces}]*((?:[^\r\n]*[^\r\n{spaces}])?)[{spaces}]*(\r\r\n|\r\n|\n|\r|\Z)"),
            squeeze=re.compile(squeeze),
            field_codes=re.compile(tables["field_codes"]),
            bare_page=lines(tables["page_number"]["bare"]),
            decorated_page=lines(tables["page_number"]["decorated"]),
            dashed_line=lines(tables["dashed_line"]),
            toc_leader=anywhere(tables["toc_leader"]),
            toc_titles=frozenset(tables["toc_titles"]),
            paragraph_end=anywhere(tables["paragraph_end"]),
            paragraph_start=re.compile("^" + tables["paragraph_start"], re.MULTILINE),
            table_row=re.compile(tables["table_row"]),
            box_label=re.compile(tables["boxes"]["label"]),
            tables=tables,
        )


class _Lines:
    """The contents of all lines joined by ``\\n``, to classify lines with one regex pass."""

    def __init__(self, contents: list[str]) -> None:
        self.joined = "\n".join(contents)
        self.offsets = list(accumulate((len(c) + 1 for c in contents), initial=0))

    def find(self, pattern: re.Pattern) -> set[int]:
        """Indices of the lines where ``pattern`` matches (it must not span lines)."""
        offsets = self.offsets
        return {bisect_right(offsets, m.start()) - 1 for m in pattern.finditer(self.joined)}


def analyse_layout(source: str, *, tables: dict[str, Any]) -> Layout:
    """Classify the lines of ``source`` and build its view (``tables``: config/layout.yaml)."""
    rules = _Rules.from_tables(tables)
    spans = [m.span(1) + m.span(2) for m in rules.line.finditer(source)]
    if len(spans) > 1 and spans[-1][0] == len(source):
        spans.pop()  # the empty match after the final line break is not a line
    contents = [source[start:end] for start, end, _, _ in spans]
    lines = _Lines(contents)
    kinds = _kinds(contents, lines, rules)
    continues = _continuations(source, spans, contents, kinds, lines, rules)
    layout_lines = tuple(
        Line(start, end, kind, i in continues) for i, ((start, end, _, _), kind) in enumerate(zip(spans, kinds))
    )
    return Layout(layout_lines, _view(source, spans, kinds, continues, rules))


# --- kinds ------------------------------------------------------------------------


def _kinds(contents: list[str], lines: _Lines, rules: _Rules) -> list[str]:
    kinds = ["text" if c else "blank" for c in contents]
    toc = lines.find(rules.toc_leader)
    toc.update(i for i, c in enumerate(contents) if len(c) < 12 and c.replace(" ", "") in rules.toc_titles)
    for i in toc:
        kinds[i] = "toc"
    for i in _furniture(contents, kinds, lines, rules):
        kinds[i] = "furniture"
    return kinds


def _furniture(contents: list[str], kinds: list[str], lines: _Lines, rules: _Rules) -> set[int]:
    """Indices of running titles, page numbers and dashed page headers."""
    bare = {i: int(contents[i]) for i in lines.find(rules.bare_page) if kinds[i] == "text"}
    furniture = {i for i in lines.find(rules.decorated_page) | lines.find(rules.dashed_line) if kinds[i] == "text"}
    titles = _running_titles(contents, kinds, bare, rules)
    return furniture | titles | _page_numbers(kinds, bare, titles, rules)


def _neighbours(kinds: list[str], i: int, distance: int) -> list[int]:
    """The ``distance`` nearest non-blank lines before and after line ``i``."""
    found, j = [], i - 1
    while j >= 0 and len(found) < distance:
        if kinds[j] != "blank":
            found.append(j)
        j -= 1
    before, j = len(found), i + 1
    while j < len(kinds) and len(found) < before + distance:
        if kinds[j] != "blank":
            found.append(j)
        j += 1
    return found


def _running_titles(contents: list[str], kinds: list[str], bare: dict[int, int], rules: _Rules) -> set[int]:
    table = rules.tables["running_title"]
    repeated = {
        content for content, count in Counter(contents).items()
        if count >= table["min_repeats"] and table["min_chars"] <= len(content) <= table["max_chars"]
        and not content.isdigit()
    }
    if not repeated:
        return set()
    occurrences: dict[str, list[int]] = {}
    for i, content in enumerate(contents):
        if content in repeated and kinds[i] == "text":
            occurrences.setdefault(content, []).append(i)
    titles = set()
    for where in occurrences.values():
        beside = sum(1 for i in where
                     if any(j in bare for j in _neighbours(kinds, i, table["page_number_distance"])))
        if len(where) >= table["min_repeats"] and beside >= table["page_number_share"] * len(where):
            titles.update(where)
    return titles


def _page_numbers(kinds: list[str], bare: dict[int, int], titles: set[int], rules: _Rules) -> set[int]:
    """Bare numbers next to a running title, or in a rising run of page numbers."""
    distance = rules.tables["running_title"]["page_number_distance"]
    window = rules.tables["page_run_window"]
    order = sorted(bare)
    pages = set()
    for position, i in enumerate(order):
        value = bare[i]
        before = order[position - 1] if position else None
        after = order[position + 1] if position + 1 < len(order) else None
        if (before is not None and i - before <= window and bare[before] == value - 1
                or after is not None and after - i <= window and bare[after] == value + 1
                or any(j in titles for j in _neighbours(kinds, i, distance))):
            pages.add(i)
    return pages


# --- paragraphs -------------------------------------------------------------------


def _widths(lines: _Lines, count: int) -> list[int]:
    """Display width of each line: a Chinese (non-ASCII) character 2, an ASCII one 1, a space 0."""
    encoded = np.frombuffer(lines.joined.encode("utf-8"), dtype=np.uint8)
    breaks = np.flatnonzero(encoded == 10)
    ends = np.append(breaks, len(encoded))
    starts = np.concatenate(([0], breaks + 1))
    spaces = np.concatenate(([0], np.cumsum(encoded == 32)))
    chars = np.diff(np.asarray(lines.offsets[:count + 1])) - 1
    widths = ((ends - starts) + chars) // 2 - (spaces[ends] - spaces[starts])
    return widths.tolist()


def _continuations(source: str, spans, contents: list[str], kinds: list[str], lines: _Lines,
                   rules: _Rules) -> set[int]:
    """Indices of text lines whose paragraph goes on in the next text line."""
    text_lines = [i for i, kind in enumerate(kinds) if kind == "text"]
    if not text_lines:
        return set()
    widths = _widths(lines, len(contents))
    wrap = rules.tables["wrap"]
    measured = sorted(widths[i] for i in text_lines if widths[i] >= wrap["min_width"])
    ends = lines.find(rules.paragraph_end)
    starts = lines.find(rules.paragraph_start)
    rows = lines.find(rules.table_row)
    if len(measured) >= wrap["min_lines"] and measured[int(len(measured) * 0.9)] <= wrap["max_wrap_width"]:
        indented = {i for i in text_lines if spans[i][0] > 0 and source[spans[i][0] - 1] not in "\r\n"}
        if len(indented) > len(text_lines) / 2:
            indented = set()  # every line is indented: an indent says nothing
        page_width = measured[int(len(measured) * 0.9)]
        return _wrapped(kinds, text_lines, widths, page_width, ends, starts | indented, rows, rules)
    labels = lines.find(rules.box_label)
    return _boxes(text_lines, widths, ends | starts | rows | labels, rules)


def _wrapped(kinds: list[str], text_lines: list[int], widths: list[int], page_width: int,
             ends: set[int], starts: set[int], rows: set[int], rules: _Rules) -> set[int]:
    """In a hard-wrapped document: a line continues when it is full, does not end its
    paragraph and the next one does not open one."""
    wrap = rules.tables["wrap"]
    text_count = len(text_lines)
    followed_by_blank = sum(1 for i in text_lines if i + 1 < len(kinds) and kinds[i + 1] == "blank")
    across_blanks = followed_by_blank >= wrap["blank_after_share"] * text_count
    min_full = max(wrap["min_full_width"], wrap["page_share"] * page_width)
    full_share = wrap["full_share"]
    continues = set()
    previous_width = 0
    for i in text_lines:
        width = widths[i]
        j = _next_text_line(kinds, i, across_blanks)
        if (j is not None and width >= min_full and width >= full_share * max(previous_width, widths[j])
                and i not in ends and j not in starts and i not in rows and j not in rows):
            continues.add(i)
        previous_width = width if j is not None and j == _following_text(kinds, i) else 0
    return continues


def _following_text(kinds: list[str], i: int) -> int | None:
    for j in range(i + 1, len(kinds)):
        if kinds[j] == "text":
            return j
    return None


def _next_text_line(kinds: list[str], i: int, across_blanks: bool) -> int | None:
    """The text line after line ``i`` in the same paragraph flow: furniture and the blank
    lines after it are skipped (and any blank lines if asked); a contents entry or a
    blank line before any furniture stops it."""
    after_furniture = False
    for j in range(i + 1, len(kinds)):
        kind = kinds[j]
        if kind == "text":
            return j
        if kind == "toc" or kind == "blank" and not (across_blanks or after_furniture):
            return None
        after_furniture = after_furniture or kind == "furniture"
    return None


def _boxes(text_lines: list[int], widths: list[int], excluded: set[int], rules: _Rules) -> set[int]:
    """In a document that is not hard-wrapped: the wrapped lines of narrow boxes of text."""
    boxes = rules.tables["boxes"]
    continues: set[int] = set()
    run: list[int] = []

    def close() -> None:
        if len(run) >= boxes["min_lines"]:
            widest = 0
            for line in run[:-1]:
                widest = max(widest, widths[line])
                if widths[line] >= boxes["full_share"] * widest:
                    continues.add(line)
        run.clear()

    for i in text_lines:
        fits = boxes["min_width"] <= widths[i] <= boxes["max_width"] and i not in excluded
        if not (fits and run and run[-1] == i - 1):
            close()
        if fits:
            run.append(i)
    close()
    return continues


# --- view -------------------------------------------------------------------------


def _view(source: str, spans, kinds: list[str], continues: set[int], rules: _Rules) -> TextView:
    """Keep text line contents and paragraph breaks; drop joins, furniture and squeezed spaces."""
    keep_starts, keep_ends = [], []
    text_lines = [i for i, kind in enumerate(kinds) if kind == "text"]
    for position, i in enumerate(text_lines):
        start, end, break_start, break_end = spans[i]
        keep_starts.append(start)
        if i not in continues:
            keep_ends.append(break_end)
            continue
        keep_ends.append(end)
        following = spans[text_lines[position + 1]][0]
        if end < break_start and _latin(source[end - 1]) and _latin(source[following]):
            keep_starts.append(end)  # one space between two words joined across the break
            keep_ends.append(end + 1)
    drops = [m.span() for m in rules.squeeze.finditer(source)]
    drops += [m.span() for m in rules.field_codes.finditer(source) if m.end() > m.start()]
    size = len(source) + 1
    kept = np.cumsum(np.bincount(keep_starts, minlength=size) - np.bincount(keep_ends, minlength=size))
    if drops:
        drop_starts, drop_ends = zip(*drops)
        dropped = np.cumsum(np.bincount(drop_starts, minlength=size) - np.bincount(drop_ends, minlength=size))
        mask = (kept > 0) & (dropped == 0)
    else:
        mask = kept > 0
    origin = np.flatnonzero(mask[:-1])
    edges = np.flatnonzero(np.diff(mask[:-1].astype(np.int8), prepend=0, append=0)).tolist()
    text = "".join([source[a:b] for a, b in zip(edges[::2], edges[1::2])])
    return TextView(text, tuple(origin.tolist()))


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()
