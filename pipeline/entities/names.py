"""Names built as a body and a head: organisations, events, policies and places.

A head (`研究院`, `论坛`, `实施条例`, `开发区`, config/entities/heads.yaml) is found where
the segmenter ends a word; the body is read leftwards word by word while the words can
be inside a name (config/entities/boundaries.yaml). A body must show that it names
something in particular (wordclasses.py says how strongly a word does): labels in
``strong_sign`` need a strong sign, labels in ``sign_required`` any sign, the others a
sign or a long body that is not merely generic words. The heads of laws and treaties
are satisfied by a body of their own length too (`民营经济促进条例`,
`区域全面经济伙伴关系协定`), a bureau's by any body (`市教育局`). A head inside a word
(`西安交通大学`, `中共上海市委`) takes its sign from the rest of that word: a place in
it, or jieba's tag for the word.

A company's legal form (`有限公司`) ends a name whatever its trade name is made of, so
its body also reads characters jieba does not know (`天`+`健`) up to a function word,
and reaches over a few other words to a place (`广州神铁牵引设备有限公司`). The words
before a body's first place are weighed by anchors.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from pipeline.entities.anchors import Anchors
from pipeline.entities.candidates import Candidate
from pipeline.entities.quoted import QuotedNames
from pipeline.entities.segmenter import Tokens
from pipeline.entities.suffixes import Suffixes
from pipeline.entities.wordclasses import (
    LETTERS,
    NONE,
    PERSON_TAGS,
    STRONG,
    WEAK,
    WordClasses,
)
from pipeline.text import HAN, is_han

_OPENERS = {"”": "“", "’": "‘", "」": "「", "』": "『", ")": "(", "）": "（"}
_QUOTES = frozenset("”’」』")
_CONNECTORS = frozenset({"-", "－", "—", "·", "•"})
_HAN_WORD = re.compile(f"[{HAN}]+")
_WORDLIKE = re.compile(f"[{HAN}A-Za-z0-9]+")
_PHRASE_TAGS = frozenset({"l", "i"})


class Head(NamedTuple):
    """A head ending at word ``last``: it starts ``prefix`` characters into word ``first``."""

    first: int
    prefix: int
    last: int
    label: str


class HeadedNames:
    """Finds ORG, EVENT, LAW and LOC names of the form body + head."""

    def __init__(self, heads: dict, boundaries: dict, settings: dict, words: WordClasses) -> None:
        self._words = words
        self._anchors = Anchors(words)
        self._quoted = QuotedNames(heads["quoted"], words, heads["min_body"])
        self._heads = Suffixes(words.head_label)
        self._head_ends = frozenset(h[-1] for h in words.head_label)
        self._head_tails = frozenset(h[k:] for h in words.head_label for k in range(1, len(h)))
        self._joiners = frozenset(boundaries["joiners"])
        self._joined_labels = frozenset(boundaries["joined_labels"])
        self._joined_max = boundaries["joined_max_chars"]
        self._wrapped_chars = boundaries["wrapped_line"]["min_chars"]
        self._wrapped_marks = frozenset(boundaries["wrapped_line"]["punctuation"])
        self._min_body = heads["min_body"]
        self._long_body = heads["long_body"]
        self._strong_sign = frozenset(heads["strong_sign"])
        self._sign_required = frozenset(heads["sign_required"])
        self._generic_heads = frozenset(heads["generic_heads"])
        self._weak_sign_heads = frozenset(heads["weak_sign_heads"])
        self._joined_heads = tuple(heads["joined_heads"])
        self._joined_field_chars = heads["joined_field_chars"]
        self._law_bodies = heads["law_bodies"]
        self._long_organisation = heads["long_organisation"]
        open_body = heads["open_body"]
        self._open_heads = tuple(open_body["heads"])
        self._bridge_words = open_body["bridge_words"]
        self._open_stops = frozenset(open_body["stops"])
        self._trade_words = frozenset(open_body["trade_words"])
        self._anchored_labels = frozenset(heads["anchored_labels"]["labels"])
        self._verbless_labels = frozenset(heads["verbless_start"])
        self._event_inner = frozenset(heads["event_inner"])
        self._event_prefix = re.compile(f"(?:{heads['event_lead']}|{heads['event_session']})$")
        self._event_joiner = heads["event_joiner"]
        self._trailing = {label: re.compile(p) for label, p in heads["trailing"].items()}
        self._trailing_signs = frozenset(heads["trailing_is_sign"])
        self._max_chars = settings["max_chars"]
        self._max_quoted = settings["max_quoted"]
        self._max_parenthesised = settings["max_parenthesised"]

    def __call__(self, text: str, tokens: Tokens, proper: set[int]) -> list[Candidate]:
        """Candidates in ``text``; ``proper`` holds indices of words known to be names."""
        token_at = tokens.index_at
        found = []
        ending = self._ending_heads(tokens)
        for i in [i for i, word in enumerate(tokens.words) if word in ending]:
            head = self._head(tokens, i, ending[tokens.words[i]])
            if head is not None:
                candidate = self._name(text, tokens, token_at, proper, head)
                if candidate is not None:
                    found.append(candidate)
        return self._join_events(text, found) + self._quoted(text)

    def _ending_heads(self, tokens: Tokens) -> dict[str, tuple[int, str] | None]:
        """The distinct words of ``tokens`` a head can end at, each with the head it ends
        with by itself (``_own_head``): words that end with a head's last character, are
        no known name (`西藏自治区`, `国务院`) and are a head, a head's end (`条例` of
        `实施`+`条例`), a single character or end with a head of their own."""
        classes, ending = self._words, {}
        for word, tag in tokens.tag_of.items():
            if word[-1] not in self._head_ends or (word in classes.names and word not in classes.head_label):
                continue
            own = self._own_head(word, tag)
            if own is not None or len(word) == 1 or word in classes.head_label or word in self._head_tails:
                ending[word] = own
        return ending

    def _head(self, tokens: Tokens, i: int, own: tuple[int, str] | None) -> Head | None:
        """The head ending at word ``i``, which can end one (``_ending_heads``):
        words that together are a head (`实施`+`条例`), a head that starts inside the
        word before a one-character word (`会计学`+`会`), the whole word (a one-character
        head not after a number: not `4部`), or the head the word ends with, ``own``."""
        words, classes = tokens.words, self._words
        word = words[i]
        for n in (3, 2):
            if i + 1 >= n and (label := classes.head_label.get("".join(words[i + 1 - n:i + 1]))):
                return Head(i + 1 - n, 0, i, label)
        if len(word) == 1 and i > 0 and tokens.tags[i - 1] in classes.body_tags:
            pair = words[i - 1] + word
            head = self._heads.longest(pair, 1)
            if head is not None and len(head) > 1:
                return Head(i - 1, len(pair) - len(head), i, classes.head_label[head])
        if label := classes.head_label.get(word):
            if len(word) > 1 or i == 0 or tokens.tags[i - 1] != "m":
                return Head(i, 0, i, label)
            return None
        if own is None:
            return None
        prefix, label = own
        return Head(i, prefix, i, label)

    def _own_head(self, word: str, tag: str) -> tuple[int, str] | None:
        """Where in ``word`` (tagged ``tag``) a head that ends it starts, and its label: a
        bureau's head after a word (`教育`+`局`; not `研究`+`部署`, whose last two
        characters are a word), or in a noun (not a phrase: `出席会议`) a head of two or
        more characters, or of one in a name-tagged word of three or more whose rest is a
        noun (`科学技术`+`部`; not `新格`+`局`, `幼儿`+`园` nor `对外`+`部`) or that jieba
        knows as an organisation (`国家统计`+`局`)."""
        classes = self._words
        if word in classes.generic_mentions:
            return None  # `上市公司` ends as a name does, but never is one
        rest = word[:-1]
        if (word[-1] in classes.bureau_heads and len(rest) >= 2 and classes.lexicon.get(rest) in classes.body_tags
                and word[-2:] not in classes.lexicon):
            return len(rest), "ORG"
        if tag not in classes.body_tags or tag in _PHRASE_TAGS:
            return None
        head = self._heads.longest(word, 1)
        if head is None:
            return None
        label, rest = classes.head_label[head], word[:-len(head)]
        if len(head) > 1 or (len(rest) >= 2 and tag in classes.named_tags and (
                classes.lexicon.get(rest) in classes.body_tags
                or (tag == "nt" and len(rest) >= 3 and label == "ORG"))):
            return len(rest), label
        return None

    def _name(self, text: str, tokens: Tokens, token_at: Mapping[int, int], proper: set[int],
              head: Head) -> Candidate | None:
        label = head.label
        head_start = tokens.starts[head.first] + head.prefix
        head_word = text[head_start:tokens.ends[head.last]]
        limit = tokens.ends[head.last] - self._max_chars[label]
        open_body = head_word in self._open_heads
        start, sign = self._scan(text, tokens, token_at, proper, head.first - 1, tokens.starts[head.first],
                                 label, limit, joins=label in self._joined_labels, open_body=open_body)
        if head_word.endswith(self._joined_heads) and sign == NONE:
            start = self._joined_field(tokens, token_at, start)
        if label in self._anchored_labels:
            anchored = self._anchors(tokens, token_at, proper, start, head.first, open_body=open_body)
            if anchored != start:
                start, sign = anchored, STRONG
        if label in self._verbless_labels:
            start = self._past_verbs(tokens, token_at, proper, start, head.first)
        if head.prefix:
            sign = max(sign, self._prefix_sign(tokens, head))
        if sign == NONE and self._words.unknown_word(tokens, token_at.get(start, head.first), head.first):
            sign = WEAK
        end = tokens.ends[head.last]
        trailing = self._trailing.get(label)
        if trailing is not None and (extra := trailing.match(text, end)):
            inside = range(token_at.get(end, len(tokens)), token_at.get(extra.end(), len(tokens)))
            if label in self._trailing_signs or any(j in proper for j in inside):
                sign = STRONG
            end = extra.end()
        body = text[start:head_start]
        # a bureau's body may be generic words, but not a verb without a name before it
        # (`开`+`创新`+`局`, but `香港生产力促进局`)
        bureau = head_word in self._words.bureau_heads and (
            head.prefix or tokens.tags[head.first - 1] not in self._words.verb_tags or sign > NONE)
        if len(body) < self._min_body or (not bureau and self._generic_only(tokens, token_at, start, head)):
            return None
        if bureau or len(body) >= self._law_bodies.get(head_word, self._max_chars[label]):
            return Candidate(start, end, label)
        if head_word in self._weak_sign_heads:
            needed = WEAK
        elif label in self._strong_sign or head_word in self._generic_heads:
            needed = STRONG
        else:
            needed = WEAK if label in self._sign_required else NONE
        if sign < needed or (sign == NONE and len(body) < self._long_body):
            return None
        return Candidate(start, end, label)

    def _scan(self, text: str, tokens: Tokens, token_at: Mapping[int, int], proper: set[int],
              j: int, start: int, label: str, limit: int, *, joins: bool, open_body: bool) -> tuple[int, int]:
        """Read words leftwards from word ``j``; the body so far starts at ``start``.
        Returns where the body starts and the strongest sign of a name in it.

        A conjunction (`与` in `欧洲血液与骨髓移植协会`) or a line break left in the text
        (`长江\\n生态保护协会`) is read through only when the body has words but no sign yet
        and the words before it show a strong one (a line break, also a weak one when it
        wraps running text: ``_across_break``): a line break after a whole name
        (`…研究院\\n英国皇家航空学会`) is where a paragraph ends; the words read through
        must be few (`欧洲血液`, not `中国－东盟自贸区升级谈判`) and not end a name.

        An open body (``open_body``) also reads single characters jieba does not know as
        words, and words it tags as names, up to a word that breaks a name or another
        company's name."""
        words, starts, classes = tokens.words, tokens.starts, self._words
        sign, head_start = NONE, start
        while j >= 0 and starts[j] >= limit:
            prefix = self._event_prefix.search(text, max(0, start - 12), start) if label == "EVENT" else None
            if prefix and prefix.start() in token_at:
                start, sign, j = prefix.start(), STRONG, token_at[prefix.start()] - 1
                continue
            word = words[j]
            if label == "EVENT" and word in self._event_inner:
                lead = self._event_prefix.search(text, max(0, starts[j] - 12), starts[j])
                if lead and lead.start() in token_at:
                    start, sign, j = lead.start(), STRONG, token_at[lead.start()] - 1
                    continue
            if word in _OPENERS:
                k = self._group_start(tokens, j, proper)
                if k is None:
                    break
                if word in _QUOTES or any(m in proper for m in range(k, j)):
                    sign = STRONG
                start, j = starts[k], k - 1
                continue
            if word in _CONNECTORS and j > 0 and classes.inside(words[j - 1], tokens.tags[j - 1]):
                start, j = starts[j], j - 1
                continue
            if sign == NONE and start < head_start and word.isspace():
                start, sign = self._across_break(text, tokens, token_at, proper, j, start, label, limit)
                break
            if sign == NONE and start < head_start and (
                    joins and word in self._joiners and j > 0 and not words[j - 1].endswith(classes.all_heads)):
                before, named = self._scan(text, tokens, token_at, proper, j - 1, starts[j], label, limit,
                                           joins=False, open_body=False)
                if named == STRONG and starts[j] - before <= self._joined_max:
                    start, sign = before, STRONG
                break
            if open_body and (word.endswith(self._open_heads) or classes.breaks(word)):
                break
            if not (classes.inside(word, tokens.tags[j]) or j in proper
                    or (open_body and (self._open(word) or word in self._trade_words
                                       or tokens.tags[j] in classes.named_tags))):
                place = self._bridged_place(tokens, proper, j) if open_body else None
                if place is None:
                    break
                start, sign, j = starts[place], STRONG, place - 1
                continue
            sign = max(sign, classes.sign(tokens, j, proper, label))
            start, j = starts[j], j - 1
        return start, sign

    def _across_break(self, text: str, tokens: Tokens, token_at: Mapping[int, int], proper: set[int], j: int,
                      start: int, label: str, limit: int) -> tuple[int, int]:
        """Where the body starting at ``start`` starts, and its sign, once read through the
        white space of word ``j`` if that holds one line break: the words before it must be
        few and show a strong sign (`长江\\n生态保护协会`), or a weak one, a word jieba does
        not know included, when their line is running text wrapped by PDF extraction
        (`…，联合…发起成立鸿溪公共卫生\\n应急技术创新联盟`), not a heading or a block's
        title."""
        first = j
        while first > 0 and tokens.words[first - 1].isspace():
            first -= 1
        if sum(tokens.words[k].count("\n") for k in range(first, j + 1)) != 1:
            return start, NONE
        at = tokens.starts[first]
        before, named = self._scan(text, tokens, token_at, proper, first - 1, at, label, limit,
                                   joins=False, open_body=False)
        if named == NONE and self._words.unknown_word(tokens, token_at.get(before, first), first):
            named = WEAK
        if at - before > self._joined_max or named == NONE or (named == WEAK and not self._running_line(text, at)):
            return start, NONE
        return before, named

    def _running_line(self, text: str, end: int) -> bool:
        """Whether the line ending at ``end`` is running text: long, with a sentence's punctuation."""
        line = text[text.rfind("\n", 0, end) + 1:end]
        return len(line) >= self._wrapped_chars and not self._wrapped_marks.isdisjoint(line)

    def _past_verbs(self, tokens: Tokens, token_at: Mapping[int, int], proper: set[int], start: int, head: int) -> int:
        """Where the body starts once the verbs it starts with are left out: a verb read
        as part of a name inside it (`创新` of `武宁创新共同体`) is the sentence's own
        at its start (`组织`+`国农科技公司`). A single character is rather part of a
        name jieba does not know (`立`+`衡` of `立衡会计师事务所`)."""
        k = token_at.get(start)
        if k is None:
            return start
        while (k < head and tokens.tags[k] in self._words.verb_tags and len(tokens.words[k]) > 1
               and k not in proper):
            k += 1
        return tokens.starts[k]

    def _open(self, word: str) -> bool:
        """Whether an open body reads ``word``: a character of a trade name, not a function word."""
        return is_han(word) and word not in self._open_stops

    def _bridged_place(self, tokens: Tokens, proper: set[int], j: int) -> int | None:
        """The place a company's body reaches over word ``j`` and the few words before it
        (`广州`+`神铁`+`牵引/v`+`设备有限公司`): words of Chinese characters, none a
        function or stop word."""
        for k in range(j, max(-1, j - self._bridge_words - 1), -1):
            word = tokens.words[k]
            if k in proper:
                return k
            if not _HAN_WORD.fullmatch(word) or word in self._words.function_words or word in self._words.stop_words:
                return None
        return None

    def _group_start(self, tokens: Tokens, j: int, proper: set[int]) -> int | None:
        """Index of the word opening the quoted or bracketed group closed by word ``j``,
        if the group is short and holds only words (a bracketed one only words that can
        be in a name, or names: `加纳/v`)."""
        opener = _OPENERS[tokens.words[j]]
        quoted = tokens.words[j] in _QUOTES
        longest = self._max_quoted if quoted else self._max_parenthesised
        k, length = j - 1, 0
        while k >= 0 and length <= longest:
            word = tokens.words[k]
            if word == opener:
                return k if length else None
            if not (self._words.inside(word, tokens.tags[k]) or k in proper or word in _CONNECTORS
                    or tokens.tags[k] == "m" or (quoted and _WORDLIKE.fullmatch(word))):
                return None
            length += len(word)
            k -= 1
        return None

    def _joined_field(self, tokens: Tokens, token_at: Mapping[int, int], start: int) -> int:
        """Where a ministry's body starts, with the field joined before it (`工业`+`和`;
        not a body's name: `监事会`+`和`)."""
        j = token_at.get(start, 0) - 1
        if j < 1 or tokens.words[j] not in self._joiners:
            return start
        field = tokens.words[j - 1]
        if (tokens.tags[j - 1] in self._words.noun_tags and len(field) <= self._joined_field_chars
                and not field.endswith(self._words.all_heads) and field not in self._words.generic_mentions):
            return tokens.starts[j - 1]
        return start

    def _prefix_sign(self, tokens: Tokens, head: Head) -> int:
        """The sign shown by the part of the head's word before the head: a place in it
        (`西安`+`交通` of `西安交通大学`), or the word's tag: a word jieba knows as an
        organisation is named by a long rest (`国际货币基金`+`组织`), weakly by a rest
        that is a noun (`财政`+`部`, not `中西`+`部`)."""
        word, tag = tokens.words[head.first], tokens.tags[head.first]
        rest, classes = word[:head.prefix], self._words
        if LETTERS.search(rest) or any(rest[i:j] in classes.names for i in range(len(rest) - 1)
                                       for j in range(i + 2, len(rest) + 1)):
            return STRONG
        if tag == "nt" and len(rest) >= self._long_organisation:
            return STRONG
        named = tag in classes.weak_tags and tag not in PERSON_TAGS
        return WEAK if named and (len(rest) > 2 or classes.lexicon.get(rest) in classes.noun_tags) else NONE

    def _generic_only(self, tokens: Tokens, token_at: Mapping[int, int], start: int, head: Head) -> bool:
        """Whether the body is made only of generic words (`国家重点`, `技术创新`)."""
        j = token_at.get(start)
        if j is None:
            return False
        words = tokens.words[j:head.first]
        if head.prefix:
            words.append(tokens.words[head.first][:head.prefix])
        return all(self._words.generic_text(w) for w in words)

    def _join_events(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """Two events joined by `暨` are one name."""
        by_start = {c.start: c for c in found if c.label == "EVENT"}
        joined = []
        for c in found:
            after = by_start.get(c.end + len(self._event_joiner))
            if c.label == "EVENT" and after and text.startswith(self._event_joiner, c.end):
                joined.append(Candidate(c.start, after.end, "EVENT"))
        return found + joined
