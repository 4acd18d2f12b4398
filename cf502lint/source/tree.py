"""Value trees that remember where each key and item was written.

Mappings and lists are plain ``dict``/``list`` subclasses, so code that reads values needs
no unwrapping; positions are looked up on the container that holds a value.
"""

from __future__ import annotations

from typing import Any

from ..model import Span


class SourceError(Exception):
    """A file that cannot be read or parsed; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class LMap(dict[str, Any]):
    """A mapping with the span of the mapping itself and of each of its keys."""

    __slots__ = ("key_spans", "span")

    def __init__(self, span: Span) -> None:
        super().__init__()
        self.span = span
        self.key_spans: dict[str, Span] = {}

    def span_of(self, key: str) -> Span:
        return self.key_spans.get(key, self.span)


class LList(list[Any]):
    """A list with its own span and the span of each item."""

    __slots__ = ("item_spans", "span")

    def __init__(self, span: Span) -> None:
        super().__init__()
        self.span = span
        self.item_spans: list[Span] = []

    def span_of(self, index: int) -> Span:
        return self.item_spans[index] if 0 <= index < len(self.item_spans) else self.span


def span_in(container: object, key: str | int, fallback: Span) -> Span:
    """The span of ``key`` in ``container`` when it is a located tree, else ``fallback``."""
    if isinstance(container, LMap) and isinstance(key, str):
        return container.span_of(key)
    if isinstance(container, LList) and isinstance(key, int):
        return container.span_of(key)
    return fallback


class Duplicate:
    """A key written twice in one mapping; ``replaced``: the value the second one replaced."""

    __slots__ = ("first", "key", "replaced", "span")

    def __init__(self, key: str, span: Span, first: Span, replaced: Any = None) -> None:
        self.key = key
        self.span = span
        self.first = first
        self.replaced = replaced


class Loaded:
    """A parsed file: its root value and what the loader noticed on the way."""

    __slots__ = ("duplicates", "root")

    def __init__(self, root: Any, duplicates: list[Duplicate]) -> None:
        self.root = root
        self.duplicates = duplicates
