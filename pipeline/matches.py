"""What every extractor returns: a span of the text it was given, with its fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Match:
    """A found item: ``text[start:end]`` of the string the extractor ran on.

    ``fields`` holds the columns the extractor gives it (``value``, ``unit``,
    ``label`` ...). Offsets are mapped to source offsets by the runner, which
    also fills ``doc_id``, ``section_id`` and ``text``.
    """

    start: int
    end: int
    fields: dict[str, Any] = field(default_factory=dict)
