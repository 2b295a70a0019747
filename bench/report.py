"""The benchmark's Markdown tables, and the floors issue 16 and earlier issues promise."""

from __future__ import annotations

from commands import COLD, WARM
from corpus import MEGABYTE

FLOOR_CORE = 1_000_000
FLOOR_ALL = 150_000
FLOOR_SCALING = 1.8
MEMORY_CEILING_MB = 1024
OLD_SPEEDUP = 2  # issue 16: the whole pipeline at twice the speed of the code path when it was filed
STARTUP_CEILING = 1.0  # CPU seconds of a start-up with the cache folder filled
LONG_PROMISE_MB = (1, 50)
LINEAR_LIMIT = 1.5  # CPU seconds per MB at the largest document over at the smallest, at most


def rate(measured: dict) -> float:
    return measured["chars"] / measured["seconds"]


def cpu_rate(measured: dict) -> float:
    return measured["chars"] / measured["cpu"]


def stage_table(rows: list[tuple[str, dict]]) -> str:
    lines = ["| one process | chars per CPU-second | CPU seconds | peak memory MB | after building MB |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for name, m in rows:
        lines.append(f"| {name} | {rate(m):,.0f} | {m['seconds']:.2f} | {m['peak_mb']:.0f} | {m['built_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def run_table(rows: list[tuple[str, dict]]) -> str:
    lines = [("| command | chars/s (wall clock) | wall seconds | CPU seconds, process tree | chars per CPU-second, "
              "process tree | of which the main process | CPU seconds of other work meanwhile | "
              "peak memory MB, process tree |"),
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, m in rows:
        lines.append(f"| {name} | {rate(m):,.0f} | {m['seconds']:.1f} | {m['cpu']:.1f} | {cpu_rate(m):,.0f} | "
                     f"{m['main_cpu']:.1f} | {m['others_cpu']:.1f} | {m['peak_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def startup_table(least: dict[str, dict], left: str) -> str:
    chars = least[COLD]["chars"]
    lines = [f"`nianbao run --workers 1` on one document of {chars} characters, with `XDG_CACHE_HOME` "
             "pointed at a new empty folder for the first run and kept for the second; the least CPU "
             "seconds of the repeats.\n",
             "| start-up | CPU seconds, process tree | wall seconds | peak memory MB |",
             "| --- | ---: | ---: | ---: |"]
    for name, m in least.items():
        lines.append(f"| {name} | {m['cpu']:.2f} | {m['seconds']:.2f} | {m['peak_mb']:.0f} |")
    lines.append(f"\nThe first run left in the cache folder: {left}.")
    return "\n".join(lines) + "\n"


def long_table(rows: list[tuple[int, dict | None]], startup_cpu: float, cap_mb: float) -> str:
    lines = [f"`nianbao run --workers 1` on one document each, built from the corpus's texts (1 MB = "
             f"{MEGABYTE:,} bytes of UTF-8), read with a copy of the configuration whose `max_bytes` "
             f"admits it; stopped above {cap_mb:,.0f} MB of process tree. \"Beyond start-up\" takes "
             f"off the warm start-up's {startup_cpu:.2f} CPU seconds.\n",
             ("| document | characters | CPU seconds, process tree | chars per CPU-second | CPU seconds per MB | "
              "CPU seconds per MB beyond start-up | wall seconds | peak memory MB, process tree |"),
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for size, m in rows:
        if m is None:
            lines.append(f"| {size} MB | not run: a smaller document was over the cap | | | | | | |")
        elif m["over_cap"]:
            lines.append(f"| {size} MB | {m['chars']:,} | over cap after {m['cpu']:.1f} | | | | "
                         f"{m['seconds']:.1f} | > {cap_mb:,.0f} |")
        else:
            lines.append(f"| {size} MB | {m['chars']:,} | {m['cpu']:.1f} | {cpu_rate(m):,.0f} | "
                         f"{_per_mb(m):.2f} | {_per_mb(m, startup_cpu):.2f} | {m['seconds']:.1f} | "
                         f"{m['peak_mb']:.0f} |")
    done = [(size, m) for size, m in rows if m is not None and not m["over_cap"]]
    if len(done) > 1:
        (small, first), (large, last) = done[0], done[-1]
        lines.append(f"| CPU seconds per MB at {large} MB over at {small} MB | | | | "
                     f"{_per_mb(last) / _per_mb(first):.2f}× | "
                     f"{_per_mb(last, startup_cpu) / _per_mb(first, startup_cpu):.2f}× | | |")
    return "\n".join(lines) + "\n"


def _per_mb(measured: dict, startup_cpu: float = 0.0) -> float:
    return (measured["cpu"] - startup_cpu) / (measured["bytes"] / MEGABYTE)


def peer_table(rows: list[tuple[str, dict, str, dict]], everything: dict[str, dict]) -> str:
    lines = ["| peer | chars per CPU-second | peak MB | compared with our | ours | ours / peer |",
             "| --- | ---: | ---: | --- | ---: | ---: |"]
    for peer, measured, stage, ours in rows:
        lines.append(f"| {peer} | {rate(measured):,.0f} | {measured['peak_mb']:.0f} | {stage} | "
                     f"{rate(ours):,.0f} | {rate(ours) / rate(measured):.2f}× |")
    jieba = next(m for p, m, _, _ in rows if p == "jieba.lcut")
    for name, ours in everything.items():
        lines.append(f"| jieba.lcut | {rate(jieba):,.0f} | {jieba['peak_mb']:.0f} | {name} | "
                     f"{rate(ours):,.0f} | {rate(ours) / rate(jieba):.2f}× |")
    return "\n".join(lines) + "\n"


def then_and_now(now: dict[str, dict], then: dict[str, dict], jieba: dict, commit: str) -> str:
    """The whole DocumentProcessor today and at ``commit`` (``then``, empty when the
    history was not at hand), on the same documents in the same run, beside jieba.lcut."""
    lines = [f"## the whole pipeline, today and at issue 16's code path (commit {commit}), on the sample\n",
             "| DocumentProcessor | today, chars per CPU-second | then | today / then | today / jieba.lcut | "
             "then / jieba.lcut |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, measured in now.items():
        old = then.get(name)
        cells = ([f"{rate(old):,.0f}", f"{rate(measured) / rate(old):.2f}×", f"{rate(measured) / rate(jieba):.2f}×",
                  f"{rate(old) / rate(jieba):.2f}×"] if old else
                 ["not measured", "", f"{rate(measured) / rate(jieba):.2f}×", ""])
        lines.append(f"| {name} | {rate(measured):,.0f} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def floors(synthetic: dict, peers: list[tuple[str, dict, str, dict]], now: dict[str, dict],
           then: dict[str, dict], startup: dict[str, dict], long: list[tuple[int, dict | None]],
           cap_mb: float) -> str:
    """``now`` and ``then``: the DocumentProcessor on the sample in each entity mode,
    today and at issue 16's code path (``then`` may be empty)."""
    checks = (_speed_floors(synthetic, peers) + _pipeline_floors(peers, now, then) + [_startup_floor(startup)]
              + _long_floors(long, startup, cap_mb))
    lines = ["## floors (synthetic corpus; peers on the sample)\n", "| floor | measured | met |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {value} | {_met(met)} |" for name, value, met in checks]
    lines.append("\nProjected for two idle cores: the CPU seconds of --workers 1 over half the CPU seconds "
                 "of --workers 2's process tree (or its main process's, if more).")
    return "\n".join(lines) + "\n"


def _met(met: bool | None) -> str:
    return "not measured" if met is None else "yes" if met else "**no**"


def _speed_floors(synthetic: dict, peers: list[tuple[str, dict, str, dict]]) -> list[tuple]:
    core = rate(synthetic["layout+sections+numbers+dates"])
    single, double = synthetic["nianbao run --workers 1"], synthetic["nianbao run --workers 2"]
    one, two = rate(single), rate(double)
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
            ratio = rate(ours) / rate(measured)
            checks.append((f"our {stage} faster than {peer}", f"{ratio:.2f}×", ratio > 1))
    return checks


def _pipeline_floors(peers: list[tuple[str, dict, str, dict]], now: dict[str, dict],
                     then: dict[str, dict]) -> list[tuple]:
    """Issue 16's: the whole DocumentProcessor, in each entity mode, at twice the speed of
    the code path when it was filed and faster than jieba.lcut, on the same text."""
    jieba = next(m for p, m, _, _ in peers if p == "jieba.lcut")
    checks = []
    for name, measured in now.items():
        old = then.get(name)
        checks.append((f"{name} ≥ {OLD_SPEEDUP}× issue 16's code path, same text, same run",
                       f"{rate(measured) / rate(old):.2f}×" if old else "",
                       rate(measured) >= OLD_SPEEDUP * rate(old) if old else None))
        checks.append((f"{name} faster than jieba.lcut on the same text", f"{rate(measured) / rate(jieba):.2f}×",
                       rate(measured) > rate(jieba)))
    return checks


def _startup_floor(startup: dict[str, dict]) -> tuple:
    warm = startup[WARM]["cpu"]
    return (f"start-up, {WARM} ≤ {STARTUP_CEILING:g} CPU-s", f"{warm:.2f} CPU-s", warm <= STARTUP_CEILING)


def _long_floors(long: list[tuple[int, dict | None]], startup: dict[str, dict], cap_mb: float) -> list[tuple]:
    measured = dict(long)
    small, large = (measured.get(size) for size in LONG_PROMISE_MB)
    linear = (f"linear time {LONG_PROMISE_MB[0]}→{LONG_PROMISE_MB[1]} MB: CPU-s per MB beyond start-up at "
              f"{LONG_PROMISE_MB[1]} MB ≤ {LINEAR_LIMIT}× at {LONG_PROMISE_MB[0]} MB")
    memory = f"{LONG_PROMISE_MB[1]} MB document: peak memory of the process tree ≤ {MEMORY_CEILING_MB} MB"
    over = next((size for size, m in long if m and m["over_cap"]), None)
    if over is not None:
        # a document over the cap is over the ceiling too, unless the cap is set below it
        met = False if cap_mb >= MEMORY_CEILING_MB else None
        why = f"over the {cap_mb:,.0f} MB cap at {over} MB"
        return [(memory, why, met), (linear, why, None)]
    if large is None:
        return [(memory, "not in --long-docs", None), (linear, "not in --long-docs", None)]
    checks = [(memory, f"{large['peak_mb']:.0f} MB", large["peak_mb"] <= MEMORY_CEILING_MB)]
    if small is None:
        return [*checks, (linear, "not in --long-docs", None)]
    warm = startup[WARM]["cpu"]
    ratio = _per_mb(large, warm) / _per_mb(small, warm)
    return [*checks, (linear, f"{ratio:.2f}×", ratio <= LINEAR_LIMIT)]
