"""Any text at all: every stage finishes and every row's offsets hold."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import Config
from pipeline.inputs import DocumentTask
from pipeline.process import DocumentProcessor
from pipeline.rendering import parse_rendered
from pipeline.schema import TABLES

# Pieces real reports are made of, so that random texts exercise the rules, not only
# the alphabet: numbering, scale words, units, date words, brackets and breaks.
PIECES = [
    "一、", "（一）", "(二 )", "8.1 ", "第四节 ", "» ", "- ", "——", "1、", "（1）",
    "亿元", "万", "萬", "億", "千瓦", "%", "％", "个百分点", "余", "多", "近", "超过", "以上", "左右",
    "2023年", "年", "月", "日", "—", "-", "至", "一季度", "上半年", "去年", "今年", "全年",
    "《", "》", "研究院", "有限公司", "上海市", "浦东新区", "论坛", "第16届", "李克强",
    "1,234.56", "(1,234.56)", "４７.８２", "3", "0", "9", ".", ",", "，", "。", "；", "：",
    "\n", "\r\n", "\r\r\n", "\r", " ", "\u3000", "\u00a0", "\n\n", "单位：元", "营业收入（元）",
    "本公司", "科技", "创新", "发展", "企业", "增长",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(min_size=1, max_size=3)), max_size=80).map("".join)


@pytest.fixture(scope="module")
def processor() -> DocumentProcessor:
    return DocumentProcessor(Config())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_any_text_is_processed_with_exact_offsets(processor, tmp_path, text):
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = processor(DocumentTask("doc", path))
    if not text.strip(" "):
        return
    if result.document[1] != "ok":
        assert any(reason in result.document[2] for reason in ("cannot decode", "empty", "binary", "no text"))
        return
    source = path.read_bytes().decode("utf-8")
    assert result.invalid == []
    for name, rendered in result.rows.items():
        header = TABLES[name].header
        for cells in parse_rendered(rendered):
            row = dict(zip(header, cells))
            if "text" in row:
                assert source[int(row["start"]):int(row["end"])] == row["text"], (name, row)
