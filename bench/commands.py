"""``nianbao run`` measured as a whole command: wall-clock and CPU seconds of its process
tree, and the tree's peak memory; its start-up on a tiny document, with the user cache
folder empty and then filled; and single long documents, stopped above a memory cap.
"""

from __future__ import annotations

import csv
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import MEGABYTE, chars, write_long_document, write_tiny_document

REPO = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.1
COLD, WARM = "first run, empty cache folder", "second run, the same cache folder"


def environment(cache: Path) -> dict[str, str]:
    """The environment of every process the benchmark starts: its own user cache folder
    (where the entity recogniser keeps its lexicon), never the user's."""
    return {**os.environ, "XDG_CACHE_HOME": str(cache)}


def fastest(documents: Path, workers: int, out: Path, cache: Path, repeat: int) -> dict:
    runs = [run_cli(documents, out, cache=cache, workers=workers) for _ in range(max(repeat, 1))]
    return min(runs, key=lambda m: m["seconds"])


def startup(texts: dict[str, str], tmp: Path, repeat: int) -> tuple[dict[str, dict], str]:
    """The least CPU seconds of ``repeat`` pairs of runs on one tiny document: the first
    with an empty cache folder, the second with the folder the first one left; and what
    the first left there."""
    tiny = write_tiny_document(tmp / "tiny" / "tiny.txt", texts)
    cold, warm = [], []
    for attempt in range(max(repeat, 1)):
        cache = tmp / f"startup-cache-{attempt}"
        cache.mkdir()
        cold.append(run_cli(tiny, tmp / "out", cache=cache))
        left = _describe_folder(cache)
        warm.append(run_cli(tiny, tmp / "out", cache=cache))
    least = {name: min(runs, key=lambda m: m["cpu"]) for name, runs in ((COLD, cold), (WARM, warm))}
    return least, left


def long_documents(texts: dict[str, str], sizes: list[int], tmp: Path, cache: Path,
                   cap_mb: float) -> list[tuple[int, dict | None]]:
    """``nianbao run --workers 1`` on one document of each size in MB, read with a copy of
    the configuration whose ``max_bytes`` admits it. A run whose process tree grows past
    ``cap_mb`` is stopped (``over_cap``), and the larger sizes are not run (``None``)."""
    config = _config_with_max_bytes(tmp / "config-long", 2 * max(sizes) * MEGABYTE)
    results: list[tuple[int, dict | None]] = []
    over = False
    for size in sorted(sizes):
        if over:
            results.append((size, None))
            continue
        document = write_long_document(tmp / "long" / f"long_{size}mb.txt", texts, size)
        measured = run_cli(document, tmp / "out", cache=cache, config=config, cap_mb=cap_mb)
        measured["bytes"] = document.stat().st_size
        document.unlink()
        over = measured["over_cap"]
        results.append((size, measured))
    return results


def _config_with_max_bytes(folder: Path, max_bytes: int) -> Path:
    """A copy of the default configuration folder with ``max_bytes`` raised (``--config``)."""
    from pipeline.config import DEFAULT_CONFIG_DIR

    shutil.copytree(DEFAULT_CONFIG_DIR, folder)
    ingest = folder / "ingest.yaml"
    text, found = re.subn(r"(?m)^max_bytes:.*$", f"max_bytes: {max_bytes}", ingest.read_text(encoding="utf-8"))
    if found != 1:
        raise RuntimeError(f"{ingest}: no max_bytes line to raise")
    ingest.write_text(text, encoding="utf-8")
    return folder


def _describe_folder(folder: Path) -> str:
    files = [p for p in folder.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    return f"{len(files)} file(s), {size / 2**20:.1f} MB" if files else "nothing"


def run_cli(documents: Path, out: Path, *, cache: Path, workers: int = 1, config: Path | None = None,
            cap_mb: float | None = None) -> dict:
    """The whole command, timed from start to exit, with the CPU time and memory of its
    process tree; stopped when that memory passes ``cap_mb``."""
    import psutil

    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "pipeline", "run", str(documents), "--out", str(out),
               "--workers", str(workers), "--quiet", *(["--config", str(config)] if config else [])]
    before, machine_before = resource.getrusage(resource.RUSAGE_CHILDREN), _machine_busy()
    over_cap = False
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = psutil.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=errors,
                               env=environment(cache))
        peak, main_cpu = 0, 0.0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process), _peak_of(process))
            main_cpu = _cpu(process, main_cpu)
            if cap_mb is not None and peak > cap_mb * 2**20:
                over_cap = True
                _stop_tree(process)
                break
            time.sleep(POLL_SECONDS)
        process.wait()
        seconds = time.perf_counter() - start
        errors.seek(0)
        if not over_cap and process.returncode not in (0, 1):  # 1: some rows failed their checks
            raise RuntimeError(f"nianbao run failed:\n{errors.read().decode()[-3000:]}")
    after, machine_after = resource.getrusage(resource.RUSAGE_CHILDREN), _machine_busy()
    if not over_cap:
        _check_documents(out / "documents.csv")
    shutil.rmtree(out, ignore_errors=True)
    tree_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"chars": chars(documents), "seconds": seconds, "cpu": tree_cpu, "main_cpu": main_cpu,
            "others_cpu": max(machine_after - machine_before - tree_cpu, 0.0), "peak_mb": peak / 2**20,
            "over_cap": over_cap}


def _check_documents(table: Path) -> None:
    with table.open(encoding="utf-8", newline="") as f:
        failed = [row for row in csv.DictReader(f) if row["status"] != "ok"]
    if failed:
        raise RuntimeError(f"nianbao run: {len(failed)} documents failed, the first: {failed[0]['reason']}")


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


def _members(process) -> list:
    import psutil

    try:
        return [process, *process.children(recursive=True)]
    except psutil.Error:
        return [process]


def _tree_rss(process) -> int:
    import psutil

    total = 0
    for member in _members(process):
        try:
            total += member.memory_info().rss
        except psutil.Error:  # a worker that ended between the listing and the reading
            pass
    return total


def _peak_of(process) -> int:
    """The main process's own peak resident memory (``VmHWM``), which polling can miss."""
    try:
        status = Path(f"/proc/{process.pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else 0


def _stop_tree(process) -> None:
    """Kill the command and every process it started, by their ids."""
    import psutil

    for member in reversed(_members(process)):
        try:
            member.kill()
        except psutil.Error:
            pass
