"""Worker processes that lint files side by side, in bounded memory.

Each worker is forked with what every task needs (the rules, the configuration, the parse
options), so that only a file's text goes to it and only what it adds to the report comes
back. Where processes cannot be forked, and for one job, the tasks run in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, Generic, Protocol, TypeVar

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")
Result_co = TypeVar("Result_co", covariant=True)

WINDOW_CHARACTERS = 8 * 1024 * 1024
"""Text sent to workers and not linted yet, at most (besides one file): what is in flight
is held twice, as text and pickled, so memory stays bounded by the largest file."""

_shared: list[Any] = []
"""In a worker process, what its pool was started with (set once, by ``_start``)."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    import multiprocessing

    return os.name == "posix" and "fork" in multiprocessing.get_all_start_methods()


class Pending(Protocol[Result_co]):
    """A task's result, or what it raised: a pool's future, or ``Done``."""

    def result(self) -> Result_co: ...

    def exception(self) -> BaseException | None: ...


class Done(Generic[Result]):
    """A task run in this process."""

    def __init__(self, task: Callable[[], Result]) -> None:
        self.values: list[Result] = []
        self.error: Exception | None = None
        try:
            self.values.append(task())
        except Exception as error:  # given to the caller, as a pool would
            self.error = error

    def result(self) -> Result:
        if self.error is not None:
            raise self.error
        return self.values[0]

    def exception(self) -> BaseException | None:
        return self.error


def _start(shared: object) -> None:
    _shared.append(shared)


def _call(task: Callable[[Any, Any], Any], item: object) -> object:
    return task(_shared[0], item)


class Workers(Generic[Shared]):
    """``jobs`` processes holding ``shared``; with one job (or no fork), this process."""

    def __init__(self, jobs: int, shared: Shared) -> None:
        self.jobs = jobs if jobs > 1 and can_fork() else 1
        self.shared = shared
        self.pool: Any = None

    def __enter__(self) -> Workers[Shared]:
        if self.jobs > 1:
            self.pool = self._pool()
        return self

    def _pool(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(
            self.jobs, mp_context=context, initializer=_start, initargs=(self.shared,)
        )

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=error is not None)

    def submit(self, task: Callable[[Shared, Item], Result], item: Item) -> Pending[Result]:
        """``task(shared, item)``, in a worker when there are any."""
        if self.pool is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                future: Pending[Result] = self.pool.submit(_call, task, item)
            except BrokenProcessPool:  # a worker died: what it had in hand failed, go on
                self.pool.shutdown()
                self.pool = self._pool()
                future = self.pool.submit(_call, task, item)
            return future
        return Done(lambda: task(self.shared, item))

    def each(
        self,
        task: Callable[[Shared, Item], Result],
        items: Iterable[tuple[Item, int]],
    ) -> Iterator[tuple[Item, Pending[Result]]]:
        """Each (item, size) of ``items`` with its task's future, as the tasks finish.

        A few items a worker, holding at most ``WINDOW_CHARACTERS`` of size besides one,
        are in flight: memory stays bounded, and a slow file holds up no other.
        """
        if self.pool is None:
            for item, _size in items:
                yield item, self.submit(task, item)
            return
        from concurrent.futures import FIRST_COMPLETED, wait

        flight: dict[Any, tuple[Item, int]] = {}
        held = 0
        for item, size in items:
            while flight and (len(flight) >= 4 * self.jobs or held + size > WINDOW_CHARACTERS):
                done, _pending = wait(flight, return_when=FIRST_COMPLETED)
                for future in done:
                    finished, finished_size = flight.pop(future)
                    held -= finished_size
                    yield finished, future
            flight[self.submit(task, item)] = (item, size)
            held += size
        while flight:
            done, _pending = wait(flight, return_when=FIRST_COMPLETED)
            for future in done:
                yield flight.pop(future)[0], future
