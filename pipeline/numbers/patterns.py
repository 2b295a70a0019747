"""The regular expressions of the numbers stage, built once from ``config/numbers.yaml``.

``NumberPatterns.number`` finds every candidate quantity in one pass: a numeral (Arabic,
Chinese or both, with scale words, `多`/`余` and an optional range) and the word after it
(a unit, classifier, time or address word) with the qualifier after that. ``prefix``
reads what stands before a candidate (a qualifier, `第`, `百分之`). Which candidates are
quantities is decided by ``extract.py``.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.numbers.vocabulary import WordInfo, suffix_words
from pipeline.text import CJK, FULL_WIDTH_DIGITS


# Bounds that keep every pattern linear in its input: no written numeral has more atoms
# (digits, scale words, Arabic runs: `一千二百三十四万五千六百七十八` has 15) or more scale
# words in a row (`百万千瓦级`); a run of `万万万…` is read in pieces instead of being
# rescanned from every position.
_MAX_ATOMS = 32
_MAX_SCALES = 4


def trie_regex(words: list[str]) -> str:
    """One regex alternation for ``words``, factored by common prefixes, longest first.

    Python's ``re`` tries the branches of an alternation one after another; a trie makes
    a failed attempt cost a character test instead of one test per word.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    return build(trie)


def _guarded(words: list[str], longer: list[str]) -> str:
    """An alternation of ``words``, longest first, each not followed by the rest of a word
    of ``longer`` that it begins (`千` in `5千瓦` is part of the unit 千瓦, not a scale;
    `日` in `1万亿日元` is part of 日元, not a date)."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        rests = {w[len(word):] for w in longer if w.startswith(word) and len(w) > len(word)}
        guard = f"(?!{'|'.join(map(re.escape, sorted(rests, key=len, reverse=True)))})" if rests else ""
        parts.append(re.escape(word) + guard)
    return "|".join(parts)


class NumberPatterns:
    """Compiled patterns of the stage."""

    def __init__(self, tables: dict[str, Any]) -> None:
        space = f"[{re.escape(tables['spaces'])}]"
        self.space = re.compile(space)
        digit = f"[0-9{FULL_WIDTH_DIGITS}]"
        # thousands separated by commas, full-width commas (between full-width digits, or
        # before a decimal part: `5，428．43`), or single spaces (`12 500個`, only when no
        # space or digit follows, so that table cells stay apart). A narrow table cell
        # wrapped by PDF extraction breaks a number anywhere inside its thousands groups
        # (`5,587,6⏎43.49`, `5,592⏎,838.⏎19`); the groups keep such pieces together, and
        # a grouped number may also break inside two decimals (`8,352.0⏎8`).
        wrap = "(?:\\r?\\n)?"
        point = f"[.．]{wrap}{digit}+"
        grouped = (
            f"(?:{wrap},{wrap}[0-9]{wrap}[0-9]{wrap}[0-9](?![0-9])|，[{FULL_WIDTH_DIGITS}]{{3}}(?![{FULL_WIDTH_DIGITS}])"
            f"|，[0-9]{{3}}(?=[.．][0-9]))+(?:[.．][0-9]\\r?\\n[0-9](?![0-9])|{wrap}{point})?"
        )
        spaced = f"(?: [0-9]{{3}})+(?![0-9\\s])(?:{point})?"
        separated = f"(?:{grouped}|{spaced}|[.．][0-9]\\r?\\n[0-9](?=[%％])|{point})?"
        arabic = f"{digit}+{separated}"
        digit_chars = "".join(str(k) for k in tables["digits"])
        small = "".join(tables["small_scales"])
        big = "".join(tables["big_scales"])
        points = "".join(tables["decimal_points"])
        over = "".join(tables["inner_over"])
        signs = "".join(re.escape(s) for s in tables["signs"])
        words: dict[str, WordInfo] = suffix_words(tables)
        cn_digit = f"[{digit_chars}]"
        scale = f"(?:{_guarded(list(small + big), list(words))})"
        # after the first character: Chinese digits, scales, 多/余 before a scale,
        # 点 before a digit, and Arabic numbers after a Chinese character (`1万6千`)
        atom = (
            f"(?:(?<![0-9{FULL_WIDTH_DIGITS}]){space}?{cn_digit}|{space}?{scale}|{space}?[{points}](?={space}?{cn_digit})"
            f"|{space}?[{over}](?={space}?{scale})|(?<=[^0-9{FULL_WIDTH_DIGITS}.．,，]){arabic}"
            f"|(?<=[{small}{big}]){space}{digit}+(?={scale}))"
        )
        suffix_word = trie_regex([w for w in words if not (w.isascii() and w.isalpha())])
        latin = "|".join(sorted((re.escape(u) for units in tables["latin_units"].values() for u in units),
                                key=len, reverse=True))
        firsts = "".join(sorted({re.escape(w[0]) for w in words if not (w.isascii() and w.isalpha())}))
        word = f"(?:(?=[{firsts}]){suffix_word}|(?=[A-Za-z])(?i:{latin})(?![A-Za-z]))"
        # a denominator may be a round count (`部/百人`, `床/千人`)
        suffix = f"{word}(?:{re.escape(tables['compound_separator'])}[{small}{big}]?{word})?"
        dashes = "".join(re.escape(d) for d in tables["range_dashes"])
        hyphens = "".join(re.escape(d) for d in tables["range_hyphens"])
        range_words = "|".join(map(re.escape, tables["range_words"]))
        leading = "".join(tables["leading_scales"])
        # A Chinese digit starts a numeral only when something that can follow a number
        # comes next; a scale word only after a round-number or percent word (`近百`, `百分之百`)
        # or before an order of magnitude (`千亿级`, `百万千瓦级`).
        follows = (
            f"{re.escape(tables['spaces'])}{digit_chars}{small}{big}{points}{over}{firsts}{dashes}"
            f"{hyphens}{''.join(w[0] for w in tables['range_words'])}A-Za-z"
        )
        round_ends = "".join({w[-1] for w in [*tables["vague_before"], *tables["percent_words"]]})
        ordinal = "".join(tables["ordinal_marker"])
        levels = "".join(tables["unit_suffixes_dropped"])
        # A numeral starts with a character matched by a class, so that `re` can skip to
        # it, and not right after a letter, digit, point or formula sign (`G60`, `1+1`).
        run_on = f"{tables['code_neighbours']}{re.escape(tables['formula_neighbours'])}0-9{FULL_WIDTH_DIGITS}.．"
        after_label = "".join(f"|(?<={re.escape(label)}.)" for label in tables["latin_labels"])
        numeral = (
            f"[{signs}0-9{FULL_WIDTH_DIGITS}{digit_chars}{small}{big}](?:(?<![{run_on}].){after_label})"
            f"(?:(?<=[{signs}]){arabic}|(?<=[0-9{FULL_WIDTH_DIGITS}]){digit}*{separated}"
            f"|(?<=[{digit_chars}{leading}])(?=[{follows}])|(?<=[{round_ends}{ordinal}].)"
            f"|(?<=[{small}{big}])(?=[{small}{big}]{{0,{_MAX_SCALES}}}{space}?{word}?[{levels}]))"
            f"{atom}{{0,{_MAX_ATOMS}}}"
        )
        # Dates, times and addresses (`2023年`, `3时`, `15层`) are not even candidates:
        # the numeral is taken whole (an atomic group written as a look-ahead and a
        # back-reference) and must not be followed by such a word.
        not_quantities = [w for w, info in words.items() if info.category in ("time", "address")]
        not_quantity = _guarded(not_quantities, [w for w in words if w not in not_quantities])
        self.number = re.compile(
            f"(?=(?P<whole>{numeral}))(?P<num>(?P=whole))(?!{space}?(?:{not_quantity}))"
            f"(?P<q1>{space}?[{over}])?"
            f"(?P<u1>(?:{space}|\\r?\\n(?=[%％‰]))?{suffix})?"
            f"(?:(?P<range>{space}?(?:[{dashes}]|{range_words}){space}?|[{hyphens}])"
            f"(?P<sign2>[{signs}])?(?P<num2>{numeral})(?P<q2>{space}?[{over}])?"
            f"(?P<unit>{space}?{suffix})?)?"
            f"(?P<half>{'|'.join(map(re.escape, tables['half']))})?"
            f"(?P<dropped>{'|'.join(map(re.escape, tables['unit_suffixes_dropped']))})?"
            f"(?P<post>{space}?(?:{trie_regex(list(tables['qualifiers_after']))}))?"
        )
        # what may stand right before a number: a qualifier, then an ordinal or percent word
        prefixes = trie_regex(list({**tables["qualifiers_before"], **tables["vague_before"]}))
        percent = "|".join(f"{space}?".join(map(re.escape, w)) for w in tables["percent_words"])
        self.prefix = re.compile(
            f"(?:(?P<pre>{prefixes}){space}?)?(?:(?P<ord>[{ordinal}]){space}?|(?P<pct>{percent}){space}?)?\\Z"
        )
        self.prefix_reach = 8
        # a unit written before the number as its denominator: `每立方米19微克` is 19 微克/立方米
        measures = [w for w, info in words.items() if info.category == "measure"]
        self.per_unit = re.compile(f"{trie_regex(list(tables['per_marks']))}(?P<per>{trie_regex(measures)})\\Z")
        self.exclusions = [re.compile(p) for p in tables["exclusions"]]
        self.excluded_words = re.compile(trie_regex(tables["excluded_words"]))
        self.classifier_lookalikes = re.compile(trie_regex(tables["classifier_lookalikes"]))
        self.lookalike_starts = frozenset(w[0] for w in tables["classifier_lookalikes"])
        self.sentence_end = re.compile(f"[{re.escape(tables['sentence_starts'])}]")
        # a digit or Chinese numeral, which makes a following `百分之` a fraction (`五百分之一`)
        self.numeral_end = re.compile(f"[0-9{FULL_WIDTH_DIGITS}{digit_chars}]")
        self.declaration = re.compile(tables["table_unit_declaration"])
        self.row_label = re.compile(tables["row_label_unit"])
        self.scope_ends = [re.compile(p) for p in tables["table_scope_ends"]]
        # a numeric cell of a table row: a number, maybe signed, in parentheses or a
        # percentage, between spaces or after a label and before text (the view drops the
        # spaces between Chinese characters and digits), not a year or date (it starts
        # with a class, so that `re` can skip to it)
        self.cell = re.compile(
            rf"[{signs}（(0-9{FULL_WIDTH_DIGITS}](?<![^\s{CJK}）):：].)[0-9{FULL_WIDTH_DIGITS},，.．]*(?<={digit})"
            rf"[.．,0-9{FULL_WIDTH_DIGITS}]*[%％]?[)）]?(?![^\s{CJK}])(?![{''.join(tables['date_marks'])}])"
        )
        # a cell that is a unit word (`销售量 台 82,310`); a lone `%` heads a column instead
        cell_units = [u for u in tables["table_units"] if u[0] not in "%％"]
        self.unit_cell = re.compile(rf"(?<!\S)(?:{trie_regex(cell_units)})(?!\S)")
        # the same at the end of a row label, under a header with a unit column, maybe
        # after scale words (`产量万件`)
        self.label_end_unit = re.compile(rf"(?P<scale>[{small}{big}]*)(?P<unit>{trie_regex(cell_units)})\Z")
        self.unit_column_header = re.compile(tables["unit_column_header"])
