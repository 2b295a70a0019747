"""Consistency checks over one document's facts (spec §9): ``growth``, ``agreement``,
``total`` and ``share``. Every check is a row, passed or failed, naming the facts it used."""

from __future__ import annotations

from typing import Any

from pipeline.checks.agreement import agreement_checks
from pipeline.checks.figures import figures
from pipeline.checks.growth import growth_checks
from pipeline.checks.shares import share_checks
from pipeline.checks.totals import total_checks
from pipeline.rendering import RenderedRows, parse_rendered
from pipeline.schema import TABLES

CHECKS = (growth_checks, agreement_checks, total_checks, share_checks)


def check_facts(facts: list[dict[str, Any]], *, tables: dict[str, Any]) -> list[dict[str, Any]]:
    """The check rows of one document's fact rows; ``tables`` is config/checks.yaml."""
    found = figures(facts)
    rows = [row for check in CHECKS for row in check(found, tables)]
    return sorted(rows, key=lambda r: (r["start"], r["end"], r["check"], r["facts"]))


def count_failed(rendered: RenderedRows) -> int:
    """How many rows of a document's rendered ``checks`` table failed."""
    status = TABLES["checks"].header.index("status")
    return sum(cells[status] == "fail" for cells in parse_rendered(rendered))
