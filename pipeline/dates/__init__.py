"""The dates stage: calendar expressions resolved to ISO ranges (spec §4)."""

from pipeline.dates.extractor import DateExtractor
from pipeline.dates.report_year import detect_report_year

__all__ = ["DateExtractor", "detect_report_year"]
