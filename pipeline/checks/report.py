"""The failed checks of an output folder, per document, as lines for ``nianbao validate``."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path


def failed_checks_by_document(out: Path) -> list[str]:
    path = out / "checks.csv"
    if not path.exists():
        return []
    failed = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["status"] == "fail":
                failed[row["doc_id"]].append(row)
    lines = []
    for doc_id, rows in sorted(failed.items()):
        lines.append(f"{doc_id}: {len(rows)} failed consistency checks")
        for row in rows:
            place = f"{row['start']}:{row['end']}" + (f" (section {row['section_id']})" if row["section_id"] else "")
            lines.append(f"  {row['check']} at {place}: {row['message']} "
                         f"(expected {row['expected']}, found {row['found']}, tolerance {row['tolerance']})")
    return lines
