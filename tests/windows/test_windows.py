"""Issue 16: a document longer than the window is read in windows, with the same rows.

``long_report.txt`` (text written for this test) is read whole and in windows of a few
hundred characters (``windows`` in config/ingest.yaml, set small in a copy of the
configuration). The windows cut a table between its header and its total row, a name
in the middle, and a section whose heading names another year than the report's; a
person and a short name are introduced in one window and mentioned in others.
"""

from __future__ import annotations

import csv
import io
import pickle
import random
import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.config import DEFAULT_CONFIG_DIR, Config
from pipeline.inputs import DocumentTask
from pipeline.layout import analyse_layout
from pipeline.process import DocumentProcessor, DocumentResult
from pipeline.rendering import RenderedRows
from pipeline.runner import RunOptions, run
from pipeline.schema import TABLES
from pipeline.sections import SectionFinder
from pipeline.spool import SpooledRows
from pipeline.textview import TextView
from pipeline.windows import cut_windows
from tests.linearity import assert_linear

DOCUMENT = Path(__file__).with_name("long_report.txt")
SIZE, CONTEXT = 250, 400  # characters: the document has about 1,350


def windowed_config(tmp_path: Path, size: int = SIZE, context: int = CONTEXT, mode: str = "fast") -> Config:
    folder = tmp_path / "config"
    shutil.copytree(DEFAULT_CONFIG_DIR, folder)
    ingest = yaml.safe_load((folder / "ingest.yaml").read_text(encoding="utf-8"))
    ingest["windows"] = {"chars": size, "context": context}
    (folder / "ingest.yaml").write_text(yaml.safe_dump(ingest, allow_unicode=True), encoding="utf-8")
    return Config(folder, overrides={"entities_mode": mode})


def tables(result: DocumentResult) -> dict[str, tuple[str, str]]:
    return {name: (rows.csv, rows.json) for name, rows in result.rows.items()}


def rows_of(result: DocumentResult, table: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(result.rows[table].csv)))


@pytest.fixture(scope="module")
def whole() -> DocumentResult:
    return DocumentProcessor(Config(overrides={"entities_mode": "fast"}))(DocumentTask("report", DOCUMENT))


def cuts(config: Config) -> list[int]:
    """The source offsets where the windows of the document end."""
    source = DOCUMENT.read_text(encoding="utf-8")
    layout = analyse_layout(source, tables=config.load("layout"))
    sections = SectionFinder.from_config(config)(source, layout)
    view = layout.view
    headings = [(view.from_source(s.start), s.level) for s in sections]
    windows = cut_windows(view.text, headings, size=SIZE, context=CONTEXT)
    return [view.to_source(w.end - 1, w.end)[1] for w in windows[:-1]]


@pytest.mark.parametrize("size", [150, 200, SIZE, 300])
def test_windowed_rows_are_the_rows_of_the_whole_document(tmp_path, whole, size):
    windowed = DocumentProcessor(windowed_config(tmp_path, size))(DocumentTask("report", DOCUMENT))
    assert windowed.ok and whole.ok
    assert isinstance(windowed.rows["numbers"], SpooledRows)
    assert tables(windowed) == tables(whole)


def test_windowed_rows_are_the_rows_of_the_whole_document_with_the_model(tmp_path):
    task = DocumentTask("report", DOCUMENT)
    whole = DocumentProcessor(Config(overrides={"entities_mode": "accurate"}))(task)
    windowed = DocumentProcessor(windowed_config(tmp_path, mode="accurate"))(task)
    assert tables(windowed) == tables(whole)


def test_the_windows_cut_a_table_a_name_and_a_dated_section(tmp_path, whole):
    ends = cuts(windowed_config(tmp_path))
    assert len(ends) >= 4
    entities = rows_of(whole, "entities")
    assert any(int(e[3]) < cut < int(e[4]) for e in entities for cut in ends), "no name is cut"
    facts = WholeFacts(rows_of(whole, "facts"))
    assert any(facts.table_across(cut) for cut in ends), "no table is cut"
    assert any(facts.dated_by_heading_across(cut, "2024") for cut in ends), "no 2024 section is cut"
    persons = [e for e in entities if e[5] == "PERSON" and e[2] == "林志远"]
    assert len({cut_index(ends, int(p[3])) for p in persons}) > 1, "a person mentioned in one window only"


class WholeFacts:
    """The facts of the whole reading, to see what a cut falls inside."""

    def __init__(self, facts: list[list[str]]) -> None:
        self.facts = [dict(zip(TABLES["facts"].header, row)) for row in facts]

    def table_across(self, cut: int) -> bool:
        return any(f["table_start"] and int(f["table_start"]) < cut < int(f["start"]) for f in self.facts)

    def dated_by_heading_across(self, cut: int, year: str) -> bool:
        """A fact after the cut whose period is the year of a heading before it (no date in its clause)."""
        return any(int(f["start"]) > cut and f["period_start"] == f"{year}-01-01"
                   and f["period_end"] == f"{year}-12-31" and year not in f["sentence"]
                   for f in self.facts)


def cut_index(ends: list[int], position: int) -> int:
    return sum(cut <= position for cut in ends)


def test_a_run_writes_the_same_files_and_resumes_from_its_cache(tmp_path):
    out_whole, out_windowed = tmp_path / "whole", tmp_path / "windowed"
    run(RunOptions(inputs=[DOCUMENT], out=out_whole, config=Config(overrides={"entities_mode": "fast"}),
                   workers=1))
    config = windowed_config(tmp_path)
    run(RunOptions(inputs=[DOCUMENT], out=out_windowed, config=config, workers=1))
    resumed = run(RunOptions(inputs=[DOCUMENT], out=out_windowed, config=config, workers=1, resume=True))
    assert resumed.reused == 1
    for name in ("numbers", "dates", "entities", "facts", "checks"):
        for suffix in (".csv", ".json"):
            assert (out_windowed / f"{name}{suffix}").read_text() == (out_whole / f"{name}{suffix}").read_text()


def test_a_document_read_in_windows_takes_time_linear_in_its_length(tmp_path):
    """Without the facts stage: the checks it runs compare facts across the whole document
    (pipeline/checks), and the same sentences repeated give them ever more facts to compare."""
    processor = DocumentProcessor(windowed_config(tmp_path, size=5000, context=1000),
                                  stages=("sections", "numbers", "dates", "entities"))
    unit = DOCUMENT.read_text(encoding="utf-8") + "\n"
    assert_linear(lambda text: processor.process_text("report", text), unit)


def test_spooled_rows_are_handed_over_when_pickled_and_removed_after():
    rows = SpooledRows()
    rows.add(RenderedRows(1, "a,1\n", '{"a": 1}'))
    rows.add(RenderedRows(0, "", ""))
    rows.add(RenderedRows(2, "b,2\nc,3\n", '{"b": 2},\n{"c": 3}'))
    copy = pickle.loads(pickle.dumps(rows))
    paths = copy._paths
    del rows
    assert (copy.count, copy.csv, copy.json) == (3, "a,1\nb,2\nc,3\n", '{"a": 1},\n{"b": 2},\n{"c": 3}')
    del copy
    assert not any(Path(p).exists() for p in paths)


def test_windows_cover_the_text_before_headings_and_at_line_breaks():
    text = "".join(f"第{i}行的文字，长度不一{'。' * (i % 7)}\n" for i in range(200))
    line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"][:-1]
    headings = [(line_starts[i], 1 if i % 50 == 0 else 2) for i in range(0, 200, 10)]
    windows = cut_windows(text, headings, size=700, context=100)
    assert windows[0].start == 0 and windows[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(windows, windows[1:]))
    for w in windows:
        assert w.end - w.start <= 700
        assert w.text_start <= w.start < w.end <= w.text_end
        assert w.text_start == 0 or text[w.text_start - 1] == "\n"
        assert w.start in {offset for offset, _ in headings} or w.start == 0
    assert cut_windows("一" * 50, [], size=20, context=5)[1].start == 20  # no line break: cut at the size


def test_a_view_maps_back_by_runs_as_by_a_map_of_every_character():
    randomness = random.Random(16)
    source = "".join(randomness.choice("ab \n") for _ in range(2000))
    keep, position = [], 0
    while position < len(source):
        end = min(position + randomness.randint(0, 30), len(source))
        keep.append((position, end))
        position = end + randomness.randint(0, 4)
    view = TextView.keeping(source, keep)
    origin = list(view.origin)
    assert "".join(source[i] for i in origin) == view.text
    for position in range(len(source) + 1):
        assert view.from_source(position) == sum(i < position for i in origin)
    for _ in range(300):
        start = randomness.randrange(len(view.text))
        end = randomness.randint(start + 1, len(view.text))
        window = view.window(start, end)
        assert list(window.origin) == origin[start:end]
        assert window.to_source(0, end - start) == view.to_source(start, end)
