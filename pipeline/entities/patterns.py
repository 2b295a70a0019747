"""Names recognised by their form alone (config/entities/patterns.yaml)."""

from __future__ import annotations

import re

from pipeline.entities.candidates import Candidate


class PatternNames:
    """``patterns["names"]`` holds each label's regular expressions, ``patterns["first_chars"]``
    the characters its names start with."""

    def __init__(self, patterns: dict) -> None:
        first_chars = patterns["first_chars"]
        self._patterns = [(label, _either(alternatives, first_chars[label]))
                          for label, alternatives in patterns["names"].items()]

    def __call__(self, text: str) -> list[Candidate]:
        return [Candidate(m.start(), m.end(), label)
                for label, pattern in self._patterns for m in pattern.finditer(text)]


def _either(alternatives: list[str], first_chars: str) -> re.Pattern[str]:
    """One regex for ``alternatives``, behind a lookahead for the characters they start
    with: the regex engine skips the text quickly up to one of them."""
    either = "|".join(f"(?:{p})" for p in alternatives)
    return re.compile(f"(?=[{re.escape(first_chars)}])(?:{either})")
