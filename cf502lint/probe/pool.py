"""Probing many origins at once, a few at a time, all within one deadline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed

from .deadline import Deadline
from .observations import Observation
from .origin import Options, probe
from .targets import Target


def probe_all(
    targets: Sequence[Target],
    options: Options,
    deadline: Deadline,
    concurrency: int,
    done: Callable[[int, int], None],
) -> list[Observation]:
    """Every target's observation, in the targets' order; ``done(n, total)`` after each.

    Every wait in a probe is capped by ``deadline``, so the pool drains soon after it.
    """
    if not targets:
        return []
    found: dict[int, Observation] = {}
    with ThreadPoolExecutor(min(concurrency, len(targets)), "cf502lint-probe") as pool:
        futures = {pool.submit(probe, t, options, deadline): i for i, t in enumerate(targets)}
        for future in as_completed(futures):
            found[futures[future]] = future.result()
            done(len(found), len(targets))
    return [found[i] for i in range(len(targets))]
