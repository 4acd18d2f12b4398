"""Where a template's values are written, for fixes (``Distribution.sources``), and the
published version of each same-template Lambda function (``published_versions``).

The resolver reads ``Ref: Policy`` as the parameter's ``Default`` when no
``--parameter Policy=...`` overrides it; that ``Default`` is where the value is written, and
it is shared when the template refers to the parameter more than once (a second ``Ref``, a
``${Policy}`` in ``Fn::Sub``, a condition): changing it would change those uses too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from ...fix import Reference, Written
from ...model import Distribution, Span
from ...source.tree import LList, LMap
from .resolver import Template

_SUB = re.compile(r"\$\{([^}!][^}]*)\}")
_LIST_TYPES = ("CommaDelimitedList", "List<")
VERSION = "AWS::Lambda::Version"
SAM_FUNCTION = "AWS::Serverless::Function"


def with_sources(distributions: Sequence[Distribution], template: Template) -> list[Distribution]:
    """``distributions`` with the template's ``sources`` and ``published_versions``."""
    if not distributions:
        return list(distributions)
    sources = value_sources(template)
    versions = published_versions(template)
    return [replace(d, sources=sources, published_versions=versions) for d in distributions]


def value_sources(template: Template) -> dict[Span, Written]:
    """For each key of the template whose value is ``Ref`` of a parameter that takes its
    ``Default``: where that default is written, and whether other uses read it."""
    uses: Counter[str] = Counter()
    repeated: set[str] = set()
    candidates: list[tuple[Span, str]] = []
    for container, again in _walk(template.root):
        if isinstance(container, LList):
            continue
        for key, value in container.items():
            if key == "Ref" and isinstance(value, str):
                uses[value] += 1
                if again:
                    repeated.add(value)
            elif key == "Fn::Sub":
                for name in _sub_names(value):
                    uses[name] += 1
                    if again:
                        repeated.add(name)
            elif _ref_name(value) is not None and not again:
                candidates.append((container.span_of(key), str(_ref_name(value))))
    found: dict[Span, Written] = {}
    for span, name in candidates:
        default = _default_span(template, name)
        if default is not None:
            shared = uses[name] > 1 or name in repeated
            found[span] = Written(default, f"parameter {name}", shared)
    return found


def published_versions(template: Template) -> dict[str, Reference]:
    """Same-template functions with exactly one unconditional ``AWS::Lambda::Version`` (or a
    SAM function with ``AutoPublishAlias``): what names that version."""
    versions: dict[str, list[str]] = {}
    conditional: set[str] = set()
    for name in template.of_type(VERSION):
        body = template.resources[name]
        properties = body.get("Properties")
        function = (
            _function_named(properties.get("FunctionName"))
            if isinstance(properties, LMap)
            else None
        )
        if function is None:
            continue
        versions.setdefault(function, []).append(name)
        if "Condition" in body:
            conditional.add(function)
    found = {
        function: Reference("Ref", names[0])
        for function, names in versions.items()
        if len(names) == 1 and function not in conditional
    }
    for name in template.of_type(SAM_FUNCTION):
        properties = template.resources[name].get("Properties")
        alias = properties.get("AutoPublishAlias") if isinstance(properties, LMap) else None
        if isinstance(alias, str) and name not in versions:
            found[name] = Reference("Ref", f"{name}.Version")
    return found


def _function_named(value: Any) -> str | None:
    """The logical id a version's ``FunctionName`` names: ``!Ref Fn`` or ``!GetAtt Fn.Arn``."""
    name = _ref_name(value)
    if name is not None:
        return name
    if isinstance(value, LMap) and len(value) == 1 and "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        if isinstance(target, str):
            target = target.split(".", 1)
        if isinstance(target, list) and len(target) == 2 and target[1] == "Arn":
            return target[0] if isinstance(target[0], str) else None
    return None


def _ref_name(value: Any) -> str | None:
    if isinstance(value, LMap) and len(value) == 1 and isinstance(value.get("Ref"), str):
        return str(value["Ref"])
    return None


def _default_span(template: Template, name: str) -> Span | None:
    """Where parameter ``name``'s default is written, when ``Ref`` takes it as it is."""
    if name in template.overrides:
        return None
    parameter = template.parameters.get(name)
    if not isinstance(parameter, LMap) or "Default" not in parameter:
        return None
    kind = parameter.get("Type", "String")
    if not isinstance(kind, str) or kind.startswith(_LIST_TYPES) or "SSM" in kind:
        return None
    if not isinstance(parameter["Default"], str | int | float | bool):
        return None
    return parameter.span_of("Default")


def _sub_names(value: Any) -> Iterator[str]:
    """The names a ``Fn::Sub`` string refers to that its own variables do not define."""
    variables: Any = {}
    if isinstance(value, list) and value:
        if len(value) == 2:
            variables = value[1]
        value = value[0]
    if not isinstance(value, str):
        return
    for match in _SUB.finditer(value):
        name = match.group(1).strip()
        if "." not in name and not (isinstance(variables, dict) and name in variables):
            yield name


def _walk(root: Any) -> Iterator[tuple[LMap | LList, bool]]:
    """Every container under ``root``, once each; ``True`` with a container reached again
    (a YAML alias), whose uses count as shared."""
    seen: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        value, again = stack.pop()
        if not isinstance(value, LMap | LList):
            continue
        if id(value) in seen:
            if again:
                continue
            again = True
        seen.add(id(value))
        yield value, again
        children = value.values() if isinstance(value, LMap) else value
        stack.extend((child, again) for child in children)
