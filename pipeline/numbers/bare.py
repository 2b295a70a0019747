"""Numbers written with no unit after them: which are quantities, and which unit they take.

A bare ordinal counts when it ends a clause (`排名第三，`); a Chinese numeral when it has a
scale word (`1200万` is a count) or three characters; an Arabic number when it is a cell
of a flattened table row (it takes the row's unit, ``tablerows.py``), when a coordinated
number lends it a unit (`1.5和0.8个百分点`), or when punctuation ends it in prose and it
is not a year, a code, a list marker or a page number.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from pipeline.matches import Match
from pipeline.numbers.parse import Numeral, NumeralParser, number_fields
from pipeline.numbers.patterns import NumberPatterns
from pipeline.numbers.tablerows import Row, TableContext
from pipeline.numbers.vocabulary import UNIT_GROUPS, Vocabulary, WordInfo
from pipeline.text import CJK_CHAR

WHITESPACE = re.compile(r"\s*")
SPACES = re.compile(r"[ \t\u3000]*")


def following(text: str, end: int) -> str:
    """The next character after ``end`` that is not a space or line break."""
    end = WHITESPACE.match(text, end).end()
    return text[end] if end < len(text) else ""


class Reading(NamedTuple):
    """A candidate as ``NumberExtractor`` has read it: its match, where the quantity
    starts, whether it is an ordinal, its numeral, values and qualifier."""

    m: re.Match
    start: int
    ordinal: bool
    numeral: Numeral
    value: Decimal
    value_max: Decimal | None
    qualifier: str


class BareNumbers:
    """Decides the bare numbers found by ``NumberExtractor``."""

    def __init__(self, vocabulary: Vocabulary, patterns: NumberPatterns, numerals: NumeralParser) -> None:
        self._vocabulary = vocabulary
        self._patterns = patterns
        self._numerals = numerals

    def __call__(self, text: str, reading: Reading, rows: TableContext) -> Match | None:
        """The quantity of a candidate read with no unit, or None."""
        v = self._vocabulary
        m, start, ordinal, first, value, value_max, qualifier = reading
        end = m.end("q2") if m["q2"] else m.end("num2") if m["num2"] else m.end("q1") if m["q1"] else m.end("num")
        after = following(text, end)
        in_parens = (start == m.start() and 0 < start and text[start - 1] in v.opening_parens
                     and after in v.closing_parens and value_max is None)
        if ordinal:
            return self._ordinal(text, start, end, value, qualifier, after)
        if after in v.comparison_marks:  # `指标1≥0.5‰`
            return None
        next_word = v.words.get(after)
        if next_word is not None and next_word.category in ("time", "address"):
            return None
        if first.chinese:
            written = self._patterns.space.sub("", m["num"])
            if in_parens or after in v.enumerator_marks:
                return None
            if not first.scaled and len(written) < 3 and (len(written) < 2 or CJK_CHAR.match(after)):
                return None
            return _match(start, end, value, value_max, "", qualifier, "count" if first.scaled else "other")
        if first.scaled:
            return _match(start, end, value, value_max, "", qualifier, "count")
        cell_start, cell_end = (start - 1, end + 1) if in_parens and text[end] in v.closing_parens else (start, end)
        # a cell stands between spaces, or right after its row label (`营业收入1,520.00 …`),
        # or, in a row of several cells, right before a text cell (`100.00无法收回`)
        before = text[cell_start - 1] if cell_start else " "
        closed = cell_end == len(text) or text[cell_end].isspace()
        if (before.isspace() or CJK_CHAR.match(before)) and (closed or CJK_CHAR.match(text, cell_end)):
            row = rows.row(cell_start)
            if rows.tabular(row) and (closed or row.cells >= 2):
                if in_parens and first.plain:
                    return None
                return self._cell(text, reading, row, rows, cell_start, cell_end, -value if in_parens else value)
        if after in v.coordinators and not in_parens:
            shared = self._shared_unit(text, end)
            if shared is not None:
                if shared.category not in UNIT_GROUPS:
                    return None
                return _match(start, end, value, value_max, shared.form, qualifier, shared.kind)
        if in_parens or CJK_CHAR.match(after) or v.code_neighbour.match(after):
            return None
        before = text[start - 1] if start else ""
        if before in v.opening_quotes and after in v.closing_quotes:
            return None
        if before and (CJK_CHAR.match(before) or v.code_neighbour.match(before)) and v.version.fullmatch(m["num"]):
            return None
        if first.plain and after in v.enumerator_marks and len(m["num"]) <= 2:
            return None
        if self._identifier_like(text, m, first, value_max):
            return None
        return _match(start, end, value, value_max, "", qualifier, "other")

    def _ordinal(self, text: str, start: int, end: int, value: Decimal, qualifier: str, after: str) -> Match | None:
        """`第三` ending a clause is a rank (`排名第三，`); starting a sentence it enumerates
        (`第二，…`), and before other words it is part of a name (`第一时间`)."""
        v = self._vocabulary
        if after and after not in v.clause_ends:
            return None
        before = text[max(start - 8, 0):start].rstrip(" \t\u3000")
        if not before or before[-1] in v.sentence_starts:
            return None
        return _match(start, end, value, None, "", qualifier, "ordinal")

    def _shared_unit(self, text: str, end: int) -> WordInfo | None:
        """The unit of the number coordinated after ``end`` (`1.5和0.8个百分点`), when that
        number has one and no scale word of its own."""
        position = WHITESPACE.match(text, end).end() + 1
        position = WHITESPACE.match(text, position).end()
        m = self._patterns.number.match(text, position)
        if m is None or m["num2"] or m["num"][0] in self._vocabulary.signs or not m["u1"]:
            return None
        second = self._numerals.parse(m["num"])
        if second is None or second.scaled or second.trailing != 1:
            return None
        words = self._vocabulary.words
        info = words.get(self._patterns.space.sub("", m["u1"]).split(self._vocabulary.compound_separator)[0])
        return None if info is None or info.category == "big" else info

    def _cell(self, text: str, reading: Reading, row: Row, rows: TableContext, start: int, end: int,
              value: Decimal) -> Match | None:
        """A bare number in a table row (``start``, ``end`` include parentheses around it,
        ``value`` is then negative), with the unit the row or table declares."""
        value_max, qualifier = reading.value_max, reading.qualifier
        if reading.numeral.plain and start == row.first_cell and CJK_CHAR.match(text, SPACES.match(text, end).end()):
            return None  # a row number (`1 第一名 …`)
        if self._identifier_like(text, reading.m, reading.numeral, value_max):
            return None
        declared = rows.unit_for(row, start, value)
        if declared is None:
            return _match(start, end, value, value_max, "", qualifier, "other")
        info = self._vocabulary.words.get(declared.unit.split(self._vocabulary.compound_separator)[0])
        kind = info.kind if info is not None and info.category in UNIT_GROUPS else "other"
        value_max = None if value_max is None else value_max * declared.factor
        return _match(start, end, value * declared.factor, value_max, declared.unit, qualifier, kind)

    def _identifier_like(self, text: str, m: re.Match, first: Numeral, value_max: Decimal | None) -> bool:
        """A bare integer that is a year, a code with leading zeros, a long identifier or a
        page number alone on its line."""
        v = self._vocabulary
        if not first.plain:
            return False
        digits = m["num"].lstrip(v.signs)
        if digits[0] in "0０" and len(digits) > 1 or len(digits) >= v.identifier_digits:
            return True
        if int(first.value) in v.years and (value_max is None or int(value_max) in v.years):
            return True
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.start())
        return text[line_start:line_end if line_end >= 0 else len(text)].strip() == digits


def _match(start: int, end: int, value: Decimal, value_max: Decimal | None, unit: str, qualifier: str,
           kind: str) -> Match:
    return Match(start, end, number_fields(value, value_max, unit, qualifier, kind, ""))
