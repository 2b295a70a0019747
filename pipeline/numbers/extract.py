"""Finding the quantities of a text: which candidates of ``NumberPatterns.number`` count.

A candidate is dropped when it is a date or time (`2023年`, `9月9—11日`), an address
(`1号`, `15层`), a code or formula (`G60`, `5G`, `1+N+X`), inside a span that the
configured exclusions mask (URLs, phone numbers, section numbers, slogans), or a name or
article built on a Chinese numeral (`统一`, “四个意识”, `一批`). Numbers with no unit are
decided in ``bare.py``; values come from ``parse.py``, counted nouns from ``nouns.py``.
"""

from __future__ import annotations

import decimal
import re
from bisect import bisect_right
from decimal import Decimal
from typing import Any, NamedTuple

from pipeline.config import Config
from pipeline.matches import Match
from pipeline.numbers.bare import BareNumbers, Reading
from pipeline.numbers.nouns import CountedNouns
from pipeline.numbers.parse import Numeral, NumeralParser, number_fields
from pipeline.numbers.patterns import NumberPatterns
from pipeline.numbers.tablerows import TableContext
from pipeline.numbers.vocabulary import Vocabulary, WordInfo
from pipeline.text import CJK_CHAR

_HALF = Decimal("0.5")
# Exact arithmetic for any number a text can write: Python's default context keeps 28
# digits and traps on overflow (`47992億億億`, a 30-digit amount). A result that would
# be rounded traps too, so that a candidate is skipped rather than read wrong.
_EXACT = decimal.Context(prec=400, Emax=10_000, Emin=-10_000,
                         traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow,
                                decimal.Inexact])
_GROUPS = ("num", "q1", "u1", "num2", "sign2", "q2", "unit", "half", "dropped", "post")
_LINE_BREAKS = str.maketrans("", "", "\r\n")


class _Masks:
    """Disjoint sorted spans of the text where no number is read."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self._ends[i] > start


class _Head(NamedTuple):
    """What stands before a numeral: where the quantity starts, its qualifier, and whether
    it is an ordinal (`第`), a percent (`百分之`) or a round number (`近百`, `上万`)."""

    start: int
    qualifier: str
    ordinal: bool
    percent: bool
    round: bool


class NumberExtractor:
    """Finds quantities in a text; ``Match.fields`` are ``value``, ``value_max``, ``unit``,
    ``qualifier``, ``kind`` and ``noun`` (spec §3, docs/ARCHITECTURE.md)."""

    def __init__(self, *, tables: dict[str, Any]) -> None:
        self.tables = tables
        self._vocabulary = Vocabulary.from_tables(tables)
        self._patterns = NumberPatterns(tables)
        self._numerals = NumeralParser(tables)
        self._bare = BareNumbers(self._vocabulary, self._patterns, self._numerals)
        self._nouns = CountedNouns(tables)
        self._known_words: dict[str, tuple[str, WordInfo | None]] = {}

    @classmethod
    def from_config(cls, config: Config) -> NumberExtractor:
        return cls(tables=config.load("numbers"))

    def __call__(self, text: str) -> list[Match]:
        spans = [m.span("x") if "x" in p.groupindex else m.span()
                 for p in self._patterns.exclusions for m in p.finditer(text)]
        spans.extend(m.span() for m in self._patterns.excluded_words.finditer(text))
        masks = _Masks(spans)
        rows = TableContext(text, self._patterns, self.tables)
        found: list[Match] = []
        with decimal.localcontext(_EXACT):
            for m in self._patterns.number.finditer(text):
                self._add(text, m, masks, rows, found)
        return found

    def _add(self, text: str, m: re.Match, masks: _Masks, rows: TableContext, found: list[Match]) -> None:
        """Add the quantity of candidate ``m``, if it is one; a candidate that cannot be
        read (an odd form the rules did not foresee) is passed over, never the document."""
        try:
            match = self._quantity(text, m, masks, rows)
        except (ArithmeticError, IndexError, ValueError, KeyError):
            return
        if match is not None:
            if match.fields["kind"] == "count" and match.fields["unit"]:
                match = self._with_noun(text, match, found)
            found.append(match)

    def _with_noun(self, text: str, match: Match, found: list[Match]) -> Match:
        """The match with the noun it counts; a count with none found takes the noun of the
        count before it in the same sentence with the same unit (`新增9个、累计达到79个`)."""
        fields = match.fields
        if not CJK_CHAR.match(text, match.end - 1):
            return match  # a table cell whose unit is the table's
        noun = self._nouns(text, match.start, match.end, found[-1].end if found else 0)
        if not noun and found:
            last = found[-1].fields
            if last["unit"] == fields["unit"] and last["noun"] and not self._patterns.sentence_end.search(
                    text, found[-1].end, match.start):
                noun = last["noun"]
        return Match(match.start, match.end, {**fields, "noun": noun})

    def _quantity(self, text: str, m: re.Match, masks: _Masks, rows: TableContext) -> Match | None:
        v = self._vocabulary
        numeral, q1, u1, num2, sign2, q2, unit_written, half, dropped, post = m.group(*_GROUPS)
        negative = numeral[0] in v.signs
        if negative:
            numeral = numeral[1:]
        start, end = m.span()
        if masks.overlaps(start, end) or self._in_code(text, m):
            return None
        first = self._numerals.parse(numeral)
        if first is None:
            return None
        word, info = self._word(u1 or unit_written)
        if info is not None and info.category in ("time", "address"):
            return None
        if u1 and not num2 and word[0] in self._patterns.lookalike_starts and self._noun_not_unit(text, m):
            word, info, u1 = "", None, None  # `13亿人口`: a noun, not the classifier 人
        if self._after_label(text, start, first, info) or info is not None and not self._unit_fits(text, m, first, info):
            return None
        per = self._per_unit(text, start) if info is not None and info.category == "measure" else None
        head = self._head(text, per.start() if per else start, numeral, bool(dropped))
        if head is None:
            return None
        plain_chinese = first.chinese and not (head.ordinal or head.percent or head.round)
        if plain_chinese and self._chinese_word(text, start, numeral, first, word, info):
            return None
        value = -first.value if negative else first.value
        value_max = None
        if num2:
            second = self._numerals.parse(num2)
            if second is None:
                return None
            value_max = -second.value if sign2 else second.value
            if first.trailing == 1 and second.trailing > 1:
                value *= second.trailing
            if value >= value_max:
                return None
        qualifier = head.qualifier
        if qualifier == "exact" and (first.over or q1 or q2):
            qualifier = "over"
        if head.ordinal and word in v.ordinal_excluded_units:
            return None

        if head.percent:
            end = m.start("u1") if u1 else m.start("unit") if unit_written else end
            unit, kind = "%", "percent"
        elif info is None:
            if dropped and first.scaled:  # an order of magnitude: `千亿级`
                return Match(head.start, m.end("dropped"), number_fields(value, None, "", qualifier, "other", ""))
            if head.round:
                return None
            return self._bare(text, Reading(m, head.start, head.ordinal, first, value, value_max, qualifier), rows)
        elif info.category == "big":
            if first.scaled or value_max is not None or value != int(value) or value < (1 if head.ordinal else 2):
                return None
            if value > v.big_counter_max and not head.ordinal:  # 十九大, 二十大: numbered congresses
                return None
            unit, kind = "", "ordinal" if head.ordinal else "count"
        else:
            unit = f"{info.form}{v.compound_separator}{self._word(per['per'])[1].form}" if per else info.form
            kind = "ordinal" if head.ordinal or word in v.ordinal_units else info.kind
            if half:
                if info.category in ("measure", "other"):
                    value += _HALF
                else:
                    end = m.start("half")
            if dropped and info.category != "measure":
                end = min(end, m.start("dropped"))
        if post and end == m.end() and qualifier == "exact":
            qualifier = v.qualifiers_after[self._patterns.space.sub("", post)]
        return Match(head.start, end, number_fields(value, value_max, unit, qualifier, kind, ""))

    def _per_unit(self, text: str, start: int) -> re.Match | None:
        """`每立方米` right before the number at ``start``: the unit it is counted per."""
        return self._patterns.per_unit.search(text, max(0, start - self._patterns.prefix_reach), start)

    def _head(self, text: str, start: int, numeral: str, level: bool) -> _Head | None:
        """What stands before the numeral at ``start``; None when the numeral starts with a
        scale word (`百`, `万`) that nothing before explains (an order of magnitude,
        ``level``, explains itself: `千亿级`), or when `百分之` ends a fraction (`五百分之一`)."""
        v = self._vocabulary
        round_number = numeral[0] in v.scales
        unexplained = round_number and numeral[0] not in v.leading_scales and not level
        before = text[max(start - 2, 0):start]
        if not before or not (before[-1] in v.prefix_ends or before[-1] in v.spaces and before[0] in v.prefix_ends):
            return None if unexplained else _Head(start, "exact", False, False, False)
        p = self._patterns.prefix.search(text, max(0, start - self._patterns.prefix_reach), start)
        pre, ordinal, percent = p["pre"], p["ord"] is not None, p["pct"] is not None
        begin, qualifier = p.start(), "exact"
        if pre:
            if text[max(p.start() - 1, 0):p.start() + 1] in v.qualifier_lookalikes:
                begin = self._skip_spaces(text, p.end("pre"))
            elif round_number and pre in v.vague_before:
                qualifier = v.vague_before[pre]
            elif pre in v.qualifiers_before and not unexplained:
                qualifier = v.qualifiers_before[pre]
            else:
                begin = self._skip_spaces(text, p.end("pre"))
        vague = round_number and qualifier != "exact" and pre in v.vague_before
        if unexplained and not (vague or percent):
            return None
        if percent and p.start("pct") > 0 and self._patterns.numeral_end.match(text, p.start("pct") - 1):
            return None
        return _Head(begin, qualifier, ordinal, percent, vague)

    def _word(self, written: str | None) -> tuple[str, WordInfo | None]:
        """The unit word after a number (spaces removed), with its folded form; Latin units
        keep the case they are written in (`168CM`)."""
        if not written:
            return "", None
        known = self._known_words.get(written)
        if known is None:
            known = self._known_words[written] = self._read_word(written)
        return known

    def _read_word(self, written: str) -> tuple[str, WordInfo | None]:
        v = self._vocabulary
        word = self._patterns.space.sub("", written).translate(_LINE_BREAKS)
        parts = word.split(v.compound_separator)
        infos = [v.words.get(p) or v.latin_words.get(p.lower()) for p in parts]
        if infos[0] is None:
            return word, None
        forms = [v.unit_forms.get(p, p) if i is None or p.isascii() else i.form for p, i in zip(parts, infos)]
        return word, WordInfo(infos[0].category, v.compound_separator.join(forms))

    def _in_code(self, text: str, m: re.Match) -> bool:
        """Digits or letters run on after the candidate, or formula signs touch it (`5G`,
        `1/3`, `10:30`, `0—1—10`); the pattern has checked what stands before it. A
        Chinese unit ends a quantity: a digit may follow it (`20户45人`)."""
        v = self._vocabulary
        start, end = m.span()
        after = text[end] if end < len(text) else ""
        if after in v.formula_neighbours or after in v.factor_marks:
            return True
        if after.isdigit() and (text[end - 1].isascii() or m["u1"] is None and m["unit"] is None
                                or start and text[start - 1] in v.ordinal_marker):
            return True  # `5G`, `3.5 4.2`, or a rank labelling a table row (`第一名221,249.56`)
        before = text[start - 1] if start else ""
        if (before in v.dashes or before in v.ratio_marks) and start >= 2 and text[start - 2].isdigit():
            return True
        ends_in_digit = text[end - 1].isdigit()
        return ends_in_digit and (after in v.dashes or after in v.ratio_marks) and text[end + 1:end + 2].isdigit()

    def _after_label(self, text: str, start: int, first: Numeral, info: WordInfo | None) -> bool:
        """A number right after a street or building word or a reference to a table or
        figure (`科技北路 88 栋`, `如图3所示`); not a length, sum or share (`公路23万公里`)."""
        v = self._vocabulary
        if start and text[start - 1] in v.spaces:
            start -= 1
        if not (start > 0 and text[start - 1] in v.label_ends and text.endswith(v.labels_before, 0, start)):
            return False
        if first.scaled or info is not None and info.category in ("money", "percent", "measure"):
            return False
        return not text.endswith(v.label_lookalikes, 0, start)

    def _noun_not_unit(self, text: str, m: re.Match) -> bool:
        """The word after the number is a noun that starts with a classifier (`人口`)."""
        unit_start = m.end("u1") - len(m["u1"].lstrip())
        noun = self._patterns.classifier_lookalikes.match(text, unit_start)
        return noun is not None and noun.end() > m.end("u1")

    def _unit_fits(self, text: str, m: re.Match, first: Numeral, info: WordInfo) -> bool:
        """A score follows Arabic digits and is not the minutes of a clock time (`2时30分`)
        nor a fraction (`3分之1`)."""
        if info.category != "score":
            return True
        start = m.start()
        before = text[start - 1] if start else ""
        unit_end = m.end("u1") if m["u1"] else m.end("unit")
        return not (first.chinese or before in self._vocabulary.clock_marks
                    or text.startswith(self._vocabulary.fraction_mark, unit_end))

    def _chinese_word(self, text: str, start: int, numeral: str, first: Numeral, word: str,
                      info: WordInfo | None) -> bool:
        """A Chinese numeral that is part of a word (`统一`, `登陆`, `零部件`), a quoted name
        (“四个意识”), or the article `一` (`一批`, `一户一策`)."""
        v = self._vocabulary
        if start > 0 and (text[start - 1] in v.numeral_word_heads or text[start - 1] in v.opening_quotes):
            return True
        if numeral in v.word_digits:
            return True
        if first.value != 1:
            return False
        return word in v.article_words or info is not None and info.category == "count"

    def _skip_spaces(self, text: str, position: int) -> int:
        while self._patterns.space.match(text, position):
            position += 1
        return position
