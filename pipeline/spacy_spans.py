"""What the three spaCy components share: their span attributes, exact spans, and writing them.

Every attribute is a ``Span`` extension under the prefix ``nb_`` (``Span._.nb_value``,
``nb_unit``, ``nb_start_date`` …), registered once for all three components. Their
values are strings, ints, bools or None, so docs go through ``nlp.pipe(n_process=2)``
and ``DocBin(store_user_data=True)``; ``nb_value`` and ``nb_value_max`` hold a
``Decimal``'s exact text (``Decimal(span._.nb_value)``).

spaCy spans are made of tokens, and a match can start or end inside a token when the
pipeline's tokenizer cuts words differently from the extractor (``青禾市`` in a token
``青禾市全``). With ``alignment_mode="split"`` (the default) such tokens are split at the
match's edges, so every span holds exactly the characters matched; the spans already in
``doc.spans`` are kept on the same characters. spaCy's own modes (``strict``:
drop the match, ``contract``, ``expand``) leave the tokens alone; ``Span._.nb_text``
then holds the exact characters matched, and of two matches widened to the same tokens
only the first is kept.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import filter_spans

PREFIX = "nb_"
ATTRIBUTES = (
    "text", "value", "value_max", "unit", "qualifier", "kind", "noun",
    "granularity", "start_date", "end_date", "year_inferred",
)
ALIGNMENT_MODES = ("split", "strict", "contract", "expand")


def register_extensions() -> None:
    """Register every ``Span._.nb_*`` attribute (once; later calls do nothing)."""
    for name in ATTRIBUTES:
        if not Span.has_extension(PREFIX + name):
            Span.set_extension(PREFIX + name, default=None)


def check_alignment_mode(mode: str) -> str:
    if mode not in ALIGNMENT_MODES:
        raise ValueError(f"alignment_mode must be one of {', '.join(ALIGNMENT_MODES)}, not {mode!r}")
    return mode


def make_spans(
    doc: Doc, matches: Iterable[tuple[int, int, str, dict[str, Any]]], alignment_mode: str
) -> list[Span]:
    """Spans of ``doc`` for matches ``(start, end, label, attributes)``, the attributes set
    under the prefix (``text`` set to the characters matched)."""
    matches = [m for m in matches if 0 <= m[0] < m[1] <= len(doc.text)]
    mode = alignment_mode
    if mode == "split":
        _split_tokens(doc, {edge for start, end, _, _ in matches for edge in (start, end)})
        mode = "strict"
    spans = []
    taken = set()
    for start, end, label, attributes in matches:
        span = doc.char_span(start, end, label=label, alignment_mode=mode)
        if span is None or len(span) == 0 or (span.start, span.end) in taken:
            continue  # attributes live on a span's characters: two matches widened alike keep the first
        taken.add((span.start, span.end))
        span._.set(PREFIX + "text", doc.text[start:end])
        for name, value in attributes.items():
            span._.set(PREFIX + name, value)
        spans.append(span)
    return spans


def write_spans(
    doc: Doc, spans: list[Span], *, spans_key: str, overwrite: bool, annotate_ents: bool, overwrite_ents: bool
) -> None:
    """Put ``spans`` in ``doc.spans[spans_key]`` (replacing the group, or after it) and, with
    ``annotate_ents``, in ``doc.ents``: where they overlap the entities already there, the
    new ones win with ``overwrite_ents`` and are left out without it."""
    if overwrite or spans_key not in doc.spans:
        doc.spans[spans_key] = spans
    else:
        doc.spans[spans_key].extend(spans)
    if not annotate_ents:
        return
    new = filter_spans(spans)
    old = list(doc.ents)
    if overwrite_ents:
        taken = _tokens(new)
        doc.ents = sorted(new + [e for e in old if not _tokens([e]) & taken], key=lambda s: s.start)
    else:
        taken = _tokens(old)
        doc.ents = sorted(old + [s for s in new if not _tokens([s]) & taken], key=lambda s: s.start)


def _tokens(spans: Iterable[Span]) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


def _split_tokens(doc: Doc, edges: set[int]) -> None:
    """Split the tokens that have a character offset of ``edges`` inside them, keeping the
    spans of ``doc.spans`` on their characters (the retokenizer leaves them on token indices)."""
    cuts = list(_cuts(doc, edges))
    if not cuts:
        return
    groups = {
        key: (group.attrs, [(s.start_char, s.end_char, s.label, s.kb_id, s.id) for s in group])
        for key, group in doc.spans.items()
    }
    parsed = doc.has_annotation("DEP")
    with doc.retokenize() as retokenizer:
        for token, pieces in cuts:
            last = len(pieces) - 1
            heads = [(token, last)] * last + [token.head if parsed and token.head.i != token.i else (token, last)]
            retokenizer.split(token, pieces, heads=heads)
    for key, (attrs, spans) in groups.items():
        restored = [doc.char_span(a, b, label=label, kb_id=kb_id, span_id=span_id)
                    for a, b, label, kb_id, span_id in spans]
        doc.spans[key] = SpanGroup(doc, name=key, attrs=attrs, spans=[s for s in restored if s is not None])


def _cuts(doc: Doc, edges: set[int]) -> Iterator[tuple[Any, list[str]]]:
    """Each token with an edge strictly inside it, with the pieces it splits into."""
    ordered = sorted(edges)
    for token in doc:
        first, last = bisect_right(ordered, token.idx), bisect_left(ordered, token.idx + len(token.text))
        inside = [edge - token.idx for edge in ordered[first:last]]
        if inside:
            bounds = [0, *inside, len(token.text)]
            yield token, [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
