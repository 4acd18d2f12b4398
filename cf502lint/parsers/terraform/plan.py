"""``terraform show -json`` plan output: planned values are already resolved.

Findings point into the plan file, at the planned value, and name the resource address.
Values the plan does not know yet (``after_unknown``) stay unknown; resources are linked
by their planned values (a listener's ``load_balancer_arn`` equals the balancer's ``arn``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...model import Document, Span
from ...source.tree import LList, LMap, Loaded
from ..values import Ref, Unknown
from . import is_plan
from .context import Resource, TerraformContext
from .distribution import build
from .tenants import MULTITENANT_DISTRIBUTION, TENANT, tenant_domains

DISTRIBUTION = "aws_cloudfront_distribution"
_INSTANCE_KEY = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class PlannedResource:
    address: str
    type: str
    span: Span
    body: LMap


def parse_plan(loaded: Loaded, path: str) -> Document | None:
    root = loaded.root
    if not is_plan(root):
        return None
    resources = PlanResources(list(_planned(root)), _output_strings(root))
    context = TerraformContext(resources)
    tenants = [r for r in resources.resources if r.type == TENANT]
    references = _tenant_references(root)
    distributions = [
        build(
            r.body,
            address=r.address,
            span=r.span,
            ctx=context,
            tenant_domains=None
            if r.type == DISTRIBUTION
            else tenant_domains(t.body for t in tenants if _serves(t, r, references)),
        )
        for r in resources.resources
        if r.type in (DISTRIBUTION, MULTITENANT_DISTRIBUTION)
    ]
    if not distributions:
        return None
    return Document(path, "terraform-plan", tuple(distributions))


def _serves(
    tenant: PlannedResource, dist: PlannedResource, references: dict[str, list[str]]
) -> bool:
    """Whether the tenant belongs to the distribution: its planned ``distribution_id`` is
    the distribution's planned ``id``, or (both still unknown) the configuration's
    expression for it refers to the distribution's ``id`` in the same module instance."""
    planned, target = tenant.body.get("distribution_id"), dist.body.get("id")
    if isinstance(planned, str) and isinstance(target, str):
        return planned == target
    prefix = tenant.address[: tenant.address.rfind(TENANT)]
    written = references.get(_INSTANCE_KEY.sub("", tenant.address), [])
    return f"{dist.address}.id" in (prefix + reference for reference in written)


def _tenant_references(root: LMap) -> dict[str, list[str]]:
    """What each tenant's ``distribution_id`` refers to in the plan's ``configuration``, by
    the tenant's address without instance keys; references are relative to its module."""
    found: dict[str, list[str]] = {}
    configuration = root.get("configuration")
    stack: list[tuple[str, Any]] = [
        ("", configuration.get("root_module") if isinstance(configuration, LMap) else None)
    ]
    while stack:
        path, module = stack.pop()
        if not isinstance(module, LMap):
            continue
        resources = module.get("resources")
        for item in resources if isinstance(resources, LList) else ():
            if not isinstance(item, LMap) or item.get("type") != TENANT:
                continue
            expressions = item.get("expressions")
            target = expressions.get("distribution_id") if isinstance(expressions, LMap) else None
            written = target.get("references") if isinstance(target, LMap) else None
            if isinstance(item.get("address"), str) and isinstance(written, LList):
                refs = [r for r in written if isinstance(r, str)]
                found[path + item["address"]] = refs
        calls = module.get("module_calls")
        for name, call in calls.items() if isinstance(calls, LMap) else ():
            if isinstance(call, LMap):
                stack.append((f"{path}module.{name}.", call.get("module")))
    return found


def _output_strings(root: LMap) -> frozenset[str]:
    """Every string the plan's root module outputs."""
    planned = root.get("planned_values")
    outputs = planned.get("outputs") if isinstance(planned, LMap) else None
    found: set[str] = set()
    stack: list[Any] = [outputs]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return frozenset(found)


def _planned(root: LMap) -> Iterator[PlannedResource]:
    unknown: dict[str, Any] = {}
    changes = root.get("resource_changes")
    for change in changes if isinstance(changes, LList) else ():
        after = change.get("change") if isinstance(change, LMap) else None
        if isinstance(after, LMap) and isinstance(change.get("address"), str):
            unknown[change["address"]] = after.get("after_unknown")
    planned = root.get("planned_values")
    if isinstance(planned, LMap) and isinstance(planned.get("root_module"), LMap):
        yield from _module(planned["root_module"], unknown)
        return
    for change in changes if isinstance(changes, LList) else ():
        after = change.get("change") if isinstance(change, LMap) else None
        if not isinstance(after, LMap) or not isinstance(after.get("after"), LMap):
            continue
        resource = _resource(change, after["after"], unknown)
        if resource is not None:
            yield resource


def _module(module: LMap, unknown: dict[str, Any]) -> Iterator[PlannedResource]:
    resources = module.get("resources")
    for item in resources if isinstance(resources, LList) else ():
        if isinstance(item, LMap) and isinstance(item.get("values"), LMap):
            resource = _resource(item, item["values"], unknown)
            if resource is not None:
                yield resource
    children = module.get("child_modules")
    for child in children if isinstance(children, LList) else ():
        if isinstance(child, LMap):
            yield from _module(child, unknown)


def _resource(item: LMap, values: LMap, unknown: dict[str, Any]) -> PlannedResource | None:
    address, kind = item.get("address"), item.get("type")
    if not isinstance(address, str) or not isinstance(kind, str) or item.get("mode") == "data":
        return None
    span = item.span_of("address")
    return PlannedResource(address, kind, span, _known(values, unknown.get(address)))


def _known(value: LMap, unknown: Any) -> LMap:
    """Planned values with null (unset) left out and not-yet-known values made ``Unknown``."""
    out = LMap(value.span)
    marks = unknown if isinstance(unknown, dict) else {}
    for key in {**value, **marks}:
        mark = marks.get(key)
        item = value.get(key)
        if mark is True:
            out[key] = Unknown(f"{key} is known after apply")
        elif item is None:
            continue
        else:
            out[key] = _known_value(item, mark)
        out.key_spans[key] = value.span_of(key)
    return out


def _known_value(value: Any, unknown: Any) -> Any:
    if isinstance(value, LMap):
        return _known(value, unknown)
    if isinstance(value, LList):
        marks = unknown if isinstance(unknown, list) else []
        items = LList(value.span)
        for index, item in enumerate(value):
            mark = marks[index] if index < len(marks) else None
            items.append(Unknown("known after apply") if mark is True else _known_value(item, mark))
            items.item_spans.append(value.span_of(index))
        return items
    return value


class PlanResources:
    """The ``Resources`` of a plan: resources linked by equal planned values.

    Every lookup goes through an index built on first use, so that a plan of many
    distributions and load balancers is read in time linear in its size."""

    def __init__(self, resources: list[PlannedResource], outputs: frozenset[str]) -> None:
        self.resources = resources
        self.outputs = outputs
        """Every string the root module outputs."""
        self._passed: frozenset[str] | None = None
        self._of_type: dict[tuple[str, ...], list[PlannedResource]] = {}
        self._found: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, Resource]] = {}
        self._balancers: dict[str, Resource] | None = None

    def of_type(self, *types: str) -> Iterator[Resource]:
        if types not in self._of_type:
            self._of_type[types] = [r for r in self.resources if r.type in types]
        return iter(self._of_type[types])

    def referenced(self, value: Any) -> Resource | None:
        return None

    def find(self, value: Any, types: tuple[str, ...], *attributes: str) -> Resource | None:
        if not isinstance(value, str) or not value:
            return None
        key = (types, attributes)
        if key not in self._found:
            index: dict[str, Resource] = {}
            for resource in self.of_type(*types):
                for attribute in attributes:
                    planned = resource.body.get(attribute)
                    if isinstance(planned, str):
                        index.setdefault(planned, resource)
            self._found[key] = index
        return self._found[key].get(value)

    def expand(self, ref: Ref) -> Any:
        return Unknown(ref.resource)

    def passed_on(self) -> frozenset[str]:
        if self._passed is None:
            self._passed = frozenset(
                r.address
                for r in self.resources
                if any(
                    isinstance(r.body.get(key), str) and r.body[key] in self.outputs
                    for key in ("arn", "id")
                )
            )
        return self._passed

    def balancer_named(self, hostname: str) -> Resource | None:
        if self._balancers is None:
            self._balancers = {}
            for resource in self.of_type("aws_lb", "aws_alb", "aws_elb"):
                name = resource.body.get("dns_name")
                if isinstance(name, str):
                    self._balancers.setdefault(name.lower().rstrip("."), resource)
        return self._balancers.get(hostname.lower().rstrip("."))

    def record_name(self, record: Resource) -> str | None:
        name = record.body.get("fqdn", record.body.get("name"))
        return name if isinstance(name, str) else None
