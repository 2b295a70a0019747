"""The engines (in process, worker pool, Dask cluster) and ``--resume`` after a crash."""

from __future__ import annotations

import os
import shutil
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import engines, runner
from pipeline.cli import app
from pipeline.config import DEFAULT_CONFIG_DIR, Config
from pipeline.engines import in_order, local_results
from pipeline.inputs import DocumentTask
from pipeline.process import DocumentResult
from pipeline.runner import RunOptions, run
from pipeline.writers import OutputWriter
from tests.conftest import REPO

RAW = REPO / "raw"


class _PidRecordingProcessor:
    """A stand-in processor that leaves a file per construction, named by its process."""

    def __init__(self, folder: Path) -> None:
        (folder / f"{os.getpid()}-{id(self)}").touch()

    def __call__(self, task: DocumentTask) -> DocumentResult:
        return DocumentResult(task.doc_id, [task.doc_id, str(os.getpid())])


def output_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.relative_to(out).parts}


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Config:
    """A copy of the configuration, so that every run of a test reads the same tables."""
    return Config(shutil.copytree(DEFAULT_CONFIG_DIR, tmp_path_factory.mktemp("config") / "config"))


@pytest.fixture(scope="module")
def local_output(tmp_path_factory, config) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("local") / "out"
    run(RunOptions(inputs=[RAW], out=out, config=config, workers=1))
    return output_files(out)


def test_in_order_keeps_order_and_bounds_what_is_in_flight():
    consumed, in_flight, widest = [], set(), [0]

    def items():
        for i in range(20):
            consumed.append(i)
            yield i

    def submit(i):
        in_flight.add(i)
        widest[0] = max(widest[0], len(in_flight))
        return i

    def collect(i):
        in_flight.discard(i)
        return i * 10

    results = in_order(items(), submit=submit, collect=collect, window=3)
    assert [next(results), next(results)] == [0, 10]
    assert len(consumed) == 5  # two written, three in flight: the rest not even read
    assert list(results) == [i * 10 for i in range(2, 20)]
    assert widest[0] == 3


def test_pool_builds_one_processor_per_worker_and_keeps_order(tmp_path):
    tasks = [DocumentTask(f"doc{i:02d}", tmp_path / f"doc{i:02d}.txt") for i in range(30)]
    make = partial(_PidRecordingProcessor, tmp_path)
    results = list(local_results(tasks, make, workers=2))
    assert [r.doc_id for r in results] == [t.doc_id for t in tasks]
    builders = {p.name.split("-")[0] for p in tmp_path.iterdir()}
    assert len(list(tmp_path.iterdir())) == len(builders) <= 2
    assert {r.document[1] for r in results} <= builders


def test_two_workers_write_the_same_bytes_as_one(tmp_path, config, local_output):
    run(RunOptions(inputs=[RAW], out=tmp_path / "out", config=config, workers=2))
    assert output_files(tmp_path / "out") == local_output


class _Crash(RuntimeError):
    pass


def _writer_crashing_after(documents: int) -> type[OutputWriter]:
    class CrashingWriter(OutputWriter):
        def add(self, result: DocumentResult) -> None:
            if len(self.inputs) == documents:
                raise _Crash(f"simulated crash before writing {result.doc_id}")
            super().add(result)

    return CrashingWriter


def _counting_processor(computed: list[str]) -> type:
    class CountingProcessor(engines.DocumentProcessor):
        def __call__(self, task: DocumentTask) -> DocumentResult:
            computed.append(task.doc_id)
            return super().__call__(task)

    return CountingProcessor


@pytest.mark.parametrize("earlier_output", [False, True], ids=["first-run", "rerun"])
def test_resume_after_a_crash_reuses_the_finished_documents(tmp_path, monkeypatch, config, local_output,
                                                           earlier_output):
    out = tmp_path / "out"
    if earlier_output:
        run(RunOptions(inputs=[RAW], out=out, config=config, workers=1))
        for path in (out / ".cache").iterdir():
            path.unlink()  # only what the crashed run finished will be in the cache
    with monkeypatch.context() as patch:
        patch.setattr(runner, "OutputWriter", _writer_crashing_after(2))
        with pytest.raises(_Crash):
            run(RunOptions(inputs=[RAW], out=out, config=config, workers=1))
    assert not (out / ".staging").exists()
    if earlier_output:
        assert output_files(out) == local_output  # the crash left the earlier output as it was

    computed: list[str] = []
    monkeypatch.setattr(engines, "DocumentProcessor", _counting_processor(computed))
    summary = run(RunOptions(inputs=[RAW], out=out, config=config, workers=1, resume=True))
    assert summary.reused >= 2
    assert len(computed) == summary.documents - summary.reused
    assert output_files(out) == local_output


def test_dask_engine_writes_the_same_bytes_as_the_local_one(tmp_path, config, local_output):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        summary = run(RunOptions(inputs=[RAW], out=tmp_path / "out", config=config, engine="dask",
                                 scheduler=cluster.scheduler_address))
    assert summary.documents == len(list(RAW.rglob("*.txt")))
    assert output_files(tmp_path / "out") == local_output


@pytest.mark.parametrize("arguments", [["--engine", "dask"], ["--scheduler", "tcp://127.0.0.1:8786"],
                                       ["--engine", "spark"]])
def test_cli_rejects_an_incomplete_engine_choice(tmp_path, arguments):
    result = CliRunner().invoke(app, ["run", str(RAW), "--out", str(tmp_path / "out"), *arguments])
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()
