"""Layout: line kinds, paragraph joins and the view, from the case table beside this file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pipeline.config import Config
from pipeline.layout import KINDS, analyse_layout

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))["cases"]
TABLES = Config().load("layout")
CORPUS = {  # shared corpus files and their encodings
    "szenergy_csr_2016.txt": "utf-8",
    "cn_gwr_2015_national_gbk_rscrape.txt": "gbk",
    "hk_legco_2013-01-16_policy_address_tc.txt": "utf-8",
    "szhuafa_000020_annual_report_2018_gbk.txt": "gbk",
    "sh_st_2023_ch8.txt": "utf-8",
}


def described(layout) -> list[str]:
    return [line.kind + ("+" if line.continues else "") for line in layout.lines]


def check_offsets(source: str, layout) -> None:
    view = layout.view
    assert len(view.text) == len(view.origin)
    assert all(source[origin] == char for origin, char in zip(view.origin, view.text))
    assert list(view.origin) == sorted(set(view.origin))
    for line in layout.lines:
        assert line.kind in KINDS
        content = source[line.start:line.end]
        assert content == content.strip() and not re.search(r"[\r\n]", content)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case):
    layout = analyse_layout(case["text"], tables=TABLES)
    assert described(layout) == case["lines"]
    assert layout.view.text == case["view"]
    check_offsets(case["text"], layout)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_offsets_and_furniture(shared, name):
    source = (shared / "corpus" / name).read_text(encoding=CORPUS[name])
    layout = analyse_layout(source, tables=TABLES)
    check_offsets(source, layout)
    lines = [(line.kind, source[line.start:line.end]) for line in layout.lines]
    furniture = {content for kind, content in lines if kind == "furniture"}
    # a running title is furniture wherever it repeats
    assert not [content for kind, content in lines if kind == "text" and content in furniture and len(content) > 4]
    # in running text, no page number is left as a line of its own
    if name != "szhuafa_000020_annual_report_2018_gbk.txt":  # whose tables hold lone numbers
        assert not [content for kind, content in lines if kind == "text" and content.isdigit()]
