"""Rows kept for a document-wide step (the checks) while a long document is read in windows.

A fact row as a dict takes over a kilobyte; a long report has hundreds of thousands.
``KeptRows`` keeps each as a tuple of its values beside one shared tuple of keys per
set of columns, with repeated strings (units, periods, indicators) stored once, and
gives them back as read-only mappings that answer ``row["start"]`` and ``row.get(...)``
as the dicts did.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


class KeptRow(Mapping):
    """One row: ``values`` in the order of its ``keys`` (a mapping of key to position)."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: dict[str, int], values: tuple) -> None:
        self._keys = keys
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values[self._keys[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class KeptRows:
    """Rows added a window at a time, without the columns ``dropped``; the strings of the
    columns ``unique`` (a row's own text) are not looked up among the stored ones."""

    def __init__(self, *, dropped: frozenset[str] = frozenset(), unique: frozenset[str] = frozenset()) -> None:
        self.rows: list[KeptRow] = []
        self._dropped = dropped
        self._unique = unique
        self._key_sets: dict[tuple[str, ...], dict[str, int]] = {}
        self._strings: dict[str, str] = {}

    def add(self, row: Mapping[str, Any]) -> None:
        items = [(key, value) for key, value in row.items() if key not in self._dropped]
        names = tuple(key for key, _ in items)
        keys = self._key_sets.setdefault(names, {key: i for i, key in enumerate(names)})
        values = tuple(self._strings.setdefault(v, v) if isinstance(v, str) and key not in self._unique else v
                       for key, v in items)
        self.rows.append(KeptRow(keys, values))
