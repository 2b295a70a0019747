"""write_review on a hand-made output folder: escaping, nesting, failed rows, the index."""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from pipeline.review import ReviewError, write_review
from pipeline.review.highlight import Span, highlighted
from tests.diff.builder import write_run

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))
VOID = {"meta", "input", "br", "img", "link"}


class Marks(HTMLParser):
    """Checks that tags nest properly and collects each mark's classes, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.marks: list[dict] = []
        self.text_parts: list[str] = []
        self.in_text = False
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.scripts += tag == "script"
        if tag in VOID:
            return
        if tag == "div" and attributes.get("class") == "text":
            self.in_text = True
        if tag == "mark":
            attributes["text"] = ""
            self.marks.append(attributes)
        self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        opened, attributes = self.stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"
        if tag == "div" and attributes.get("class") == "text":
            self.in_text = False

    def handle_data(self, data):
        if self.in_text:
            self.text_parts.append(data)
        for tag, attributes in self.stack:
            if tag == "mark":
                attributes["text"] += data


def parse(path: Path) -> Marks:
    parser = Marks()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    assert parser.stack == []
    return parser


@pytest.fixture
def review(tmp_path) -> tuple[Path, list[Path]]:
    out = write_run(tmp_path / "out", CASES["documents"], CASES["invalid"])
    return out, write_review(out)


def test_one_page_per_readable_document_and_an_index(review):
    out, written = review
    assert [p.relative_to(out).as_posix() for p in written] == ["review/index.html", "review/2023_demo.html"]
    index = written[0].read_text(encoding="utf-8")
    assert '<a href="2023_demo.html">2023/demo</a>' in index
    assert "cannot decode: not UTF-8" in index and 'href="broken' not in index


def test_document_text_is_escaped_and_kept_exactly(review):
    page = review[1][1]
    parsed = parse(page)
    assert parsed.scripts == 0
    html = page.read_text(encoding="utf-8")
    assert "。&lt;script&gt;<mark" in html and '("x")&lt;/script&gt; &amp; <mark' in html
    assert "".join(parsed.text_parts) == CASES["documents"]["2023/demo"]["text"]


def test_every_row_is_highlighted_with_its_value(review):
    marks = parse(review[1][1]).marks
    whole = [m for m in marks if "cont" not in m["class"].split()]
    by_text = {m["text"]: m for m in whole}
    assert "hl num k-money" in by_text["1491亿元"]["class"]
    assert "value: 149100000000" in by_text["1491亿元"]["title"]
    assert "hl date g-day" in by_text["9月9—11日"]["class"]
    assert by_text["第16届浦江论坛"]["class"] == "hl ent l-EVENT"
    assert by_text["一、总体情况"]["id"] == "sec-s1"
    html = review[1][1].read_text(encoding="utf-8")
    assert 'data-label="149,100,000,000 元"' in html
    assert 'data-label="2023-09-09…2023-09-11"' in html
    assert 'data-label="2023"' in html


def test_each_number_shows_its_fact_and_its_indicator_is_underlined(review):
    marks = parse(review[1][1]).marks
    whole = [m for m in marks if "cont" not in m["class"].split()]
    by_text = {m["text"]: m for m in whole}
    title = by_text["8.5%"]["title"]
    assert "\nfact\ncanonical: 投入\nmeasure: change\ndirection: up\nstatus: actual\nperiod: 2023" in title
    indicators = [m for m in whole if m["class"] == "hl ind"]
    assert [(m["text"], m["title"]) for m in indicators] == [("投入", "indicator of 1491亿元, 8.5%")]
    assert "mark.ind" in review[1][1].read_text(encoding="utf-8")  # the underline's style is in the page


def test_nested_and_crossing_spans_are_split_not_broken(review):
    marks = parse(review[1][1]).marks
    texts = [(m["class"], m["text"]) for m in marks]
    # 第16届 (number) nests inside 第16届浦江论坛 (event).
    assert ("hl ent l-EVENT", "第16届浦江论坛") in texts and ("hl num k-ordinal", "第16届") in texts
    # 实验室投入 crosses 示范大学实验室: one piece inside it, the rest after it.
    assert ("hl ent l-LOC", "实验室") in texts and ("hl ent l-LOC cont", "投入") in texts


def test_failed_rows_and_misplaced_rows_are_marked(review, tmp_path):
    out, written = review
    marks = parse(written[1]).marks
    invalid = next(m for m in marks if "invalid" in m["class"])
    assert invalid["text"] == "alert" and "value is required" in invalid["title"]
    numbers = out / "numbers.csv"
    with numbers.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["start"] = str(int(rows[0]["start"]) + 1)
    with numbers.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    page = write_review(out, tmp_path / "again")[1].read_text(encoding="utf-8")
    assert "1 rows whose text is not at their offsets" in page
    assert "1 rows failed validation" in page


def test_pages_stand_alone(review):
    html = review[1][1].read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html
    assert '"Noto Sans CJK SC"' in html
    assert "http://" not in html and "https://" not in html


def test_section_tree_links_to_headings(review):
    html = review[1][1].read_text(encoding="utf-8")
    assert '<a href="#sec-s1"><span class="no">一</span> 总体情况</a>' in html


def test_not_an_output_folder(tmp_path):
    with pytest.raises(ReviewError, match="not an output folder"):
        write_review(tmp_path)


@pytest.mark.parametrize("spans, expected", [
    ([(0, 4, "a"), (2, 6, "b")], '<mark class="a">ab<mark class="b">cd</mark></mark><mark class="b cont">ef</mark>gh'),
    ([(0, 2, "a"), (0, 2, "b")], '<mark class="a"><mark class="b">ab</mark></mark>cdefgh'),
    ([(2, 4, "a"), (0, 8, "b")], '<mark class="b">ab<mark class="a">cd</mark>efgh</mark>'),
    ([(3, 3, "empty"), (7, 99, "outside")], "abcdefgh"),
])
def test_highlighting_cases(spans, expected):
    assert highlighted("abcdefgh", [Span(s, e, layer, c) for layer, (s, e, c) in enumerate(spans)]) == expected
