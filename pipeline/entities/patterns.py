"""Names recognised by their form alone (config/entities/patterns.yaml)."""

from __future__ import annotations

import re

from pipeline.entities.candidates import Candidate


class PatternNames:
    def __init__(self, patterns: dict[str, list[str]]) -> None:
        self._patterns = [(label, re.compile("|".join(f"(?:{p})" for p in ps))) for label, ps in patterns.items()]

    def __call__(self, text: str) -> list[Candidate]:
        return [Candidate(m.start(), m.end(), label)
                for label, pattern in self._patterns for m in pattern.finditer(text)]
