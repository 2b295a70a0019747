"""A text with highlighted spans as HTML, spans that overlap nested or split as needed.

Spans nest outer-first: the one that starts earlier, then the longer, then the one of
the lower layer. Where two spans cross (``[0,10)`` and ``[5,15)``), the inner one is
closed where the outer one ends and opened again after it; the pieces after the first
carry the class ``cont``. A span's label comes once, at its real end, as an empty
element whose CSS shows ``data-label``, so copying the text copies the text only.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` highlighted with ``classes``; ``label`` is shown after it."""

    start: int
    end: int
    layer: int
    classes: str
    title: str = ""
    label: str = ""
    anchor: str = ""
    attributes: tuple[tuple[str, str], ...] = field(default=())

    @property
    def nesting(self) -> tuple[int, int, int]:
        return self.start, -self.end, self.layer


def highlighted(text: str, spans: list[Span]) -> str:
    """``text`` escaped for HTML, with every span of ``spans`` inside it wrapped in ``<mark>``."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for index, span in enumerate(spans):
        starting.setdefault(span.start, []).append(index)
        ending.setdefault(span.end, []).append(index)
    boundaries = sorted({0, len(text), *starting, *ending})
    out: list[str] = []
    open_spans: list[int] = []
    active: set[int] = set()
    for here, following in itertools.pairwise(boundaries):
        active.difference_update(ending.get(here, ()))
        active.update(starting.get(here, ()))
        wanted = sorted(active, key=lambda i: (*spans[i].nesting, i))
        kept = 0
        while kept < min(len(open_spans), len(wanted)) and open_spans[kept] == wanted[kept]:
            kept += 1
        out += [_closing(spans[i], here) for i in reversed(open_spans[kept:])]
        out += [_opening(spans[i], continued=spans[i].start < here) for i in wanted[kept:]]
        open_spans = wanted
        out.append(escape(text[here:following], quote=False))
    out += [_closing(spans[i], len(text)) for i in reversed(open_spans)]
    return "".join(out)


def _opening(span: Span, *, continued: bool) -> str:
    classes = f"{span.classes} cont" if continued else span.classes
    attributes = [("class", classes)]
    if span.anchor and not continued:
        attributes.append(("id", span.anchor))
    if span.title:
        attributes.append(("title", span.title))
    attributes.extend(span.attributes)
    return "<mark " + " ".join(f'{name}="{escape(value)}"' for name, value in attributes) + ">"


def _closing(span: Span, here: int) -> str:
    if here == span.end and span.label:
        return f'<span class="lbl" data-label="{escape(span.label)}"></span></mark>'
    return "</mark>"
