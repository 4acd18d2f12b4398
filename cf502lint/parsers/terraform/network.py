"""A configuration's listener actions and rules, and the security groups of a load balancer
with their ingress rules (inline, ``aws_security_group_rule`` and
``aws_vpc_security_group_ingress_rule``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model import IngressRule, ListenerAction, SecurityGroup
from ...source.tree import LList, LMap
from ..network import CLOUDFRONT_PREFIX_LIST, answering, ingress_rules, listener_action

if TYPE_CHECKING:
    from .context import Resource, Resources

LISTENER_RULES = ("aws_lb_listener_rule", "aws_alb_listener_rule")
SECURITY_GROUPS = ("aws_security_group",)
GROUP_RULES = ("aws_security_group_rule", "aws_vpc_security_group_ingress_rule")
PREFIX_LIST_DATA = "aws_ec2_managed_prefix_list"


def action(blocks: Any) -> ListenerAction | None:
    """What a listener's ``default_action`` blocks (or a rule's ``action`` blocks) do."""
    if not isinstance(blocks, list):
        return None
    chosen = answering(blocks, "type")
    if not isinstance(chosen, LMap):
        return None
    redirect = chosen.get("redirect")
    body = redirect[0] if isinstance(redirect, list) and redirect else None
    if redirect is not None and not isinstance(body, LMap):
        return None
    body = body if isinstance(body, LMap) else LMap(chosen.span)
    result = listener_action(
        chosen.get("type"), body.get("protocol"), body.get("host"), body.get("port")
    )
    return None if result.type is None else result


def security_groups(
    resources: Resources,
    balancer: Resource,
    rules_of: dict[str, list[Resource]],
    unlinked: bool,
    leaving: frozenset[str],
) -> tuple[SecurityGroup, ...] | None:
    """The balancer's security groups, when each is a group of the configuration;
    ``rules_of`` holds the separate rule resources by group address and ``unlinked`` says
    whether one of them names a group that cannot be told."""
    listed = balancer.body.get("security_groups")
    if not isinstance(listed, list) or not listed:
        return None
    groups: list[SecurityGroup] = []
    for value in listed:
        group = resources.find(value, SECURITY_GROUPS, "id")
        if group is None:
            return None
        complete = not (unlinked or group.address in leaving)
        rules = _inline(resources, group) if complete else None
        for other in rules_of.get(group.address, []):
            found = _separate(resources, other)
            rules = None if rules is None or found is None else rules + found
        groups.append(
            SecurityGroup(
                span=group.span,
                resource=group.address,
                ingress=None if rules is None else tuple(rules),
            )
        )
    return tuple(groups)


def _inline(resources: Resources, group: Resource) -> list[IngressRule] | None:
    blocks = group.body.get("ingress", [])
    if not isinstance(blocks, list):
        return None
    rules: list[IngressRule] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, LMap):
            return None
        span = blocks.span_of(index) if isinstance(blocks, LList) else group.span
        sources = _sources(resources, block)
        if sources is None:
            return None
        rules.extend(
            ingress_rules(
                span, block.get("protocol"), block.get("from_port"), block.get("to_port"), sources
            )
        )
    return rules


def _separate(resources: Resources, rule: Resource) -> list[IngressRule] | None:
    body = rule.body
    if rule.type == "aws_security_group_rule":
        kind = body.get("type")
        if kind == "egress":
            return []
        if kind != "ingress":
            return None
        sources = _sources(resources, body)
        protocol = body.get("protocol")
    else:
        sources = []
        for key, source_kind in (
            ("cidr_ipv4", "cidr"),
            ("cidr_ipv6", "cidr"),
            ("prefix_list_id", None),
            ("referenced_security_group_id", "security-group"),
        ):
            if key in body:
                value = body[key]
                if source_kind is None:
                    source_kind = _prefix_list_kind(resources, value)
                sources.append((source_kind, value))
        protocol = body.get("ip_protocol")
        if len(sources) != 1:
            return None
    if sources is None:
        return None
    return list(
        ingress_rules(rule.span, protocol, body.get("from_port"), body.get("to_port"), sources)
    )


def _sources(resources: Resources, body: LMap) -> list[tuple[str | None, Any]] | None:
    """The sources of an ``ingress`` block or an ``aws_security_group_rule``."""
    sources: list[tuple[str | None, Any]] = []
    for key, kind in (
        ("cidr_blocks", "cidr"),
        ("ipv6_cidr_blocks", "cidr"),
        ("prefix_list_ids", None),
        ("security_groups", "security-group"),
    ):
        values = body.get(key, [])
        if not isinstance(values, list):
            return None
        for value in values:
            sources.append((kind or _prefix_list_kind(resources, value), value))
    for key in ("source_security_group_id", "self"):
        if key in body and body[key] is not False:
            sources.append(("security-group", body[key] if key != "self" else "self"))
    return sources


def _prefix_list_kind(resources: Resources, value: Any) -> str | None:
    """``cloudfront-prefix-list`` for the id of a data source that looks CloudFront's
    origin-facing list up by name, ``prefix-list`` for another, None when unknown."""
    found = resources.referenced(value)
    if found is None or found.type != PREFIX_LIST_DATA:
        return "prefix-list" if isinstance(value, str) else None
    if ".data." not in f".{found.address}":
        return "prefix-list"  # a list of one's own: its entries are not read
    names: list[Any] = [found.body.get("name")]
    filters = found.body.get("filter", [])
    for block in filters if isinstance(filters, list) else [None]:
        if not isinstance(block, LMap):
            return None
        if block.get("name") == "prefix-list-name":
            values = block.get("values")
            names.extend(values if isinstance(values, list) else [None])
    known = [name for name in names if name is not None]
    if not known or not all(isinstance(name, str) for name in known):
        return None
    return "cloudfront-prefix-list" if CLOUDFRONT_PREFIX_LIST in known else "prefix-list"
