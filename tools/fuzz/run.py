"""Fuzz the per-document processor and the writers (issue 15); not part of the test suite.

    python tools/fuzz/run.py --examples 100000 [--seed 0]

Texts are drawn by hypothesis from pieces of reports (headings, figures, dates, names,
table rows, line ends of every kind) mixed with random Unicode and control characters.
Each goes through ``DocumentProcessor.process_text``; every ``--batch`` documents are
written by ``OutputWriter`` into a scratch folder and every CSV is read back. It checks
that no stage failed, that every row's offsets index its text exactly, and that each CSV
holds the same rows as its JSON. Prints the figures at the end; exit status 1 on the
first broken promise, with the text that broke it.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from pipeline.config import Config
from pipeline.process import DocumentProcessor
from pipeline.schema import TABLES
from pipeline.writers import OutputWriter

PIECES = [
    "一、总体情况\n", "（二）科技创新\n", "8.1 构建开放创新网络\n", "第四节 经营情况讨论与分析\n",
    "全年地区生产总值达到4.72万亿元，比上年增长5.2%。", "新增企业1,218家", "约3亿元", "1700余项",
    "2024年", "1—9月，", "一季度", "去年", "年末", "营业收入（元） 637,046,707.03 858,040,132.74 -25.76%",
    "单位：万元\n", "青禾市人民政府", "《青禾市科技创新条例》", "第16届青禾创新论坛", "张某某",
    "\r\n", "\r", "\n\n", "\u3000", " ", "，", "。", "、", "\ufeff", "=1+1", "近-", "万", "亿", "一点",
]
TEXTS = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=12),
              st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=4)),
    max_size=40,
).map("".join)


class Broken(Exception):
    pass


def check_rows(table: str, path: Path) -> int:
    with (path / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    as_json = json.loads((path / f"{table}.json").read_text(encoding="utf-8"))
    if len(rows) != len(as_json):
        raise Broken(f"{table}: {len(rows)} CSV rows but {len(as_json)} JSON rows")
    for row, obj in zip(rows, as_json):
        if row["doc_id"] != obj["doc_id"] or row.get("text", "") != (obj.get("text") or ""):
            raise Broken(f"{table}: CSV row {row} differs from JSON {obj}")
    return len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    processor = DocumentProcessor(Config())
    texts: dict[str, str] = {}
    counts = {"documents": 0, "rows": 0, "batches": 0}
    scratch = Path(tempfile.mkdtemp(prefix="nianbao-fuzz-"))
    started = time.process_time()

    def flush() -> None:
        out = scratch / f"batch{counts['batches'] % 2}"
        writer = OutputWriter(out)
        for doc_id in sorted(texts):
            result = processor.process_text(doc_id, texts[doc_id])
            if not result.ok:
                raise Broken(f"{doc_id} failed: {result.document} on {texts[doc_id]!r}")
            writer.add(result)
        writer.finish({"inputs": [{"doc_id": d} for d in sorted(texts)]}, {})
        for table in TABLES:
            if table in ("documents", "invalid_rows", "boxes"):
                continue
            counts["rows"] += check_rows(table, out)
            with (out / f"{table}.csv").open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    source = texts[row["doc_id"]]
                    if "start" in row and source[int(row["start"]):int(row["end"])] != row["text"]:
                        raise Broken(f"{table}: offsets {row['start']}:{row['end']} do not index {row['text']!r}")
        counts["batches"] += 1
        texts.clear()

    @seed(args.seed)
    @settings(max_examples=args.examples, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(TEXTS)
    def one(text: str) -> None:
        texts[f"doc{counts['documents']:07d}"] = text
        counts["documents"] += 1
        if len(texts) >= args.batch:
            flush()

    try:
        one()
        if texts:
            flush()
    except Broken as err:
        print(f"broken: {err}", file=sys.stderr)
        return 1
    seconds = time.process_time() - started
    print(f"{counts['documents']} documents, {counts['rows']} rows in {counts['batches']} batches, "
          f"{seconds:.0f} CPU-s: no stage failed, offsets exact, every CSV read back as its JSON")
    return 0


if __name__ == "__main__":
    sys.exit(main())
