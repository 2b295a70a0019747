"""The three spaCy components in ordinary spaCy workflows: multiprocessing, DocBin, other
tokenizers, span keys and entity annotation."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
import spacy
from spacy.tokens import Doc, DocBin, Span

import pipeline.dates.component  # noqa: F401  registers the factories
import pipeline.entities.component  # noqa: F401
import pipeline.numbers.component  # noqa: F401

TEXTS = [
    "青禾市全年地区生产总值1234.5亿元，比上年增长5.2%。2024年3月，青禾大学成立。",
    "公司投资5—10亿元，建成94家研发载体。",
]
COMPONENTS = ("nianbao_numbers", "nianbao_dates", "nianbao_entities")


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    """A pipeline whose tokenizer (whitespace and punctuation) cuts across the matches."""
    nlp = spacy.blank("xx")
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"report_year": 2024} if name == "nianbao_dates" else {})
    return nlp


def _spans(doc: Doc) -> list[tuple]:
    return [
        (key, span.start_char, span.end_char, span.text, span.label_, span._.nb_text, span._.nb_value,
         span._.nb_unit, span._.nb_start_date)
        for key, group in sorted(doc.spans.items())
        for span in group
    ]


def test_spans_keep_their_exact_characters_when_tokens_do_not_align(nlp) -> None:
    doc = nlp(TEXTS[0])
    assert [(s.text, s.label_) for s in doc.spans["entities"]] == [("青禾市", "GPE"), ("青禾大学", "ORG")]
    assert [(e.text, e.label_) for e in doc.ents] == [("青禾市", "GPE"), ("青禾大学", "ORG")]
    assert [s.text for s in doc.spans["numbers"]] == ["1234.5亿元", "5.2%"]
    for _, start, end, text, _, exact, *_ in _spans(doc):
        assert doc.text[start:end] == text == exact
    assert doc.text == TEXTS[0]


def test_splitting_tokens_keeps_the_spans_already_in_the_doc() -> None:
    nlp = spacy.blank("xx")
    nlp.add_pipe("nianbao_entities")
    doc = nlp.make_doc("青禾市全年增长 青禾大学成立。")
    doc.spans["mine"] = [Span(doc, 0, 1, label="CLAUSE"), Span(doc, 1, len(doc), label="REST")]
    assert doc[0].text == "青禾市全年增长"
    doc = nlp.get_pipe("nianbao_entities")(doc)
    assert [(s.text, s.label_) for s in doc.spans["mine"]] == [("青禾市全年增长", "CLAUSE"), ("青禾大学成立。", "REST")]
    assert [s.text for s in doc.spans["entities"]] == ["青禾市", "青禾大学"]
    assert [t.text for t in doc][:2] == ["青禾市", "全年增长"]


def test_spacy_alignment_modes_leave_tokens_alone_and_keep_the_exact_text() -> None:
    expand = spacy.blank("xx")
    expand.add_pipe("nianbao_entities", config={"alignment_mode": "expand"})
    doc = expand(TEXTS[0])
    first = doc.spans["entities"][0]
    assert first.text.startswith("青禾市全年") and first._.nb_text == "青禾市"
    assert doc[0].text.startswith("青禾市全年")
    strict = spacy.blank("xx")
    strict.add_pipe("nianbao_entities", config={"alignment_mode": "strict"})
    doc = strict("青禾市全年增长 青禾大学 成立。")
    assert [s.text for s in doc.spans["entities"]] == ["青禾大学"]
    with pytest.raises(ValueError, match="alignment_mode"):
        spacy.blank("xx").add_pipe("nianbao_numbers", config={"alignment_mode": "sideways"})


def test_values_are_exact_text() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("nianbao_numbers")
    doc = nlp("研发投入1491亿元。")
    (span,) = doc.spans["numbers"]
    assert span._.nb_value == "149100000000" and Decimal(span._.nb_value) == Decimal(149100000000)
    assert span._.nb_value_max is None and span._.nb_kind == "money"


def test_every_attribute_is_under_one_prefix_and_registered_once(nlp) -> None:
    from pipeline.spacy_spans import ATTRIBUTES, register_extensions

    register_extensions()
    for name in COMPONENTS:
        spacy.blank("zh").add_pipe(name)  # a second pipeline registers nothing again
    assert all(Span.has_extension(f"nb_{name}") for name in ATTRIBUTES)
    assert not any(Span.has_extension(name) for name in ("value", "unit", "date_kind", "start_date"))


def test_docs_come_back_from_two_processes(nlp) -> None:
    alone = [_spans(doc) for doc in nlp.pipe(TEXTS * 3)]
    together = [_spans(doc) for doc in nlp.pipe(TEXTS * 3, n_process=2, batch_size=1)]
    assert together == alone
    assert any(row[6] == "123450000000" for row in alone[0])


def test_docbin_round_trip_keeps_spans_and_attributes(nlp) -> None:
    docs = list(nlp.pipe(TEXTS))
    stored = DocBin(store_user_data=True, docs=docs).to_bytes()
    restored = list(DocBin().from_bytes(stored).get_docs(nlp.vocab))
    assert [_spans(doc) for doc in restored] == [_spans(doc) for doc in docs]
    assert [[(e.text, e.label_) for e in doc.ents] for doc in restored] == [[(e.text, e.label_) for e in doc.ents]
                                                                          for doc in docs]


def test_spans_key_and_overwrite() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("nianbao_numbers", config={"spans_key": "found", "overwrite": False})
    doc = nlp.make_doc("共94家。")
    doc.spans["found"] = [doc[0:1]]
    doc = nlp.get_pipe("nianbao_numbers")(doc)
    assert [s.text for s in doc.spans["found"]] == ["共", "94家"]
    assert "numbers" not in doc.spans


def test_overwrite_ents_decides_between_old_and_new_entities() -> None:
    def annotated(overwrite_ents: bool) -> list[tuple[str, str]]:
        nlp = spacy.blank("zh")
        nlp.add_pipe("nianbao_entities", config={"overwrite_ents": overwrite_ents})
        doc = nlp.make_doc("青禾大学成立。")
        doc.ents = [Span(doc, 0, 2, label="PLACE")]
        return [(e.text, e.label_) for e in nlp.get_pipe("nianbao_entities")(doc).ents]

    assert annotated(False) == [("青禾", "PLACE")]
    assert annotated(True) == [("青禾大学", "ORG")]


def test_numbers_and_dates_can_annotate_ents() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("nianbao_numbers", config={"annotate_ents": True})
    assert [(e.text, e.label_) for e in nlp("共94家。").ents] == [("94家", "count")]


SPAWNED = """
import multiprocessing, spacy
import pipeline.entities.component, pipeline.numbers.component
if __name__ == "__main__":
    multiprocessing.set_start_method("spawn", force=True)
    nlp = spacy.blank("zh")
    nlp.add_pipe("nianbao_numbers")
    nlp.add_pipe("nianbao_entities")
    docs = nlp.pipe(["共94家。", "青禾大学成立。"], n_process=2, batch_size=1)
    print([[(s.text, s._.nb_value) for s in doc.spans["numbers"]] + [e.text for e in doc.ents] for doc in docs])
"""


def test_docs_come_back_from_spawned_processes(tmp_path) -> None:
    """Where processes are spawned (macOS, Windows), the components are pickled into them."""
    script = tmp_path / "spawned.py"
    script.write_text(SPAWNED, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[[('94家', '94')], ['青禾大学']]"
