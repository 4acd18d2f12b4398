"""Reading every input, on every core: one process per file, results merged as they come."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import BinaryIO

from .aggregate import Aggregate, Problem, Timeline
from .fields import Layout
from .match import Router, Routes
from .readers import Progress, Task, read_path, read_stream

STDIN = "-"
STDIN_NAME = "<stdin>"
MAX_FILES = 1_000_000


@dataclass(frozen=True, slots=True)
class Inputs:
    files: tuple[str, ...]
    stdin: bool
    problems: tuple[Problem, ...]
    size: int
    """Bytes of the files (standard input's size is not known)."""


def find_inputs(paths: Sequence[str]) -> Inputs:
    """The files named, and those under the directories named (recursively, in order)."""
    files: list[str] = []
    problems: list[Problem] = []
    for path in paths:
        if path == STDIN:
            continue
        if os.path.isdir(path):
            for root, directories, names in os.walk(path):
                directories.sort()
                files.extend(os.path.join(root, n) for n in sorted(names) if not n.startswith("."))
                if len(files) > MAX_FILES:
                    problems.append(Problem(path, None, f"more than {MAX_FILES} files: read those"))
                    break
        elif os.path.exists(path):
            files.append(path)
        else:
            problems.append(Problem(path, None, "no such file or directory", fatal=True))
    files = files[:MAX_FILES]
    size = 0
    for name in files:
        try:
            size += os.path.getsize(name)
        except OSError:
            continue
    return Inputs(tuple(dict.fromkeys(files)), STDIN in paths, tuple(problems), size)


def read_all(
    inputs: Inputs,
    layout: Layout | None,
    routes: Routes | None,
    bucket: int,
    jobs: int,
    stdin: BinaryIO | None,
    progress: Progress | None = None,
) -> Aggregate:
    """Read every input into one aggregate."""
    total = Aggregate(timeline=Timeline(bucket))
    for problem in inputs.problems:
        total.problem(problem)
    if inputs.stdin and stdin is not None:
        part = Aggregate(timeline=Timeline(bucket), inputs=1)
        read_stream(stdin, STDIN_NAME, layout, Router(routes, None), part, progress)
        total.merge(part)
    tasks = [Task(path, layout, routes, bucket) for path in inputs.files]
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            total.merge(read_path(task, progress))
        return total
    _read_in_parallel(tasks, min(jobs, len(tasks)), total, progress)
    return total


def _read_in_parallel(
    tasks: list[Task], jobs: int, total: Aggregate, progress: Progress | None
) -> None:
    sizes = {task.path: _size(task.path) for task in tasks}
    tasks.sort(key=lambda t: -sizes[t.path])  # the largest first, so no core waits at the end
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures: dict[Future[Aggregate], Task] = {pool.submit(read_path, t): t for t in tasks}
        for future in as_completed(futures):
            task = futures[future]
            total.merge(_result(future, task))
            if progress is not None:
                progress(sizes[task.path])


def _result(future: Future[Aggregate], task: Task) -> Aggregate:
    try:
        return future.result()
    except Exception as error:  # a reader bug or a killed worker: this input is named
        failed = Aggregate(inputs=1)
        reason = f"internal error while reading it ({type(error).__name__}: {error})"
        failed.problem(Problem(task.path, None, f"{reason}; please report it", fatal=True))
        return failed


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
