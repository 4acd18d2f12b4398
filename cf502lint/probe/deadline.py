"""The run's overall time limit (``--timeout``), which caps every wait."""

from __future__ import annotations

import time
from dataclasses import dataclass

SLACK = 0.05
"""A wait that ends this close to the deadline was cut short by it."""


class OutOfTime(Exception):
    """The overall time limit ran out before a step finished."""


@dataclass(frozen=True, slots=True)
class Deadline:
    at: float
    """On the ``time.monotonic`` clock."""

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def cap(self, seconds: float) -> float:
        """``seconds``, or less if the deadline comes first; OutOfTime if it has come."""
        left = self.remaining()
        if left <= 0:
            raise OutOfTime
        return min(seconds, left)

    def check(self) -> None:
        """After a wait timed out: raise OutOfTime if it was the deadline that ended it."""
        if self.remaining() < SLACK:
            raise OutOfTime
