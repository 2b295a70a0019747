"""Facts (spec §8): what each number measures, of whom, for which period, and how."""

from pipeline.facts.extractor import Fact, FactExtractor

__all__ = ["Fact", "FactExtractor"]
