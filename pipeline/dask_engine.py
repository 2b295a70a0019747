"""Processing documents on a Dask distributed cluster: ``nianbao run --engine dask --scheduler ADDRESS``.

Needs the optional extra ``nianbao[dask]`` here and nianbao installed on the workers. The
workers read the inputs and the configuration folder at the paths this process sees, so
they must share its filesystem and working directory (or be given absolute paths).
Workers with one thread each (``dask worker ADDRESS --nworkers N --nthreads 1``) use
the cores best: the stages are Python code that holds the GIL.

Each worker builds the stages once, in a worker plugin registered for the run and
removed after it; results come back in the order of the tasks with a bounded number of
tasks in flight, like the local engine's.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

from distributed import Client, Future, WorkerPlugin, get_worker

from pipeline.engines import (
    IN_FLIGHT_PER_WORKER,
    EngineError,
    ProcessorFactory,
    in_order,
)
from pipeline.inputs import DocumentTask
from pipeline.process import DocumentResult

CONNECT_TIMEOUT = "30s"


class _ProcessorPlugin(WorkerPlugin):
    """Holds one worker's processor, built by the first task that needs it.

    Building it in a task rather than in ``setup`` keeps the worker's event loop free
    while the configuration, the dictionaries and the gazetteers load.
    """

    def __init__(self, make_processor: ProcessorFactory) -> None:
        self._make_processor = make_processor

    def setup(self, worker) -> None:
        self._lock = threading.Lock()
        self._processor = None

    def process(self, task: DocumentTask) -> DocumentResult:
        with self._lock:
            if self._processor is None:
                self._processor = self._make_processor()
        return self._processor(task)


def _process_on_worker(task: DocumentTask, plugin_name: str) -> DocumentResult:
    return get_worker().plugins[plugin_name].process(task)


def dask_results(tasks: list[DocumentTask], make_processor: ProcessorFactory, scheduler: str) -> Iterator[DocumentResult]:
    """Results of ``tasks`` in order, computed by the workers of the cluster at ``scheduler``."""
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
    run_name = f"nianbao-{uuid.uuid4().hex}"
    with client:
        client.register_plugin(_ProcessorPlugin(make_processor), name=run_name)
        try:
            threads = sum(client.nthreads().values())
            yield from in_order(
                enumerate(tasks),
                submit=lambda item: client.submit(
                    _process_on_worker, item[1], run_name, key=f"{run_name}-{item[0]}", pure=False
                ),
                collect=Future.result,
                window=IN_FLIGHT_PER_WORKER * max(threads, 1),
            )
        finally:
            client.unregister_worker_plugin(run_name)
