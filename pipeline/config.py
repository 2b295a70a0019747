"""The language data and settings a run uses, read from a ``config/`` folder of YAML files.

Each stage reads its own file (``config/numbers.yaml`` for the numbers stage, and so
on); the digest covers every file, so a changed table changes the run manifest.
The default folder ships inside the package (``pipeline/_config``, a link to the
repository's top-level ``config/`` that the wheel holds as package data).
"""

from __future__ import annotations

import hashlib
from importlib.resources import files
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

DEFAULT_CONFIG_DIR = Path(str(files("pipeline") / "_config")).resolve()
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where installed


class ConfigError(ValueError):
    """A configuration file is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Config:
    """The configuration folder of a run, with optional overrides from the command line."""

    directory: Path = DEFAULT_CONFIG_DIR
    report_year: int | None = None
    overrides: dict[str, Any] = field(default_factory=dict)

    def load(self, name: str) -> dict[str, Any]:
        """The YAML file ``name`` (``"numbers"`` or ``"entities/orgs"``) as a mapping."""
        path = self.directory / f"{name}.yaml"
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        except OSError as err:
            raise ConfigError(f"{path}: cannot read configuration ({err.strerror})") from err
        except yaml.YAMLError as err:
            raise ConfigError(f"{path}: not valid YAML: {err}") from err
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected a mapping at the top level")
        return data

    def check(self) -> None:
        """Raise ``ConfigError`` for the first file that is not valid YAML, or whose value of a
        key has another type than the same key has in the default configuration
        (``max_bytes: lots``); the message names the file, the key and its line. Run before
        any document, so that a bad configuration stops a run at once."""
        files_ = sorted(self.directory.rglob("*.yaml"))
        if not files_:
            raise ConfigError(f"{self.directory}: no configuration files (*.yaml) here")
        for path in files_:
            name = path.relative_to(self.directory).with_suffix("").as_posix()
            data = self.load(name)
            default = DEFAULT_CONFIG_DIR / path.relative_to(self.directory)
            if self.directory.resolve() == DEFAULT_CONFIG_DIR or not default.is_file():
                continue
            expected = yaml.load(default.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
            for key, value in data.items():
                if key in expected and not _same_kind(expected[key], value):
                    raise ConfigError(
                        f"{path}, line {_line_of(path, key)}: {key} must be {_kind(expected[key])}, "
                        f"not {value!r}")

    @cached_property
    def digest(self) -> str:
        """SHA-256 over every configuration file (name and bytes) and the overrides."""
        h = hashlib.sha256()
        for path in sorted(self.directory.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(self.directory).as_posix().encode())
                h.update(b"\0")
                h.update(path.read_bytes())
        h.update(repr((self.report_year, sorted(self.overrides.items()))).encode())
        return h.hexdigest()


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "a mapping", list: "a list", str: "a string"}.get(type(value), type(value).__name__)


def _same_kind(expected: Any, value: Any) -> bool:
    if expected is None or value is None:
        return True
    return _kind(expected) == _kind(value)


def _line_of(path: Path, key: str) -> int | str:
    """The line (1-based) where the top-level ``key`` stands in ``path``."""
    node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    for key_node, _ in getattr(node, "value", []):
        if key_node.value == key:
            return key_node.start_mark.line + 1
    return "?"
