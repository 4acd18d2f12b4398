"""From a loaded CloudFormation template to model documents."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from ...model import (
    Certificate,
    CloudFrontFunction,
    Distribution,
    Document,
    LambdaFunction,
    Listener,
    LoadBalancer,
    OriginTarget,
    SourceIssue,
    Span,
    TargetKind,
)
from ...source.tree import Duplicate, LMap, Loaded
from ...suppressions import metadata_suppressions
from .. import policies
from ..distribution_config import (
    CLOUDFORMATION_DEFAULTS,
    Domain,
    FunctionArn,
    VpcEndpoint,
    as_bool,
    as_int,
    as_str,
    build_distribution,
    entries,
    items,
    lambda_arn,
    strings,
)
from ..hostnames import classify
from ..values import Partial, Ref, Unknown, render
from . import network
from .budget import Budget, TooMuch
from .conditions import Conditions, used_conditions
from .edge_functions import TemplateFunctions
from .endpoints import (
    HOSTED_ZONE,
    VPC_ORIGIN,
    edge_optimized,
    in_private_zone,
    private_zones,
    vpc_origin,
)
from .modelled import DISTRIBUTION, deciding, modelled
from .resolver import Resolver, Template
from .sources import with_sources

ELBV2 = "AWS::ElasticLoadBalancingV2::LoadBalancer"
CLASSIC_ELB = "AWS::ElasticLoadBalancing::LoadBalancer"
LISTENER = "AWS::ElasticLoadBalancingV2::Listener"
LISTENER_CERTIFICATE = "AWS::ElasticLoadBalancingV2::ListenerCertificate"
LISTENER_RULE = network.LISTENER_RULE
CERTIFICATE = "AWS::CertificateManager::Certificate"
RECORD = "AWS::Route53::RecordSet"
RECORD_GROUP = "AWS::Route53::RecordSetGroup"
CACHE_POLICY = "AWS::CloudFront::CachePolicy"
ORIGIN_REQUEST_POLICY = "AWS::CloudFront::OriginRequestPolicy"

LAMBDA_VERSION = "AWS::Lambda::Version"
_LAMBDA_REFERENCES: dict[tuple[str | None, str | None], str] = {
    (LAMBDA_VERSION, None): "numbered",
    ("AWS::Lambda::Alias", None): "alias",
    ("AWS::Lambda::Function", "Arn"): "unqualified",
    ("AWS::Serverless::Function", "Arn"): "unqualified",
    ("AWS::Lambda::Function", None): "unqualified",
    ("AWS::Serverless::Function", None): "unqualified",
}
"""What a reference to a same-template Lambda resource names (``Ref`` of a function is its
name, which CloudFront rejects as it does an unversioned ARN)."""

_RELATED = (
    ELBV2,
    CLASSIC_ELB,
    LISTENER,
    LISTENER_CERTIFICATE,
    CERTIFICATE,
    RECORD,
    RECORD_GROUP,
    VPC_ORIGIN,
    HOSTED_ZONE,
)
_TARGETS = {
    "AWS::ApiGateway::RestApi": TargetKind.API_GATEWAY,
    "AWS::ApiGatewayV2::Api": TargetKind.API_GATEWAY,
    "AWS::Serverless::Api": TargetKind.API_GATEWAY,
    "AWS::Serverless::HttpApi": TargetKind.API_GATEWAY,
    "AWS::Lambda::Url": TargetKind.LAMBDA_URL,
    "AWS::CloudFront::Distribution": TargetKind.CLOUDFRONT,
}
_SERVICE_ATTRIBUTES = {
    ("AWS::ElasticBeanstalk::Environment", "EndpointURL"): TargetKind.ELASTIC_BEANSTALK,
    ("AWS::EC2::Instance", "PublicDnsName"): TargetKind.EC2_INSTANCE,
}
"""Attributes that are a service's own name (or address), which no certificate covers:
an environment's EndpointURL is its load balancer's name or its instance's address."""


def template_root(root: Any) -> LMap | None:
    """The template in ``root``: a CloudFormation template, or a Serverless Framework file's."""
    if not isinstance(root, LMap):
        return None
    if isinstance(root.get("Resources"), LMap):
        return root
    nested = root.get("resources")
    if isinstance(nested, LMap) and isinstance(nested.get("Resources"), LMap):
        return nested
    return None


def parse_template(
    loaded: Loaded, path: str, overrides: Mapping[str, str] | None = None
) -> Document | None:
    """The document for a template with CloudFront distributions; None if it has none."""
    root = template_root(loaded.root)
    if root is None:
        return None
    template = Template(root, overrides or {}, serverless=root is not loaded.root)
    names = template.of_type(DISTRIBUTION)
    lost = [d for d in loaded.duplicates if _is_distribution(d.replaced)]
    if not names and not lost:
        return None
    issues = tuple(
        SourceIssue(
            kind="duplicate-key",
            message=f"key {d.key!r} is written twice in one mapping (first on line "
            f"{d.first.line}): CloudFormation keeps only this value and drops the first, and "
            "'aws cloudformation package' and 'deploy' reject the template; keep one",
            span=d.span,
        )
        for d in loaded.duplicates
    )
    budget = Budget()
    related = _Related([template.resources[name] for name in template.of_type(*_RELATED)])
    distributions = [
        dist for name in names for dist in _distributions(template, name, related, budget)
    ]
    distributions = with_sources(distributions, template)
    if issues:
        distributions = _with_issues(distributions, issues, template, names, lost)
    return Document(path, "cloudformation", tuple(distributions), notices=budget.notices)


def _is_distribution(value: Any) -> bool:
    return isinstance(value, LMap) and value.get("Type") == DISTRIBUTION


def _with_issues(
    distributions: list[Distribution],
    issues: tuple[SourceIssue, ...],
    template: Template,
    names: list[str],
    lost: list[Duplicate],
) -> list[Distribution]:
    """The first distribution carries the file's issues (under each of its combinations of
    conditions). When none could be modelled, an empty one does: a duplicate key that
    replaced the distribution, or a distribution whose configuration is unknown, is still
    reported."""
    if distributions:
        first = distributions[0].name
        return [replace(d, issues=issues) if d.name == first else d for d in distributions]
    name = names[0] if names else lost[0].key
    span = template.root["Resources"].span_of(name) if names else lost[0].span
    return [
        Distribution(span=span, name=name, resource=name, origins=(), complete=False, issues=issues)
    ]


class _Related:
    """What the resources a distribution's origins may lead to cost to resolve, and the
    conditions they use: measured once for all the template's distributions."""

    def __init__(self, resources: list[LMap]) -> None:
        self.resources = resources
        self.size = _size(resources)
        self.conditions = used_conditions(resources)


def _distributions(
    template: Template, name: str, related: _Related, budget: Budget
) -> Iterator[Distribution]:
    resource = template.resources[name]
    span = template.root["Resources"].span_of(name)
    properties = resource.get("Properties")
    written = properties.get("DistributionConfig") if isinstance(properties, LMap) else None
    config = modelled(written)
    suppressions = metadata_suppressions(resource, name)
    conditions = Conditions(template.conditions, template.parameters, template.overrides, budget)
    try:
        used = deciding(template, written, config, related.resources)
        scenarios = conditions.scenarios(used | related.conditions)
    except TooMuch as error:
        budget.ran_out(error, span, name, "its Fn::If values are")
        scenarios = [{}]
    work = len(scenarios) * (_size([config]) + related.size)
    if len(scenarios) > 1 and work > MAX_WORK:
        budget.note(
            span,
            f"{name}: {len(scenarios)} combinations of conditions would resolve more than "
            f"{MAX_WORK:,} values; its Fn::If values are unknown",
        )
        scenarios = [{}]
    for index, scenario in enumerate(scenarios):
        if index and budget.exhausted:
            return  # the combinations left would be modelled from unknown values
        resolver = Resolver(template, scenario, budget, conditions.departed(scenario))
        resolved = resolver.located(config, name, "Properties", "DistributionConfig")
        if not isinstance(resolved, LMap):
            continue
        dist = build_distribution(
            resolved,
            name=name,
            resource=name,
            span=span,
            ctx=TemplateContext(resolver),
            scenario=tuple(sorted(scenario.items())),
        )
        if index and budget.exhausted:
            return
        if dist.connection_mode == "tenant-only":
            dist = replace(dist, tenant_domains=_tenant_domains(template, resolver, name, scenario))
        yield replace(dist, suppressions=suppressions) if suppressions else dist


TENANT = "AWS::CloudFront::DistributionTenant"


def _tenant_domains(
    template: Template, resolver: Resolver, name: str, scenario: Mapping[str, bool]
) -> tuple[str | None, ...]:
    """The domains of the enabled tenants whose ``DistributionId`` is the distribution's
    (``Ref`` or ``GetAtt .Id``) and that exist under ``scenario``: a tenant with a
    condition the scenario does not decide may not exist, and is left out."""
    found: list[str | None] = []
    for tenant in template.of_type(TENANT):
        condition = template.resources[tenant].get("Condition")
        if condition is not None and scenario.get(str(condition)) is not True:
            continue
        if resolver.property(tenant, "DistributionId") not in (Ref(name), Ref(name, "Id")):
            continue
        if as_bool(resolver.property(tenant, "Enabled")) is False:
            continue
        domains = strings(resolver.property(tenant, "Domains"))
        found.extend([None] if domains is None else domains)
    return tuple(dict.fromkeys(found))


MAX_WORK = 2_000_000
"""Values resolved for one distribution over all its condition combinations, at most."""
MAX_ALIASES = 16
"""Records followed through their aliases to what an origin's name points at."""


def _size(values: list[Any]) -> int:
    """How many values resolving ``values`` visits (an alias counted once), up to MAX_WORK."""
    seen: set[int] = set()
    stack = list(values)
    count = 0
    while stack and count <= MAX_WORK:
        value = stack.pop()
        count += 1
        if isinstance(value, dict | list) and id(value) not in seen:
            seen.add(id(value))
            stack.extend(value.values() if isinstance(value, dict) else value)
    return count


class TemplateContext:
    """Resolves domains and policies through the template's own resources."""

    defaults = CLOUDFORMATION_DEFAULTS

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.template = resolver.template
        self._balancers: dict[str, LoadBalancer] = {}
        self._following: set[str] = set()
        """Records whose target is being looked up: records that alias in a loop stop there."""
        self._records: tuple[dict[str, str], dict[str, LMap]] | None = None
        self._referring: dict[str, dict[Ref, list[str]]] = {}
        self._private: dict[str, bool | None] | None = None
        self._leaving: frozenset[str] | None = None
        self._linked: dict[str, bool] = {}
        self._ingress_index: network.Ingress | None = None
        self._functions = TemplateFunctions(resolver)

    def edge_function(self, value: Any, kind: str) -> LambdaFunction | CloudFrontFunction | None:
        return self._functions.function(value, kind)

    def viewer_certificate(self, value: Any) -> Certificate | None:
        if isinstance(value, Partial) and len(value.parts) == 1:
            value = value.parts[0]
        found = self._certificate_list([value]) if isinstance(value, Ref) else None
        return found[0] if found else None

    def lambda_arn(self, value: Any) -> FunctionArn:
        if isinstance(value, Partial) and len(value.parts) == 1:
            value = value.parts[0]
        if isinstance(value, Ref):
            kind = self.template.type_of(value.resource)
            version = _LAMBDA_REFERENCES.get((kind, value.attribute))
            return FunctionArn(None, version, None, value.resource)
        last = value.parts[-1] if isinstance(value, Partial) else None
        if (
            isinstance(last, Ref)
            and last.attribute == "Version"
            and self.template.type_of(last.resource) == LAMBDA_VERSION
        ):
            return FunctionArn(None, "numbered", None, last.resource)
        return lambda_arn(value)

    def domain(self, value: Any) -> Domain:
        if isinstance(value, Partial) and len(value.parts) == 1:
            value = value.parts[0]
        if isinstance(value, Ref):
            return self._resource_domain(value)
        pattern = render(value, self.resolver.expand) if value is not None else None
        exact = value if isinstance(value, str) else None
        target = classify(pattern)
        if target.kind is TargetKind.API_GATEWAY:
            target = replace(target, edge_optimized=edge_optimized(self.resolver, value))
        if exact is not None and not target.service_hostname:
            record = self._record_named(exact)
            if record is not None:
                target = replace(
                    self._record_target(record), private_zone=self._private_name(exact)
                )
        return Domain(exact, pattern, target)

    def _resource_domain(self, ref: Ref) -> Domain:
        kind = self.template.type_of(ref.resource)
        expanded = self.resolver.expand(ref)
        pattern = render(expanded, self.resolver.expand)
        exact = expanded if isinstance(expanded, str) else None
        if kind in (ELBV2, CLASSIC_ELB) and ref.attribute == "DNSName":
            balancer = self.load_balancer(ref.resource)
            return Domain(
                None,
                pattern,
                OriginTarget(
                    kind=TargetKind.LOAD_BALANCER,
                    service_hostname=True,
                    resource=ref.resource,
                    load_balancer=balancer,
                ),
            )
        if kind == RECORD and ref.attribute is None:
            name = exact.rstrip(".") if exact else None
            target = self._record_target(ref.resource)
            private = None if name is None else self._private_name(name)
            return Domain(name, pattern, replace(target, private_zone=private))
        service = _SERVICE_ATTRIBUTES.get((kind or "", ref.attribute or ""))
        if service is not None:
            return Domain(
                exact,
                pattern,
                OriginTarget(kind=service, service_hostname=True, resource=ref.resource),
            )
        target = classify(pattern)
        if kind in _TARGETS and target.kind is TargetKind.UNKNOWN:
            target = OriginTarget(kind=_TARGETS[kind], service_hostname=True)
        return Domain(
            exact,
            pattern,
            OriginTarget(
                kind=target.kind, service_hostname=target.service_hostname, resource=ref.resource
            ),
        )

    def _record_named(self, hostname: str) -> str | None:
        return self._record_index()[0].get(hostname.lower().rstrip("."))

    def _private_name(self, hostname: str) -> bool | None:
        """Whether every record of this name is in a private hosted zone of the template."""
        if self._private is None:
            zones = private_zones(self.resolver)
            self._private = {}
            for resource, record in self._each_record():
                name = record.get("Name")
                if not isinstance(name, str):
                    continue
                owner = record
                if self.template.type_of(resource) == RECORD_GROUP:
                    group = self.resolver.property(resource)
                    owner = group if isinstance(group, LMap) else record
                private = in_private_zone(owner, zones) if zones[1] else False
                key = name.lower().rstrip(".")
                before = self._private.get(key, True)
                if False in (before, private):
                    self._private[key] = False
                else:
                    self._private[key] = None if None in (before, private) else True
        return self._private.get(hostname.lower().rstrip("."), False)

    def vpc_origin(self, value: Any) -> VpcEndpoint | None:
        found = vpc_origin(self.resolver, value)
        if found is None:
            return None
        name, config = found
        arn = config.get("Arn")
        target = OriginTarget(kind=TargetKind.UNKNOWN)
        if isinstance(arn, Ref) and arn.attribute in (None, "LoadBalancerArn"):
            if self.template.type_of(arn.resource) == ELBV2:
                target = OriginTarget(
                    kind=TargetKind.LOAD_BALANCER,
                    resource=arn.resource,
                    load_balancer=self.load_balancer(arn.resource),
                )
            elif self.template.type_of(arn.resource) == "AWS::EC2::Instance":
                target = OriginTarget(kind=TargetKind.EC2_INSTANCE, resource=arn.resource)
        return VpcEndpoint(
            resource=name,
            span=self.template.root["Resources"].span_of(name),
            config=config,
            target=target,
        )

    def _record_index(self) -> tuple[dict[str, str], dict[str, LMap]]:
        """The records of the template by name (lower case, no final dot), the resource of
        the first of each, and by resource, the first record of each; read once."""
        if self._records is None:
            by_name: dict[str, str] = {}
            by_resource: dict[str, LMap] = {}
            for resource, record in self._each_record():
                name = record.get("Name")
                if isinstance(name, str):
                    by_name.setdefault(name.lower().rstrip("."), resource)
                by_resource.setdefault(resource, record)
            self._records = (by_name, by_resource)
        return self._records

    def _each_record(self) -> Iterator[tuple[str, LMap]]:
        for name in self.template.of_type(RECORD):
            record = self.resolver.property(name)
            if isinstance(record, LMap):
                yield name, record
        for name in self.template.of_type(RECORD_GROUP):
            found = items(self.resolver.property(name, "RecordSets"))
            for record in found[0] if found else ():
                if isinstance(record, LMap):
                    yield name, record

    def _record_target(self, record_name: str) -> OriginTarget:
        """A record's target, seen through its custom name: a certificate can match that name."""
        if record_name in self._following:  # a loop of aliases: unknown, not endless
            return OriginTarget(kind=TargetKind.UNKNOWN)
        if len(self._following) >= MAX_ALIASES:
            self.resolver.budget.note(
                self.template.root["Resources"].span_of(record_name),
                f"{record_name}: more than {MAX_ALIASES} records alias one another in a chain; "
                "its target is unknown",
            )
            return OriginTarget(kind=TargetKind.UNKNOWN)
        self._following.add(record_name)
        try:
            return self._follow_record(record_name)
        finally:
            self._following.discard(record_name)

    def _follow_record(self, record_name: str) -> OriginTarget:
        record = self._record_index()[1].get(record_name)
        if record is None:
            return OriginTarget(kind=TargetKind.UNKNOWN)
        alias = record.get("AliasTarget")
        pointed: Any = alias.get("DNSName") if isinstance(alias, LMap) else None
        if pointed is None:
            found = items(record.get("ResourceRecords"))
            pointed = found[0][0] if found and len(found[0]) == 1 else None
        if pointed is None:
            return OriginTarget(kind=TargetKind.UNKNOWN)
        return self.domain(pointed).target.behind_custom_name()

    def load_balancer(self, name: str) -> LoadBalancer:
        if name not in self._balancers:
            self._balancers[name] = self._read_load_balancer(name)
        return self._balancers[name]

    def _read_load_balancer(self, name: str) -> LoadBalancer:
        resolver = self.resolver
        span = self.template.root["Resources"].span_of(name)
        scheme = resolver.property(name, "Scheme")
        internal = None if not isinstance(scheme, str | type(None)) else scheme == "internal"
        if self.template.type_of(name) == CLASSIC_ELB:
            timeout = resolver.property(name, "ConnectionSettings", "IdleTimeout")
            return LoadBalancer(
                span=span,
                resource=name,
                type="classic",
                internal=internal,
                idle_timeout=60 if timeout is None else as_int(timeout),
                listeners=tuple(self._classic_listeners(name, span)),
                listeners_complete=name not in self._passed_on(),
                security_groups=network.security_groups(
                    resolver, name, self._passed_on(), self._ingress()
                ),
            )
        kind = resolver.property(name, "Type")
        lb_type = "application" if kind is None else as_str(kind)
        address_type = resolver.property(name, "IpAddressType")
        idle: int | None = {"application": 60, "network": 350}.get(lb_type or "")
        raw = resolver.property(name, "LoadBalancerAttributes")
        attributes = ([], []) if raw is None else items(raw)
        if attributes is None:
            idle = None
        else:
            for attribute in attributes[0]:
                if not isinstance(attribute, LMap):
                    idle = None
                elif attribute.get("Key") == "idle_timeout.timeout_seconds":
                    idle = as_int(attribute.get("Value"))
                elif not isinstance(attribute.get("Key"), str):
                    idle = None
        return LoadBalancer(
            span=span,
            resource=name,
            type=lb_type,
            internal=internal,
            idle_timeout=idle,
            listeners=tuple(self._listeners(name)),
            ip_address_type="ipv4" if address_type is None else as_str(address_type),
            listeners_complete=name not in self._passed_on()
            and self._all_refer(LISTENER, "LoadBalancerArn"),
            security_groups=network.security_groups(
                resolver, name, self._passed_on(), self._ingress()
            ),
        )

    def _listeners(self, balancer: str) -> Iterator[Listener]:
        resolver = self.resolver
        for name in self._referring_to(balancer, LISTENER, "LoadBalancerArn"):
            certificates = self._certificates(resolver.property(name, "Certificates"))
            for extra in self._referring_to(name, LISTENER_CERTIFICATE, "ListenerArn"):
                more = self._certificates(resolver.property(extra, "Certificates"))
                certificates = None if certificates is None or more is None else certificates + more
            protocol = resolver.property(name, "Protocol")
            rules = self._referring_to(name, LISTENER_RULE, "ListenerArn")
            yield Listener(
                span=self.template.root["Resources"].span_of(name),
                resource=name,
                port=as_int(resolver.property(name, "Port")),
                protocol=protocol.upper() if isinstance(protocol, str) else None,
                certificates=certificates,
                ssl_policy=as_str(resolver.property(name, "SslPolicy")),
                actions=network.actions(resolver, name, rules),
                rules_complete=name not in self._passed_on()
                and self._all_refer(LISTENER_RULE, "ListenerArn"),
            )

    def _ingress(self) -> network.Ingress:
        if self._ingress_index is None:
            self._ingress_index = network.ingress_index(self.resolver)
        return self._ingress_index

    def _passed_on(self) -> frozenset[str]:
        if self._leaving is None:
            self._leaving = network.passed_on(self.template)
        return self._leaving

    def _all_refer(self, kind: str, key: str) -> bool:
        """Whether every resource of ``kind`` names what its ``key`` links to by a reference
        (one that does not might link to any resource of the template)."""
        if kind not in self._linked:
            self._linked[kind] = all(
                isinstance(self.resolver.property(name, key), Ref | str)
                for name in self.template.of_type(kind)
            )
        return self._linked[kind]

    def _referring_to(self, resource: str, kind: str, key: str) -> list[str]:
        """The resources of ``kind`` whose ``key`` is a ``Ref`` to ``resource``; the template
        is indexed once per kind, not searched once per resource."""
        if kind not in self._referring:
            index: dict[Ref, list[str]] = {}
            for name in self.template.of_type(kind):
                target = self.resolver.property(name, key)
                if isinstance(target, Ref):
                    index.setdefault(target, []).append(name)
            self._referring[kind] = index
        return self._referring[kind].get(Ref(resource), [])

    def _classic_listeners(self, balancer: str, span: Span) -> Iterator[Listener]:
        found = items(self.resolver.property(balancer, "Listeners"))
        for listener, item_span in entries(found, span):
            if not isinstance(listener, LMap):
                continue
            protocol = listener.get("Protocol")
            certificate = listener.get("SSLCertificateId")
            yield Listener(
                span=item_span or span,
                resource=None,
                port=as_int(listener.get("LoadBalancerPort")),
                protocol=protocol.upper() if isinstance(protocol, str) else None,
                certificates=() if certificate is None else self._certificate_list([certificate]),
            )

    def _certificates(self, value: Any) -> tuple[Certificate, ...] | None:
        if value is None:
            return ()
        found = items(value)
        if found is None:
            return None
        arns = [c.get("CertificateArn") if isinstance(c, LMap) else None for c in found[0]]
        return self._certificate_list(arns)

    def _certificate_list(self, arns: list[Any]) -> tuple[Certificate, ...] | None:
        certificates: list[Certificate] = []
        for arn in arns:
            if not (isinstance(arn, Ref) and self.template.type_of(arn.resource) == CERTIFICATE):
                return None
            names: list[Any] = [self.resolver.property(arn.resource, "DomainName")]
            raw = self.resolver.property(arn.resource, "SubjectAlternativeNames")
            alternatives = ([], []) if raw is None else items(raw)
            names.extend(alternatives[0] if alternatives else [Unknown("SANs")])
            known = tuple(n for n in names if isinstance(n, str))
            certificates.append(
                Certificate(
                    span=self.template.root["Resources"].span_of(arn.resource),
                    resource=arn.resource,
                    names=known,
                    complete=len(known) == len(names),
                )
            )
        return tuple(certificates)

    def _policy(self, value: Any, kind: str, *path: str) -> tuple[Any, Any] | None:
        if not (isinstance(value, Ref) and value.attribute in (None, "Id")):
            return None
        if self.template.type_of(value.resource) != kind:
            return None
        config = self.resolver.property(value.resource, *path)
        if not isinstance(config, LMap):
            return None
        headers = config.get("Headers")
        found = items(headers) if headers is not None else ([], [])
        return config.get("HeaderBehavior"), None if found is None else found[0]

    def cache_policy_forwards_host(self, value: Any) -> bool | None:
        if isinstance(value, str):
            managed = policies.MANAGED_CACHE_POLICIES.get(value.lower())
            return None if managed is None else managed[1]
        config = self._policy(
            value,
            CACHE_POLICY,
            "CachePolicyConfig",
            "ParametersInCacheKeyAndForwardedToOrigin",
            "HeadersConfig",
        )
        return None if config is None else policies.cache_policy_forwards_host(*config)

    def origin_request_policy_forwards_host(self, value: Any) -> bool | None:
        if isinstance(value, str):
            managed = policies.MANAGED_ORIGIN_REQUEST_POLICIES.get(value.lower())
            return None if managed is None else managed[1]
        config = self._policy(
            value, ORIGIN_REQUEST_POLICY, "OriginRequestPolicyConfig", "HeadersConfig"
        )
        return None if config is None else policies.origin_request_policy_forwards_host(*config)
