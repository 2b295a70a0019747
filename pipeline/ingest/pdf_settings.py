"""The thresholds and character classes of ``config/pdf.yaml``, checked and compiled once per read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.config import ConfigError


@dataclass(frozen=True)
class PdfSettings:
    cjk: re.Pattern[str]
    word_char: re.Pattern[str]
    unreadable: re.Pattern[str]
    max_unreadable_share: float
    plausible: re.Pattern[str]
    glyph_name: re.Pattern[str]
    garbled_share: float
    garbled_min_chars: int
    furniture_band: float
    furniture_min_pages: int
    furniture_page_share: float
    furniture_chapter_pages: int
    furniture_y_tolerance_em: float
    furniture_ignored: re.Pattern[str]
    cell_gap_em: float
    word_gap_em: float
    cjk_gap_em: float
    cell_separator: str
    slant_tolerance_deg: float
    gutter_em: float
    column_min_width_em: float
    column_min_rows: int
    column_single_share: float
    column_full_share: float
    column_full_width: float
    full_tolerance_em: float
    indent_tolerance_em: float
    size_tolerance: float
    line_gap_slack_em: float
    line_gap_em: float
    edge_tolerance_em: float
    edge_lines: int
    edge_outliers: float
    rule_max_thickness: float
    rule_min_length: float
    rule_max_segments: int
    rule_max_per_page: int

    @classmethod
    def from_tables(cls, tables: dict[str, Any]) -> PdfSettings:
        def get(*keys: str) -> Any:
            value: Any = tables
            for key in keys:
                if not isinstance(value, dict) or key not in value:
                    raise ConfigError(f"pdf.yaml: missing setting {'.'.join(keys)}")
                value = value[key]
            return value

        return cls(
            cjk=re.compile(get("cjk_chars")),
            word_char=re.compile(get("word_chars")),
            unreadable=re.compile(get("unreadable_chars")),
            max_unreadable_share=float(get("max_unreadable_share")),
            plausible=re.compile(get("text_layer", "plausible_chars")),
            glyph_name=re.compile(get("text_layer", "glyph_name")),
            garbled_share=float(get("text_layer", "garbled_share")),
            garbled_min_chars=int(get("text_layer", "garbled_min_chars")),
            furniture_band=float(get("furniture", "band")),
            furniture_min_pages=int(get("furniture", "min_pages")),
            furniture_page_share=float(get("furniture", "page_share")),
            furniture_chapter_pages=int(get("furniture", "chapter_pages")),
            furniture_y_tolerance_em=float(get("furniture", "y_tolerance_em")),
            furniture_ignored=re.compile(get("furniture", "ignored")),
            cell_gap_em=float(get("line", "cell_gap_em")),
            word_gap_em=float(get("line", "word_gap_em")),
            cjk_gap_em=float(get("line", "cjk_gap_em")),
            cell_separator=str(get("line", "cell_separator")),
            slant_tolerance_deg=float(get("line", "slant_tolerance_deg")),
            gutter_em=float(get("columns", "gutter_em")),
            column_min_width_em=float(get("columns", "min_width_em")),
            column_min_rows=int(get("columns", "min_rows")),
            column_single_share=float(get("columns", "single_share")),
            column_full_share=float(get("columns", "full_share")),
            column_full_width=float(get("columns", "full_width")),
            full_tolerance_em=float(get("paragraphs", "full_tolerance_em")),
            indent_tolerance_em=float(get("paragraphs", "indent_tolerance_em")),
            size_tolerance=float(get("paragraphs", "size_tolerance")),
            line_gap_slack_em=float(get("paragraphs", "line_gap_slack_em")),
            line_gap_em=float(get("paragraphs", "line_gap_em")),
            edge_tolerance_em=float(get("paragraphs", "edge_tolerance_em")),
            edge_lines=int(get("paragraphs", "edge_lines")),
            edge_outliers=float(get("paragraphs", "edge_outliers")),
            rule_max_thickness=float(get("rules", "max_thickness")),
            rule_min_length=float(get("rules", "min_length")),
            rule_max_segments=int(get("rules", "max_segments")),
            rule_max_per_page=int(get("rules", "max_per_page")),
        )

    def gap_text(self, left: str, right: str, gap: float, em: float) -> str:
        """What stands for a narrow gap with no space character between ``left`` and ``right``."""
        if self.cjk.match(left) or self.cjk.match(right):
            return " " if gap >= self.cjk_gap_em * em else ""
        return " " if gap >= self.word_gap_em * em else ""

    def wrap_text(self, left: str, right: str) -> str:
        """What stands for a line break inside a paragraph between ``left`` and ``right``."""
        return " " if self.word_char.match(left) and self.word_char.match(right) else ""
