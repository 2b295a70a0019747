"""The classes of words the name rules read (config/entities/heads.yaml, boundaries.yaml):
which words are heads and of what label, which can stand inside a name's body, which
are generic, and how strongly a word shows that a body names something in particular.

Signs have two strengths:

* strong: a place or an abbreviation group (`沪滇`), a word jieba tags as a place or a
  full person's name, Latin letters (`G60`), a quoted part (`“大零号湾”`), an event's
  ordinal or year (`第16届`), a law's name inside a policy's name (`外商投资法` of
  `…实施条例`);
* weak: a word jieba tags as an organisation, a person or another proper noun (tags it
  often gives to common words as well), or a word jieba does not know, cut into single
  characters.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping

from pipeline.entities.segmenter import Tokens
from pipeline.text import is_han

NONE, WEAK, STRONG = 0, 1, 2
LETTERS = re.compile(r"[A-Za-z]")
PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})


class WordClasses:
    """Heads and word classes; ``names`` are the known names (places and standalone
    organisations), ``titles`` the people's titles, which end a body."""

    def __init__(self, heads: dict, boundaries: dict, lexicon: Mapping[str, str], names: Container[str],
                 titles: Container[str]) -> None:
        self.lexicon = lexicon
        self.names = names
        self.head_label: dict[str, str] = {}
        for label in heads["labels"]:
            for head in heads["heads"][label]:
                self.head_label.setdefault(head, label)
        self.all_heads = tuple(self.head_label)
        self.name_heads = tuple(h for h, label in self.head_label.items() if label in ("ORG", "EVENT"))
        self.law_heads = tuple(h for h, label in self.head_label.items() if label == "LAW")
        self.bureau_heads = frozenset(heads["bureau_heads"])
        self.body_tags = frozenset(boundaries["body_tags"])
        self.inner_words = frozenset(boundaries["inner_words"])
        self.stop_words = frozenset(boundaries["stop_words"]) | frozenset(titles)
        self.generic = frozenset(boundaries["generic_body"])
        self.generic_suffixes = tuple(boundaries["generic_suffixes"])
        self.generic_mentions = frozenset(boundaries["generic_mentions"])
        self.proper_tags = frozenset(boundaries["proper_tags"])
        self.weak_tags = frozenset(boundaries["weak_proper_tags"])
        self.named_tags = self.proper_tags | self.weak_tags
        self.noun_tags = frozenset(boundaries["noun_tags"])
        self.verb_tags = frozenset(boundaries["verb_tags"])
        self.abbreviation_tags = frozenset(boundaries["abbreviation_tags"])
        self.not_unknown_tags = frozenset(boundaries["not_unknown_tags"])
        self.ordinal = boundaries["ordinal_prefix"]
        anchored = heads["anchored_labels"]
        self.function_words = frozenset(anchored["function_words"])
        self.break_chars = frozenset(anchored["break_chars"])

    def sign(self, tokens: Tokens, j: int, proper: set[int], label: str) -> int:
        """How strongly word ``j`` shows that a body names something in particular."""
        word, tag = tokens.words[j], tokens.tags[j]
        if j in proper or tag in self.proper_tags or LETTERS.search(word):
            return STRONG
        if label == "LAW" and word.endswith(self.law_heads):
            return STRONG
        return WEAK if tag in self.weak_tags else NONE

    def inside(self, word: str, tag: str) -> bool:
        """Whether a word can be part of a name's body."""
        if word in self.stop_words:
            return False
        if tag == "x":
            return is_han(word)
        if tag == "nr" and len(word) > 3:
            return False  # jieba tags some phrases as names (`严格执行/nr`)
        return tag in self.body_tags or word in self.inner_words or (word.startswith(self.ordinal) and tag != "m")

    def breaks(self, word: str) -> bool:
        """Whether a name never holds ``word``: a function word, or a word with a
        character names do not have (`业诉`, `续聘`)."""
        return word in self.function_words or not self.break_chars.isdisjoint(word)

    def generic_text(self, text: str) -> bool:
        """Whether ``text`` is made of generic words (`国家重点` of a word `国家重点实验室`,
        `全球成长型`)."""
        return self._generic_word(text) or any(
            self._generic_word(text[:k]) and self.generic_text(text[k:]) for k in range(1, len(text)))

    def _generic_word(self, word: str) -> bool:
        return word in self.generic or (2 <= len(word) <= 3 and word.endswith(self.generic_suffixes))

    def starts_with_place(self, word: str) -> bool:
        return any(word[:n] in self.names for n in range(2, min(len(word), 5)))

    def unknown_word(self, tokens: Tokens, first: int, end: int) -> bool:
        """Whether words ``first`` to ``end - 1`` hold a word jieba does not know, cut into
        single characters (`罗`+`泾` of `罗泾港区`): two or more in a row, none of them a
        function word, number, adjective or verb."""
        run = 0
        for k in range(first, end):
            run = run + 1 if self.unknown_character(tokens, k) else 0
            if run >= 2:
                return True
        return False

    def unknown_word_starts(self, tokens: Tokens, k: int, end: int) -> bool:
        """Whether a word jieba does not know starts at word ``k`` and ends before ``end``."""
        return (k + 1 < end and self.unknown_character(tokens, k) and self.unknown_character(tokens, k + 1)
                and not (k > 0 and self.unknown_character(tokens, k - 1)))

    def unknown_character(self, tokens: Tokens, k: int) -> bool:
        """Whether word ``k`` is a character of a word jieba does not know: a single
        character that is not a function word, number, adjective or verb."""
        return is_han(tokens.words[k]) and tokens.tags[k] not in self.not_unknown_tags
