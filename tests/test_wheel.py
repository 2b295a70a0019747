"""The built wheel, installed into a fresh venv (not editable), runs like the source tree.

The fresh venv borrows this venv's third-party packages through a ``.pth`` line, so
nothing is downloaded; ``nianbao`` itself comes only from the wheel (a path added by a
``.pth`` line does not run the editable install's finder).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TABLES = ("documents", "sections", "numbers", "dates", "entities")


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The ``bin`` folder of a fresh venv that has the wheel of this tree installed."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "config", source / "config")
    shutil.copytree(REPO / "pipeline", source / "pipeline", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                 "--disable-pip-version-check", "-q", "-w", work / "dist", ".", cwd=source)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("nianbao-*.whl")

    fresh = work / "venv"
    venv.create(fresh, with_pip=False)
    installed = _run(sys.executable, "-m", "pip", "--python", fresh / "bin" / "python", "install",
                     "--no-deps", "--no-index", "--disable-pip-version-check", "-q", wheel, cwd=work)
    assert installed.returncode == 0, installed.stderr
    purelib = _run(fresh / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=work)
    (Path(purelib.stdout.strip()) / "borrowed.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return fresh / "bin"


def test_the_wheel_holds_the_default_configuration(installed: Path, tmp_path: Path) -> None:
    where = _run(installed / "python", "-c",
                 "import pipeline, pipeline.config as c; print(pipeline.__file__); print(c.DEFAULT_CONFIG_DIR)",
                 cwd=tmp_path)
    module, config = where.stdout.split()
    assert not module.startswith(str(REPO)) and not config.startswith(str(REPO))
    shipped = {p.relative_to(config).as_posix() for p in Path(config).rglob("*.yaml")}
    assert shipped == {p.relative_to(REPO / "config").as_posix() for p in (REPO / "config").rglob("*.yaml")}


def test_nianbao_run_from_the_wheel_writes_what_the_source_tree_writes(installed: Path, tmp_path: Path) -> None:
    from_wheel = _run(installed / "nianbao", "run", REPO / "raw", "--out", tmp_path / "wheel", "--workers", "1",
                      cwd=tmp_path)
    assert from_wheel.returncode == 0, from_wheel.stderr
    editable = _run(Path(sys.executable).parent / "nianbao", "run", REPO / "raw", "--out", tmp_path / "editable",
                    "--workers", "1", cwd=tmp_path)
    assert editable.returncode == 0, editable.stderr
    for table in TABLES:
        assert (tmp_path / "wheel" / f"{table}.csv").read_bytes() == (tmp_path / "editable" / f"{table}.csv").read_bytes()
    manifests = [json.loads((tmp_path / run / "manifest.json").read_text()) for run in ("wheel", "editable")]
    assert manifests[0]["config_digest"] == manifests[1]["config_digest"]


def test_a_saved_spacy_pipeline_loads_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    script = (
        "import spacy, sys\n"
        "nlp = spacy.blank('zh')\n"
        "for name in ('nianbao_numbers', 'nianbao_dates', 'nianbao_entities'): nlp.add_pipe(name)\n"
        "nlp.to_disk(sys.argv[1])\n"
        "doc = spacy.load(sys.argv[1])('公司营业收入12.5亿元。')\n"
        "print(sum(len(group) for group in doc.spans.values()))\n"
    )
    loaded = _run(installed / "python", "-c", script, tmp_path / "model", cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert int(loaded.stdout) >= 1
