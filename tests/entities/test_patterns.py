"""The first characters config/entities/patterns.yaml declares for each label are all
those its patterns can start with, so the lookahead for them skips no name."""

from __future__ import annotations

import re._constants as C
import re._parser as parser

import pytest

from pipeline.config import Config

PATTERNS = Config().load("entities/patterns")


def _first(items) -> tuple[set[str], bool]:
    """The characters a sequence of parsed regex items can start with, and whether it can match empty."""
    chars: set[str] = set()
    for op, av in items:
        found, empty = _first_of(op, av)
        chars |= found
        if not empty:
            return chars, False
    return chars, True


def _first_of(op, av) -> tuple[set[str], bool]:
    if op is C.LITERAL:
        return {chr(av)}, False
    if op is C.IN:
        chars = set()
        for kind, value in av:
            if kind is C.LITERAL:
                chars.add(chr(value))
            elif kind is C.RANGE:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:
                raise ValueError(f"no first characters for {kind}")
        return chars, False
    if op is C.BRANCH:
        found = [_first(alternative) for alternative in av[1]]
        return set().union(*(chars for chars, _ in found)), any(empty for _, empty in found)
    if op is C.SUBPATTERN:
        return _first(av[3])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        chars, empty = _first(av[2])
        return chars, empty or av[0] == 0
    if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
        return set(), True
    raise ValueError(f"no first characters for {op}")


@pytest.mark.parametrize("label", sorted(PATTERNS["names"]))
def test_first_chars_start_every_name(label):
    declared = set(PATTERNS["first_chars"][label])
    for pattern in PATTERNS["names"][label]:
        chars, empty = _first(parser.parse(pattern))
        assert not empty and chars <= declared, (pattern, chars - declared)
