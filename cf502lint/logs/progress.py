"""A progress bar on standard error, for reads long enough to wonder about."""

from __future__ import annotations

import time
from typing import TextIO

DELAY = 0.5
"""Seconds before the bar appears: short reads never show one."""
INTERVAL = 0.1
WIDTH = 30


def _size(count: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1000:
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} TB"


class Bar:
    """Bytes read out of ``total`` (None for standard input), redrawn in place."""

    def __init__(self, total: int | None, stream: TextIO, delay: float = DELAY) -> None:
        self.total = total
        self.delay = delay
        self.stream = stream
        self.done = 0
        self.start = time.monotonic()
        self.drawn = 0.0
        self.shown = False

    def __call__(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.start < self.delay or now - self.drawn < INTERVAL:
            return
        self.drawn = now
        rate = self.done / (now - self.start)
        if self.total:
            part = min(self.done / self.total, 1.0)
            filled = int(part * WIDTH)
            bar = "#" * filled + "-" * (WIDTH - filled)
            text = f"[{bar}] {part:4.0%} {_size(self.done)} of {_size(self.total)}"
        else:
            text = f"{_size(self.done)}"
        self.stream.write(f"\r\033[Kreading logs {text}, {_size(rate)}/s")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
