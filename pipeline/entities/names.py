"""Names built as a body and a head: organisations, events, policies and places.

A head (`研究院`, `论坛`, `实施条例`, `开发区`, config/entities/heads.yaml) is found where
the segmenter ends a word; the body is read leftwards word by word while the words can
be inside a name (config/entities/boundaries.yaml). A body must show that it names
something in particular, by a sign of one of two strengths:

* strong: a place or an abbreviation group (`沪滇`), a word jieba tags as a person or
  place, Latin letters (`G60`), a quoted part (`“大零号湾”`), an event's ordinal or year
  (`第16届`), a law's name inside a policy's name (`外商投资法` of `…实施条例`);
* weak: a word jieba tags as an organisation or other proper noun (tags it often gives
  to common words as well), or a word jieba does not know, cut into single characters.

Labels in ``strong_sign`` need a strong sign, labels in ``sign_required`` any sign, the
others a sign or a long body that is not merely generic words; the heads of laws and
treaties (`法`, `协定`) are satisfied by a body of their own length too
(`民营经济促进条例`, `区域全面经济伙伴关系协定`). A head inside a word (`西安交通大学`, `中共上海市委`)
takes its sign from the rest of that word: a place in it, or jieba's tag for the word.

A company's legal form (`有限公司`) ends a name whatever its trade name is made of, so
its body also reads characters jieba does not know (`天`+`健`) up to a function word.
Words before the body's first place that show nothing named (`调整优化`+`上海化工区`,
a table's label run into its cell: `地点`+`深圳…公司`) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from typing import NamedTuple

from pipeline.entities.candidates import Candidate
from pipeline.entities.segmenter import Tokens

_OPENERS = {"”": "“", "’": "‘", "」": "「", "』": "『", ")": "(", "）": "（"}
_OPENING = frozenset(_OPENERS.values())
_QUOTES = frozenset("”’」』")
_CONNECTORS = frozenset({"-", "－", "·", "•"})
_LETTERS = re.compile(r"[A-Za-z]")
_WORDLIKE = re.compile(r"[\u3400-\u9fffA-Za-z0-9]+")
_PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})
_PHRASE_TAGS = frozenset({"l", "i"})
NONE, WEAK, STRONG = 0, 1, 2


class Head(NamedTuple):
    """A head ending at word ``last``: it starts ``prefix`` characters into word ``first``."""

    first: int
    prefix: int
    last: int
    label: str


class HeadedNames:
    """Finds ORG, EVENT, LAW and LOC names of the form body + head."""

    def __init__(self, heads: dict, boundaries: dict, settings: dict, lexicon: Mapping[str, str],
                 names: Container[str], titles: Container[str]) -> None:
        self._lexicon = lexicon
        self._names = names
        self._head_label: dict[str, str] = {}
        for label in heads["labels"]:
            for head in heads["heads"][label]:
                self._head_label.setdefault(head, label)
        self._head_lengths = sorted({len(h) for h in self._head_label}, reverse=True)
        self._head_ends = frozenset(h[-1] for h in self._head_label)
        self._law_heads = tuple(h for h, label in self._head_label.items() if label == "LAW")
        self._all_heads = tuple(self._head_label)
        self._body_tags = frozenset(boundaries["body_tags"])
        self._inner_words = frozenset(boundaries["inner_words"])
        self._stop_words = frozenset(boundaries["stop_words"]) | frozenset(titles)
        self._joiners = frozenset(boundaries["joiners"])
        self._joined_labels = frozenset(boundaries["joined_labels"])
        self._generic = frozenset(boundaries["generic_body"])
        self._generic_words = frozenset(boundaries["generic_mentions"])
        self._proper_tags = frozenset(boundaries["proper_tags"])
        self._weak_tags = frozenset(boundaries["weak_proper_tags"])
        self._named_tags = self._proper_tags | self._weak_tags
        self._noun_tags = frozenset(boundaries["noun_tags"])
        self._verb_tags = frozenset(boundaries["verb_tags"])
        self._not_unknown_tags = frozenset(boundaries["not_unknown_tags"])
        self._min_body = heads["min_body"]
        self._long_body = heads["long_body"]
        self._strong_sign = frozenset(heads["strong_sign"])
        self._generic_heads = frozenset(heads["generic_heads"])
        self._trade_name_heads = frozenset(heads["trade_name_heads"])
        self._joined_heads = tuple(heads["joined_heads"])
        self._joined_field_chars = heads["joined_field_chars"]
        self._sign_required = frozenset(heads["sign_required"])
        self._law_bodies = heads["law_bodies"]
        self._bureau_heads = frozenset(heads["bureau_heads"])
        self._long_organisation = heads["long_organisation"]
        self._open_heads = tuple(heads["open_body"]["heads"])
        self._open_stops = frozenset(heads["open_body"]["stops"])
        self._trade_words = frozenset(heads["open_body"]["trade_words"])
        self._anchored_labels = frozenset(heads["anchored_labels"]["labels"])
        self._function_words = frozenset(heads["anchored_labels"]["function_words"])
        self._break_chars = frozenset(heads["anchored_labels"]["break_chars"])
        self._abbreviation_tags = frozenset(boundaries["abbreviation_tags"])
        self._name_heads = tuple(h for h, label in self._head_label.items() if label in ("ORG", "EVENT"))
        self._joined_max = boundaries["joined_max_chars"]
        quoted = heads["quoted"]
        self._quote = re.compile(quoted["pattern"])
        self._not_quoted_name = re.compile(quoted["not_name"])
        self._quoted_heads = sorted((h for h, label in self._head_label.items() if label in quoted["labels"]
                                     and (len(h) > 1 or h in self._bureau_heads)), key=len, reverse=True)
        self._ordinal = boundaries["ordinal_prefix"]
        self._event_inner = frozenset(heads["event_inner"])
        self._max_chars = settings["max_chars"]
        self._max_quoted = settings["max_quoted"]
        self._max_parenthesised = settings["max_parenthesised"]
        self._trailing = {label: re.compile(p) for label, p in heads["trailing"].items()}
        self._trailing_signs = frozenset(heads["trailing_is_sign"])
        self._event_prefix = re.compile(f"(?:{heads['event_lead']}|{heads['event_session']})$")
        self._event_joiner = heads["event_joiner"]

    def __call__(self, text: str, tokens: Tokens, proper: set[int]) -> list[Candidate]:
        """Candidates in ``text``; ``proper`` holds indices of words known to be names."""
        token_at = {start: i for i, start in enumerate(tokens.starts)}
        found = []
        for i in range(len(tokens)):
            head = self._head(tokens, i)
            if head is not None:
                candidate = self._name(text, tokens, token_at, proper, head)
                if candidate is not None:
                    found.append(candidate)
        return self._join_events(text, found) + self._quoted(text)

    def _quoted(self, text: str) -> list[Candidate]:
        """Quoted names that end in a head of two or more characters or a bureau's
        (`“关爱基金”`, `“金融发展局”`), the rest neither generic nor a count (`“五个中心”`)."""
        found = []
        for m in self._quote.finditer(text):
            name = m.group(1)
            head = next((h for h in self._quoted_heads if name.endswith(h)), None)
            if head is None or self._not_quoted_name.search(name):
                continue
            body = name[:-len(head)]
            if len(body) >= self._min_body and not self._generic_text(body):
                found.append(Candidate(m.start(1), m.end(1), self._head_label[head]))
        return found

    def _head(self, tokens: Tokens, i: int) -> Head | None:
        """The head ending at word ``i`` (not a known name: `西藏自治区`, `国务院`):
        words that together are a head (`实施`+`条例`),
        the whole word (a one-character head not after a number: not `4部`), or the end of
        a noun (not of a phrase: `出席会议`): a head of two or more characters, or of one in
        a name-tagged word of three or more whose rest is a noun (`科学技术`+`部`, not
        `新格`+`局`, `幼儿`+`园` nor `对外`+`部`) or that jieba knows as an organisation
        (`国家统计`+`局`), or a bureau's head after a word (`教育`+`局`, not `研究`+`部署`,
        whose last two characters are a word). A head may also
        start inside the word before a one-character word (`会计学`+`会`)."""
        words = tokens.words
        if words[i][-1] not in self._head_ends or (words[i] in self._names and words[i] not in self._head_label):
            return None
        for n in (3, 2):
            if i + 1 >= n and (label := self._head_label.get("".join(words[i + 1 - n:i + 1]))):
                return Head(i + 1 - n, 0, i, label)
        word = words[i]
        if len(word) == 1 and i > 0 and tokens.tags[i - 1] in self._body_tags:
            pair = words[i - 1] + word
            for length in self._head_lengths:
                if 1 < length < len(pair) and (label := self._head_label.get(pair[-length:])):
                    return Head(i - 1, len(pair) - length, i, label)
        if label := self._head_label.get(word):
            if len(word) > 1 or i == 0 or tokens.tags[i - 1] != "m":
                return Head(i, 0, i, label)
            return None
        tag = tokens.tags[i]
        if word in self._generic_words:
            return None  # `上市公司` ends as a name does, but never is one
        rest = word[:-1]
        if (word[-1] in self._bureau_heads and len(rest) >= 2 and self._lexicon.get(rest) in self._body_tags
                and word[-2:] not in self._lexicon):
            return Head(i, len(rest), i, "ORG")
        if tag not in self._body_tags or tag in _PHRASE_TAGS:
            return None
        for length in self._head_lengths:
            if length < len(word) and (label := self._head_label.get(word[-length:])):
                rest = word[:-length]
                if length > 1 or (len(rest) >= 2 and tag in self._named_tags and (
                        self._lexicon.get(rest) in self._body_tags
                        or (tag == "nt" and len(rest) >= 3 and label == "ORG"))):
                    return Head(i, len(rest), i, label)
        return None

    def _name(self, text: str, tokens: Tokens, token_at: dict[int, int], proper: set[int],
              head: Head) -> Candidate | None:
        label = head.label
        head_start = tokens.starts[head.first] + head.prefix
        head_word = text[head_start:tokens.ends[head.last]]
        limit = tokens.ends[head.last] - self._max_chars[label]
        start, sign = self._scan(text, tokens, token_at, proper, head.first - 1, tokens.starts[head.first],
                                 label, limit, joins=label in self._joined_labels,
                                 open_body=head_word in self._open_heads)
        if head_word.endswith(self._joined_heads) and sign == NONE:
            start = self._joined_field(tokens, token_at, start)
        if label in self._anchored_labels:
            anchored = self._anchored(tokens, token_at, proper, start, head.first)
            if anchored != start:
                start, sign = anchored, STRONG
        if head.prefix:
            sign = max(sign, self._prefix_sign(tokens, head))
        if sign == NONE and self._unknown_word(tokens, token_at.get(start, head.first), head.first):
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
        bureau = head_word in self._bureau_heads and (
            head.prefix or tokens.tags[head.first - 1] not in self._verb_tags or sign > NONE)
        if len(body) < self._min_body or (not bureau and self._generic_only(tokens, token_at, start, head)):
            return None
        if bureau or len(body) >= self._law_bodies.get(head_word, self._max_chars[label]):
            return Candidate(start, end, label)
        if head_word in self._trade_name_heads:
            needed = WEAK
        elif label in self._strong_sign or head_word in self._generic_heads:
            needed = STRONG
        else:
            needed = WEAK if label in self._sign_required else NONE
        if sign < needed or (sign == NONE and len(body) < self._long_body):
            return None
        return Candidate(start, end, label)

    def _joined_field(self, tokens: Tokens, token_at: dict[int, int], start: int) -> int:
        """Where a ministry's body starts, with the field joined before it (`工业`+`和`;
        not a body's name: `监事会`+`和`)."""
        j = token_at.get(start, 0) - 1
        if j < 1 or tokens.words[j] not in self._joiners:
            return start
        field = tokens.words[j - 1]
        if (tokens.tags[j - 1] in self._noun_tags and len(field) <= self._joined_field_chars
                and not field.endswith(self._all_heads)):
            return tokens.starts[j - 1]
        return start

    def _unknown_word(self, tokens: Tokens, first: int, end: int) -> bool:
        """Whether words ``first`` to ``end - 1`` hold a word jieba does not know, cut into
        single characters (`罗`+`泾` of `罗泾港区`): two or more in a row, none of them a
        function word, number, adjective or verb."""
        run = 0
        for k in range(first, end):
            single = len(tokens.words[k]) == 1 and "\u3400" <= tokens.words[k] <= "\u9fff"
            run = run + 1 if single and tokens.tags[k] not in self._not_unknown_tags else 0
            if run >= 2:
                return True
        return False

    def _prefix_sign(self, tokens: Tokens, head: Head) -> int:
        """The sign shown by the part of the head's word before the head: a place in it
        (`西安`+`交通` of `西安交通大学`), or the word's tag: a word jieba knows as an
        organisation is named by a long rest (`国际货币基金`+`组织`), weakly by a rest
        that is a noun (`财政`+`部`, not `中西`+`部`)."""
        word, tag = tokens.words[head.first], tokens.tags[head.first]
        rest = word[:head.prefix]
        if _LETTERS.search(rest) or any(rest[i:j] in self._names for i in range(len(rest) - 1)
                                        for j in range(i + 2, len(rest) + 1)):
            return STRONG
        if tag == "nt" and len(rest) >= self._long_organisation:
            return STRONG
        named = tag in self._weak_tags and tag not in _PERSON_TAGS
        return WEAK if named and (len(rest) > 2 or self._lexicon.get(rest) in self._noun_tags) else NONE

    def _anchored(self, tokens: Tokens, token_at: dict[int, int], proper: set[int], start: int, head: int) -> int:
        """Where the body starts once the words before its first place (outside brackets;
        the head's own word if it starts with one: `中国工农红军`) are dropped, if they
        show nothing named."""
        first = token_at.get(start)
        if first is None:
            return start
        depth = 0
        for k in range(first, head + 1):
            word = tokens.words[k]
            if word in _OPENING:
                depth += 1
            elif word in _OPENERS:
                depth -= 1
            elif depth == 0 and k in proper:
                if k == first or self._names_something(tokens, proper, first, k):
                    return start
                return tokens.starts[k]
        return start

    def _names_something(self, tokens: Tokens, proper: set[int], first: int, end: int) -> bool:
        """Whether words ``first`` to ``end - 1`` show a name: a strong sign, a quoted part,
        an abbreviation (`政协`), a word jieba tags as a name (a person's only if it is a
        word of two characters, as trade names are: `华为`; not a full name run into a
        table cell), or a person's name that ends as an organisation does (`盖茨基金会`);
        never a function word, nor a word with a character names do not have (`华发物业诉`
        +`深圳市…`)."""
        words, tags = tokens.words, tokens.tags
        if any(words[k] in self._function_words or not self._break_chars.isdisjoint(words[k])
               for k in range(first, end)):
            return False
        for k in range(first, end):
            if self._sign(tokens, k, proper, "") == STRONG or words[k] in _QUOTES or (
                    tags[k] in self._abbreviation_tags and len(words[k]) > 1) or (
                    tags[k] in self._weak_tags and (tags[k] not in _PERSON_TAGS or len(words[k]) == 2)):
                return True
        return (words[end - 1].endswith(self._name_heads)
                and any(tags[k] in self._weak_tags for k in range(first, end)))

    def _scan(self, text: str, tokens: Tokens, token_at: dict[int, int], proper: set[int],
              j: int, start: int, label: str, limit: int, *, joins: bool, open_body: bool) -> tuple[int, int]:
        """Read words leftwards from word ``j``; the body so far starts at ``start``.
        Returns where the body starts and the strongest sign of a name in it.

        A conjunction (`与` in `欧洲血液与骨髓移植协会`) or a line break left in the text
        (`长江\n生态保护协会`) is read through only when the body has words but no sign yet
        and the words before it show a strong one: a line break after a whole name
        (`…研究院\n英国皇家航空学会`) is where a paragraph ends; the words read through
        must be few (`欧洲血液`, not `中国－东盟自贸区升级谈判`).

        An open body (``open_body``) also reads single characters jieba does not know as
        words, up to a function word or another company's name."""
        words, starts = tokens.words, tokens.starts
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
            if word in _CONNECTORS and j > 0 and self._inside(words[j - 1], tokens.tags[j - 1]):
                start, j = starts[j], j - 1
                continue
            if sign == NONE and start < head_start and (word == "\n" or (
                    joins and word in self._joiners and j > 0 and not words[j - 1].endswith(self._all_heads))):
                before, named = self._scan(text, tokens, token_at, proper, j - 1, starts[j], label, limit,
                                           joins=False, open_body=False)
                if named == STRONG and starts[j] - before <= self._joined_max:
                    start, sign = before, STRONG
                break
            if open_body and (word.endswith(self._open_heads) or word in self._function_words
                              or not self._break_chars.isdisjoint(word)):
                break
            if not (self._inside(word, tokens.tags[j]) or j in proper
                    or (open_body and (self._open(word) or word in self._trade_words
                                       or tokens.tags[j] in self._named_tags))):
                break
            sign = max(sign, self._sign(tokens, j, proper, label))
            start, j = starts[j], j - 1
        return start, sign

    def _sign(self, tokens: Tokens, j: int, proper: set[int], label: str) -> int:
        """How strongly word ``j`` shows that a body names something in particular."""
        word, tag = tokens.words[j], tokens.tags[j]
        if j in proper or tag in self._proper_tags or _LETTERS.search(word):
            return STRONG
        if label == "LAW" and word.endswith(self._law_heads):
            return STRONG
        return WEAK if tag in self._weak_tags else NONE

    def _inside(self, word: str, tag: str) -> bool:
        """Whether a word can be part of a name's body."""
        if word in self._stop_words:
            return False
        if tag == "x":
            return len(word) == 1 and "\u3400" <= word <= "\u9fff"
        if tag == "nr" and len(word) > 3:
            return False  # jieba tags some phrases as names (`严格执行/nr`)
        return tag in self._body_tags or word in self._inner_words or (word.startswith(self._ordinal) and tag != "m")

    def _open(self, word: str) -> bool:
        """Whether an open body reads ``word``: a character of a trade name, not a function word."""
        return len(word) == 1 and "\u3400" <= word <= "\u9fff" and word not in self._open_stops

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
            if not (self._inside(word, tokens.tags[k]) or k in proper or word in _CONNECTORS or tokens.tags[k] == "m"
                    or (quoted and _WORDLIKE.fullmatch(word))):
                return None
            length += len(word)
            k -= 1
        return None

    def _generic_only(self, tokens: Tokens, token_at: dict[int, int], start: int, head: Head) -> bool:
        """Whether the body is made only of generic words (`国家重点`, `技术创新`)."""
        j = token_at.get(start)
        if j is None:
            return False
        words = tokens.words[j:head.first]
        if head.prefix:
            words.append(tokens.words[head.first][:head.prefix])
        return all(self._generic_text(w) for w in words)

    def _generic_text(self, text: str) -> bool:
        """Whether ``text`` is made of generic words (`国家重点` of a word `国家重点实验室`)."""
        return text in self._generic or any(
            text[:k] in self._generic and self._generic_text(text[k:]) for k in range(1, len(text)))

    def _join_events(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """Two events joined by `暨` are one name."""
        by_start = {c.start: c for c in found if c.label == "EVENT"}
        joined = []
        for c in found:
            after = by_start.get(c.end + len(self._event_joiner))
            if c.label == "EVENT" and after and text.startswith(self._event_joiner, c.end):
                joined.append(Candidate(c.start, after.end, "EVENT"))
        return found + joined
