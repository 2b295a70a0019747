"""The text as the entity rules read it, with every character traceable to the input.

Two things change, neither of which moves a character: Traditional characters are read
as their Simplified forms (one character for one, so `陳偉業議員` reads `陈伟业议员`), and,
if asked for, a line break between two Chinese characters is dropped, so a name wrapped
by PDF extraction (`流行病\\n防范创新联盟`) reads whole; a span across it covers the break.
"""

from __future__ import annotations

import re

from pipeline.text import HAN
from pipeline.textview import TextView


class Reader:
    """Builds the reading of a text: Simplified script, wrapped lines joined."""

    def __init__(self, traditional_to_simplified: dict[str, str], *, join_lines: bool, spaces: int) -> None:
        self._script = str.maketrans(traditional_to_simplified)
        # from a Traditional character to its line's end: the rest of a text keeps its script
        self._traditional = (re.compile(f"[{''.join(map(re.escape, traditional_to_simplified))}].*")
                             if traditional_to_simplified else None)
        self._join_lines = join_lines
        around = f"[ \\t\\u3000]{{0,{spaces}}}"
        self._wrap = re.compile(f"(?<=[{HAN}]){around}\\r?\\n{around}(?=[{HAN}])")

    def __call__(self, text: str) -> TextView:
        simplified = self._traditional.sub(self._simplified, text) if self._traditional else text
        if not self._join_lines:
            return TextView.identity(simplified)
        keep, position = [], 0
        for wrap in self._wrap.finditer(simplified):
            keep.append((position, wrap.start()))
            position = wrap.end()
        if not keep:
            return TextView.identity(simplified)
        keep.append((position, len(simplified)))
        return TextView.keeping(simplified, keep)

    def _simplified(self, traditional: re.Match[str]) -> str:
        return traditional.group().translate(self._script)
