"""Places and organisations known by name: gazetteer words (also at the start of a
word: `台湾` of `台湾同胞`), place words jieba knows that end in a geographic feature
(`长三角`, `黄浦江`), divisions no gazetteer lists (`鸿溪市`, `北塘区`), groups of
abbreviations (`京津冀`; not in a programme's name: `沪港通`), and words that are
organisations on their own (`国务院`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from pipeline.entities.candidates import Candidate
from pipeline.entities.segmenter import Tokens

# Tags of idioms and set phrases, which do not start with a place (`长治久安`).
_PHRASE_TAGS = frozenset({"i", "l"})


class WordNames(NamedTuple):
    """The names a word shows by itself: its ``label`` as a whole, the ``place`` it starts
    with, and whether as a whole it is an ``organisation``."""

    label: str | None
    place: str | None
    organisation: bool


class KnownNames:
    """Words that are names by themselves, and the indices of words that show a name."""

    def __init__(self, place_names: dict[str, str], heads: dict, places: dict, lexicon: Mapping[str, str]) -> None:
        self._places = place_names
        self._lexicon = lexicon
        self._longest_place = max(map(len, place_names), default=0)
        self._longest_word = max(map(len, lexicon), default=0)
        self._features = tuple(places["features"])
        self._feature_lengths = places["feature_word_lengths"]
        unlisted = places["unlisted_divisions"]
        self._division_words = frozenset(unlisted["division_words"])
        self._name_tags = frozenset(unlisted["name_tags"])
        self._not_name_tags = frozenset(unlisted["not_name_tags"])
        self._not_names = frozenset(unlisted["not_names"])
        self._standalone = {name: label for label, names in heads["standalone"].items() for name in names}
        self._provinces = frozenset(places["province_abbreviations"])
        self._countries = frozenset(places["country_abbreviations"])
        self._weak = frozenset(places["weak_abbreviations"])
        self._not_before_group = tuple(places["not_before_group"])
        self._abbreviations = self._provinces | self._countries
        self._continents = frozenset(places["continent_abbreviations"])
        self._list_comma = places["country_list"]["comma"]
        self._list_min = places["country_list"]["min_items"]
        self._organisation_tags = frozenset(places["organisation_tags"])
        self._team = re.compile(places["team"])
        self._place_heads = tuple(heads["heads"]["LOC"])

    def __call__(self, text: str, tokens: Tokens) -> tuple[list[Candidate], set[int]]:
        """Candidates, and the indices of words that are (parts of) names."""
        found, proper = [], set()
        words = tokens.words
        named = self._named_words(tokens)
        named_at, divisions_at, abbreviations_at, countries_at = tokens.indices_of(
            named, self._division_words.intersection(tokens.tag_of),
            {word for word in tokens.tag_of if self._abbreviations.issuperset(word)},
            {word for word in self._countries.intersection(tokens.tag_of) if len(word) == 1})
        for i in named_at:
            names = named[words[i]]
            start, end = tokens.starts[i], tokens.ends[i]
            if names.label is not None:
                found.append(Candidate(start, end, names.label))
                if names.label == "GPE" and i + 1 < len(words) and self._team.fullmatch(words[i + 1]):
                    found.append(Candidate(start, tokens.ends[i + 1], "ORG"))
            if names.place is not None:
                found.append(Candidate(start, start + len(names.place), self._places[names.place]))
            if names.organisation:
                found.append(Candidate(start, end, "ORG"))
            proper.add(i)
        for first, last in self._unlisted_divisions(tokens, divisions_at):
            found.append(Candidate(tokens.starts[first], tokens.ends[last], "GPE"))
            proper.update(range(first, last + 1))
        for first, last in self._abbreviation_groups(tokens, abbreviations_at):
            proper.update(range(first, last + 1))
            start, end = tokens.starts[first], tokens.ends[last]
            group = text[start:end]
            if text.startswith(self._not_before_group, end) or group in self._places:
                continue
            if all(ch in self._provinces for ch in group):
                found.append(Candidate(start, end, "LOC"))
            elif all(ch in self._countries for ch in group):
                found.extend(self._countries_of(start, group))
        found.extend(self._listed_countries(tokens, countries_at))
        return found, proper

    def _named_words(self, tokens: Tokens) -> dict[str, WordNames]:
        """What each word of ``tokens`` that names something names, read once per word."""
        return {word: names for word, tag in tokens.tag_of.items() if (names := self._word_names(word, tag))}

    def _word_names(self, word: str, tag: str) -> WordNames | None:
        """What ``word``, tagged ``tag``, names: a known name or a place word, else the
        place it starts with (and the organisation of the place it may be), else an
        organisation jieba knows that starts with a place."""
        label = self._places.get(word) or self._standalone.get(word)
        if label is None and tag == "ns":
            label = "GPE" if self._is_division(word) else "LOC" if self._is_feature(word) else None
        if label is not None:
            return WordNames(label, None, False)
        if len(word) >= 3 and tag not in _PHRASE_TAGS and (place := self._leading_place(word)):
            return WordNames(None, place, self._is_organisation(word, tag, place))
        if (tag in self._organisation_tags and not word.endswith(self._place_heads)
                and self._leading_place(word, shortest_rest=1)):
            return WordNames(None, None, True)
        return None

    def _countries_of(self, start: int, group: str) -> list[Candidate]:
        """Each country (GPE) or continent (LOC) of a group of their abbreviations
        (`中美`: `中` and `美`), as a sentence names two countries by it."""
        return [Candidate(start + i, start + i + 1, "LOC" if ch in self._continents else "GPE")
                for i, ch in enumerate(group)]

    def _listed_countries(self, tokens: Tokens, countries_at: list[int]) -> list[Candidate]:
        """Each item of a list of `list_min` or more one-character country
        abbreviations, each a word of its own (at ``countries_at``), between list commas
        (`中、美、日`). A country word right after an item ends the list and starts none
        (`中、美日`)."""
        words, lists, run = tokens.words, [], []
        for i in countries_at:
            if run and i == run[-1] + 2 and words[i - 1] == self._list_comma:
                run.append(i)
            else:
                lists.append(run)
                run = [] if run and i == run[-1] + 1 else [i]
        lists.append(run)
        return [c for run in lists if len(run) >= self._list_min
                for j in run for c in self._countries_of(tokens.starts[j], words[j])]

    def _is_feature(self, word: str) -> bool:
        shortest, longest = self._feature_lengths
        return shortest <= len(word) <= longest and word.endswith(self._features)

    def _is_division(self, word: str) -> bool:
        """Whether a place word jieba knows is a division no gazetteer lists: a name of
        two characters and a division word (`北塘区`, `卢湾区`; not `华东区`, `大城市`)."""
        name, division = word[:2], word[2:]
        return division in self._division_words and name not in self._not_names

    def _unlisted_divisions(self, tokens: Tokens, divisions_at: list[int]) -> list[tuple[int, int]]:
        """First and last word of divisions no gazetteer lists (`鸿溪市`, `南屿新区`): a
        division word after a two-character name that jieba does not know as a common
        word: two one-character words, or one word it tags as a name that is not a
        region's (`华东`). ``divisions_at`` are the indices of division words."""
        found = []
        words, tags = tokens.words, tokens.tags
        for i in (i for i in divisions_at if i >= 2):
            if len(words[i - 1]) == 2 and tags[i - 1] in self._name_tags and words[i - 1] not in self._not_names:
                found.append((i - 1, i))
            elif (len(words[i - 1]) == 1 == len(words[i - 2]) and "\u4e00" <= words[i - 2] <= "\u9fff"
                  and "\u4e00" <= words[i - 1] <= "\u9fff"
                  and not ({tags[i - 1], tags[i - 2]} & self._not_name_tags)):
                found.append((i - 2, i))
        return found

    def _leading_place(self, word: str, *, shortest_rest: int = 2) -> str | None:
        """The place name that starts ``word`` when the rest is a word of
        ``shortest_rest`` characters or more (`台湾`+`同胞`, not `中西`+`部`). Only splits
        into a place and a word no longer than the longest of each are tried, so a long
        run of Latin letters or digits (one word) costs time in proportion to its length."""
        longest = min(len(word) - shortest_rest, self._longest_place)
        shortest = max(2, len(word) - self._longest_word)
        for length in range(longest, shortest - 1, -1):
            if word[:length] in self._places and word[length:] in self._lexicon:
                return word[:length]
        return None

    def _is_organisation(self, word: str, tag: str, place: str) -> bool:
        """Whether a word that starts with a place names an organisation of the place:
        jieba tags it as one (`美国使馆`), or the rest is one (`香港`+`海关`), and it does
        not end in a place's head (`浦东国际机场` is a LOC)."""
        return not word.endswith(self._place_heads) and (
            tag in self._organisation_tags or self._lexicon.get(word[len(place):]) in self._organisation_tags)

    def _abbreviation_groups(self, tokens: Tokens, abbreviations_at: list[int]) -> list[tuple[int, int]]:
        """Runs of words made of one-character abbreviations (`京津冀`, `沪`+`滇`, `中美`;
        the words at ``abbreviations_at``): two or more characters, not two weak ones (`新台`)."""
        runs: list[list[int]] = []
        for i in abbreviations_at:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        return [group for run in runs for group in self._group(tokens, run)]

    def _group(self, tokens: Tokens, run: list[int]) -> list[tuple[int, int]]:
        chars = "".join(tokens.words[i] for i in run)
        if len(chars) < 2 or (len(chars) == 2 and all(ch in self._weak for ch in chars)):
            return []
        if len(run) == 1 and tokens.tags[run[0]] not in ("ns", "j", "n", "nz"):
            return []
        return [(run[0], run[-1])]
