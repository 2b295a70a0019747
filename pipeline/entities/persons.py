"""People's names next to a title or form of address (config/entities/persons.yaml).

`国务院总理李克强`, `巴西总统卢拉`: the name after the title; `习近平主席`, `陈伟业议员`:
the name before it. The title is not part of the span. A Chinese name is a surname
and one or two characters, starting and ending where jieba's words do; a foreign name
after a country's head of state is a run of transliteration characters. Two names found
for the same person (`林郑` after `司长`, `郑月娥` before `女士`) are joined, and a
married woman's name in Hong Kong style keeps her husband's surname before her own
(`叶刘淑仪`). A name that opens a biography (`陈琴：女，1986年出生`) needs no title, nor
do the names listed after a title's first (`独立董事：陈志强、刘洋、赵敏`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pipeline.entities.candidates import Candidate
from pipeline.entities.segmenter import Tokens
from pipeline.text import is_han

_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
# Tags of a one-character word that is not a surname where it stands.
_FUNCTION_TAGS = frozenset({"c", "p", "u", "uj", "ul", "r", "y", "e"})
# Tags of words that a given name is not (`杨斌及`, `国`+`独立`), and of words that do not run from
# a surname into the given name (`包括` of `包括区议员`; `梁国/ns` of `梁国雄` may).
_NOT_GIVEN_NAME_TAGS = frozenset({"p", "c", "u", "uj", "r", "f", "q", "m", "v", "vn"})
_NOT_ACROSS_TAGS = _NOT_GIVEN_NAME_TAGS | {"v", "vn", "d"}


class Persons:
    def __init__(self, persons: dict, generic_mentions: list[str]) -> None:
        self._generic = frozenset(generic_mentions)
        self._surnames = frozenset(persons["surnames"])
        self._double_surnames = frozenset(persons["double_surnames"])
        self._before = frozenset(persons["titles_before"])
        self._after = frozenset(persons["titles_after"])
        self._titles = self._before | self._after
        # a title before a name may be two words (`法定代表`+`人`): the second ends the title
        title_ends = {title[k:] for title in self._before for k in range(1, len(title))}
        self._title_words = self._titles | title_ends
        self._foreign_titles = frozenset(persons["foreign_titles"])
        self._foreign_chars = frozenset(persons["foreign_chars"])
        self._foreign_max = persons["foreign_max"]
        self._not_after = frozenset(persons["not_after"])
        self._not_in_names = frozenset(persons["not_in_names"])
        self._between = re.compile(persons["between_title_and_name"])
        # jieba joins some names with the title after them (`柳先生`)
        self._title_after = re.compile("|".join(sorted(self._after, key=len, reverse=True)))
        self._biography = re.compile(persons["biography"], re.MULTILINE)
        self._list_item = re.compile(persons["list_item"])
        self._table_labels = frozenset(persons["table_labels"])
        self._table_item = re.compile(persons["table_item"])

    def __call__(self, text: str, tokens: Tokens, places: set[int]) -> list[Candidate]:
        """Names next to titles in ``text``; ``places`` holds indices of place words."""
        token_at, token_ending = tokens.index_at, tokens.index_ending
        found = []
        last = len(tokens) - 1
        title_words = self._title_words
        for i in [i for i, word in enumerate(tokens.words) if word in title_words]:
            word = tokens.words[i]
            before = word in self._before or (i > 0 and tokens.words[i - 1] + word in self._before)
            if not before and word not in self._after:
                continue
            if i < last and tokens.words[i + 1][:1] in self._not_after:
                continue
            if before and i < last:
                name = self._after_title(text, tokens, token_at, token_ending, i, places)
                item = self._table_item if word in self._table_labels else self._list_item
                found.extend(self._listed_after(text, tokens, token_at, name, item) if name else [])
            if word in self._after and i > 0:
                if i > 1 and tokens.words[i - 1] + word in self._after:
                    i -= 1  # a title of two words (`独立`+`董事`)
                found.append(self._before_title(text, tokens, token_at, token_ending, i, places))
        for m in self._biography.finditer(text):
            surname = self._surname_length(m.group(1))
            if m.start(1) in token_at and surname and len(m.group(1)) - surname <= 2:
                found.append(Candidate(m.start(1), m.end(1), "PERSON"))
        return [self._with_husbands_surname(text, tokens, token_at, c) for c in _joined([c for c in found if c])]

    def _listed_after(self, text: str, tokens: Tokens, token_at: Mapping[int, int], name: Candidate,
                      item: re.Pattern[str]) -> list[Candidate]:
        """``name`` and the names listed after it (`独立董事：陈志强、刘洋、赵敏`, a table's
        `姓名 许文博 陆晓彤`): each after a separator, up to the next separator or the end
        of the sentence."""
        names = [name]
        while m := item.match(text, names[-1].end):
            start, end = m.span(1)
            if start not in token_at or not self._is_name(text, tokens, token_at, start, end):
                break
            names.append(Candidate(start, end, "PERSON"))
        return names

    def _with_husbands_surname(self, text: str, tokens: Tokens, token_at: Mapping[int, int], c: Candidate) -> Candidate:
        """``c`` with a surname before it that is a word of its own at the start of a line
        or after punctuation (`叶`+`刘淑仪`)."""
        before = c.start - 1
        if (c.end - c.start == 3 and before in token_at and text[before] in self._surnames
                and (before == 0 or not is_han(text[before - 1]))):
            return Candidate(before, c.end, "PERSON")
        return c

    def _after_title(self, text: str, tokens: Tokens, token_at: Mapping[int, int], token_ending: Mapping[int, int],
                     i: int, places: set[int]) -> Candidate | None:
        nxt = i + 1
        while nxt < len(tokens) - 1 and self._between.fullmatch(tokens.words[nxt]):
            nxt += 1
        if nxt in places:
            return None
        if tokens.words[i] in self._foreign_titles and i > 0 and (i - 1) in places:
            foreign = self._foreign_name(tokens, nxt)
            if foreign is not None:
                return foreign
        start = tokens.starts[nxt]
        for length in (4, 3, 2):
            end = start + length
            if ((end in token_ending or self._title_after.match(text, end))
                    and self._is_name(text, tokens, token_at, start, end)):
                return Candidate(start, end, "PERSON")
        return None

    def _before_title(self, text: str, tokens: Tokens, token_at: Mapping[int, int], token_ending: Mapping[int, int],
                      i: int, places: set[int]) -> Candidate | None:
        """The name before title ``i``; not a place (`上海市长`), unless a surname opening a
        line or clause stands before a place of two characters (`田`+`北辰` `议员`). A cell
        gap may stand between them (`张三 独立董事`)."""
        while i > 1 and self._between.fullmatch(tokens.words[i - 1]):
            i -= 1
        end = tokens.starts[i]
        if (i - 1) in places:
            start = end - 3
            if (len(tokens.words[i - 1]) == 2 and start in token_at and text[start] in self._surnames
                    and (start == 0 or not is_han(text[start - 1]))):
                return Candidate(start, end, "PERSON")
            return None
        for length in (4, 3, 2):
            start = end - length
            if start in token_at and self._is_name(text, tokens, token_at, start, end):
                return Candidate(start, end, "PERSON")
        return None

    def _is_name(self, text: str, tokens: Tokens, token_at: Mapping[int, int], start: int, end: int) -> bool:
        """Whether ``text[start:end]`` (word-aligned) can be a Chinese person's name."""
        name = text[start:end]
        if not all(map(is_han, name)) or start < 0:
            return False
        if name in self._titles:
            return False
        first = token_at[start]
        if tokens.ends[first] == end:  # one word: jieba's person names (`习近平`, `杨斌`)
            return tokens.tags[first] in _PERSON_TAGS and (len(name) > 2 or self._surname_length(name) > 0)
        surname = self._surname_length(name)
        if surname == 0 or len(name) - surname > 2:
            return False
        if tokens.ends[first] > start + surname and (tokens.tags[first] in _NOT_ACROSS_TAGS or (
                tokens.tags[first] in _PERSON_TAGS and not self._ends_given_name(text, tokens, first, end))):
            return False  # `包括` of `包括区议员`, `李强` of `李强作` (but `张光`+`柳`)
        if tokens.tags[first] in _FUNCTION_TAGS:
            return False  # `和` of `主席和巴西总统`
        given = name[surname:]
        if given in self._generic or given in self._titles or any(ch in self._not_in_names for ch in given):
            return False
        rest = token_at.get(start + surname)
        return not (rest is not None and tokens.ends[rest] == end and len(given) > 1
                    and tokens.tags[rest] in _NOT_GIVEN_NAME_TAGS)

    def _ends_given_name(self, text: str, tokens: Tokens, first: int, end: int) -> bool:
        """Whether a person's name of two characters (word ``first``) and the one-character
        word after it, ending at ``end``, read as one name of three: so the name ends at
        a title or where the Chinese text does (`张光`+`柳先生`; not `杨斌`+`牛` of a table's
        `杨斌 牛卓` run together)."""
        after = first + 1
        return (after < len(tokens) and tokens.ends[after] == end and len(tokens.words[first]) == 2
                and len(tokens.words[after]) == 1 and tokens.tags[after] not in _NOT_ACROSS_TAGS | _FUNCTION_TAGS
                and (end == len(text) or not is_han(text[end]) or bool(self._title_after.match(text, end))))

    def _surname_length(self, name: str) -> int:
        if name[:2] in self._double_surnames:
            return 2
        return 1 if name[:1] in self._surnames else 0

    def _foreign_name(self, tokens: Tokens, nxt: int) -> Candidate | None:
        """A transliterated name: one-character words of transliteration characters."""
        j = nxt
        while j < len(tokens) and len(tokens.words[j]) == 1 and tokens.words[j] in self._foreign_chars:
            j += 1
        if 2 <= j - nxt <= self._foreign_max:
            return Candidate(tokens.starts[nxt], tokens.ends[j - 1], "PERSON")
        return None


def _joined(found: list[Candidate]) -> list[Candidate]:
    """Overlapping names joined into one (`林郑` + `郑月娥` = `林郑月娥`)."""
    joined: list[Candidate] = []
    for c in sorted(set(found)):
        if joined and c.start < joined[-1].end:
            joined[-1] = Candidate(joined[-1].start, max(c.end, joined[-1].end), "PERSON")
        else:
            joined.append(c)
    return joined
