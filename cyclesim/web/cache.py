"""A thread-safe least-recently-used cache that computes each key once.

Many people moving the same slider at once ask for the same run: the first request
computes it, the others wait for that result instead of running the model again. A
semaphore bounds how many distinct computations run at once, so a classroom of requests
queues instead of thrashing the machine.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable, Generic, Hashable, TypeVar

T = TypeVar("T")


class Busy(Exception):
    """Too much work queued: the value could not be had within the wait (HTTP 503)."""


class ComputeCache(Generic[T]):
    """Keep the last ``size`` results; compute a missing one at most once at a time."""

    def __init__(self, size: int = 256, parallel: int = 2, wait: float = 60.0) -> None:
        self.size = size
        self.wait = wait  # [s] longest wait for a slot or for another request's result
        self._done: OrderedDict[Hashable, T] = OrderedDict()
        self._pending: dict[Hashable, Future] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(parallel)
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T], timeout: float | None = None) -> T:
        """The cached value of ``key``, computing it with ``compute()`` if missing; raises
        :class:`Busy` when neither a slot nor another request's result comes in time."""
        timeout = self.wait if timeout is None else timeout
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                self.hits += 1
                return self._done[key]
            future = self._pending.get(key)
            owner = future is None
            if owner:
                future = self._pending[key] = Future()
                self.misses += 1
            else:
                self.hits += 1
        if not owner:
            try:
                return future.result(timeout)
            except FutureTimeout:
                raise Busy(f"still computing after {timeout:g} s") from None
        try:
            if not self._slots.acquire(timeout=timeout):
                raise Busy(f"no free slot within {timeout:g} s")
            try:
                value = compute()
            finally:
                self._slots.release()
        except BaseException as error:
            with self._lock:
                del self._pending[key]
            future.set_exception(error)
            raise
        with self._lock:
            del self._pending[key]
            self._done[key] = value
            while len(self._done) > self.size:
                self._done.popitem(last=False)
        future.set_result(value)
        return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._done)
