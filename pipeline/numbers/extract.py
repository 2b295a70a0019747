"""Finding the quantities of a text: which candidates of ``NumberPatterns.number`` count.

A candidate is dropped when it is a date or time (`2023年`, `9月9—11日`), an address
(`1号`, `15层`), a code or formula (`G60`, `5G`, `1+N+X`), inside a span that the
configured exclusions mask (URLs, phone numbers, section numbers, slogans), a name or
article built on a Chinese numeral (`统一`, “四个意识”, `一批`), or a bare number that
nothing marks as a quantity. A bare number in a flattened table row takes the row's unit
(``tablerows.py``). Values come from ``parse.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from typing import Any

from pipeline.config import Config
from pipeline.matches import Match
from pipeline.numbers.parse import Numeral, NumeralParser, plain_decimal
from pipeline.numbers.patterns import NumberPatterns, WordInfo
from pipeline.numbers.tablerows import Row, TableContext

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DIGIT = re.compile(r"[0-9０-９.．]")
_HALF = Decimal("0.5")
_UNIT_KINDS = ("money", "percent", "measure", "count", "other")


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


class NumberExtractor:
    """Finds quantities in a text; ``Match.fields`` are ``value``, ``value_max``, ``unit``,
    ``qualifier``, ``kind`` and ``noun`` (spec §3, docs/ARCHITECTURE.md)."""

    def __init__(self, *, tables: dict[str, Any]) -> None:
        self.tables = tables
        self._patterns = NumberPatterns(tables)
        self._numerals = NumeralParser(tables)
        self._words = self._patterns.words
        self._latin_words = {w.lower(): info for w, info in self._words.items() if w.isascii() and w.isalpha()}
        self._before = tables["qualifiers_before"]
        self._vague = tables["vague_before"]
        self._after = tables["qualifiers_after"]
        self._lookalikes = frozenset(tables["qualifier_lookalikes"])
        self._articles = frozenset(tables["article_classifiers"])
        self._ordinal_excluded = frozenset(tables["ordinal_excluded_units"])
        self._word_heads = frozenset(tables["numeral_word_heads"])
        self._quotes = frozenset(tables["opening_quotes"])
        self._closing_quotes = frozenset(tables["closing_quotes"])
        self._code = re.compile(f"[{tables['code_neighbours']}]")
        self._formula = frozenset(tables["formula_neighbours"])
        self._ratio = frozenset(tables["ratio_marks"])
        self._dashes = frozenset(tables["range_dashes"])
        self._signs = frozenset(tables["signs"])
        self._scales = frozenset(tables["small_scales"]) | frozenset(tables["big_scales"])
        self._leading = frozenset(tables["leading_scales"])
        self._word_digits = frozenset(tables["word_digits"])
        self._spaces = frozenset(tables["spaces"])
        self._prefix_ends = frozenset(
            w[-1] for w in [*self._before, *self._vague, *tables["ordinal_marker"], *tables["percent_words"]]
        )
        self._forms = tables["unit_forms"]
        self._parens = tables["parentheses"]
        self._enumerator_marks = frozenset(tables["enumerator_marks"])
        self._address_before = tuple(tables["address_before"])
        low, high = tables["year_range"]
        self._years = range(low, high + 1)
        self._identifier_digits = tables["identifier_digits"]
        self._noun_stops = frozenset(tables["noun_stops"])
        self._noun_length = range(tables["noun_length"][0], tables["noun_length"][1] + 1)
        self._noun = re.compile(r"[\u4e00-\u9fff]{1,12}")
        self._space = self._patterns.space

    @classmethod
    def from_config(cls, config: Config) -> "NumberExtractor":
        return cls(tables=config.load("numbers"))

    def __call__(self, text: str) -> list[Match]:
        spans = [m.span("x") if "x" in p.groupindex else m.span()
                 for p in self._patterns.exclusions for m in p.finditer(text)]
        spans.extend(m.span() for m in self._patterns.excluded_words.finditer(text))
        masks = _Masks(spans)
        rows = TableContext(text, self._patterns, self.tables["table_units"])
        found = []
        for m in self._patterns.number.finditer(text):
            match = self._quantity(text, m, masks, rows)
            if match is not None:
                found.append(match)
        return found

    # ------------------------------------------------------------------ one candidate

    def _quantity(self, text: str, m: re.Match, masks: _Masks, rows: TableContext) -> Match | None:
        numeral = m["num"]
        negative = numeral[0] in self._signs
        if negative:
            numeral = numeral[1:]
        end = m.end()
        if masks.overlaps(m.start(), end) or self._in_code(text, m.start(), end):
            return None
        first = self._numerals.parse(numeral)
        if first is None:
            return None
        word, info = self._word(m["unit"] or m["u1"])
        if info is not None and info.category in ("time", "address"):
            return None
        head = self._head(text, m, numeral)
        if head is None:
            return None
        start, qualifier, ordinal, percent, vague = head
        if first.chinese and not (ordinal or percent or vague) and self._chinese_word(text, m.start(), numeral, first, word):
            return None
        value = -first.value if negative else first.value
        value_max = None
        if m["num2"]:
            second = self._numerals.parse(m["num2"])
            if second is None:
                return None
            value_max = -second.value if m["sign2"] else second.value
            if first.trailing == 1 and second.trailing > 1:
                value *= second.trailing
            if value >= value_max:
                return None
        if qualifier == "exact" and (first.over or m["q1"] or m["q2"]):
            qualifier = "over"
        if ordinal and word in self._ordinal_excluded:
            return None

        if percent:
            end = m.start("unit") if m["unit"] else end
            unit, kind = "%", "percent"
        elif info is None:
            if vague:
                return None
            return self._bare(text, m, start, first, value, value_max, qualifier, ordinal, rows)
        elif info.category == "big":
            if first.scaled or value_max is not None or value != int(value) or value < (1 if ordinal else 2):
                return None
            unit, kind = "", "ordinal" if ordinal else "count"
        else:
            unit, kind = info.form, "ordinal" if ordinal else info.category
            if m["half"]:
                if info.category == "measure":
                    value += _HALF
                else:
                    end = m.start("half")
            if m["dropped"] and info.category != "measure":
                end = min(end, m.start("dropped"))
        if m["post"] and end == m.end() and qualifier == "exact":
            qualifier = self._after[self._space.sub("", m["post"])]
        noun = self._counted_noun(text, end) if kind == "count" and unit else ""
        return Match(start, end, _fields(value, value_max, unit, qualifier, kind, noun))

    def _head(self, text: str, m: re.Match, numeral: str) -> tuple[int, str, bool, bool, bool] | None:
        """What stands before the numeral: the span's start, the qualifier, and whether it
        is an ordinal (`第`), a percent (`百分之`) or a round number (`近百`, `上万`).
        None when the numeral starts with a scale word that nothing before explains."""
        round_number = numeral[0] in self._scales
        before = text[m.start() - 2:m.start()] if m.start() >= 2 else text[:m.start()]
        if not (before and (before[-1] in self._prefix_ends or before[-1] in self._spaces and before[:1] in self._prefix_ends)):
            return None if round_number and numeral[0] not in self._leading else (m.start(), "exact", False, False, False)
        p = self._patterns.prefix.search(text, max(0, m.start() - self._patterns.prefix_reach), m.start())
        pre, ordinal, percent = p["pre"], p["ord"] is not None, p["pct"] is not None
        start, qualifier = p.start(), "exact"
        if pre:
            if text[max(p.start() - 1, 0):p.start() + 1] in self._lookalikes:
                start = p.end("pre")
                while self._space.match(text, start):
                    start += 1
            elif round_number and pre in self._vague:
                qualifier = self._vague[pre]
            elif pre in self._before and not (round_number and numeral[0] not in self._leading):
                qualifier = self._before[pre]
            else:
                start = p.end("pre")
                while self._space.match(text, start):
                    start += 1
        vague = round_number and pre in self._vague and qualifier != "exact"
        if round_number and not (vague or percent or numeral[0] in self._leading):
            return None
        return start, qualifier, ordinal, percent, vague

    def _word(self, written: str | None) -> tuple[str, WordInfo | None]:
        """The unit word after a number (spaces removed), with its folded form."""
        if not written:
            return "", None
        word = self._space.sub("", written)
        parts = word.split(self.tables["compound_separator"])
        infos = [self._words.get(p) or self._latin_words.get(p.lower()) for p in parts]
        if infos[0] is None:
            return word, None
        forms = [self._forms.get(p, p) if i is None or p.isascii() else i.form for p, i in zip(parts, infos)]
        return word, WordInfo(infos[0].category, "/".join(forms))

    def _in_code(self, text: str, start: int, end: int) -> bool:
        """Digits or letters run on into the candidate, or formula signs touch it (`G60`, `1/3`)."""
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if before and (self._code.match(before) or before in self._formula or _DIGIT.match(before)):
            return True
        if after in self._formula or (after and _DIGIT.match(after) and not after in ".．"):
            return True
        if before in self._dashes and start >= 2 and text[start - 2].isdigit():
            return True
        return (after in self._dashes or after in self._ratio) and end + 1 < len(text) and text[end + 1].isdigit()

    def _chinese_word(self, text: str, start: int, numeral: str, first: Numeral, word: str) -> bool:
        """A Chinese numeral that is part of a word (`统一`, `登陆`), a quoted name
        (“四个意识”), or the article `一` (`一批`)."""
        if start > 0 and (text[start - 1] in self._word_heads or text[start - 1] in self._quotes):
            return True
        if numeral in self._word_digits:
            return True
        return first.value == 1 and word in self._articles

    # ------------------------------------------------------------------ numbers without a unit

    def _bare(self, text: str, m: re.Match, start: int, first: Numeral, value: Decimal,
              value_max: Decimal | None, qualifier: str, ordinal: bool, rows: TableContext) -> Match | None:
        """A number with no unit after it: an ordinal, a round count (`1109万`), a table
        cell, or a plain number in prose ended by punctuation."""
        end = next(m.end(g) for g in ("q2", "num2", "q1", "num") if m[g])
        following = self._following(text, end)
        if ordinal:
            if _CJK.match(following) or self._code.match(following):
                return None
            return Match(start, end, _fields(value, value_max, "", qualifier, "ordinal", ""))
        if first.chinese:
            written = self._space.sub("", m["num"])
            if not first.scaled and len(written) < 3 and (len(written) < 2 or _CJK.match(following)):
                return None
            return Match(start, end, _fields(value, value_max, "", qualifier, "count" if first.scaled else "other", ""))
        if first.scaled:
            return Match(start, end, _fields(value, value_max, "", qualifier, "count", ""))
        in_parens = (start == m.start() and 0 < start and end < len(text) and text[start - 1] in self._parens[0]
                     and text[end] in self._parens[1] and value_max is None)
        cell_start, cell_end = (start - 1, end + 1) if in_parens else (start, end)
        if (cell_start == 0 or text[cell_start - 1].isspace()) and (cell_end == len(text) or text[cell_end].isspace()):
            row = rows.row(cell_start)
            if rows.tabular(row):
                if in_parens and first.plain:
                    return None
                return self._cell(text, m, row, first, -value if in_parens else value, value_max, qualifier,
                                  rows, cell_start, cell_end)
        if in_parens or _CJK.match(following) or self._code.match(following):
            return None
        if start and text[start - 1] in self._quotes and following in self._closing_quotes:
            return None
        if any(text.endswith(word, 0, start) for word in self._address_before):
            return None
        if first.plain and following in self._enumerator_marks and len(m["num"]) <= 2:
            return None
        if self._identifier_like(text, m, first, value_max):
            return None
        return Match(start, end, _fields(value, value_max, "", qualifier, "other", ""))

    def _cell(self, text: str, m: re.Match, row: Row, first: Numeral, value: Decimal, value_max: Decimal | None,
              qualifier: str, rows: TableContext, start: int, end: int) -> Match | None:
        """A bare number in a table row, with the unit the row or table declares."""
        if first.plain and start == row.first_cell:
            return None
        if self._identifier_like(text, m, first, value_max):
            return None
        declared = rows.unit_for(row, start)
        if declared is None:
            return Match(start, end, _fields(value, value_max, "", qualifier, "other", ""))
        info = self._words.get(declared.unit.split(self.tables["compound_separator"])[0])
        kind = info.category if info is not None and info.category in _UNIT_KINDS else "other"
        value_max = None if value_max is None else value_max * declared.factor
        return Match(start, end, _fields(value * declared.factor, value_max, declared.unit, qualifier, kind, ""))

    def _identifier_like(self, text: str, m: re.Match, first: Numeral, value_max: Decimal | None) -> bool:
        """A bare integer that is a year, a code with leading zeros, a long identifier or a
        page number alone on its line."""
        if not first.plain:
            return False
        digits = m["num"].lstrip("".join(self._signs))
        if digits[0] in "0０" and len(digits) > 1 or len(digits) >= self._identifier_digits:
            return True
        if int(first.value) in self._years and (value_max is None or int(value_max) in self._years):
            return True
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.start())
        return text[line_start:line_end if line_end >= 0 else len(text)].strip() == digits

    def _following(self, text: str, end: int) -> str:
        """The character after ``end``, looking past one space."""
        if end < len(text) and self._space.match(text, end):
            end += 1
        return text[end] if end < len(text) else ""

    def _counted_noun(self, text: str, end: int) -> str:
        """The short noun right after a classifier (`94家研发载体` → `研发载体`), or ``""``."""
        m = self._noun.match(text, end)
        if m is None:
            return ""
        run = m.group()
        for i, char in enumerate(run):
            if char in self._noun_stops:
                run = run[:i]
                break
        else:
            if len(run) > self._noun_length.stop - 1:
                return ""
        return run if len(run) in self._noun_length else ""


def _fields(value: Decimal, value_max: Decimal | None, unit: str, qualifier: str, kind: str,
            noun: str) -> dict[str, Any]:
    return {
        "value": plain_decimal(value),
        "value_max": None if value_max is None else plain_decimal(value_max),
        "unit": unit,
        "qualifier": qualifier,
        "kind": kind,
        "noun": noun,
    }
