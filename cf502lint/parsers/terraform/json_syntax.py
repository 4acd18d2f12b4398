"""Terraform JSON syntax (``*.tf.json``, ``*.tfvars.json``) into ``syntax`` types.

In JSON syntax a string is a template (``"${var.x}.example.com"``), and whether an object is
a nested block or an attribute value depends on the provider schema; the block types that
cf502lint reads are listed here.
"""

from __future__ import annotations

from typing import Any

from ...model import Span
from ...source.json_tree import load_json
from ...source.quote import quoted
from ...source.tree import LList, LMap, SourceError
from .hcl import parse_hcl
from .syntax import (
    Attribute,
    Block,
    Body,
    Expr,
    File,
    Literal,
    ObjectExpr,
    Opaque,
    Redefinition,
    Template,
    TupleExpr,
)

NESTED_BLOCKS = frozenset(
    {
        "origin",
        "custom_origin_config",
        "s3_origin_config",
        "vpc_origin_config",
        "origin_shield",
        "custom_header",
        "origin_group",
        "failover_criteria",
        "member",
        "default_cache_behavior",
        "ordered_cache_behavior",
        "forwarded_values",
        "cookies",
        "lambda_function_association",
        "function_association",
        "viewer_certificate",
        "restrictions",
        "geo_restriction",
        "logging_config",
        "custom_error_response",
        "parameters_in_cache_key_and_forwarded_to_origin",
        "headers_config",
        "headers",
        "cookies_config",
        "query_strings_config",
        "query_strings",
        "default_action",
        "redirect",
        "forward",
        "fixed_response",
        "listener",
        "alias",
        "website",
        "index_document",
        "error_document",
        "redirect_all_requests_to",
        "access_logs",
        "subnet_mapping",
        "endpoint_configuration",
        "lifecycle",
        "content",
        "validation",
    }
)
_LABELS = {"resource": 2, "data": 2, "variable": 1, "output": 1, "module": 1, "provider": 1}
_LITERAL_ATTRIBUTES = {"variable": ("default", "type", "description")}


def load_tf_json(text: str, path: str) -> File:
    loaded = load_json(text, path)
    if not isinstance(loaded.root, LMap):
        raise SourceError("a Terraform JSON file holds one object")
    redefinitions = tuple(Redefinition(d.key, d.span, d.first) for d in loaded.duplicates)
    reader = _Reader(path)
    return File(path, reader.root(loaded.root), redefinitions)


def load_tfvars_json(text: str, path: str) -> dict[str, tuple[Any, Span]]:
    """A ``.tfvars.json`` file: variable values are plain JSON values."""
    root = load_json(text, path).root
    if not isinstance(root, LMap):
        raise SourceError("a variable definitions file holds one object")
    return {name: (value, root.span_of(name)) for name, value in root.items()}


def _entries(value: Any) -> list[LMap]:
    """A JSON block value: one object, or a list of objects."""
    if isinstance(value, LMap):
        return [value]
    if isinstance(value, LList):
        return [item for item in value if isinstance(item, LMap)]
    return []


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path

    def root(self, root: LMap) -> Body:
        blocks: list[Block] = []
        for kind, value in root.items():
            if kind == "locals":
                for entry in _entries(value):
                    blocks.append(Block("locals", (), self.body(entry, ()), entry.span))
            elif kind in _LABELS:
                for entry in _entries(value):
                    blocks.extend(self.labelled(kind, entry, _LABELS[kind], ()))
        return Body((), tuple(blocks), root.span)

    def labelled(
        self, kind: str, mapping: LMap, depth: int, labels: tuple[str, ...]
    ) -> list[Block]:
        blocks: list[Block] = []
        for name, value in mapping.items():
            if name == "//":
                continue
            if depth > 1:
                for entry in _entries(value):
                    blocks.extend(self.labelled(kind, entry, depth - 1, (*labels, name)))
                continue
            for entry in _entries(value):
                span = mapping.span_of(name)
                literal = _LITERAL_ATTRIBUTES.get(kind, ())
                blocks.append(Block(kind, (*labels, name), self.body(entry, literal), span))
        return blocks

    def body(self, mapping: LMap, literal: tuple[str, ...]) -> Body:
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        for key, value in mapping.items():
            span = mapping.span_of(key)
            if key == "//":
                continue
            if key == "dynamic":
                for entry in _entries(value):
                    for label, content in entry.items():
                        for item in _entries(content):
                            blocks.append(
                                Block(
                                    "dynamic", (label,), self.body(item, ()), entry.span_of(label)
                                )
                            )
            elif key in NESTED_BLOCKS and _entries(value):
                for entry in _entries(value):
                    blocks.append(Block(key, (), self.body(entry, ()), span))
            elif key == "type" and "type" in literal and isinstance(value, str):
                attributes.append(Attribute(key, self.expression(value, span), span))
            elif key in literal:
                attributes.append(Attribute(key, _literal(value), span))
            else:
                attributes.append(Attribute(key, self.value(value, span), span))
        return Body(tuple(attributes), tuple(blocks), mapping.span)

    def value(self, value: Any, span: Span) -> Expr:
        if isinstance(value, str):
            return self.template(value, span)
        if isinstance(value, LList | list):
            return TupleExpr(tuple(self.value(item, span) for item in value))
        if isinstance(value, LMap | dict):
            return ObjectExpr(
                tuple((Literal(k), self.value(v, span)) for k, v in value.items() if k != "//")
            )
        return Literal(value)

    def expression(self, text: str, span: Span) -> Expr:
        parsed = parse_hcl(f"value = {text}\n", self.path)
        attribute = parsed.body.attribute("value")
        if attribute is None:
            raise SourceError("invalid expression", span.line)
        return attribute.expr

    def template(self, text: str, span: Span) -> Expr:
        """A JSON string as a template: literal text and ``${...}`` interpolations."""
        if "${" not in text and "%{" not in text:
            return Literal(text)
        parts: list[str | Expr] = []
        literal: list[str] = []
        position = 0
        while position < len(text):
            if text.startswith("$${", position) or text.startswith("%%{", position):
                literal.append(text[position + 1 : position + 3])
                position += 3
            elif text.startswith("%{", position):
                return Opaque("template directive")
            elif text.startswith("${", position):
                end = _closing_brace(text, position + 2)
                if end is None:
                    raise SourceError(
                        f"invalid template {quoted(text)}: unterminated ${{", span.line
                    )
                inner = text[position + 2 : end].strip().strip("~").strip()
                if literal:
                    parts.append("".join(literal))
                    literal = []
                try:
                    parts.append(self.expression(inner, span))
                except SourceError as error:
                    message = f"invalid template {quoted(text)}: {error.message}"
                    raise SourceError(message, span.line) from None
                position = end + 1
            else:
                literal.append(text[position])
                position += 1
        if literal:
            parts.append("".join(literal))
        if len(parts) == 1 and not isinstance(parts[0], str):
            return parts[0]
        return Template(tuple(parts))


def _closing_brace(text: str, start: int) -> int | None:
    """The index of the ``}`` closing an interpolation that starts at ``start``."""
    depth = 0
    quoted = False
    position = start
    while position < len(text):
        char = text[position]
        if quoted:
            if char == "\\":
                position += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char in "{[(":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "}":
            if depth == 0:
                return position
            depth -= 1
        position += 1
    return None


def _literal(value: Any) -> Expr:
    if isinstance(value, list):
        return TupleExpr(tuple(_literal(item) for item in value))
    if isinstance(value, dict):
        return ObjectExpr(tuple((Literal(k), _literal(v)) for k, v in value.items()))
    return Literal(value)
