"""A JSON reader that keeps positions: exact JSON semantics, no recursion, bounded depth."""

from __future__ import annotations

import re
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from .lines import LineIndex
from .numbers import decimal
from .tree import Duplicate, LList, LMap, Loaded, SourceError

MAX_DEPTH = 200
MAX_NODES = 2_000_000
"""The most values a document may hold: what the tree costs (some 300 bytes a value) stays
bounded whatever the file, such as megabytes of ``[],``."""

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}


def load_json(text: str, path: str) -> Loaded:
    _check_size(text)
    return _Reader(text, path).read()


def _check_size(text: str) -> None:
    """Refuse a text with too many values before building any: each comma outside a string
    separates two values, so megabytes of ``[],`` take a moment, not the whole tree."""
    if text.count(",") >= MAX_NODES and _STRING.sub("", text).count(",") >= MAX_NODES:
        raise SourceError(f"invalid JSON: more than {MAX_NODES:,} values")


def _reason(error: ValueError) -> str:
    """``Unterminated string starting at: line 1 column 5 (char 4)`` -> ``unterminated string``."""
    reason = str(error).split(":")[0].removesuffix(" at").removesuffix(" starting")
    return reason[:1].lower() + reason[1:]


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.lines = LineIndex(text, path)
        self.duplicates: list[Duplicate] = []

    def fail(self, message: str, pos: int) -> SourceError:
        return SourceError(f"invalid JSON: {message}", self.lines.line_of(pos))

    def skip(self, pos: int) -> int:
        match = _WS.match(self.text, pos)
        return match.end() if match else pos

    def read(self) -> Loaded:
        text, n = self.text, len(self.text)
        stack: list[LMap | LList] = []
        keys: list[str] = []
        pos = self.skip(1 if text.startswith("\ufeff") else 0)
        values = 0
        while True:
            if pos >= n:
                raise self.fail("unexpected end of file", pos)
            values += 1
            if values > MAX_NODES:
                raise self.fail(f"more than {MAX_NODES:,} values", pos)
            char = text[pos]
            value: Any
            if char in "{[":
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(f"nested more than {MAX_DEPTH} levels deep", pos)
                parent = stack[-1] if stack else None
                # an item of a list starts where its span in the list does: one Span for both
                span = parent.item_spans[-1] if isinstance(parent, LList) else self.lines.span(pos)
                container: LMap | LList = LMap(span) if char == "{" else LList(span)
                pos = self.skip(pos + 1)
                if pos < n and text[pos] == ("}" if char == "{" else "]"):
                    value, pos = container, pos + 1
                else:
                    stack.append(container)
                    pos = self.begin_entry(container, keys, pos)
                    continue
            elif char == '"':
                try:
                    value, pos = scanstring(text, pos + 1)
                except ValueError as error:
                    raise self.fail(_reason(error), pos) from None
            else:
                value, pos = self.scalar(pos)
            while True:
                if not stack:
                    pos = self.skip(pos)
                    if pos != n:
                        raise self.fail("extra data after the document", pos)
                    return Loaded(value, self.duplicates)
                top = stack[-1]
                if isinstance(top, LMap):
                    top[keys.pop()] = value
                else:
                    top.append(value)
                pos = self.skip(pos)
                if pos >= n:
                    raise self.fail("unexpected end of file", pos)
                if text[pos] == ",":
                    pos = self.begin_entry(top, keys, self.skip(pos + 1))
                    break
                if text[pos] == ("}" if isinstance(top, LMap) else "]"):
                    value, pos = stack.pop(), pos + 1
                    continue
                raise self.fail(f"expected ',' or a closing bracket, found {text[pos]!r}", pos)

    def begin_entry(self, container: LMap | LList, keys: list[str], pos: int) -> int:
        """Read up to the start of the next value in ``container``."""
        if isinstance(container, LList):
            container.item_spans.append(self.lines.span(pos))
            return pos
        if pos >= len(self.text) or self.text[pos] != '"':
            raise self.fail("expected a property name in double quotes", pos)
        try:
            key, end = scanstring(self.text, pos + 1)
        except ValueError as error:
            raise self.fail(_reason(error), pos) from None
        span = self.lines.span(pos, end)
        if key in container:
            self.duplicates.append(Duplicate(key, span, container.key_spans[key], container[key]))
        container.key_spans[key] = span
        keys.append(key)
        pos = self.skip(end)
        if pos >= len(self.text) or self.text[pos] != ":":
            raise self.fail("expected ':' after a property name", pos)
        return self.skip(pos + 1)

    def scalar(self, pos: int) -> tuple[Any, int]:
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, pos):
                return literal, pos + len(word)
        match = _NUMBER.match(self.text, pos)
        if not match:
            raise self.fail(f"unexpected character {self.text[pos]!r}", pos)
        if match.group(1) or match.group(2):
            return float(match.group()), match.end()
        return decimal(match.group()), match.end()
