"""Named entities (spec §5): PERSON, ORG, GPE, LOC, EVENT, LAW."""

from pipeline.entities.recognizer import EntityRecognizer

__all__ = ["EntityRecognizer"]
