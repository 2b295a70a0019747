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
