"""The recogniser's lexicon kept in a file of the user's cache folder, so that only the
first process to need it builds it (lexicon.py: most of a second) and every later one
reads it (a tenth of one).

The file's name holds a key over everything the lexicon is built from: nianbao's
version, the code that builds it, jieba's version (its dict.txt) and the recogniser's
tables. A file that cannot be read or is not a lexicon of this format is built anew in
memory, and a folder that cannot be written leaves the lexicon in memory only: the
cache changes how long a start takes, never what is found. It is written to a
temporary file that then replaces the old one, so a reader never sees half a file.
Only the few newest files are kept, and deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import tempfile
from contextlib import suppress
from importlib.metadata import version
from pathlib import Path

from pipeline import __version__
from pipeline.entities import gazetteer, lexicon, segmenter
from pipeline.entities.lexicon import Lexicon, build_lexicon

FORMAT = "nianbao-lexicon/1"
KEPT = 4  # lexicon files kept in the folder: the newest, of as many configurations
_BUILDERS = (lexicon, gazetteer, segmenter)


def default_directory() -> Path:
    """The user's cache folder for nianbao (``$XDG_CACHE_HOME/nianbao`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("nianbao", appauthor=False))


def cache_key(tables: dict) -> str:
    """A digest of everything the lexicon of ``tables`` is built from."""
    h = hashlib.sha256()
    for part in (FORMAT, __version__, version("jieba")):
        h.update(part.encode() + b"\0")
    for module in _BUILDERS:
        h.update(Path(module.__file__).read_bytes() + b"\0")
    h.update(json.dumps(tables, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()


def cached_lexicon(tables: dict, directory: Path | None = None) -> Lexicon:
    """The lexicon of ``tables``, read from ``directory`` (default: the user's cache
    folder) when a file of it is there, else built and written there."""
    key = cache_key(tables)
    path = (directory or default_directory()) / f"lexicon-{key[:32]}.marshal"
    found = _read(path, key)
    if found is not None:
        return found
    built = build_lexicon(tables)
    _write(path, key, built)
    return built


def _read(path: Path, key: str) -> Lexicon | None:
    try:
        data = marshal.loads(path.read_bytes())
        if data["format"] != FORMAT or data["key"] != key:
            return None
        found = Lexicon(data["places"], data["tags"], tuple(data["added"]))
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None
    if not all(isinstance(table, dict) for table in (found.places, found.tags)):
        return None
    return found


def _write(path: Path, key: str, found: Lexicon) -> None:
    data = marshal.dumps({"format": FORMAT, "key": key, "places": found.places, "tags": found.tags,
                          "added": list(found.added)})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
        return
    _prune(path.parent)


def _prune(directory: Path) -> None:
    """Delete all but the ``KEPT`` newest lexicon files (other configurations' ones)."""
    with suppress(OSError):
        by_age = sorted(directory.glob("lexicon-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in by_age[KEPT:]:
            old.unlink(missing_ok=True)
