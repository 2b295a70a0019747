"""A check row: what was compared, how closely, and whether it held (spec §9)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pipeline.checks.figures import Figure


def check_row(
    check: str, used: list[Figure], *, expected: Decimal, found: Decimal, tolerance: Decimal, message: str
) -> dict[str, Any]:
    """The row of one check; it passes when ``found`` is within ``tolerance`` of ``expected``."""
    first, last = min(used, key=lambda f: f.start), max(used, key=lambda f: f.end)
    status = "pass" if abs(found - expected) <= tolerance else "fail"
    return {
        "doc_id": first.get("doc_id"),
        "section_id": first.get("section_id"),
        "check": check,
        "status": status,
        "facts": ";".join(str(f.start) for f in used),
        "expected": expected,
        "found": found,
        "tolerance": tolerance,
        "message": message,
        "start": first.start,
        "end": last.end,
    }


def describe(figure: Figure) -> str:
    """A fact as a message names it: ``营业收入 637,046,707.03 (2018-01-01–2018-12-31) @120``."""
    name = figure.get("canonical") or figure.get("indicator")
    subject = figure.get("subject")
    period = "–".join(p for p in figure.period if p)
    return f"{subject + ' ' if subject else ''}{name} {figure.get('text')} ({period}) @{figure.start}"
