"""The segmenter (jieba-rs) cuts as jieba does, and the lexicon cache gives what a build gives."""

from __future__ import annotations

import logging
import marshal
import os
import subprocess
import sys

import pytest

from pipeline.config import Config
from pipeline.entities import lexicon_cache
from pipeline.entities.lexicon import Lexicon, build_lexicon
from pipeline.entities.lexicon_cache import cache_key, cached_lexicon
from pipeline.entities.recognizer import TABLE_NAMES
from pipeline.entities.segmenter import Segmenter
from tests.conftest import REPO

# Text written for this test: places the gazetteers add to the dictionary (`鸿溪市` is
# unknown, `迪庆` a short form), numbers, Latin letters, Traditional characters, full-width
# and odd spaces, CRLF, characters outside the BMP.
TEXT = (
    "鸿溪市人民政府与G60科创走廊联席会议办公室签署协议，2024年投资3.5亿元（同比增长12.3%）。\r\n"
    "浦东新区、徐汇区和杨浦区的企业ABC Co., Ltd.在\u3000全角空格后继续经营，营收1,000万元。\n"
    "國際創新聯盟成立於1999年，地址：香港特別行政區。😀𠮷\t末尾\xa0a.b_c-d#e&f+g\n"
    "迪庆和西双版纳的旅游收入分别为２．５万亿元与三十亿元；张伟、李娜出席了青澜湾开发区揭牌仪式。"
)
OWN_WORDS = ("青澜湾", "鸿溪市", "科创走廊联席会议")


@pytest.fixture(scope="module")
def tables() -> dict:
    config = Config()
    return {name: config.load(f"entities/{name}") for name in TABLE_NAMES}


@pytest.fixture(scope="module")
def lexicon(tables):
    return build_lexicon(tables)


def jieba_words(text: str, added: tuple[str, ...], freq: int) -> list[str]:
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in added:
        tokenizer.add_word(word, freq)
    return tokenizer.lcut(text, HMM=False)


@pytest.mark.parametrize("added", [(), OWN_WORDS], ids=["dictionary", "own-words"])
def test_cuts_as_jieba(added):
    segmenter = Segmenter({}, added, hmm=False, added_freq=3000)
    assert segmenter(TEXT).words == jieba_words(TEXT, added, 3000)


def test_cuts_as_jieba_with_the_recognisers_words(tables, lexicon):
    freq = tables["settings"]["segmenter"]["user_word_freq"]
    segmenter = Segmenter(lexicon.tags, lexicon.added, hmm=False, added_freq=freq)
    tokens = segmenter(TEXT)
    assert tokens.words == jieba_words(TEXT, lexicon.added, freq)
    assert "".join(tokens.words) == TEXT
    assert all(TEXT[s:e] == w for w, s, e in zip(tokens.words, tokens.starts, tokens.ends))
    assert {"迪庆", "徐汇区"} <= set(tokens.words)


def test_tags_come_from_the_lexicon():
    tokens = Segmenter({"青澜湾": "ns"}, ["青澜湾"], hmm=False, added_freq=3000)("青澜湾有G60和3.5")
    assert list(zip(tokens.words, tokens.tags)) == [("青澜湾", "ns"), ("有", "x"), ("G60", "eng"), ("和", "x"),
                                                     ("3", "m"), (".", "m"), ("5", "m")]


def test_cache_gives_what_a_build_gives(tables, lexicon, tmp_path):
    written = cached_lexicon(tables, tmp_path)
    assert len(list(tmp_path.iterdir())) == 1
    read = cached_lexicon(tables, tmp_path)
    assert read == written == lexicon
    assert list(read.tags) == list(lexicon.tags)


@pytest.fixture
def builds(monkeypatch) -> list[dict]:
    """The tables of every lexicon built from now on, each built small."""
    built = []

    def build(tables: dict) -> Lexicon:
        built.append(tables)
        return Lexicon({"鸿溪市": "GPE"}, {"鸿溪市": "ns", "的": "uj"}, ("鸿溪市",))

    monkeypatch.setattr(lexicon_cache, "build_lexicon", build)
    return built


def test_unreadable_cache_is_built_anew(tables, builds, tmp_path):
    small = cached_lexicon(tables, tmp_path)
    [path] = tmp_path.iterdir()
    stale = marshal.dumps({"format": "nianbao-lexicon/0", "key": "", "places": {}, "tags": {}, "added": []})
    for damaged in (b"", b"not marshal", path.read_bytes()[:20], marshal.dumps([1, 2]), stale):
        path.write_bytes(damaged)
        assert cached_lexicon(tables, tmp_path) == small
        assert cached_lexicon(tables, tmp_path) == small  # read from the file written anew
    assert len(builds) == 6


def test_unwritable_cache_leaves_the_lexicon_in_memory(tables, builds, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    assert cached_lexicon(tables, not_a_folder / "nianbao").places == {"鸿溪市": "GPE"}
    assert cached_lexicon(tables, not_a_folder / "nianbao").places == {"鸿溪市": "GPE"}
    assert len(builds) == 2 and not_a_folder.read_text() == ""


def test_only_the_newest_files_are_kept(tables, builds, tmp_path):
    for freq in range(lexicon_cache.KEPT + 2):
        for age, path in enumerate(sorted(tmp_path.iterdir(), key=lambda p: p.stat().st_mtime)):
            os.utime(path, (age, age))  # older than the file written next, however coarse the clock
        cached_lexicon(with_user_word_freq(tables, freq), tmp_path)
    kept = {path.name for path in tmp_path.iterdir()}
    newest = {f"lexicon-{cache_key(with_user_word_freq(tables, freq))[:32]}.marshal"
              for freq in range(2, lexicon_cache.KEPT + 2)}
    assert kept == newest


def with_user_word_freq(tables: dict, freq: int) -> dict:
    segmenter = {**tables["settings"]["segmenter"], "user_word_freq": freq}
    return {**tables, "settings": {**tables["settings"], "segmenter": segmenter}}


def test_key_follows_the_tables(tables):
    assert cache_key(tables) == cache_key(dict(tables))
    assert cache_key(with_user_word_freq(tables, 3001)) != cache_key(tables)


@pytest.mark.skipif(sys.platform != "linux", reason="the cache folder follows XDG_CACHE_HOME on Linux")
def test_a_later_process_reads_the_cache(tmp_path):
    code = ("import sys; from pipeline.config import Config; from pipeline.entities import EntityRecognizer; "
            "EntityRecognizer.from_config(Config(), mode='fast')('上海市浦东新区'); print('jieba' in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, env=env, capture_output=True,
                           text=True).stdout.split() for _ in range(2)]
    assert runs == [["True"], ["False"]]  # the first builds from jieba's dict.txt, the second reads the file
    assert len(list((tmp_path / "nianbao").glob("lexicon-*.marshal"))) == 1
