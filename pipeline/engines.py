"""Where documents are processed: in this process, in a pool of worker processes, or on a
Dask cluster (``pipeline/dask_engine.py``).

Each engine yields one ``DocumentResult`` per task, in the order of the tasks, so the
writers can stream them into sorted tables. At most a few results per worker are ever
waiting to be written, so memory is bounded by the largest documents, not by the corpus.
The stages are built once per worker process, not once per document.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TypeVar

from pipeline.config import Config
from pipeline.inputs import DocumentTask
from pipeline.process import DocumentProcessor, DocumentResult

ENGINES = ("local", "dask")
# Tasks submitted and not yet written, per worker: enough that the workers keep busy while
# the next document to write is a long one, few enough to keep memory small (at 4, two
# workers each waited 1.4 s of 12 s for work on a 5-million-character run; at 16, 0.3 s).
IN_FLIGHT_PER_WORKER = 16

Processor = Callable[[DocumentTask], DocumentResult]
ProcessorFactory = Callable[[], Processor]
T = TypeVar("T")
Pending = TypeVar("Pending")
R = TypeVar("R")


class EngineError(Exception):
    """The engine cannot run (a missing extra, an unreachable scheduler); the message says why."""


def document_results(
    tasks: list[DocumentTask],
    config: Config,
    stages: tuple[str, ...],
    *,
    workers: int,
    engine: str = "local",
    scheduler: str | None = None,
    on_finished: Callable[[], None] | None = None,
) -> Iterator[DocumentResult]:
    """Results of ``tasks`` in order, from the chosen engine; ``on_finished`` is called as
    each document is done, in whatever order the workers finish them (for progress bars)."""
    make_processor = partial(DocumentProcessor, config, stages=stages)
    if engine == "dask":
        try:
            from pipeline.dask_engine import dask_results
        except ModuleNotFoundError as err:
            raise EngineError(f"the dask engine needs the extra nianbao[dask] ({err})") from err
        if not scheduler:
            raise EngineError("the dask engine needs the address of a scheduler (--scheduler tcp://HOST:8786)")
        return dask_results(tasks, make_processor, scheduler)
    if engine != "local":
        raise EngineError(f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")
    return local_results(tasks, make_processor, workers, on_finished=on_finished)


def local_results(tasks: list[DocumentTask], make_processor: ProcessorFactory, workers: int, *,
                  on_finished: Callable[[], None] | None = None) -> Iterator[DocumentResult]:
    """Results of ``tasks`` in order, computed here or by ``workers`` spawned processes."""
    finished = (lambda _result: on_finished()) if on_finished else None
    if workers <= 1 or len(tasks) <= 1:
        processor = make_processor()
        for task in tasks:
            result = processor(task)
            if finished:
                finished(result)
            yield result
        return
    workers = min(workers, len(tasks))
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(make_processor,)) as pool:
        yield from in_order(
            tasks,
            submit=lambda task: pool.apply_async(_process_in_worker, (task,), callback=finished),
            collect=lambda pending: pending.get(),
            window=IN_FLIGHT_PER_WORKER * workers,
        )


def in_order(
    items: Iterable[T], *, submit: Callable[[T], Pending], collect: Callable[[Pending], R], window: int
) -> Iterator[R]:
    """``collect(submit(item))`` for every item, in order, with at most ``window`` items
    submitted and not yet collected (``multiprocessing.Pool.imap`` has no such bound: it
    submits everything at once and keeps every finished result until it is asked for)."""
    pending: deque[Pending] = deque()
    for item in items:
        if len(pending) >= window:
            yield collect(pending.popleft())
        pending.append(submit(item))
    while pending:
        yield collect(pending.popleft())


_worker_processor: Processor | None = None


def _start_worker(make_processor: ProcessorFactory) -> None:
    global _worker_processor  # one processor per worker process, built when it starts
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _worker_processor = make_processor()


def _process_in_worker(task: DocumentTask) -> DocumentResult:
    assert _worker_processor is not None, "worker started without its processor"
    return _worker_processor(task)
