"""Page furniture: running headers, footers and page numbers.

A fragment is furniture when it sits in the top or bottom band of its page AND the same
text (digits and spaces ignored, so page numbers match) recurs at the same height on
enough pages: a share of them, or a few for a running header that names the chapter.
Position alone never decides: a title near the top of one page stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from pipeline.ingest.pdf_geometry import Fragment
from pipeline.ingest.pdf_settings import PdfSettings


@dataclass(frozen=True)
class _Candidate:
    y: float
    em: float
    page: int
    item: int


def furniture(pages: list[tuple[float, list[Fragment]]], settings: PdfSettings) -> list[set[int]]:
    """For each page, given as (height, fragments), the indices of its furniture fragments."""
    candidates: dict[str, list[_Candidate]] = {}
    for page, (height, items) in enumerate(pages):
        band = settings.furniture_band * height
        for index, item in enumerate(items):
            if item.y_mid < band or item.y_mid > height - band:
                key = settings.furniture_ignored.sub("", item.text)
                candidates.setdefault(key, []).append(_Candidate(item.y_mid, item.em, page, index))

    needed = max(
        settings.furniture_min_pages,
        min(ceil(settings.furniture_page_share * len(pages)), settings.furniture_chapter_pages),
    )
    found: list[set[int]] = [set() for _ in pages]
    for hits in candidates.values():
        for cluster in _same_height(hits, settings.furniture_y_tolerance_em):
            if len({hit.page for hit in cluster}) >= needed:
                for hit in cluster:
                    found[hit.page].add(hit.item)
    return found


def _same_height(hits: list[_Candidate], tolerance_em: float) -> list[list[_Candidate]]:
    clusters: list[list[_Candidate]] = []
    for hit in sorted(hits, key=lambda hit: hit.y):
        if clusters and hit.y - clusters[-1][-1].y <= tolerance_em * hit.em:
            clusters[-1].append(hit)
        else:
            clusters.append([hit])
    return clusters
