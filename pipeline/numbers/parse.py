"""Values of numerals as written: Arabic, Chinese, or both (`1亿3千多万`), as exact Decimals."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple

from pipeline.text import FULL_WIDTH_DIGITS

_FOLD = str.maketrans(FULL_WIDTH_DIGITS + "．", "0123456789.", ",， \r\n")
# an Arabic number as the patterns find it, line breaks of wrapped table cells included
_ARABIC_FORM = r"[0-9０-９][0-9０-９,，\r\n]*(?: [0-9]{3})*(?:[.．][\r\n]*[0-9０-９][0-9０-９\r\n]*)?"
_ARABIC = re.compile(_ARABIC_FORM)
_ZERO, _ONE = Decimal(0), Decimal(1)
_CACHE_SIZE = 65536
_TOKEN = re.compile(_ARABIC_FORM + r"|\S")


class Numeral(NamedTuple):
    """A parsed numeral: its ``value`` and what the extractor needs to know about its form.

    ``chinese``: written without Arabic digits; ``plain``: an Arabic integer without
    separators (`2023`, `000020`); ``scaled``: has 万 or 亿; ``trailing``: the product of
    the scale words it ends with (`10亿` → 10^8), which the low end of a range shares;
    ``over``: `多` or `余` inside it.
    """

    value: Decimal
    chinese: bool
    plain: bool
    scaled: bool
    trailing: Decimal
    over: bool


def plain_decimal(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and without an exponent (`Decimal("149100000000")`)."""
    if value == 0:
        return _ZERO
    value = value.normalize()
    return value.quantize(_ONE) if value == value.to_integral_value() else value


def arabic_value(text: str) -> Decimal:
    """The value of an Arabic number with optional full-width digits and separators."""
    return Decimal(text.translate(_FOLD))


class NumeralParser:
    """Parses numerals with the digit and scale tables of ``config/numbers.yaml``."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self._digits = {str(k): Decimal(v) for k, v in tables["digits"].items()}
        self._zeros = set(tables["zeros"])
        self._small = {k: Decimal(v) for k, v in tables["small_scales"].items()}
        self._big = {k: Decimal(v) for k, v in tables["big_scales"].items()}
        self._points = set(tables["decimal_points"])
        self._over = set(tables["inner_over"])
        self._parsed: dict[str, Numeral | None] = {}

    def parse(self, numeral: str) -> Numeral | None:
        """The numeral ``numeral`` (spaces allowed), or None when it is not well formed
        (`十四五`, `二〇二三` are names and years, not numbers)."""
        if numeral not in self._parsed:
            if len(self._parsed) >= _CACHE_SIZE:
                self._parsed.clear()
            self._parsed[numeral] = self._parse(numeral)
        return self._parsed[numeral]

    def _parse(self, numeral: str) -> Numeral | None:
        if _ARABIC.fullmatch(numeral):
            return Numeral(arabic_value(numeral), False, numeral.isdigit(), False, Decimal(1), False)
        tokens = _TOKEN.findall(numeral)
        value = self._positional(tokens)
        if value is None:
            return None
        trailing = Decimal(1)
        for token in reversed(tokens):
            scale = self._small.get(token) or self._big.get(token)
            if scale is None:
                if token not in self._over:
                    break
                continue
            trailing *= scale
        return Numeral(
            value,
            chinese=not any(t[0].isdigit() for t in tokens),
            plain=False,
            scaled=any(t in self._big for t in tokens),
            trailing=trailing,
            over=any(t in self._over for t in tokens),
        )

    def _positional(self, tokens: list[str]) -> Decimal | None:
        """Sum of a positional numeral: digits times places within sections of 万 and 亿.

        A lone digit after a place of hundreds or more stands for the next place down
        (`两千四百五` is 2450, `一万三` 13000), unless a zero came between.
        """
        total = section = Decimal(0)
        pending: Decimal | None = None
        pending_is_digit = False
        last_small: Decimal | None = None
        last_place: Decimal | None = None
        zero = False
        i = 0
        while i < len(tokens):
            token = tokens[i]
            i += 1
            if token[0].isdigit():
                if pending is not None:
                    return None
                pending, pending_is_digit = arabic_value(token), False
            elif token in self._zeros:
                if pending is not None:
                    return None
                zero = True
            elif token in self._digits:
                if pending is not None:
                    return None
                pending, pending_is_digit = self._digits[token], True
            elif token in self._points:
                fraction = ""
                while i < len(tokens) and tokens[i] in self._digits:
                    fraction += str(self._digits[tokens[i]])
                    i += 1
                if not fraction:
                    return None
                if pending is not None and pending_is_digit and last_place is not None and last_place >= 100 and not zero:
                    pending *= last_place / 10
                pending, pending_is_digit = (pending or Decimal(0)) + Decimal("0." + fraction), False
            elif token in self._small:
                place = self._small[token]
                if last_small is not None and place >= last_small:
                    return None
                section += (Decimal(1) if pending is None else pending) * place
                pending, last_small, last_place, zero = None, place, place, False
            elif token in self._big:
                place = self._big[token]
                part = section + (pending or 0)
                if part == 0 and total == 0:
                    part = Decimal(1)
                if part == 0 and total > 0:  # 万 right after 万 or 亿 (`10万万`, `1万亿`)
                    total *= place
                elif 0 < total < place:
                    total = (total + part) * place
                else:
                    total += part * place
                section, pending, last_small, last_place, zero = Decimal(0), None, None, place, False
            elif token not in self._over:
                return None
        if pending is not None:
            if pending_is_digit and last_place is not None and last_place >= 100 and not zero:
                pending *= last_place / 10
            section += pending
        return total + section


def number_fields(value: Decimal, value_max: Decimal | None, unit: str, qualifier: str, kind: str,
                  noun: str) -> dict[str, Any]:
    """``Match.fields`` of a quantity, its values made plain (`plain_decimal`)."""
    return {
        "value": plain_decimal(value),
        "value_max": None if value_max is None else plain_decimal(value_max),
        "unit": unit,
        "qualifier": qualifier,
        "kind": kind,
        "noun": noun,
    }
