"""A one-line progress display on a terminal while origins are probed."""

from __future__ import annotations

from typing import TextIO


class Progress:
    """Rewrites one line of ``stream`` as probes finish, and clears it at the end; silent
    unless ``stream`` is a terminal and there is more than one origin."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream = stream
        self.shown = total > 1 and stream.isatty()
        self.update(0, total)

    def update(self, done: int, total: int) -> None:
        if self.shown:
            self.stream.write(f"\rcf502lint probe: {done}/{total} origins probed")
            self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
