"""A YAML reader that keeps positions, built on PyYAML's event stream.

It composes the tree itself instead of using PyYAML's composer, so that it can stay
iterative (no recursion on deep nesting), bound what aliases expand to (alias bombs), keep
CloudFormation's short-form tags as long-form intrinsics, and never construct arbitrary
Python objects: only safe scalar types are ever built.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ..model import Span
from .nesting import check_nesting
from .numbers import yaml_int
from .quote import quoted
from .tree import Duplicate, LList, LMap, Loaded, SourceError

MAX_DEPTH = 200
MAX_NODES = 2_000_000
"""The most values a document may expand to through aliases."""

_FLOW_TOKENS = re.compile(
    r"""(?:(?<=[\s\[{,:])|\A)(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')|[\[\]{}\n]"""
)
"""Flow brackets and newlines; quoted scalars (which start after a space or an indicator) hide
brackets. libyaml is slow on deep flow nesting, hence the check before it reads."""
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD = "tag:yaml.org,2002:"
_SCALARS = {f"{_STANDARD}{name}" for name in ("int", "float", "bool", "null")}
_INT = f"{_STANDARD}int"
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_INTRINSICS = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{
        f"!{name}": f"Fn::{name}"
        for name in (
            "And Base64 Cidr Equals FindInMap ForEach GetAZs GetAtt If ImportValue Join "
            "Length Not Or Select Split Sub ToJsonString Transform"
        ).split()
    },
}


def load_yaml(text: str, path: str) -> Loaded:
    check_nesting(text, _FLOW_TOKENS, MAX_DEPTH, "YAML")
    try:
        return _Composer(path).compose(yaml.parse(text, Loader=_PARSER))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(f"invalid YAML: {error.problem or error.context}", line) from None
    except yaml.reader.ReaderError as error:
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        reason = f"unacceptable character #x{error.character:04x}: {error.reason}"
        raise SourceError(f"invalid YAML: {reason}", line) from None
    except yaml.YAMLError as error:
        raise SourceError(f"invalid YAML: {str(error).splitlines()[0]}") from None


class _Frame:
    __slots__ = ("container", "explicit", "key", "merge", "merges", "tag", "weight")

    def __init__(self, container: LMap | LList, tag: str | None) -> None:
        self.container = container
        self.tag = tag
        self.key: str | None = None
        self.weight = 1
        self.merges: list[tuple[LMap, int]] = []
        self.explicit: set[str] = set()
        self.merge = False
        """The current key is the merge key ``<<``."""


class _Composer:
    def __init__(self, path: str) -> None:
        self.path = path
        self.duplicates: list[Duplicate] = []
        self.anchors: dict[str, tuple[Any, int]] = {}

    def span(self, event: yaml.Event, end: bool = False) -> Span:
        start, stop = event.start_mark, event.end_mark
        assert start is not None and stop is not None  # the parser marks every event
        if not end:
            return Span(self.path, start.line + 1, start.column + 1)
        return Span(self.path, start.line + 1, start.column + 1, stop.line + 1, stop.column + 1)

    def compose(self, events: Any) -> Loaded:
        stack: list[_Frame] = []
        root: Any = None
        for event in events:
            value: Any
            weight = 1
            if isinstance(event, yaml.ScalarEvent):
                frame = stack[-1] if stack else None
                if frame is not None and isinstance(frame.container, LMap) and frame.key is None:
                    frame.merge = self.key(frame, event)
                    continue
                value = self.scalar(event)
                anchor = event.anchor
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if len(stack) >= MAX_DEPTH:
                    raise SourceError(
                        f"invalid YAML: nested more than {MAX_DEPTH} levels deep",
                        _line(event),
                    )
                if stack and isinstance(stack[-1].container, LMap) and stack[-1].key is None:
                    raise SourceError(
                        "invalid YAML: a mapping key must be a plain value",
                        _line(event),
                    )
                container: LMap | LList = (
                    LMap(self.span(event))
                    if isinstance(event, yaml.MappingStartEvent)
                    else LList(self.span(event))
                )
                frame = _Frame(container, event.tag)
                if event.anchor:
                    frame.tag = f"{frame.tag or ''}\0{event.anchor}"
                stack.append(frame)
                continue
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frame = stack.pop()
                self.finish_merges(frame)
                tag, _, anchor = (frame.tag or "").partition("\0")
                value = self.tagged(tag or None, frame.container, frame.container.span)
                weight = frame.weight
                if anchor:
                    self.anchors[anchor] = (value, weight)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    raise SourceError(
                        f"invalid YAML: unknown alias {quoted(event.anchor or '')}", _line(event)
                    )
                value, weight = self.anchors[event.anchor]
                anchor = None
                if stack and isinstance(stack[-1].container, LMap) and stack[-1].key is None:
                    raise SourceError(
                        "invalid YAML: an alias cannot be a mapping key", _line(event)
                    )
            elif isinstance(event, yaml.DocumentEndEvent):
                break
            else:
                continue
            if isinstance(event, yaml.ScalarEvent) and anchor:
                self.anchors[anchor] = (value, 1)
            if not stack:
                root = value
                continue
            frame = stack[-1]
            frame.weight += weight
            if frame.weight > MAX_NODES:
                raise SourceError(
                    f"invalid YAML: aliases expand to more than {MAX_NODES} values",
                    frame.container.span.line,
                )
            self.attach(frame, value, event, frame.merge)
            frame.merge = False
        return Loaded(root, self.duplicates)

    def key(self, frame: _Frame, event: yaml.ScalarEvent) -> bool:
        """Take a scalar as the frame's next key; True when it is a merge key ``<<``."""
        if event.value == "<<" and event.implicit[0] and event.tag is None:
            frame.key = "<<"
            return True
        key = self.scalar(event)
        name = key if isinstance(key, str) else _plain(key)
        container = frame.container
        assert isinstance(container, LMap)
        span = self.span(event, end=True)
        if name in frame.explicit:
            first = container.key_spans[name]
            self.duplicates.append(Duplicate(name, span, first, container.get(name)))
        frame.explicit.add(name)
        container.key_spans[name] = span
        frame.key = name
        return False

    def attach(self, frame: _Frame, value: Any, event: yaml.Event, merge: bool) -> None:
        container = frame.container
        if isinstance(container, LList):
            container.append(value)
            container.item_spans.append(
                value.span if isinstance(value, LMap | LList) else self.span(event, end=True)
            )
            return
        key = frame.key
        frame.key = None
        assert key is not None
        if merge:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, LMap):
                    raise SourceError(
                        "invalid YAML: a merge key '<<' needs a mapping or a list of mappings",
                        _line(event),
                    )
                frame.merges.append((source, len(source)))
            return
        container[key] = value

    def finish_merges(self, frame: _Frame) -> None:
        container = frame.container
        if not isinstance(container, LMap):
            return
        for source, _ in frame.merges:
            for key, value in source.items():
                if key not in container:
                    container[key] = value
                    container.key_spans[key] = source.span_of(key)

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return event.value
            tag = _RESOLVER.resolve(ScalarNode, event.value, (True, False))  # type: ignore[no-untyped-call]
            if tag not in _SCALARS:
                return event.value
        if tag.startswith(_STANDARD):
            return self.standard(tag, event)
        return self.tagged(tag, event.value, self.span(event))

    def standard(self, tag: str, event: yaml.ScalarEvent) -> Any:
        if tag in _SCALARS:
            try:
                if tag == _INT:  # PyYAML's fails past 4,300 digits, and is quadratic in ':'
                    return yaml_int(event.value)
                return _CONSTRUCTOR.yaml_constructors[tag](
                    _CONSTRUCTOR, ScalarNode(tag, event.value)
                )
            except Exception:  # PyYAML raises IndexError, KeyError... on `!!int ""`
                raise SourceError(
                    f"invalid YAML: {quoted(event.value)} is not a valid {tag[len(_STANDARD) :]}",
                    _line(event),
                ) from None
        if tag.startswith(f"{_STANDARD}python/"):
            raise SourceError(
                f"invalid YAML: the tag !!{tag[len(_STANDARD) :]} is not allowed "
                "(cf502lint never constructs Python objects)",
                _line(event),
            )
        return event.value

    def tagged(self, tag: str | None, value: Any, span: Span) -> Any:
        if tag is None or tag.startswith(_STANDARD) or tag == "!":
            if tag and tag.startswith(f"{_STANDARD}python/"):
                raise SourceError(
                    f"invalid YAML: the tag !!{tag[len(_STANDARD) :]} is not allowed "
                    "(cf502lint never constructs Python objects)",
                    span.line,
                )
            return value
        wrapped = LMap(span)
        key = _INTRINSICS.get(tag, tag)
        if key == "Fn::GetAtt" and isinstance(value, str):
            resource, _, attribute = value.partition(".")
            parts = LList(span)
            parts.extend([resource, attribute])
            parts.item_spans.extend([span, span])
            value = parts
        wrapped[key] = value
        wrapped.key_spans[key] = span
        return wrapped


def _line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return None if mark is None else mark.line + 1


def _plain(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
