"""The HTML panel in headless Chromium: every chart is drawn, nothing is fetched."""

from __future__ import annotations

import re

import pytest

from pipeline.panel import tidy
from pipeline.panel.render import render_html
from tests.panel.test_panel import FACTS
from tests.review.test_browser import browse


@pytest.fixture
def page(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "facts.csv").write_bytes(FACTS.read_bytes())
    path = tmp_path / "panel.html"
    path.write_text(render_html(tidy(tmp_path / "out")), encoding="utf-8")
    return path


def test_browser_draws_a_chart_per_indicator(page, tmp_path):
    dom = browse(page, tmp_path / "profile", "--dump-dom").stdout
    sections = dom.count('<section class="indicator">')
    assert sections == 6
    assert len(re.findall(r"<svg[^>]*>", dom)) == sections
    assert dom.count("<path") > sections  # lines and markers were drawn


def test_browser_screenshot(page, tmp_path):
    shot = tmp_path / "panel.png"
    browse(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,900")
    assert shot.read_bytes().startswith(b"\x89PNG")
