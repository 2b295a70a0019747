"""The page layout of a source text: classified lines and the cleaned ``TextView``.

Each physical line is ``text``, ``blank``, ``furniture`` (running titles, page
numbers, dashed page headers) or ``toc`` (table-of-contents entries). The view keeps
the text lines and drops what PDF extraction added: furniture and contents lines,
the line breaks it put inside paragraphs, and the spaces it put between Chinese
characters (not those between the cells of a table row: ``cell_gaps``). Paragraph
breaks stay as the source's own line-break characters.

Which lines a paragraph wraps across is decided once per document: from the spaces
that some extractions leave at the end of every paragraph, cell and item and never
after a wrapped line (config/layout.yaml, ``end_marks``), or else from the widths of
its lines (``wrap``); a document that is not wrapped can still hold a paragraph cut
by a stray line break (``broken``). For speed, lines are classified by running each
pattern once over all line contents joined by ``\\n`` (``_Lines.find``); line spans
and widths take one step per line, and the view's character mask is computed with
numpy: no Python work per character, little per line. Memory per character is a byte
or a few while the view is made, and none after it: the view maps back to the source
by runs of kept characters (``TextView``).
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress, repeat
from typing import Any, NamedTuple

import numpy as np

from pipeline.textview import TextView

KINDS = ("text", "blank", "furniture", "toc")
_LINE_BREAK_SPLIT = re.compile(r"(\r\r\n|\r\n|\n|\r)")


class Line(NamedTuple):
    """A physical line: ``source[start:end]`` is its content, without the line break
    and without the spaces around it (empty for a blank line).

    ``continues`` is true when the line's paragraph goes on in the next text line
    (PDF hard wrapping, a stray break): the break between them is dropped from the
    view. (A named tuple rather than a frozen dataclass: a long report has tens of
    thousands of lines and a tuple is made three times faster.)
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

    squeeze: re.Pattern
    cell_gap: re.Pattern
    field_codes: re.Pattern
    page_line: re.Pattern
    toc_leader: re.Pattern
    toc_leader_marks: tuple
    toc_titles: frozenset
    paragraph_end: re.Pattern
    paragraph_start: re.Pattern
    table_row: re.Pattern
    box_label: re.Pattern
    broken_prose: re.Pattern
    broken_clause_end: re.Pattern
    broken_opening: re.Pattern
    tables: dict

    @classmethod
    def from_tables(cls, tables: dict[str, Any]) -> _Rules:
        spaces = re.escape(tables["spaces"])

        def lines(pattern: str) -> re.Pattern:
            """A pattern for whole lines of the joined contents (see ``_Lines``)."""
            return re.compile(f"\n(?:{pattern})(?=\n|\\Z)")

        # each alternative starts on a space, which lets the regex engine skip quickly
        squeeze = f"[{spaces}](?:" + "|".join(
            f"(?<={before}[{spaces}])[{spaces}]*(?={after})" for before, after in tables["squeeze"]
        ) + ")"
        return cls(
            squeeze=re.compile(squeeze),
            cell_gap=_cell_gap_pattern(tables["cell_gaps"], tables["spaces"]),
            field_codes=re.compile(tables["field_codes"]),
            page_line=lines(f"(?P<bare>{tables['page_number']['bare']})"
                            f"|{tables['page_number']['decorated']}|{tables['dashed_line']}"),
            toc_leader=re.compile(tables["toc_leader"], re.MULTILINE),
            toc_leader_marks=tuple(tables["toc_leader_marks"]),
            toc_titles=frozenset(tables["toc_titles"]),
            paragraph_end=re.compile(tables["paragraph_end"], re.MULTILINE),
            paragraph_start=re.compile("\n" + tables["paragraph_start"]),
            table_row=re.compile(tables["table_row"]),
            box_label=re.compile(tables["boxes"]["label"]),
            broken_prose=re.compile(tables["broken"]["prose"]),
            broken_clause_end=re.compile(tables["broken"]["clause_end"]),
            broken_opening=re.compile(f"\n(?:{tables['paragraph_start']}|{tables['broken']['heading_start']})"),
            tables=tables,
        )


def _cell_gap_pattern(table: dict[str, str], spaces: str) -> re.Pattern:
    """The gaps between two Chinese characters that separate table cells (see
    config/layout.yaml, ``cell_gaps``), found by ``_cell_gap_spans``.

    A match starts on the first space of a gap. After a cell ending in two Chinese
    characters (not `《关 于…`), the gap itself (group ``gap``) is kept when a cell of
    two characters or more follows, or a one-character cell and then one of two or
    more: then the gap after that one-character cell (``next``) is kept too when it
    stands before a Chinese character. After a cell of two or more ending otherwise,
    only ``next`` is.
    (Starting on a space lets the regex engine find candidates fast.)
    """
    han, gap = table["chars"], f"[{re.escape(table['spaces'])}]"
    solid = f"[^{re.escape(spaces)}\r\n]"
    cell_follows = f"(?={han}(?:{solid}|{gap}+{solid}{{2}}))"

    def word_then_cell(name: str) -> str:
        return f"(?={han}(?P<{name}>{gap}+){han}{solid})"

    return re.compile(f"{gap}(?:(?<={han}{han}{gap})(?P<gap>{gap}*){cell_follows}{word_then_cell('next')}?"
                      f"|(?<={solid}{{2}}{gap}){gap}*{word_then_cell('next_only')})")


def _cell_gap_spans(pattern: re.Pattern, source: str) -> set[tuple[int, int]]:
    spans = set()
    for m in pattern.finditer(source):
        if m.group("gap") is None:
            spans.add(m.span("next_only"))
            continue
        spans.add((m.start(), m.end("gap")))
        if m.group("next") is not None:
            spans.add(m.span("next"))
    return spans


class _Lines:
    """The contents of all lines, each after a ``\\n``, to classify lines with one regex
    pass. A pattern anchored on a line start begins with ``\\n``, which the regex
    engine finds much faster than ``^``."""

    def __init__(self, contents: list[str]) -> None:
        self.contents = contents
        self.joined = "\n" + "\n".join(contents)
        self.lengths = np.fromiter(map(len, contents), dtype=np.int64, count=len(contents))
        self.offsets = np.concatenate(([0], np.cumsum(self.lengths + 1)))  # of the "\n" before each line

    def find(self, pattern: re.Pattern) -> set[int]:
        """Indices of the lines where ``pattern`` matches (it must not span lines)."""
        return set(self._lines_of([m.start() for m in pattern.finditer(self.joined)]))

    def matches(self, pattern: re.Pattern) -> list[tuple[int, re.Match]]:
        found = list(pattern.finditer(self.joined))
        return list(zip(self._lines_of([m.start() for m in found]), found))

    def _lines_of(self, positions: list[int]) -> list[int]:
        return (np.searchsorted(self.offsets, positions, side="right") - 1).tolist() if positions else []


def analyse_layout(source: str, *, tables: dict[str, Any]) -> Layout:
    """Classify the lines of ``source`` and build its view (``tables``: config/layout.yaml)."""
    rules = _Rules.from_tables(tables)
    contents, (starts, ends, break_starts, break_ends) = _line_spans(source, rules)
    lines = _Lines(contents)
    kinds = _kinds(contents, lines, rules)
    marked = [end < break_start for end, break_start in zip(ends, break_starts)]
    continues = _continuations(source, starts, contents, kinds, marked, lines, rules)
    flags = [False] * len(starts)
    for i in continues:
        flags[i] = True
    view = _view(source, (starts, ends, break_starts, break_ends), kinds, flags, rules)
    return Layout(tuple(map(Line._make, zip(starts, ends, kinds, flags))), view)


def _line_spans(source: str, rules: _Rules) -> tuple[list[str], tuple[array, ...]]:
    """The contents of the physical lines (without the spaces around them) and, per line,
    its content's start and end and its line break's start and end. A break is
    ``\r\r\n``, ``\r\n``, ``\n`` or ``\r`` (the longest that fits); a text that does not
    end in one ends in an empty break.
    (One regex split and one strip per line, the offsets summed with numpy: no Python
    step per line, and no array per character, which for a 50 MB report would take
    hundreds of megabytes.)"""
    pieces = _LINE_BREAK_SPLIT.split(source)  # a line's text, its break, the next line's text ...
    if len(pieces) > 1 and not pieces[-1]:  # nothing after the final line break
        pieces.pop()
    else:
        pieces.append("")
    raw, breaks = pieces[0::2], pieces[1::2]
    del pieces
    spaces = repeat(rules.tables["spaces"])
    contents = list(map(str.strip, raw, spaces))
    raw_lengths, break_lengths = _lengths(raw), _lengths(breaks)
    break_starts = np.cumsum(raw_lengths + break_lengths) - break_lengths
    starts = break_starts - _lengths(map(str.lstrip, raw, spaces), len(raw))
    return contents, tuple(array("q", a.tobytes()) for a in (starts, starts + _lengths(contents), break_starts,
                                                              break_starts + break_lengths))


def _lengths(strings: Iterable[str], count: int = -1) -> np.ndarray:
    return np.fromiter(map(len, strings), dtype=np.int64, count=count)


# --- kinds ------------------------------------------------------------------------


def _kinds(contents: list[str], lines: _Lines, rules: _Rules) -> list[str]:
    kinds = ["text" if c else "blank" for c in contents]
    counts = Counter(contents)
    toc = lines.find(rules.toc_leader) if any(mark in lines.joined for mark in rules.toc_leader_marks) else set()
    titles = {c for c in counts if len(c) < 12 and c.replace(" ", "").replace("\u3000", "") in rules.toc_titles}
    if titles:
        toc.update(i for i, c in enumerate(contents) if c in titles)
    for i in toc:
        kinds[i] = "toc"
    for i in _furniture(contents, counts, kinds, lines, rules):
        kinds[i] = "furniture"
    return kinds


def _furniture(contents: list[str], counts: Counter, kinds: list[str], lines: _Lines, rules: _Rules) -> set[int]:
    """Indices of running titles, page numbers and dashed page headers."""
    bare, furniture = {}, set()
    for i, match in lines.matches(rules.page_line):
        if kinds[i] == "text":
            if match.group("bare"):
                bare[i] = int(match.group("bare"))
            else:
                furniture.add(i)
    pages = _page_sequence(bare, rules)
    # decorated page numbers (`— 3 —`) mark pages as well as a sequence of bare ones
    titles = _running_titles(contents, counts, kinds, pages | furniture, rules)
    distance = rules.tables["running_title"]["page_number_distance"]
    pages |= {i for i in bare if any(j in titles for j in _neighbours(kinds, i, distance))}
    return furniture | titles | pages


def _page_sequence(bare: dict[int, int], rules: _Rules) -> set[int]:
    """The bare-number lines of the longest rising chain of page numbers."""
    table = rules.tables["page_sequence"]
    best: dict[int, tuple[int, int]] = {}  # number -> (length, line) of the best chain ending on it
    before: dict[int, int | None] = {}  # line -> the line before it in its chain
    for line in sorted(bare):
        value = bare[line]
        chains = [best[value - step] for step in range(1, table["max_step"] + 1) if value - step in best]
        longest = max(chains, default=None)
        before[line] = longest[1] if longest else None
        length = longest[0] + 1 if longest else 1
        if value not in best or best[value][0] <= length:
            best[value] = (length, line)
    length, line = max(best.values(), default=(0, None))
    if length < table["min_pages"]:
        return set()
    chain = set()
    while line is not None:
        chain.add(line)
        line = before[line]
    return chain


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


def _running_titles(contents: list[str], counts: Counter, kinds: list[str], pages: set[int],
                    rules: _Rules) -> set[int]:
    table = rules.tables["running_title"]
    repeated = {
        content for content, count in counts.items()
        if count >= table["min_repeats"] and table["min_chars"] <= len(content) <= table["max_chars"]
        and not content.isdigit()
    }
    if not repeated:
        return set()
    near_pages = {j for i in pages for j in _neighbours(kinds, i, table["page_number_distance"])}
    beside = Counter(contents[j] for j in near_pages if contents[j] in repeated and kinds[j] == "text")
    running = {content for content, count in beside.items() if count >= table["page_number_share"] * counts[content]}
    return {i for i, content in enumerate(contents) if content in running} if running else set()


# --- paragraphs -------------------------------------------------------------------


def _widths(lines: _Lines) -> np.ndarray:
    """Display width of each line: a Chinese (non-ASCII) character 2, an ASCII one 1, a space 0."""
    widths = ((len(c.encode("utf-8", "surrogatepass")) + len(c)) // 2 - c.count(" ") for c in lines.contents)
    return np.fromiter(widths, dtype=np.int64, count=len(lines.contents))


def _continuations(source: str, starts: Sequence[int], contents: list[str], kinds: list[str], marked: list[bool],
                   lines: _Lines, rules: _Rules) -> set[int]:
    """Indices of text lines whose paragraph goes on in the next text line.

    ``marked`` says which lines end in spaces before their break.
    """
    text_lines = [i for i, kind in enumerate(kinds) if kind == "text"]
    if not text_lines:
        return set()
    closing = lines.find(rules.paragraph_end)
    if _ends_marked(kinds, text_lines, marked, closing, rules):
        following = _following(kinds, text_lines, rules)
        opening = lines.find(rules.paragraph_start)
        return {i for i in text_lines if not marked[i] and following[i + 1] >= 0 and following[i + 1] not in opening}
    widths = _widths(lines)
    wrap = rules.tables["wrap"]
    text_widths = widths[text_lines]
    measured = text_widths[text_widths >= wrap["min_width"]]
    page_width = np.partition(measured, int(len(measured) * 0.9))[int(len(measured) * 0.9)] if len(measured) else 0
    if len(measured) < wrap["min_lines"] or page_width > wrap["max_wrap_width"]:
        return (_boxes(contents, text_lines, widths.tolist(), rules)
                | _broken(contents, kinds, text_lines, widths.tolist(), closing, lines, rules))
    indented = [i for i in text_lines if starts[i] > 0 and source[starts[i] - 1] not in "\r\n"]
    if len(indented) > len(text_lines) / 2:
        indented = []  # every line is indented: an indent says nothing
    opening = lines.find(rules.paragraph_start)
    return _wrapped(contents, kinds, text_lines, widths, page_width, closing, opening.union(indented), rules)


def _ends_marked(kinds: list[str], text_lines: list[int], marked: list[bool], closing: set[int],
                 rules: _Rules) -> bool:
    """Whether the extraction ended every paragraph, cell or list item with spaces and
    left a wrapped line without (config/layout.yaml, ``end_marks``): then a text line
    without them goes on in the next text line, unless that one opens a paragraph."""
    table = rules.tables["end_marks"]
    ends = [i for i in closing if kinds[i] == "text"]
    unmarked = len(text_lines) - sum(marked[i] for i in text_lines)
    return (len(ends) >= table["min_lines"] and unmarked >= table["unmarked_share"] * len(text_lines)
            and sum(marked[i] for i in ends) >= table["marked_share"] * len(ends))


def _following(kinds: list[str], text_lines: list[int], rules: _Rules) -> list[int]:
    """The text line each position flows into (see ``_next_text_lines``); across blank
    lines when nearly every text line is followed by one."""
    followed_by_blank = sum(1 for i in text_lines if i + 1 < len(kinds) and kinds[i + 1] == "blank")
    return _next_text_lines(kinds, followed_by_blank >= rules.tables["wrap"]["blank_after_share"] * len(text_lines))


def _wrapped(contents: list[str], kinds: list[str], text_lines: list[int], widths: np.ndarray, page_width: int,
             closing: set[int], opening: set[int], rules: _Rules) -> set[int]:
    """In a hard-wrapped document: a line continues when it is full (as wide as the page
    and nearly as its neighbours), does not end its paragraph and the next one does not
    open one, and neither is a table row."""
    wrap = rules.tables["wrap"]
    following = _following(kinds, text_lines, rules)
    lines = np.asarray(text_lines)
    nexts = np.asarray(following)[lines + 1]  # the text line each flows into, or -1
    flows = nexts >= 0
    own = widths[lines]
    after = np.where(flows, widths[nexts], 0)
    # the width of the text line before, when it flows into this one
    before = np.concatenate(([0], np.where(nexts[:-1] == lines[1:], own[:-1], 0)))
    full = (own >= max(wrap["min_full_width"], wrap["page_share"] * page_width)) \
        & (own >= wrap["full_share"] * np.maximum(before, after))
    rows: dict[int, bool] = {}  # lines known to be table rows or not

    def row(i: int) -> bool:
        if i not in rows:
            rows[i] = rules.table_row.search(contents[i]) is not None
        return rows[i]

    return {i for i, j in zip(lines[flows & full].tolist(), nexts[flows & full].tolist())
            if i not in closing and j not in opening and not row(i) and not row(j)}


def _next_text_lines(kinds: list[str], across_blanks: bool) -> list[int]:
    """For each position, the text line a paragraph flows into from the line before it,
    or -1.

    Furniture is skipped, and the blank lines after it (any blank lines if asked); a
    contents entry, or a blank line before any furniture, ends the flow. The list has
    one more entry than ``kinds``, for the end of the text.
    """
    plain = [-1] * (len(kinds) + 1)  # scanning from here, no furniture met yet
    after_furniture = [-1] * (len(kinds) + 1)
    for p in range(len(kinds) - 1, -1, -1):
        kind = kinds[p]
        if kind == "text":
            plain[p] = after_furniture[p] = p
        elif kind == "furniture":
            plain[p] = after_furniture[p] = after_furniture[p + 1]
        elif kind == "blank":
            after_furniture[p] = after_furniture[p + 1]
            plain[p] = plain[p + 1] if across_blanks else -1
    return plain


def _broken(contents: list[str], kinds: list[str], text_lines: list[int], widths: list[int], closing: set[int],
            lines: _Lines, rules: _Rules) -> set[int]:
    """In a document that is not hard-wrapped: the lines after which a stray line break
    cuts a paragraph (config/layout.yaml, ``broken``)."""
    table = rules.tables["broken"]
    following = _next_text_lines(kinds, across_blanks=False)
    long = [i for i in text_lines if widths[i] >= table["min_width"]]
    pairs = [(i, following[i + 1]) for i in long if i not in closing and following[i + 1] >= 0]
    long = set(long)
    pairs = [(i, j) for i, j in pairs if (j in long or j in closing) and rules.broken_prose.search(contents[i])
             and rules.broken_prose.search(contents[j]) and not rules.broken_clause_end.search(contents[i])]
    if not pairs:
        return set()
    opening = lines.find(rules.broken_opening)
    return {i for i, j in pairs if i not in opening and j not in opening
            and not rules.table_row.search(contents[i]) and not rules.table_row.search(contents[j])}


def _boxes(contents: list[str], text_lines: list[int], widths: list[int], rules: _Rules) -> set[int]:
    """In a document that is not hard-wrapped: the wrapped lines of narrow boxes of text."""
    boxes = rules.tables["boxes"]
    narrow = [i for i in text_lines if boxes["min_width"] <= widths[i] <= boxes["max_width"]]
    patterns = (rules.paragraph_end, rules.paragraph_start, rules.table_row, rules.box_label)
    fitting = {i for i in narrow if not any(p.search("\n" + contents[i]) for p in patterns)}
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
        fits = i in fitting
        if not (fits and run and run[-1] == i - 1):
            close()
        if fits:
            run.append(i)
    close()
    return continues


# --- view -------------------------------------------------------------------------


def _view(source: str, spans: tuple[Sequence[int], ...], kinds: list[str],
          continues: list[bool], rules: _Rules) -> TextView:
    """Keep text line contents and paragraph breaks; drop joins, furniture and squeezed spaces."""
    starts, ends, break_starts, break_ends = spans
    text = [kind == "text" for kind in kinds]
    ending = [is_text and not joined for is_text, joined in zip(text, continues)]
    keep_starts = array("q", compress(starts, text)) + array("q", compress(break_starts, ending))
    keep_ends = array("q", compress(ends, text)) + array("q", compress(break_ends, ending))
    for i in compress(range(len(kinds)), continues):  # one space between two words joined across a break
        end, break_start = ends[i], break_starts[i]
        if end < break_start and _latin(source[end - 1]):
            following = next(starts[j] for j in range(i + 1, len(kinds)) if kinds[j] == "text")
            if _latin(source[following]):
                keep_starts.append(end)
                keep_ends.append(end + 1)
    drop_starts, drop_ends = array("q"), array("q")
    squeezed = rules.squeeze.finditer(source)
    if first := next(squeezed, None):  # a cell gap is the very span of spaces that squeezing would drop
        cells = _cell_gap_spans(rules.cell_gap, source)
        for m in chain([first], squeezed):
            if m.span() not in cells:
                drop_starts.append(m.start())
                drop_ends.append(m.end())
    for m in rules.field_codes.finditer(source):
        if m.end() > m.start():
            drop_starts.append(m.start())
            drop_ends.append(m.end())
    kept = _covered(len(source), keep_starts, keep_ends)
    if drop_starts:
        kept &= ~_covered(len(source), drop_starts, drop_ends)
    # the runs of kept characters: where the mask turns on, and off
    edges = np.flatnonzero(np.diff(kept.view(np.int8), prepend=np.int8(0), append=np.int8(0)))
    run_origins, run_ends = edges[0::2], edges[1::2]
    run_starts = np.concatenate(([0], np.cumsum(run_ends - run_origins)[:-1])) if len(edges) else run_origins
    origins, ends = array("q", run_origins.astype(np.int64).tobytes()), array("q", run_ends.astype(np.int64).tobytes())
    # joined a few thousand runs at a time: a list of every run's slice would take more than the text
    text = "".join("".join(map(source.__getitem__, map(slice, origins[i:i + 4096], ends[i:i + 4096])))
                   for i in range(0, len(origins), 4096))
    return TextView(text, array("q", run_starts.astype(np.int64).tobytes()), origins)


def _covered(size: int, starts: Sequence[int], ends: Sequence[int]) -> np.ndarray:
    """Which of ``size`` characters lie in at least one of the ranges ``[starts[i], ends[i])``
    (at most a hundred of which overlap: a byte a character)."""
    depth = np.zeros(size + 1, dtype=np.int8)
    np.add.at(depth, np.frombuffer(starts, dtype=np.int64) if isinstance(starts, array) else starts, 1)
    np.add.at(depth, np.frombuffer(ends, dtype=np.int64) if isinstance(ends, array) else ends, -1)
    np.cumsum(depth, out=depth)
    return depth[:-1] > 0


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()
