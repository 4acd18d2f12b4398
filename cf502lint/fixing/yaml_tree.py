"""A YAML document as located nodes, from the event stream ``cf502lint.source.yaml_tree``
reads (the same parser, so lines and columns agree with the findings')."""

from __future__ import annotations

from typing import Any

from .tree import ALIAS, LIST, MAP, SCALAR, SNode, Tree

_STYLES = {"": "plain", None: "plain", "'": "'", '"': '"', "|": "|", ">": ">"}


def load(text: str) -> Tree:
    """Raises ``yaml.YAMLError`` for a text that is not YAML."""
    import yaml

    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack: list[SNode] = []
    pending: list[SNode | None] = []
    keys: dict[tuple[int, int], tuple[SNode, SNode, SNode]] = {}
    maps: dict[tuple[int, int], SNode] = {}
    root: SNode | None = None
    for event in yaml.parse(text, Loader=parser):
        node: SNode
        if isinstance(event, yaml.DocumentEndEvent):
            break
        start, stop = event.start_mark, event.end_mark
        assert start is not None and stop is not None  # the parser marks every event
        if isinstance(event, yaml.ScalarEvent):
            node = SNode(
                SCALAR,
                start.index,
                stop.index,
                value=_scalar(event),
                style=_STYLES.get(event.style, "plain"),
                tag=_tag(text, event),
                anchored=bool(event.anchor),
                text_start=text_start(text, start.index, stop.index),
            )
        elif isinstance(event, yaml.AliasEvent):
            node = SNode(ALIAS, start.index, stop.index)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            kind = MAP if isinstance(event, yaml.MappingStartEvent) else LIST
            node = SNode(
                kind,
                start.index,
                start.index,
                tag=_tag(text, event),
                flow=bool(event.flow_style),
                anchored=bool(event.anchor),
            )
            _attach(stack, pending, keys, node, start.line, start.column)
            if kind == MAP:
                maps[(start.line + 1, start.column + 1)] = node
            stack.append(node)
            pending.append(None)
            continue
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            node = stack.pop()
            pending.pop()
            if node.flow:
                node.end = stop.index
            else:
                last = node.entries[-1][1] if node.entries else (node.items or [node])[-1]
                node.end = max(node.start, last.end)
            if not stack:
                root = node
            continue
        else:
            continue
        if not stack:
            root = node
            continue
        _attach(stack, pending, keys, node, start.line, start.column)
    return Tree(root, keys, maps)


def _attach(
    stack: list[SNode],
    pending: list[SNode | None],
    keys: dict[tuple[int, int], tuple[SNode, SNode, SNode]],
    node: SNode,
    line: int,
    column: int,
) -> None:
    if not stack:
        return
    parent = stack[-1]
    node.parent = parent
    if parent.kind == LIST:
        parent.items.append(node)
        return
    key = pending[-1]
    if key is None:
        pending[-1] = node
        node.where = (line + 1, column + 1)
        return
    pending[-1] = None
    parent.entries.append((key, node))
    if key.where is not None:
        keys[key.where] = (parent, key, node)


def _tag(text: str, event: Any) -> str | None:
    """The tag as written (``!Ref``), or None."""
    if event.tag is None or event.tag == "!":
        return None
    written = text[event.start_mark.index : event.end_mark.index].split(None, 2)
    return next((token for token in written[:2] if token.startswith("!")), str(event.tag))


def text_start(text: str, start: int, end: int) -> int:
    """Where a node's own text starts, after the anchor and tag written before it."""
    position = start
    while position < end and text[position] in "&!":
        while position < end and not text[position].isspace():
            position += 1
        while position < end and text[position].isspace():
            position += 1
    return position


def _scalar(event: Any) -> Any:
    """The value as ``cf502lint.source.yaml_tree`` reads it (plain ints, bools, nulls)."""
    value: str = event.value
    if event.tag not in (None, "!") or not event.implicit[0]:
        return value
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    tag = Resolver().resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    if tag.endswith(":int"):
        from ..source.numbers import yaml_int

        try:
            return yaml_int(value)
        except ValueError:
            return value
    if tag.endswith((":bool", ":null", ":float")):
        try:
            return SafeConstructor().yaml_constructors[tag](
                SafeConstructor(), ScalarNode(tag, value)
            )
        except Exception:  # a malformed value: compared as text
            return value
    return value
