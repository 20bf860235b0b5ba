"""Where a sweep's chunks run: this process, worker processes, or a Dask cluster.

Every executor runs the same pure chunk function on the same chunks, so the results do
not depend on where they ran. At most ``2 × workers`` chunks (or parts of chunks) are in
flight, which bounds memory however large the sweep.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any


def _bounded(submit: Callable, wait_first: Callable, items: Iterable, window: int) -> Iterator:
    """Submit ``items`` keeping at most ``window`` pending; yield results as they finish."""
    pending: set = set()
    for item in items:
        pending.add(submit(item))
        if len(pending) >= window:
            done, pending = wait_first(pending)
            yield from (future.result() for future in done)
    while pending:
        done, pending = wait_first(pending)
        yield from (future.result() for future in done)


PARENT_CHECK = 1.0  # [s] how often a pool worker looks whether the sweep process is alive


def _exit_with_parent(parent: int) -> None:
    """Pool worker initializer: end this worker as soon as the sweep process that started
    it is gone (even after ``kill -9``, which runs no clean-up), so no worker is orphaned."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK)
        os._exit(1)

    threading.Thread(target=watch, name="cyclesim-parent-watch", daemon=True).start()


def _concurrent_wait(pending: set) -> tuple[set, set]:
    done, rest = wait(pending, return_when=FIRST_COMPLETED)
    return done, set(rest)


@contextmanager
def dask_client(scheduler: str, workers: int) -> Iterator[Any]:
    """A Dask client: a fresh LocalCluster for ``"local"``, else the cluster at the address."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:  # pragma: no cover - optional dependency
        raise RuntimeError("--scheduler needs dask[distributed]: pip install "
                           "'cyclesim[dask]'") from error
    if scheduler == "local":
        with LocalCluster(n_workers=max(workers, 1), threads_per_worker=1,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
    else:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, ValueError, TypeError, TimeoutError) as error:
            raise RuntimeError(f"--scheduler {scheduler[:100]}: cannot reach a Dask scheduler "
                               f"there ({type(error).__name__}: {str(error)[:200]}); give "
                               "tcp://host:port of a running scheduler, or 'local'") from None
        with client:
            yield client


def _dask_wait(pending: set) -> tuple[set, set]:
    from distributed import wait as dask_wait

    done, rest = dask_wait(list(pending), return_when="FIRST_COMPLETED")
    return set(done), set(rest)


def chunk_results(func: Callable, scenario: Any, jobs: Iterable, series: tuple[str, ...],
                  scheduler: str | None = None, workers: int = 1) -> Iterator:
    """``func(scenario, job, series)`` for every job, yielded as the chunks finish."""
    if scheduler:
        try:
            with dask_client(scheduler, workers) as client:
                n = max(len(client.scheduler_info().get("workers", {})), workers, 1)
                scattered = client.scatter(scenario, broadcast=True)
                yield from _bounded(
                    lambda job: client.submit(func, scattered, job, series, pure=False),
                    _dask_wait, jobs, 2 * n)
        except RuntimeError:
            raise
        except Exception as error:  # noqa: BLE001 - a lost scheduler or worker: a message
            raise RuntimeError(f"the Dask cluster ({scheduler[:100]}) failed during the sweep "
                               f"({type(error).__name__}: {str(error)[:200]}); the chunks "
                               "already written are kept: run again with --resume") from None
        return
    if workers <= 1:
        for job in jobs:
            yield func(scenario, job, series)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_exit_with_parent,
                             initargs=(os.getpid(),)) as pool:
        yield from _bounded(lambda job: pool.submit(func, scenario, job, series),
                            _concurrent_wait, jobs, 2 * workers)
