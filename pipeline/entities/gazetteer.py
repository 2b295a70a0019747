"""Place names from the gazetteer tables, with China's divisions' short forms derived by rule."""

from __future__ import annotations

import re

from pipeline.entities.segmenter import Entry


def short_form_rule(places: dict) -> re.Pattern[str]:
    """The pattern whose group 1 is a division's short form (`宁夏` of `宁夏回族自治区`)."""
    ethnic = "|".join(sorted(places["ethnic_groups"], key=len, reverse=True))
    words = "|".join(sorted(places["division_words"], key=len, reverse=True))
    least = places["short_form_min"]
    return re.compile(f"^(.{{{least},}}?)(?:(?:{ethnic})族?)*(?:{words})$")


def place_names(tables: dict, dictionary: dict[str, Entry]) -> dict[str, str]:
    """Every place name of the gazetteers (name → label).

    Divisions come with their short forms. A county's short form is kept only when
    jieba's ``dictionary`` does not list it, or lists it rarely for its tag: many are
    also common words (`平原`, `新建`, `长安`), while jieba tags many districts as
    people's names (`杨浦`, `徐汇`).
    """
    places = tables["places"]
    labels = places["labels"]
    divisions = tables["gazetteer/divisions"]
    rule = short_form_rule(places)
    ambiguous = set(places["ambiguous_short_forms"])
    most_frequent = places["county_short_form_max_freq"]
    names: dict[str, str] = {}
    shorts: dict[str, str] = {}
    for level in ("provinces", "prefectures", "counties"):
        for name in divisions[level]:
            names[name] = labels[level]
            match = rule.match(name)
            short = match.group(1) if match else name
            if short == name or short in ambiguous or short in shorts:
                continue
            entry = dictionary.get(short)
            if level != "counties" or entry is None or entry.freq <= most_frequent.get(entry.tag, -1):
                shorts[short] = labels[level]
    world = tables["gazetteer/countries"]
    for level in ("countries", "cities", "continents"):
        for name in world[level]:
            names.setdefault(name, labels[level])
    for short, label in shorts.items():
        names.setdefault(short, label)
    for name in places["not_places"]:
        names.pop(name, None)
    return names
