"""The review page in a real headless browser (Debian's chromium): what a person would see."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from pipeline.review import write_review
from tests.diff.builder import write_run

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))
TIMEOUT = 120


def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        pytest.skip("chromium is not installed (the review page is then not checked in a browser)")
    return found


def browse(page: Path, profile: Path, *arguments: str) -> subprocess.CompletedProcess:
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", *arguments, page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=True)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    out = write_run(tmp_path_factory.mktemp("browser") / "out", CASES["documents"], CASES["invalid"])
    return write_review(out)[1]


def test_browser_sees_highlights_and_no_script(page, tmp_path):
    dom = browse(page, tmp_path / "profile", "--dump-dom").stdout
    marks = re.findall(r'<mark class="(hl [^"]*)"[^>]*>', dom)
    spec = CASES["documents"]["2023/demo"]
    assert sum(c.startswith("hl num") and "cont" not in c for c in marks) == len(spec["numbers"])
    assert sum(c.startswith("hl date") and "cont" not in c for c in marks) == len(spec["dates"])
    assert sum(c.startswith("hl ent") and "cont" not in c for c in marks) == len(spec["entities"])
    assert "hl invalid" in marks
    assert "<script" not in dom
    assert "&lt;script&gt;" in dom


def test_browser_screenshot(page, tmp_path):
    shot = tmp_path / "review.png"
    browse(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,900")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
