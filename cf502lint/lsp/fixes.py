"""Quick fixes that suppress a finding, as text insertions; pure, no editor types.

The inserted text is exactly the suppression syntax cf502lint reads:

* CloudFormation: the resource's ``Metadata: {cf502lint: {ignore: [CF101]}}``. An existing
  ``Metadata``, ``cf502lint`` or ``ignore`` is extended, never rewritten, and the style of the
  file is kept (block YAML, flow YAML or JSON).
* Terraform: a ``# cf502lint:ignore CF101`` comment on its own line above the finding's line.

A fix that cannot be placed safely (a ``Metadata`` that is an intrinsic function, a resource
written on one line with its list item dash, a file that no longer parses) is not offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from ..model import Span
from ..parsers.cloudformation.template import template_root
from ..source.json_tree import load_json
from ..source.tree import LList, LMap, SourceError

SUPPRESSION_PATH = ("Metadata", "cf502lint", "ignore")


@dataclass(frozen=True, slots=True)
class Insertion:
    """Insert ``text`` before a position: 0-based line, column counted in code points."""

    line: int
    column: int
    text: str


def terraform_suppression(text: str, line: int, rule_id: str) -> Insertion:
    """A ``# cf502lint:ignore ID`` comment above ``line`` (1-based), at the line's indentation."""
    lines = text.split("\n")
    target = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = target[: len(target) - len(target.lstrip(" \t"))]
    return Insertion(max(line - 1, 0), 0, f"{indent}# cf502lint:ignore {rule_id}\n")


def cloudformation_suppression(
    text: str, path: str, resource: str, rule_id: str
) -> Insertion | None:
    """Add ``rule_id`` to the ``Metadata: cf502lint: ignore`` list of ``resource``."""
    try:
        root, is_json = _load(text, path)
    except (SourceError, RecursionError):
        return None
    template = template_root(root)
    if template is None:
        return None
    resources: LMap = template["Resources"]
    body = resources.get(resource)
    if not isinstance(body, LMap) or not body:
        return None
    lines = text.split("\n")
    writer = _Writer(lines, is_json, _indent_step(resources.span_of(resource), body.span))
    container: LMap = body
    for depth, key in enumerate(SUPPRESSION_PATH):
        if _is_intrinsic(container):
            return None
        if key not in container:
            return writer.into_map(container, SUPPRESSION_PATH[depth:], rule_id)
        value = container[key]
        if key == SUPPRESSION_PATH[-1]:
            if not isinstance(value, LList) or rule_id in value:
                return None
            return writer.into_list(value, rule_id)
        if not isinstance(value, LMap):
            return None
        container = value
    return None  # pragma: no cover - the loop always returns


def _load(text: str, path: str) -> tuple[Any, bool]:
    """The parsed root and whether the file is JSON, as the CloudFormation front end reads it."""
    stripped = text.lstrip("\ufeff \t\r\n")
    is_json_name = PurePath(path).suffix.lower() == ".json"
    if stripped[:1] in "{[" or is_json_name:
        try:
            return load_json(text, path).root, True
        except SourceError:
            if is_json_name:
                raise
    from ..source.yaml_tree import load_yaml

    return load_yaml(text, path).root, False


def _is_intrinsic(container: LMap) -> bool:
    return len(container) == 1 and any(
        key in ("Ref", "Condition") or key.startswith("Fn::") for key in container
    )


def _indent_step(key: Span, body: Span) -> str:
    """The file's indentation unit, from how far a resource's body is indented past its name."""
    step = body.column - key.column if body.line > key.line else 0
    return " " * (step if 0 < step <= 8 else 2)


class _Writer:
    def __init__(self, lines: list[str], is_json: bool, step: str) -> None:
        self.lines = lines
        self.is_json = is_json
        self.step = step

    def line(self, span: Span) -> str:
        text = self.lines[span.line - 1] if 0 < span.line <= len(self.lines) else ""
        return text.rstrip("\r")

    def is_flow(self, span: Span) -> bool:
        return self.line(span)[span.column - 1 : span.column] in ("{", "[")

    def starts_line(self, span: Span) -> bool:
        """Whether only indentation precedes ``span`` on its line."""
        return not self.line(span)[: span.column - 1].strip(" \t")

    def scalar(self, value: str) -> str:
        return f'"{value}"' if self.is_json else value

    def flow(self, keys: tuple[str, ...], rule_id: str) -> str:
        """``"a": {"b": {"ignore": ["CF101"]}}`` (unquoted in YAML)."""
        value = f"[{self.scalar(rule_id)}]"
        for key in reversed(keys[1:]):
            value = f"{{{self.scalar(key)}: {value}}}"
        return f"{self.scalar(keys[0])}: {value}"

    def into_map(self, container: LMap, keys: tuple[str, ...], rule_id: str) -> Insertion | None:
        span = container.span
        first = _first_key(container)
        if self.is_flow(span):
            entry = self.flow(keys, rule_id)
            if first is None:
                return Insertion(span.line - 1, span.column, entry)
            if first.line > span.line and self.starts_line(first):
                indent = self.line(first)[: first.column - 1]
                return Insertion(first.line - 1, 0, f"{indent}{entry},\n")
            return Insertion(first.line - 1, first.column - 1, f"{entry}, ")
        if first is None or not self.starts_line(span):
            return None
        indent = " " * (span.column - 1)
        at = _after_type(container) or span
        *parents, last = keys
        text = "".join(f"{indent}{self.step * depth}{key}:\n" for depth, key in enumerate(parents))
        text += f"{indent}{self.step * len(parents)}{last}: [{rule_id}]\n"
        return Insertion(at.line - 1, 0, text)

    def into_list(self, items: LList, rule_id: str) -> Insertion | None:
        span = items.span
        item = self.scalar(rule_id)
        if self.is_flow(span):
            if not items:
                return Insertion(span.line - 1, span.column, item)
            first = items.span_of(0)
            return Insertion(first.line - 1, first.column - 1, f"{item}, ")
        if not self.starts_line(span):
            return None
        return Insertion(span.line - 1, 0, f"{' ' * (span.column - 1)}- {item}\n")


def _after_type(container: LMap) -> Span | None:
    """The key after a one-line ``Type: X`` that opens a block mapping: Metadata goes there."""
    ordered = sorted(container.key_spans.items(), key=lambda item: (item[1].line, item[1].column))
    if len(ordered) < 2 or ordered[0][0] != "Type" or not isinstance(container["Type"], str):
        return None
    (_, type_span), (_, following) = ordered[:2]
    if following.line != type_span.line + 1 or following.column != type_span.column:
        return None
    return following


def _first_key(container: LMap) -> Span | None:
    """The first key written inside ``container`` (merged keys live elsewhere)."""
    start = (container.span.line, container.span.column)
    spans = [s for s in container.key_spans.values() if (s.line, s.column) >= start]
    return min(spans, key=lambda s: (s.line, s.column), default=None)
