"""A JSON document as located nodes; lines and columns of keys as ``cf502lint.source.json_tree``
reports them (lines end at ``\\n``, a leading byte order mark is skipped)."""

from __future__ import annotations

import re
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from ..source.lines import LineIndex
from ..source.numbers import decimal
from .edits import Unfixable
from .tree import LIST, MAP, SCALAR, SNode, Tree

MAX_DEPTH = 256
_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}


def load(text: str) -> Tree:
    """Raises ``Unfixable`` for a text that is not JSON."""
    reader = _Reader(text)
    position = reader.skip(1 if text.startswith("\ufeff") else 0)
    root, position = reader.value(position, 0, None)
    if reader.skip(position) != len(text):
        raise Unfixable("the file is not JSON")
    return Tree(root, reader.keys, reader.maps)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineIndex(text, "")
        self.keys: dict[tuple[int, int], tuple[SNode, SNode, SNode]] = {}
        self.maps: dict[tuple[int, int], SNode] = {}

    def skip(self, position: int) -> int:
        match = _WS.match(self.text, position)
        return match.end() if match else position

    def fail(self) -> Unfixable:
        return Unfixable("the file is not JSON")

    def value(self, position: int, depth: int, parent: SNode | None) -> tuple[SNode, int]:
        text = self.text
        if position >= len(text) or depth > MAX_DEPTH:
            raise self.fail()
        char = text[position]
        if char == "{":
            return self.mapping(position, depth, parent)
        if char == "[":
            return self.sequence(position, depth, parent)
        if char == '"':
            value, end = self.string(position)
            return SNode(SCALAR, position, end, value, '"', parent=parent, text_start=position), end
        for word, literal in _LITERALS.items():
            if text.startswith(word, position):
                end = position + len(word)
                node = SNode(SCALAR, position, end, literal, parent=parent, text_start=position)
                return node, end
        match = _NUMBER.match(text, position)
        if not match:
            raise self.fail()
        number: Any = (
            float(match.group()) if match.group(1) or match.group(2) else decimal(match.group())
        )
        node = SNode(SCALAR, position, match.end(), number, parent=parent, text_start=position)
        return node, match.end()

    def string(self, position: int) -> tuple[str, int]:
        try:
            value, end = scanstring(self.text, position + 1)
        except ValueError:
            raise self.fail() from None
        return str(value), int(end)

    def mapping(self, position: int, depth: int, parent: SNode | None) -> tuple[SNode, int]:
        node = SNode(MAP, position, position, parent=parent)
        span = self.lines.span(position)
        self.maps[(span.line, span.column)] = node
        position = self.skip(position + 1)
        if self.text.startswith("}", position):
            node.end = position + 1
            return node, node.end
        while True:
            if not self.text.startswith('"', position):
                raise self.fail()
            value, end = self.string(position)
            key = SNode(SCALAR, position, end, value, '"', parent=node, text_start=position)
            span = self.lines.span(position)
            key.where = (span.line, span.column)
            position = self.skip(end)
            if not self.text.startswith(":", position):
                raise self.fail()
            item, position = self.value(self.skip(position + 1), depth + 1, node)
            node.entries.append((key, item))
            self.keys[key.where] = (node, key, item)
            position = self.skip(position)
            if self.text.startswith(",", position):
                position = self.skip(position + 1)
                continue
            if self.text.startswith("}", position):
                node.end = position + 1
                return node, node.end
            raise self.fail()

    def sequence(self, position: int, depth: int, parent: SNode | None) -> tuple[SNode, int]:
        node = SNode(LIST, position, position, parent=parent)
        position = self.skip(position + 1)
        if self.text.startswith("]", position):
            node.end = position + 1
            return node, node.end
        while True:
            item, position = self.value(position, depth + 1, node)
            node.items.append(item)
            position = self.skip(position)
            if self.text.startswith(",", position):
                position = self.skip(position + 1)
                continue
            if self.text.startswith("]", position):
                node.end = position + 1
                return node, node.end
            raise self.fail()
