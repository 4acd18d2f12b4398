"""What of a distribution's configuration the model reads, and the conditions that decide it.

A condition used only in settings the model does not hold (``Logging``, ``WebACLId``,
``DefaultRootObject``, ``CustomErrorResponses``) cannot change a finding: checking the
distribution under both of its values would model the same distribution twice, and a
template with a handful of such conditions was modelled dozens of times over. Such a
condition is still checked when it is on a parameter the modelled settings use, for a value
it contradicts makes that parameter unknown (``Conditions.departed``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ...source.tree import LList, LMap
from ..distribution_config import CONFIG_KEYS
from .budget import MAX_NESTING
from .conditions import used_conditions
from .resolver import Template

DISTRIBUTION = "AWS::CloudFront::Distribution"
_SUB = re.compile(r"\$\{([^}!][^}]*)\}")


def modelled(config: Any, depth: int = 0) -> Any:
    """``config`` (a ``DistributionConfig`` as written) with only the keys the model reads,
    in both branches of an ``Fn::If`` around it too; any other value as it is."""
    if not isinstance(config, LMap) or depth > MAX_NESTING:
        return config
    if len(config) == 1:
        ((key, arg),) = config.items()
        if key == "Fn::If" and isinstance(arg, LList) and len(arg) == 3:
            branches = LList(arg.span)
            branches.extend([arg[0], modelled(arg[1], depth + 1), modelled(arg[2], depth + 1)])
            branches.item_spans = list(arg.item_spans)
            return _kept(config, {key: branches})
        if key == "Ref" or key.startswith(("Fn::", "!")):
            return config
    return _kept(config, {k: v for k, v in config.items() if k in CONFIG_KEYS})


def _kept(original: LMap, values: Mapping[str, Any]) -> LMap:
    kept = LMap(original.span)
    for key, value in values.items():
        kept[key] = value
        if key in original.key_spans:
            kept.key_spans[key] = original.key_spans[key]
    return kept


def deciding(template: Template, config: Any, kept: Any, related: Iterable[Any]) -> set[str]:
    """The conditions of ``config`` that can change what the model reads of it (``kept``,
    with the ``related`` resources): those in ``kept``, and those of the rest that compare a
    parameter ``kept`` or ``related`` refers to, directly or through other resources."""
    found = used_conditions(kept)
    others = used_conditions(config) - found
    if others:
        named = _referenced(template, [kept, *related])
        found |= {c for c in others if _parameters(template.conditions, c) & named}
    return found


def _referenced(template: Template, values: list[Any]) -> set[str]:
    """The names ``Ref``, ``Fn::GetAtt`` and ``Fn::Sub`` use in ``values`` and in the
    resources they name, and so on; a distribution named is its name, domain or ARN, not
    its configuration."""
    names: set[str] = set()
    seen: set[int] = set()
    stack = list(values)
    while stack:
        current = stack.pop()
        if not isinstance(current, dict | list) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, list):
            stack.extend(current)
            continue
        stack.extend(current.values())
        found: list[str] = []
        ref, att, sub = current.get("Ref"), current.get("Fn::GetAtt"), current.get("Fn::Sub")
        if isinstance(ref, str):
            found.append(ref)
        if isinstance(att, str):
            found.append(att.split(".")[0])
        elif isinstance(att, list) and att and isinstance(att[0], str):
            found.append(att[0])
        if isinstance(sub, list) and sub:
            sub = sub[0]
        if isinstance(sub, str):
            found += [m.group(1).split(".")[0] for m in _SUB.finditer(sub)]
        for name in found:
            if name not in names:
                names.add(name)
                if template.type_of(name) not in (None, DISTRIBUTION):
                    stack.append(template.resources[name])
    return names


def _parameters(definitions: Mapping[str, Any], name: str) -> set[str]:
    """The names ``Ref`` uses in condition ``name`` and in the conditions it names."""
    found: set[str] = set()
    conditions = {name}
    seen: set[int] = set()
    stack = [definitions.get(name)]
    while stack:
        current = stack.pop()
        if isinstance(current, dict | list):
            if id(current) in seen:
                continue
            seen.add(id(current))
        if isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, dict):
            ref, condition = current.get("Ref"), current.get("Condition")
            if isinstance(ref, str):
                found.add(ref)
            if isinstance(condition, str) and condition not in conditions:
                conditions.add(condition)
                stack.append(definitions.get(condition))
            stack.extend(current.values())
    return found
