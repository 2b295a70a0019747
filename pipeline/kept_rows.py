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

    def get(self, key: str, default: Any = None) -> Any:
        index = self._keys.get(key)
        return default if index is None else self._values[index]

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
        self._layouts: dict[tuple[str, ...], tuple[dict[str, int], tuple[int, ...]]] = {}
        self._strings: dict[str, str] = {}

    def add(self, row: Mapping[str, Any]) -> None:
        keys, shared = self._layout(tuple(row))
        values = [row[key] for key in keys]
        for i in shared:
            if isinstance(values[i], str):
                values[i] = self._strings.setdefault(values[i], values[i])
        self.rows.append(KeptRow(keys, tuple(values)))

    def _layout(self, columns: tuple[str, ...]) -> tuple[dict[str, int], tuple[int, ...]]:
        """For a row of ``columns``: the positions of the columns kept, and which of those
        positions hold strings stored once."""
        if columns not in self._layouts:
            kept = [key for key in columns if key not in self._dropped]
            shared = tuple(i for i, key in enumerate(kept) if key not in self._unique)
            self._layouts[columns] = {key: i for i, key in enumerate(kept)}, shared
        return self._layouts[columns]
