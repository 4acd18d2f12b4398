"""Edits in Terraform's native syntax (``.tf``, ``.tfvars``).

A finding points at an argument's name (``origin_protocol_policy``); the value is the
expression after its ``=``, read here by a small scanner that knows literals (strings with
their interpolations, numbers, booleans), lists of them and references
(``aws_lambda_function.edge.arn``). Anything else (a function call, a conditional, a
heredoc) is not a literal, so it is not edited.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..fix import AddKey, Edit, EditList, Reference, SetReference, SetValue, TrimText
from ..model import Span
from .edits import TextEdit, Unfixable, line_end, line_start, offset_of
from .tree import same_value

_NAME = re.compile(r"[A-Za-z_][\w-]*")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_TRAVERSAL = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[0-9]+\]|\[\"[^\"\\]*\"\])+")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_UNSAFE_CUT = re.compile(r'[\\"$%]')


@dataclass(slots=True)
class HNode:
    kind: str
    """``string``, ``number``, ``bool``, ``list`` or ``traversal``."""
    start: int
    end: int
    value: object = None
    interpolations: list[tuple[int, int]] = field(default_factory=list)
    """Offsets of the ``${...}`` and ``%{...}`` parts of a string."""
    items: list[HNode] = field(default_factory=list)
    comments: bool = False
    """A list holds comments between its items."""


class HclSource:
    def __init__(self, text: str) -> None:
        self.text = text

    def realize(self, edit: Edit) -> list[TextEdit]:
        handlers: dict[type, Callable[..., list[TextEdit]]] = {
            SetValue: self.set_value,
            TrimText: self.trim_text,
            EditList: self.edit_list,
            AddKey: self.add_key,
            SetReference: self.set_reference,
        }
        return handlers[type(edit)](edit)

    def value(self, span: Span) -> HNode:
        """The expression of the argument whose name is at ``span``."""
        text = self.text
        start = offset_of(text, span.line, span.column)
        name = _NAME.match(text, start)
        if name is None:
            raise Unfixable("no argument is written there any more")
        one_line = span.end_line == span.line and span.end_column is not None
        if one_line and name.end() != start + (span.end_column or 0) - span.column:
            raise Unfixable("no argument of that name is written there any more")
        position = self.spaces(name.end())
        if not text.startswith("=", position) or text.startswith("==", position):
            raise Unfixable("the argument is not followed by '='")
        node = self.expression(self.spaces(position + 1), 0)
        tail = self.spaces(node.end)
        if (
            tail < len(text)
            and text[tail] not in "\r\n#}"
            and not text.startswith(("//", "/*"), tail)
        ):
            raise Unfixable("the value is an expression, not a literal")
        return node

    def spaces(self, position: int) -> int:
        while position < len(self.text) and self.text[position] in " \t":
            position += 1
        return position

    def gap(self, position: int, node: HNode) -> int:
        """Past spaces, line breaks and comments inside a list."""
        text = self.text
        while position < len(text):
            if text[position] in " \t\r\n":
                position += 1
            elif text[position] == "#" or text.startswith("//", position):
                node.comments = True
                stop = text.find("\n", position)
                position = len(text) if stop < 0 else stop
            elif text.startswith("/*", position):
                node.comments = True
                stop = text.find("*/", position + 2)
                if stop < 0:
                    raise Unfixable("an unterminated comment")
                position = stop + 2
            else:
                break
        return position

    def expression(self, position: int, depth: int) -> HNode:
        text = self.text
        if depth > 32 or position >= len(text):
            raise Unfixable("the value is not a literal")
        char = text[position]
        if char == '"':
            return self.string(position)
        if char == "[":
            return self.sequence(position, depth)
        number = _NUMBER.match(text, position)
        if number is not None and not _NAME.match(text, number.end()):
            value: object = (
                float(number.group()) if number.group(1) or number.group(2) else int(number.group())
            )
            return HNode("number", position, number.end(), value)
        for word, literal in (("true", True), ("false", False)):
            after = position + len(word)
            if text.startswith(word, position) and not _NAME.match(text, after):
                return HNode("bool", position, after, literal)
        traversal = _TRAVERSAL.match(text, position)
        if traversal is not None and not text.startswith(("(", "."), traversal.end()):
            return HNode("traversal", position, traversal.end(), traversal.group())
        raise Unfixable("the value is not a literal")

    def string(self, position: int) -> HNode:
        text = self.text
        node = HNode("string", position, position)
        parts: list[str] = []
        index = position + 1
        while True:
            if index >= len(text) or text[index] in "\r\n":
                raise Unfixable("an unterminated string")
            char = text[index]
            if char == '"':
                break
            if char == "\\":
                code = text[index + 1 : index + 2]
                if code in "uU" and code:
                    width = 4 if code == "u" else 8
                    digits = text[index + 2 : index + 2 + width]
                    try:
                        parts.append(chr(int(digits, 16)))
                    except ValueError:
                        raise Unfixable("an invalid escape") from None
                    index += 2 + width
                    continue
                parts.append(_ESCAPES.get(code, "\\" + code))
                index += 2
                continue
            if text.startswith(("$${", "%%{"), index):
                parts.append(text[index + 1 : index + 3])
                index += 3
                continue
            if text.startswith(("${", "%{"), index):
                stop = self.closing(index + 2)
                node.interpolations.append((index, stop))
                parts.append(text[index:stop])
                index = stop
                continue
            parts.append(char)
            index += 1
        node.end = index + 1
        node.value = "".join(parts)
        return node

    def closing(self, position: int) -> int:
        """Past the ``}`` that closes an interpolation opened just before ``position``."""
        depth = 1
        text = self.text
        while position < len(text):
            char = text[position]
            if char == '"':
                position = self.string(position).end
                continue
            if char in "\r\n":
                raise Unfixable("an interpolation over several lines")
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if not depth:
                    return position + 1
            position += 1
        raise Unfixable("an unterminated interpolation")

    def sequence(self, position: int, depth: int) -> HNode:
        node = HNode("list", position, position)
        index = self.gap(position + 1, node)
        while not self.text.startswith("]", index):
            item = self.expression(index, depth + 1)
            node.items.append(item)
            index = self.gap(item.end, node)
            if self.text.startswith(",", index):
                index = self.gap(index + 1, node)
            elif not self.text.startswith("]", index):
                raise Unfixable("the list is not a list of literals")
        node.end = index + 1
        return node

    # the edits

    def literal(self, node: HNode) -> HNode:
        if node.kind not in ("string", "number", "bool") or node.interpolations:
            raise Unfixable("the value is not a literal")
        return node

    def set_value(self, edit: SetValue) -> list[TextEdit]:
        node = self.literal(self.value(edit.span))
        if not same_value(node.value, edit.old):
            raise Unfixable(f"the value is not {edit.old!r} any more")
        new = edit.new
        if node.kind == "string":
            text = new if isinstance(new, str) else _text(new)
            return [TextEdit(node.start, node.end, quote(text))]
        return [TextEdit(node.start, node.end, _text(new))]

    def trim_text(self, edit: TrimText) -> list[TextEdit]:
        node = self.value(edit.span)
        if node.kind != "string":
            raise Unfixable("the value is not a string")
        if _UNSAFE_CUT.search(edit.prefix + edit.suffix):
            raise Unfixable("the text to remove holds quotes or escapes")
        start, end = node.start + 1, node.end - 1
        raw = self.text[start:end]
        cut = end - len(edit.suffix)
        if not (raw.startswith(edit.prefix) and raw.endswith(edit.suffix)):
            raise Unfixable("the text does not start and end as the finding says")
        if cut <= start + len(edit.prefix):
            raise Unfixable("nothing would be left")
        for first, last in node.interpolations:
            if first < start + len(edit.prefix) or last > cut:
                raise Unfixable("the part to remove is built by an interpolation")
        left = self.text[start + len(edit.prefix) : cut]
        if node.interpolations == [(start + len(edit.prefix), cut)] and left.startswith("${"):
            inner = left[2:-1].strip()  # "${var.host}" alone is the expression itself
            if not re.search(r'[~"{}]', inner):
                return [TextEdit(node.start, node.end, inner)]
        edits = []
        if edit.prefix:
            edits.append(TextEdit(start, start + len(edit.prefix), ""))
        if edit.suffix:
            edits.append(TextEdit(cut, end, ""))
        return edits

    def edit_list(self, edit: EditList) -> list[TextEdit]:
        node = self.value(edit.span)
        if node.kind != "list":
            raise Unfixable("the value is not written as a list")
        items = [self.literal(item) for item in node.items]
        names = [item.value for item in items]
        if not all(item.kind == "string" for item in items):
            raise Unfixable("the list holds more than strings")
        kept = [i for i, name in enumerate(names) if name not in edit.remove]
        added = [name for name in dict.fromkeys(edit.add) if name not in names]
        if len(kept) == len(items) and not added:
            return []
        texts = [self.text[items[i].start : items[i].end] for i in kept]
        texts += [quote(name) for name in added]
        if not items:
            return [TextEdit(node.start + 1, node.end - 1, ", ".join(texts))]
        if node.comments:
            raise Unfixable("a comment is written among the items")
        if len(items) > 1:
            separator = self.text[items[0].end : items[1].start]
        elif self.text.count("\n", node.start, items[0].start):
            indent = self.text[line_start(self.text, items[0].start) : items[0].start]
            separator = f",{line_end(self.text, node.start)}{indent}"
        else:
            separator = ", "
        return [TextEdit(items[0].start, items[-1].end, separator.join(texts))]

    def add_key(self, edit: AddKey) -> list[TextEdit]:
        raise Unfixable("arguments are not added to Terraform blocks")

    def set_reference(self, edit: SetReference) -> list[TextEdit]:
        node = self.value(edit.span)
        if node.kind != "traversal":
            raise Unfixable("the value is not a reference")
        if Reference("traversal", str(node.value)) not in edit.old:
            raise Unfixable(f"the value is not {edit.old[0]} any more")
        return [TextEdit(node.start, node.end, edit.new.name)]


def quote(text: str) -> str:
    """``text`` as an HCL string literal: JSON's escapes, and ``${``/``%{`` doubled."""
    escaped = json.dumps(text, ensure_ascii=False)
    return escaped.replace("${", "$${").replace("%{", "%%{")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
