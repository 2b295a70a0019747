"""Character classes of Chinese text that several stages share.

The classes are bodies of regex character classes (``f"[{HAN}]"``), so a stage can
combine them with characters of its own.
"""

from __future__ import annotations

import re

# Chinese characters: CJK Unified Ideographs and Extension A
HAN = "\u3400-\u9fff"
# the same and the CJK Compatibility Ideographs
CJK = HAN + "\uf900-\ufaff"
FULL_WIDTH_DIGITS = "０１２３４５６７８９"
FOLD_DIGITS = str.maketrans(FULL_WIDTH_DIGITS, "0123456789")

CJK_CHAR = re.compile(f"[{CJK}]")
CJK_RUN = re.compile(f"[{CJK}]+")


def is_han(word: str) -> bool:
    """Whether ``word`` is one Chinese character."""
    return len(word) == 1 and "\u3400" <= word <= "\u9fff"
