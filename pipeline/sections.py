"""The heading tree of a document, from its source text and layout.

A heading starts a paragraph (see ``pipeline.layout``): either a numbered one
(``8.1 …``, ``一、…``, ``（一）…``, ``第三节 …``, ``» …``) or a short unnumbered line
alone in its paragraph that titles the block below it (``普陀区``). Patterns and
limits are in config/sections.yaml.

Levels follow the numbering as it nests in each document: the first style met is
level 1, a new style met under it is one deeper, an item continues the open list of
its style whose last item it follows (``二`` after ``一``), and a ``1`` under an item
of its style, or under a deeper heading, opens a new list there. Unnumbered
titles sit one below the current numbered heading; two of them in a row are a group
title and its first member, and so is a title whose body only announces the titles
after it; a bulleted title after a title with prose sits under it. Where a document
spaces its outline (group titles after more blank lines than their members, as
speeches with no numbering do), a title spaced like a group title is top-level too. An
Arabic numbering that mostly numbers prose paragraphs (`1.`, `2.` … through a speech)
heads no section.

``section_id`` is the path of ordinal positions in the tree: the second child of the
third top-level heading is ``3.2``. The same text and configuration give the same ids.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from itertools import compress, pairwise
from typing import Any, NamedTuple

from pipeline.layout import Layout, Line


@dataclass(frozen=True)
class Section:
    section_id: str
    parent_id: str | None
    level: int
    number: str
    title: str
    start: int
    end: int


class _Paragraph(NamedTuple):
    """Text lines joined by the layout; ``start``/``end`` span their content."""

    start: int
    end: int
    text: str  # the contents of its lines, without the breaks between them
    lines: int
    first_line: int  # indices into the layout's lines
    last_line: int
    blank_before: bool  # a blank line or a page break comes before it


@dataclass(frozen=True)
class _Style:
    key: str
    arabic: bool
    quantity: bool
    short: bool
    parts: bool
    numbered: bool
    rank: int | None


@dataclass(frozen=True)
class _Heading:
    start: int
    end: int
    number: str
    title: str
    style: str | None  # the numbering style; None for an unnumbered title
    value: int | None
    rank: int | None
    role: str  # "numbered", or for unnumbered titles "group", "prose", "list"
    paragraph: int  # the index of its paragraph
    gap: int | None = None  # blank lines before an unnumbered title (None after a page break)


class SectionFinder:
    """Finds the headings of a document and places them in a tree."""

    def __init__(self, *, tables: dict[str, Any]) -> None:
        self.tables = tables
        self._styles = [
            _Style(
                key=style.get("same_as", style["name"]),
                arabic=style.get("arabic", False),
                quantity=style.get("quantity", False),
                short=style.get("short", False),
                parts=style.get("parts", False),
                numbered=style.get("number", True),
                rank=style.get("rank"),
            )
            for style in tables["styles"]
        ]
        self._arabic_styles = {style.key for style in self._styles if style.arabic}
        numbered = tables["numbered"]
        styles = "|".join(f"(?P<s{k}>{_suffixed(style['pattern'], k)})" for k, style in enumerate(tables["styles"]))
        # at the start of a paragraph, field codes may come first; a title (or a digit,
        # checked later) must follow
        self._numbering = re.compile(f"(?:{tables['field_codes']})?(?:{styles})"
                                     f"(?=[ \t\u3000]*(?:{numbered['title_start']}|\\d))")
        self._first_chars = frozenset(tables["first_chars"])
        self._run_in_end = re.compile(numbered["run_in_end"])
        self._list_item_end = re.compile(numbered["list_item_end"])
        self._quoted_end = re.compile(numbered["quoted_end"])
        self._table_cells = re.compile(tables["table_cells"])
        self._table_cell_end = re.compile(tables["table_cell_end"])
        self._cell_gap = re.compile(tables["cell_gap"])
        untitled = tables["untitled"]
        self._forbidden = re.compile(untitled["forbidden"])
        self._spaced = re.compile(untitled["spaced"])
        self._spaced_title = re.compile(untitled["spaced_title"])
        self._date_only = re.compile(untitled["date_only"])
        self._body_punctuation = re.compile(untitled["body_punctuation"])
        self._intro = re.compile(untitled["intro"])
        self._sentence_end = re.compile(untitled["sentence_end"])
        self._answer = re.compile(untitled["answer"])
        self._bullet = re.compile(tables["bullet"])
        self._han = re.compile(tables["han"])
        self._latin = re.compile(tables["latin"])
        row_labels = tables["row_labels"]
        self._line_end = re.compile(r"[^\r\n]*(?:\r\r\n|\r\n|\n|\r)?")
        self._cells_only = re.compile(row_labels["cells_only"])
        self._amount = re.compile(row_labels["amount"])
        self._prose = re.compile(row_labels["prose"])
        self._fragment_break = re.compile(row_labels["fragment_break"])
        self._parts = re.compile(r"[.．]")
        self._spaces = re.compile(r"\s+")
        self._title_spaces = re.compile(tables["title_spaces"])

    @classmethod
    def from_config(cls, config) -> SectionFinder:
        return cls(tables=config.load("sections"))

    def __call__(self, source: str, layout: Layout) -> list[Section]:
        paragraphs = _Paragraphs(source, layout.lines)
        return _tree(self._headings(source, layout.lines, paragraphs))

    # --- finding headings ---------------------------------------------------------

    def _headings(self, source: str, lines: tuple[Line, ...], paragraphs: _Paragraphs) -> list[_Heading]:
        untitled = self.tables["untitled"]
        numbered: dict[int, _Heading] = {}  # by paragraph index
        styles: dict[int, str] = {}  # paragraph index -> numbering style, heading or not
        first_chars, numbering = self._first_chars, self._numbering
        for index, start in enumerate(paragraphs.starts):
            if source[start] in first_chars:
                match = numbering.match(source, start)
                if match:
                    styles[index], heading = self._numbered(lines, paragraphs, index, match)
                    if heading:
                        numbered[index] = heading
        numbering_prose = _paragraph_numbering(styles, numbered, paragraphs, self._arabic_styles)
        kept = {index: heading for index, heading in numbered.items()
                if heading.style not in numbering_prose
                and not self._list_item(paragraphs, styles, index, heading)
                and not self._labels_row(source, lines, paragraphs, index)}
        unspaced = paragraphs.blank_share < untitled["min_blank_share"]
        titles = self._titles(self._candidates(paragraphs, styles, kept, unspaced), paragraphs, unspaced)
        return sorted([*kept.values(), *titles], key=lambda heading: heading.start)

    def _numbered(self, lines: tuple[Line, ...], paragraphs: _Paragraphs, index: int,
                  match: re.Match) -> tuple[str, _Heading | None]:
        """The numbering style of a paragraph, and the heading it starts if it is one.

        ``match`` is the numbering found at the paragraph's start in the source.
        """
        paragraph = paragraphs[index]
        base = paragraph.start
        k = int(match.lastgroup[1:])
        style = self._styles[k]
        number = self._spaces.sub("", match.group(f"number_{k}"))
        key = f"{style.key}{len(self._parts.findall(number)) + 1}" if style.parts else style.key
        text = paragraph.text
        title_at = match.end() - base
        table = self.tables["numbered"]
        end = paragraph.end
        if style.short:
            title = text[title_at:].strip()
            if len(title) > table["short_chars"] or self._unfit(title) or paragraph.lines > 1:
                return key, None
        elif len(text) > table["max_chars"]:
            sentence_end = self._run_in_end.search(text, title_at, title_at + table["run_in_chars"])
            if not sentence_end:
                return key, None
            end = _source_position(lines, paragraph, sentence_end.end())
            title = text[title_at:sentence_end.end()].strip()
        else:
            title = text[title_at:].strip()
        if (not title or style.arabic and title[0].isdigit() or style.quantity and title[0] in self.tables["unit_starts"]
                or self._quoted_end.search(title) or len(self._table_cells.findall(title)) > self.tables["max_table_cells"]
                or self._table_cell_end.search(title) or self._bullet.match(title)):
            return key, None
        value = match.group(f"value_{k}") if style.numbered else None
        return key, _Heading(
            start=_source_position(lines, paragraph, match.start(f"s{k}") - base),
            end=end,
            number=number if style.numbered else "",
            title=self._clean_title(title),
            style=key,
            value=self._value(value) if value else None,
            rank=style.rank,
            role="numbered",
            paragraph=index,
        )

    def _list_item(self, paragraphs: _Paragraphs, styles: dict[int, str], index: int,
                   heading: _Heading) -> bool:
        """A whole numbered sentence next to another paragraph of its style is a list item."""
        paragraph = paragraphs[index]
        style = styles[index]
        return (heading.end == paragraph.end and bool(self._list_item_end.search(paragraph.text))
                and (styles.get(index - 1) == style or styles.get(index + 1) == style))

    def _labels_row(self, source: str, lines: tuple[Line, ...], paragraphs: _Paragraphs, index: int) -> bool:
        """Whether a numbered paragraph labels a table row: it holds empty cells (a run of
        spaces), or what follows it, past short fragments of a wrapped label, is a row of
        empty cells, a line of cells only or a line that starts with an amount."""
        table = self.tables["row_labels"]
        paragraph = paragraphs[index]
        position = self._line_end.match(source, lines[paragraph.last_line].end).end()
        if self._cell_gap.search(source, paragraph.start, position):
            return True
        after = paragraph.last_line + 1
        for line in lines[after:after + self.tables["table_lookahead"]]:
            if line.kind == "blank" and line.start - position >= table["empty_row_spaces"]:
                return True
            position = self._line_end.match(source, line.end).end()
            if line.kind != "text":
                continue
            text = source[line.start:line.end]
            if self._cells_only.fullmatch(text) or not self._prose.search(text) and (
                    self._amount.match(text) or len(self._amount.findall(text)) >= table["row_amounts"]):
                return True
            if (len(text) > table["fragment_chars"] or self._fragment_break.search(text)
                    or self._numbering.match(text) or self._bullet.match(text)):
                return False
        return False

    def _unfit(self, title: str) -> bool:
        """Whether a short line cannot be an unnumbered title (a sentence, a question, cells)."""
        return bool(self._forbidden.search(title)
                    or self._spaced.search(title) and not self._spaced_title.fullmatch(title))

    def _clean_title(self, title: str) -> str:
        return self._title_spaces.sub("", title).strip().rstrip("。！？；：")

    def _value(self, numeral: str) -> int:
        """The value of a heading numeral: ``12``, ``十二``, ``②``."""
        circled = self.tables["circled"]
        if numeral in circled:
            return circled.index(numeral) + 1
        if numeral.isdigit():  # Arabic digits, half or full width
            return int(numeral)
        numerals = self.tables["numerals"]
        total, current = 0, 0
        for char in numeral:
            value = numerals.get(char, 0)
            if value >= 10:
                total += (current or 1) * value
                current = 0
            else:
                current = current * 10 + value if char in "〇零" or current else value
        return total + current

    # --- unnumbered titles --------------------------------------------------------

    def _candidates(self, paragraphs: _Paragraphs, styles: dict[int, str], numbered: dict[int, _Heading],
                    unspaced: bool) -> list[int]:
        """The paragraphs that could title a block. In a text without blank lines, a
        title (or the first of two) must follow a numbered heading or a full sentence."""
        untitled = self.tables["untitled"]
        singles = [index for index in paragraphs.single_lines(untitled["min_chars"], untitled["max_chars"])
                   if index not in styles]
        if not unspaced:
            every_line_alone = paragraphs.blank_share >= untitled["every_line_share"]
            return [index for index in singles if self._is_candidate(paragraphs, index, every_line_alone)]
        firsts = {index for index in singles if index - 1 in numbered
                  or index > 0 and self._sentence_end.search(paragraphs.text(index - 1))}
        candidates = [index for index in singles if index in firsts and self._is_candidate(paragraphs, index, True)]
        seconds = set(singles).difference(firsts).intersection(index + 1 for index in candidates)
        return sorted(candidates + [index for index in seconds if self._is_candidate(paragraphs, index, True)])

    def _is_candidate(self, paragraphs: _Paragraphs, index: int, every_line_alone: bool) -> bool:
        """A short unnumbered line alone in its paragraph (one of ``single_lines``), that
        could title a block."""
        untitled = self.tables["untitled"]
        text = paragraphs.text(index)
        if self._unfit(text) or self._bullet.match(text) or self._date_only.fullmatch(text):
            return False
        if not every_line_alone and not (paragraphs.blank_before(index) and
                                         (index + 1 == len(paragraphs) or paragraphs.blank_before(index + 1))):
            return False
        if (len(self._table_cells.findall(text)) > self.tables["max_table_cells"]
                or self._cell_gap.match(paragraphs.source, paragraphs.starts[index] + len(text) - 1)):
            return False
        han = len(self._han.findall(text))
        latin = len(self._latin.findall(text))
        return han >= untitled["min_chars"] and han >= untitled["min_han_share"] * (han + latin)

    def _body(self, paragraph: _Paragraph, unspaced: bool) -> str | None:
        """``"list"`` or ``"prose"`` when the paragraph is a block body a title can
        introduce (in a text without blank lines: long and punctuated prose only)."""
        untitled = self.tables["untitled"]
        if self._answer.match(paragraph.text):
            return None
        if self._bullet.match(paragraph.text):
            return "list"
        long = paragraph.lines > 1 or len(paragraph.text) >= untitled["body_chars"]
        punctuated = (self._body_punctuation.search(paragraph.text)
                      and len(self._han.findall(paragraph.text)) >= untitled["body_min_han"])
        if long and punctuated if unspaced else long or punctuated:
            return "prose"
        return None

    def _introduces(self, text: str) -> bool:
        """Whether a paragraph is a short introduction to what follows (``…以下几项工作：``)."""
        return len(text) <= self.tables["untitled"]["intro_chars"] and bool(self._intro.search(text))

    def _titles(self, candidates: list[int], paragraphs: _Paragraphs, unspaced: bool) -> list[_Heading]:
        """The candidates that title a block.

        A candidate followed by a body is a title; two candidates in a row followed by
        a body are a group title and a title; longer runs are lists, not titles. A title
        whose body only introduces the titles after it is a group title.
        """
        runs: list[list[int]] = []
        for index in candidates:
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        bodies = {}  # first candidate of each titling run -> (the run, the kind of its body)
        for run in runs:
            after = run[-1] + 1
            body = self._body(paragraphs[after], unspaced) if after < len(paragraphs) else None
            if body is not None and len(run) <= 2:
                bodies[run[0]] = run, body
        titles: list[_Heading] = []
        for run, body in bodies.values():
            after = run[-1] + 1
            if len(run) == 1 and body == "prose" and after + 1 in bodies and self._introduces(paragraphs[after].text):
                roles = ["group"]
            else:
                roles = ["group", body] if len(run) == 2 else [body]
            titles.extend(
                _Heading(paragraphs[i].start, paragraphs[i].end, "", self._clean_title(paragraphs[i].text),
                         None, None, None, role, i, paragraphs.blank_lines_before(i))
                for i, role in zip(run, roles)
            )
        return _spaced_outline(titles)


def _spaced_outline(titles: list[_Heading]) -> list[_Heading]:
    """The titles, with those spaced off like group titles made group titles themselves.

    Where every group title of a document (one right above its first member) stands after
    more blank lines than that member, the document spaces its outline (a speech with no
    numbering): a title with a body of its own that stands after as many blank lines as a
    group title is a top-level title too (`結語` after the last group's members)."""
    pairs = [(group.gap, member.gap) for group, member in pairwise(titles)
             if group.role == "group" and member.paragraph == group.paragraph + 1
             and group.gap is not None and member.gap is not None]
    if not pairs or any(group <= member for group, member in pairs):
        return titles
    top = min(group for group, _ in pairs)
    return [replace(t, role="group") if t.role == "prose" and t.gap is not None and t.gap >= top else t
            for t in titles]


def _paragraph_numbering(styles: dict[int, str], numbered: dict[int, _Heading],
                         paragraphs: _Paragraphs, arabic: set[str]) -> set[str]:
    """The Arabic numbering styles that mostly number prose paragraphs, not title lines
    (a speech's `1.`, `2.` … running through it): their short paragraphs and the first
    sentences of their long ones are no headings either."""
    counts = Counter(styles.values())
    titles = Counter(heading.style for index, heading in numbered.items() if heading.end == paragraphs[index].end)
    return {style for style, count in counts.items()
            if style.rstrip("0123456789") in arabic and titles[style] * 2 < count}


def _suffixed(pattern: str, k: int) -> str:
    """The pattern with its named groups renamed ``name_k``, to join styles in one regex."""
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m.group(1)}_{k}>", pattern)


def _source_position(lines: tuple[Line, ...], paragraph: _Paragraph, offset: int) -> int:
    """The source index of ``paragraph.text[offset]`` (or of its end)."""
    if paragraph.lines == 1:
        return paragraph.start + offset
    for line in lines[paragraph.first_line:paragraph.last_line + 1]:
        if line.kind == "text":
            if offset <= line.end - line.start:
                return line.start + offset
            offset -= line.end - line.start
    return paragraph.end


class _Paragraphs:
    """The text paragraphs of a layout, in order; each is made into a ``_Paragraph``
    only when asked for (most are never looked at)."""

    def __init__(self, source: str, lines: tuple[Line, ...]) -> None:
        self.source, self.lines = source, lines
        kinds = [line.kind for line in lines]
        is_text = [kind == "text" for kind in kinds]
        self.text_lines = list(compress(range(len(lines)), is_text))
        text_lines = list(compress(lines, is_text))
        # positions in text_lines of the first line of each paragraph, and one past the end
        opens = [True, *(not line.continues for line in text_lines[:-1])] if text_lines else []
        self.bounds = list(compress(range(len(text_lines)), opens))
        self.bounds.append(len(self.text_lines))
        self.starts = [line.start for line in compress(text_lines, opens)]
        followed_by_blank = sum(1 for a, b in pairwise(kinds) if b == "blank" and a == "text")
        self.blank_share = followed_by_blank / len(self.text_lines) if self.text_lines else 0.0
        self._made: dict[int, _Paragraph] = {}

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def __getitem__(self, k: int) -> _Paragraph:
        if k not in self._made:
            self._made[k] = self._make(k)
        return self._made[k]

    def text(self, k: int) -> str:
        """``self[k].text``, without making the paragraph when it is one line."""
        if self.bounds[k + 1] - self.bounds[k] == 1:
            line = self.lines[self.text_lines[self.bounds[k]]]
            return self.source[line.start:line.end]
        return self[k].text

    def blank_before(self, k: int) -> bool:
        """Whether a blank line or a page break separates paragraph ``k`` from the one before."""
        return k == 0 or self.text_lines[self.bounds[k]] - self.text_lines[self.bounds[k] - 1] > 1

    def blank_lines_before(self, k: int) -> int | None:
        """How many blank lines stand right before paragraph ``k``; None at the start of the
        text or of a page, where the spacing says nothing about the outline."""
        first = self.text_lines[self.bounds[k]]
        count = 0
        while count < first and self.lines[first - count - 1].kind == "blank":
            count += 1
        return count if count < first and self.lines[first - count - 1].kind == "text" else None

    def single_lines(self, min_chars: int, max_chars: int) -> list[int]:
        """The paragraphs of one line whose content is ``min_chars``..``max_chars`` long."""
        lines, text_lines, bounds = self.lines, self.text_lines, self.bounds
        return [k for k in range(len(self)) if bounds[k + 1] - bounds[k] == 1
                and min_chars <= lines[text_lines[bounds[k]]].end - lines[text_lines[bounds[k]]].start <= max_chars]

    def _make(self, k: int) -> _Paragraph:
        lines, source = self.lines, self.source
        first, last = self.text_lines[self.bounds[k]], self.text_lines[self.bounds[k + 1] - 1]
        start, end = lines[first].start, lines[last].end
        if first == last:
            text = source[start:end]
        else:
            own = self.text_lines[self.bounds[k]:self.bounds[k + 1]]
            text = "".join([source[lines[i].start:lines[i].end] for i in own])
        return _Paragraph(start, end, text, self.bounds[k + 1] - self.bounds[k], first, last, self.blank_before(k))


# --- the tree ---------------------------------------------------------------------


def _tree(headings: list[_Heading]) -> list[Section]:
    """Place the headings in a tree (see the module docstring) and give them ids."""
    stack: list[int] = []
    placed: list[tuple[int, int | None]] = []  # (heading, parent) as indices into headings
    seen: set[str] = set()  # the numbering styles placed so far
    for index, heading in enumerate(headings):
        kept = _placed([headings[k] for k in stack], heading, seen, headings[placed[-1][0]] if placed else None)
        if kept is None:
            continue
        stack = stack[:kept] + [index]
        placed.append((index, stack[-2] if len(stack) > 1 else None))
        if heading.style is not None:
            seen.add(heading.style)
    sections: dict[int, Section] = {}
    children: dict[int | None, int] = {}
    for index, parent in placed:
        children[parent] = children.get(parent, 0) + 1
        above = sections[parent] if parent is not None else None
        section_id = f"{above.section_id}.{children[parent]}" if above else str(children[parent])
        heading = headings[index]
        sections[index] = Section(section_id, above.section_id if above else None, above.level + 1 if above else 1,
                                  heading.number, heading.title, heading.start, heading.end)
    return list(sections.values())


def _placed(stack: list[_Heading], heading: _Heading, seen: set[str], previous: _Heading | None) -> int | None:
    """How many open headings of ``stack`` stay open above ``heading``; None if it is no heading.

    A numbering style in the stack continues the list whose last item it follows
    (``二`` after ``一``), or else the deepest list of its style: it closes what was
    opened under that item. A ``1`` when the current numbered heading is an item of its
    style, or right after the current numbered heading, opens a list inside it; below a
    deeper heading it restarts a list there unless that heading's style is junior to it
    (``rank``). Any other heading
    starts a new list under the current numbered heading, above any more junior style
    unless it comes right after that heading; so it must start at 1 unless it is the
    first numbered heading met.
    """
    numbered = [k for k, open_heading in enumerate(stack) if open_heading.style is not None]
    base = numbered[-1] + 1 if numbered else 0
    if heading.style is None:
        return base + _untitled_kept(stack[base:], heading)
    right_after = (previous is not None and base > 0 and stack[base - 1] is previous
                   and heading.paragraph == previous.paragraph + 1)
    same = [k for k in numbered if stack[k].style == heading.style]
    if same:
        if heading.value is not None:
            follows = [k for k in same if stack[k].value == heading.value - 1]
            if follows:
                return follows[-1]
        k = same[-1]
        if heading.value == 1 and (k == base - 1 or right_after):
            return base
        deepest = stack[base - 1]
        restarted = (heading.value == 1 and (stack[k].value or 0) >= 1 and k < base - 1
                     and not (heading.rank is not None and deepest.rank is not None and deepest.rank > heading.rank))
        return base if restarted else k
    if seen and heading.value is not None and heading.value != 1:
        return None
    kept = base
    while kept and not right_after and heading.rank is not None and stack[kept - 1].rank is not None \
            and stack[kept - 1].rank > heading.rank:
        kept -= 1
    return kept


def _untitled_kept(chain: list[_Heading], heading: _Heading) -> int:
    """How many of the unnumbered titles open below the numbered heading stay open above ``heading``."""
    if heading.role == "group":
        return 0
    if heading.role == "prose":
        return 1 if chain and chain[0].role == "group" else 0
    openers = [k for k, title in enumerate(chain) if title.role in ("group", "prose")]
    return openers[-1] + 1 if openers else 0
