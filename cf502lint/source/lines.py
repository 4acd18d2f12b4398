"""Offsets to 1-based line and column numbers."""

from __future__ import annotations

from bisect import bisect_right

from ..model import Span


class LineIndex:
    __slots__ = ("path", "starts")

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.starts = [0]
        find = text.find
        at = find("\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = find("\n", at + 1)

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def span(self, start: int, end: int | None = None) -> Span:
        line = bisect_right(self.starts, start)
        column = start - self.starts[line - 1] + 1
        if end is None:
            return Span(self.path, line, column)
        end_line = bisect_right(self.starts, end)
        return Span(self.path, line, column, end_line, end - self.starts[end_line - 1] + 1)
