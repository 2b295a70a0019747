"""The numbers stage: quantities in a text, with exact values (spec §3)."""

from pipeline.numbers.extract import NumberExtractor

__all__ = ["NumberExtractor"]
