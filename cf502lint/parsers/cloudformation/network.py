"""A template's listener actions and rules, security groups and their ingress rules, and
which of its resources other stacks may reach (and so add listeners, rules or ingress to)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...model import IngressRule, ListenerAction, SecurityGroup, Span
from ...source.tree import LMap
from ..distribution_config import items
from ..network import answering, ingress_rules, listener_action
from ..values import Ref
from .resolver import Resolver, Template

LISTENER_RULE = "AWS::ElasticLoadBalancingV2::ListenerRule"
SECURITY_GROUP = "AWS::EC2::SecurityGroup"
SECURITY_GROUP_INGRESS = "AWS::EC2::SecurityGroupIngress"

_PASSING_ON = (
    "AWS::CloudFormation::Stack",
    "AWS::Serverless::Application",
    "AWS::CloudFormation::CustomResource",
    "AWS::SSM::Parameter",
)
"""Resources that hand a value to another stack or to code that may add to it."""
_SUBSTITUTION = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}")
_IDENTITIES = frozenset({"Arn", "Id", "GroupId", "LoadBalancerArn", "ListenerArn"})


def passed_on(template: Template) -> frozenset[str]:
    """The resources a template's Outputs, nested stacks, custom resources or SSM
    parameters refer to: another stack may add listeners, rules or ingress rules to them."""
    found: set[str] = set()
    outputs = template.root.get("Outputs")
    stack: list[Any] = [outputs] if isinstance(outputs, LMap) else []
    stack.extend(
        body
        for body in template.resources.values()
        if body["Type"] in _PASSING_ON or str(body["Type"]).startswith("Custom::")
    )
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if len(value) == 1:
                ((key, arg),) = value.items()
                found.update(_referred(key, arg))
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return frozenset(found)


def _referred(key: str, arg: Any) -> Iterator[str]:
    """The resources whose identity (Ref, an ARN or id attribute) a value hands on; a DNS
    name or a hosted zone lets nobody add a listener."""
    if key == "Ref" and isinstance(arg, str):
        yield arg
    elif key == "Fn::GetAtt":
        if isinstance(arg, str):
            arg = arg.split(".", 1)
        if (
            isinstance(arg, list)
            and len(arg) == 2
            and isinstance(arg[0], str)
            and (not isinstance(arg[1], str) or arg[1] in _IDENTITIES)
        ):
            yield arg[0]
    elif key == "Fn::Sub":
        text = arg[0] if isinstance(arg, list) and arg else arg
        if isinstance(text, str):
            for name, attribute in _SUBSTITUTION.findall(text):
                if not attribute or attribute in _IDENTITIES:
                    yield name


def actions(
    resolver: Resolver, listener: str, rules: list[str]
) -> tuple[ListenerAction, ...] | None:
    """The listener's default action, then each of its rules'; None when one is unknown."""
    found = [_action(resolver.property(listener, "DefaultActions"))]
    found.extend(_action(resolver.property(rule, "Actions")) for rule in rules)
    return None if any(action is None for action in found) else tuple(a for a in found if a)


def _action(value: Any) -> ListenerAction | None:
    listed = items(value)
    if listed is None:
        return None
    action = answering(listed[0], "Type")
    if action is None:
        return None
    redirect = action.get("RedirectConfig")
    redirect = redirect if isinstance(redirect, LMap) else LMap(action.span)
    result = listener_action(
        action.get("Type"), redirect.get("Protocol"), redirect.get("Host"), redirect.get("Port")
    )
    return None if result.type is None else result


Ingress = dict[str | None, list[str]]
"""The template's ``AWS::EC2::SecurityGroupIngress`` resources by the group they name;
under None, those that name a group otherwise (by name, through a condition)."""


def ingress_index(resolver: Resolver) -> Ingress:
    index: Ingress = {}
    for name in resolver.template.of_type(SECURITY_GROUP_INGRESS):
        group = resolver.property(name, "GroupId")
        index.setdefault(group.resource if isinstance(group, Ref) else None, []).append(name)
    return index


def security_groups(
    resolver: Resolver, balancer: str, leaving: frozenset[str], ingress: Ingress
) -> tuple[SecurityGroup, ...] | None:
    """The balancer's security groups, when each is a group of the template."""
    template = resolver.template
    listed = items(resolver.property(balancer, "SecurityGroups"))
    if not listed or not listed[0]:
        return None
    groups: list[SecurityGroup] = []
    for value in listed[0]:
        if not (
            isinstance(value, Ref)
            and value.attribute in (None, "GroupId")
            and template.type_of(value.resource) == SECURITY_GROUP
        ):
            return None
        groups.append(_group(resolver, value.resource, leaving, ingress))
    return tuple(groups)


def _group(
    resolver: Resolver, name: str, leaving: frozenset[str], ingress: Ingress
) -> SecurityGroup:
    template = resolver.template
    span = template.root["Resources"].span_of(name)
    rules: list[IngressRule] | None = [] if name not in leaving and None not in ingress else None
    inline = resolver.property(name, "SecurityGroupIngress")
    listed = ([], []) if inline is None else items(inline)
    if listed is None:
        rules = None
    for index, rule in enumerate(listed[0] if listed else ()):
        spans = listed[1] if listed else []
        found = _ingress(rule, spans[index] if index < len(spans) else span)
        rules = None if rules is None or found is None else rules + found
    for other in ingress.get(name, []):
        found = _ingress(resolver.property(other), template.root["Resources"].span_of(other))
        rules = None if rules is None or found is None else rules + found
    return SecurityGroup(span=span, resource=name, ingress=None if rules is None else tuple(rules))


def _ingress(rule: Any, span: Span) -> list[IngressRule] | None:
    if not isinstance(rule, LMap):
        return None
    sources: list[tuple[str | None, Any]] = []
    for key, kind in (
        ("CidrIp", "cidr"),
        ("CidrIpv6", "cidr"),
        ("SourcePrefixListId", "prefix-list"),
        ("SourceSecurityGroupId", "security-group"),
        ("SourceSecurityGroupName", "security-group"),
    ):
        if key in rule:
            sources.append((kind, rule[key]))
    if len(sources) != 1:
        return None
    return list(
        ingress_rules(
            span, rule.get("IpProtocol"), rule.get("FromPort"), rule.get("ToPort"), sources
        )
    )
