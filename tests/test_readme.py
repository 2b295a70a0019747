"""The README's Python examples run as written, on the output of the sample reports."""

from __future__ import annotations

import re
import shutil

import pytest

from pipeline.runner import RunOptions, run
from tests.conftest import REPO

EXAMPLES = re.findall(r"```python\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture(scope="module")
def sample_output_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readme")
    run(RunOptions(inputs=[REPO / "raw"], out=folder / "output"))
    shutil.copytree(REPO / "tests" / "data" / "yoy", folder / "yoy")  # the year pair of the README's panel example
    return folder


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"example{i}" for i in range(len(EXAMPLES))])
def test_readme_example_runs(example, sample_output_folder, monkeypatch, capsys):
    monkeypatch.chdir(sample_output_folder)
    exec(compile(example, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip()


def test_readme_has_examples():
    assert len(EXAMPLES) >= 2
