"""Output folders made by hand for tests: a document's text and its rows, named by their text.

A row is written as ``{at: 94家, nth: 0, value: 94, ...}``: ``at`` is its text and ``nth``
which occurrence of it (0 by default); its offsets, ``doc_id``, ``section_id`` (the last
heading before it) and ``text`` are filled in, and the cells are formatted and checked by
``pipeline.schema`` so the files have exactly the columns a run writes.
"""

from __future__ import annotations

import csv
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.schema import TABLES, datapackage, format_row

EXTRACTED = ("numbers", "dates", "entities", "facts")


def write_run(out: Path, documents: dict[str, dict[str, Any]], invalid: list[dict[str, Any]] = ()) -> Path:
    """Write an output folder with ``documents`` (doc_id → text and rows); returns ``out``.

    A document given as ``{status: failed, reason: ...}`` gets only its documents.csv row.
    """
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[list[str]]] = {name: [] for name in TABLES}
    for doc_id, spec in sorted(documents.items()):
        if spec.get("status") == "failed":
            rows["documents"].append(format_row(TABLES["documents"], {
                "doc_id": doc_id, "status": "failed", "reason": spec["reason"], "source_path": f"src/{doc_id}.txt"}))
            continue
        text = spec["text"]
        source = out / "src" / f"{doc_id}.txt"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(text.encode("utf-8"))
        data = text.encode("utf-8")
        rows["documents"].append(format_row(TABLES["documents"], {
            "doc_id": doc_id, "status": "ok", "source_path": f"src/{doc_id}.txt", "text_path": f"src/{doc_id}.txt",
            "encoding": "utf-8", "report_year": spec.get("report_year"), "chars": len(text), "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }))
        sections = _sections(doc_id, text, spec.get("sections", []))
        rows["sections"] += [format_row(TABLES["sections"], s) for s in sections]
        for table in EXTRACTED:
            found = [_row(doc_id, text, table, r, sections) for r in spec.get(table, [])]
            rows[table] += [format_row(TABLES[table], r) for r in sorted(found, key=lambda r: (r["start"], r["end"]))]
    rows["invalid_rows"] = [format_row(TABLES["invalid_rows"], r) for r in invalid]
    for name, table in TABLES.items():
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(table.header)
            writer.writerows(rows[name])
    (out / "datapackage.json").write_text(json.dumps(datapackage("test"), ensure_ascii=False), encoding="utf-8")
    return out


def _span(text: str, at: str, nth: int) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(at, start + 1)
    return start, start + len(at)


def _sections(doc_id: str, text: str, specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sections = []
    for index, spec in enumerate(specs, 1):
        start, end = _span(text, spec["at"], spec.get("nth", 0))
        parent = next((s for s in reversed(sections) if s["level"] < spec.get("level", 1)), None)
        sections.append({
            "doc_id": doc_id, "section_id": f"s{index}", "parent_id": parent["section_id"] if parent else "",
            "level": spec.get("level", 1), "number": spec.get("number", ""), "title": spec["title"],
            "text": text[start:end], "start": start, "end": end,
        })
    return sections


def _row(doc_id: str, text: str, table: str, spec: dict[str, Any], sections: list[dict[str, Any]]) -> dict[str, Any]:
    start, end = _span(text, spec["at"], spec.get("nth", 0))
    fields = {k: v for k, v in spec.items() if k not in ("at", "nth")}
    for column in ("value", "value_max"):
        if fields.get(column) is not None:
            fields[column] = Decimal(str(fields[column]))
    if table == "numbers":
        fields.setdefault("qualifier", "exact")
    if table == "dates":
        fields.setdefault("year_inferred", False)
    if table == "entities":
        fields.setdefault("normalized", "".join(text[start:end].split()))
    if table == "facts":  # {indicator_at: 投入} gives the indicator and its offsets
        fields.setdefault("qualifier", "exact")
        if "indicator_at" in fields:
            phrase = fields.pop("indicator_at")
            fields["indicator_start"], fields["indicator_end"] = _span(text, phrase, 0)
            fields.update(indicator=phrase, canonical=fields.get("canonical", phrase))
    section = next((s["section_id"] for s in reversed(sections) if s["start"] <= start), "")
    return {**fields, "doc_id": doc_id, "section_id": section, "text": text[start:end], "start": start, "end": end}
