"""What a Terraform configuration or plan says about an origin beyond the distribution:
the load balancer, listeners and certificates behind it, Route 53 records, and policies.

Configurations link resources by reference (``aws_lb.app.arn``) and plans by equal values
(the ARN string), so the lookups go through a small ``Resources`` protocol that each of the
two front ends implements; everything else is shared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any, Protocol

from ...model import (
    Certificate,
    CloudFrontFunction,
    LambdaFunction,
    Listener,
    ListenerAction,
    LoadBalancer,
    OriginConfig,
    OriginTarget,
    SecurityGroup,
    Span,
    TargetKind,
)
from ...source.tree import LList, LMap
from .. import policies
from ..distribution_config import (
    Defaults,
    Domain,
    FunctionArn,
    VpcEndpoint,
    as_bool,
    as_int,
    as_str,
    lambda_arn,
)
from ..hostnames import classify
from ..values import Partial, Ref, Unknown, render
from . import network
from .attributes import LOAD_BALANCERS
from .edge_functions import TerraformFunctions
from .endpoints import TerraformEndpoints

LISTENERS = ("aws_lb_listener", "aws_alb_listener")
LISTENER_CERTIFICATES = ("aws_lb_listener_certificate", "aws_alb_listener_certificate")
CERTIFICATES = ("aws_acm_certificate",)
VALIDATIONS = ("aws_acm_certificate_validation",)
RECORDS = ("aws_route53_record",)
TARGETS = {
    "aws_api_gateway_rest_api": TargetKind.API_GATEWAY,
    "aws_apigatewayv2_api": TargetKind.API_GATEWAY,
    "aws_lambda_function_url": TargetKind.LAMBDA_URL,
    "aws_cloudfront_distribution": TargetKind.CLOUDFRONT,
    "aws_cloudfront_multitenant_distribution": TargetKind.CLOUDFRONT,
}
SERVICE_ATTRIBUTES = {
    ("aws_elastic_beanstalk_environment", "endpoint_url"): TargetKind.ELASTIC_BEANSTALK,
    ("aws_elastic_beanstalk_environment", "cname"): TargetKind.ELASTIC_BEANSTALK,
    ("aws_instance", "public_dns"): TargetKind.EC2_INSTANCE,
    ("aws_eip", "public_dns"): TargetKind.EC2_INSTANCE,
}
"""Attributes that are a service's own name (or address), which no certificate covers:
an environment's ``endpoint_url`` is its load balancer's name or its instance's address."""
_MAX_RECORD_HOPS = 4
Owned = dict[str, list["Resource"]]


class Resource(Protocol):
    @property
    def address(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def span(self) -> Span: ...

    @property
    def body(self) -> LMap: ...


class Resources(Protocol):
    def of_type(self, *types: str) -> Iterator[Resource]: ...

    def referenced(self, value: Any) -> Resource | None:
        """The resource a ``Ref`` value names (configurations only)."""

    def find(self, value: Any, types: tuple[str, ...], *attributes: str) -> Resource | None:
        """The resource of ``types`` that ``value`` identifies by one of ``attributes``."""

    def expand(self, ref: Ref) -> Any: ...

    def balancer_named(self, hostname: str) -> Resource | None:
        """A load balancer whose own DNS name is ``hostname`` (plans only)."""

    def record_name(self, record: Resource) -> str | None: ...

    def passed_on(self) -> frozenset[str]:
        """Resources other code may add to: their ARN or id leaves the configuration."""


def first(value: Any) -> LMap | None:
    """The one block of a block type that allows one."""
    if isinstance(value, LList | list) and value and isinstance(value[0], LMap):
        return value[0]
    return None


class TerraformContext:
    """Resolves domains and policies through the other resources of the configuration."""

    defaults = Defaults(
        http_port=None,
        https_port=None,
        ssl_protocols=None,
        allowed_methods=None,
        http_version="http2",
        vpc_protocol_policy=None,
        absent_config=OriginConfig.S3,
    )
    """Ports, ``origin_ssl_protocols`` and ``allowed_methods`` are required in Terraform (in
    ``aws_cloudfront_vpc_origin`` too): an absent one is unknown, not CloudFormation's
    default. An origin without a configuration block is sent as an S3 origin."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self._balancers: dict[str, LoadBalancer] = {}
        self._hops = 0
        self._records: dict[str, Resource] | None = None
        self._indexes: dict[str, Owned] = {}
        self._functions = TerraformFunctions(resources)
        self._endpoints = TerraformEndpoints(resources, self.load_balancer)

    def vpc_origin(self, value: Any) -> VpcEndpoint | None:
        return self._endpoints.vpc_origin(value)

    def edge_function(self, value: Any, kind: str) -> LambdaFunction | CloudFrontFunction | None:
        return self._functions.function(value, kind)

    def viewer_certificate(self, value: Any) -> Certificate | None:
        if isinstance(value, Partial) and len(value.parts) == 1:
            value = value.parts[0]
        validation = self.resources.find(value, VALIDATIONS, "certificate_arn")
        if validation is not None:
            value = validation.body.get("certificate_arn")
        found = self._certificates([value])
        return found[0] if found else None

    def lambda_arn(self, value: Any) -> FunctionArn:
        if isinstance(value, Partial) and len(value.parts) == 1:
            value = value.parts[0]
        last = value.parts[-1] if isinstance(value, Partial) else value
        resource = self.resources.referenced(last)
        if isinstance(last, Ref) and resource is not None:
            if resource.type == "aws_lambda_alias" and last.attribute == "arn":
                return FunctionArn(None, "alias", None, resource.address)
            if resource.type == "aws_lambda_function":
                version = None
                if last.attribute == "arn" and last is value:
                    version = "unqualified"
                elif last.attribute == "qualified_arn" or (
                    last.attribute == "version" and last is not value
                ):
                    publish = resource.body.get("publish")
                    published = False if publish is None else as_bool(publish)
                    version = None if published is None else "numbered" if published else "latest"
                return FunctionArn(None, version, None, resource.address)
        return lambda_arn(value)

    def domain(self, value: Any) -> Domain:
        if isinstance(value, Partial) and len(value.parts) == 1:
            value = value.parts[0]
        if isinstance(value, Ref):
            resource = self.resources.referenced(value)
            if resource is not None:
                return self._resource_domain(resource, value)
        pattern = render(value, self.resources.expand) if value is not None else None
        exact = value if isinstance(value, str) else None
        target = classify(pattern)
        if target.kind is TargetKind.API_GATEWAY:
            target = replace(target, edge_optimized=self._endpoints.edge_optimized(value))
        if exact is not None:
            balancer = self.resources.balancer_named(exact)
            if balancer is not None:
                return Domain(exact, pattern, self._balancer_target(balancer))
            if not target.service_hostname:
                record = self._record_named(exact)
                if record is not None:
                    target = replace(
                        self._record_target(record), private_zone=self._endpoints.private(exact)
                    )
        return Domain(exact, pattern, target)

    def _balancer_target(self, balancer: Resource) -> OriginTarget:
        return OriginTarget(
            kind=TargetKind.LOAD_BALANCER,
            service_hostname=True,
            resource=balancer.address,
            load_balancer=self.load_balancer(balancer),
        )

    def _resource_domain(self, resource: Resource, ref: Ref) -> Domain:
        expanded = self.resources.expand(ref)
        pattern = render(expanded, self.resources.expand)
        exact = expanded if isinstance(expanded, str) else None
        if resource.type in LOAD_BALANCERS and ref.attribute == "dns_name":
            return Domain(None, pattern, self._balancer_target(resource))
        if resource.type in RECORDS and ref.attribute == "fqdn":
            private = None if exact is None else self._endpoints.private(exact)
            return Domain(
                exact, pattern, replace(self._record_target(resource), private_zone=private)
            )
        service = SERVICE_ATTRIBUTES.get((resource.type, ref.attribute or ""))
        if service is not None:
            return Domain(
                exact,
                pattern,
                OriginTarget(kind=service, service_hostname=True, resource=resource.address),
            )
        target = classify(pattern)
        if resource.type in TARGETS and target.kind is TargetKind.UNKNOWN:
            target = OriginTarget(kind=TARGETS[resource.type], service_hostname=True)
        return Domain(
            exact,
            pattern,
            OriginTarget(
                kind=target.kind,
                service_hostname=target.service_hostname,
                resource=resource.address,
            ),
        )

    def _record_named(self, hostname: str) -> Resource | None:
        if self._records is None:
            self._records = {}
            for record in self.resources.of_type(*RECORDS):
                name = self.resources.record_name(record)
                if name is not None:
                    self._records.setdefault(name.lower().rstrip("."), record)
        return self._records.get(hostname.lower().rstrip("."))

    def _owned(
        self, kinds: tuple[str, ...], link: str, owners: tuple[str, ...]
    ) -> dict[str, list[Resource]]:
        """Resources of ``kinds`` by the address of the resource their ``link`` names; under
        ``""``, those whose link is unknown (it may name any of them)."""
        index: dict[str, list[Resource]] = {}
        for resource in self.resources.of_type(*kinds):
            value = resource.body.get(link)
            owner = self.resources.find(value, owners, "arn", "id")
            if owner is not None:
                index.setdefault(owner.address, []).append(resource)
            elif not isinstance(value, Ref | str):
                index.setdefault("", []).append(resource)
        return index

    def _index(self, kinds: tuple[str, ...], link: str, owners: tuple[str, ...]) -> Owned:
        key = kinds[0]
        if key not in self._indexes:
            self._indexes[key] = self._owned(kinds, link, owners)
        return self._indexes[key]

    def _record_target(self, record: Resource) -> OriginTarget:
        """A record's target, seen through its custom name: a certificate can match that name."""
        body = record.body
        alias = first(body.get("alias"))
        pointed: Any = alias.get("name") if alias is not None else None
        if pointed is None:
            records = body.get("records")
            pointed = records[0] if isinstance(records, list) and len(records) == 1 else None
        if pointed is None or self._hops >= _MAX_RECORD_HOPS:
            return OriginTarget(kind=TargetKind.UNKNOWN)
        self._hops += 1
        try:
            target = self.domain(pointed).target
        finally:
            self._hops -= 1
        return target.behind_custom_name()

    def load_balancer(self, resource: Resource) -> LoadBalancer:
        if resource.address not in self._balancers:
            self._balancers[resource.address] = self._read_load_balancer(resource)
        return self._balancers[resource.address]

    def _read_load_balancer(self, resource: Resource) -> LoadBalancer:
        body = resource.body
        internal = body.get("internal")
        internal_known = False if internal is None else as_bool(internal)
        if resource.type == "aws_elb":
            idle = body.get("idle_timeout")
            return LoadBalancer(
                span=resource.span,
                resource=resource.address,
                type="classic",
                internal=internal_known,
                idle_timeout=60 if idle is None else as_int(idle),
                listeners=tuple(self._classic_listeners(body, resource.span)),
                listeners_complete=resource.address not in self.resources.passed_on(),
                security_groups=self._security_groups(resource),
            )
        raw_type = body.get("load_balancer_type")
        lb_type = "application" if raw_type is None else as_str(raw_type)
        address_type = body.get("ip_address_type")
        idle_timeout: int | None = {"application": 60, "network": 350}.get(lb_type or "")
        if lb_type == "application" and "idle_timeout" in body:
            idle_timeout = as_int(body["idle_timeout"])
        return LoadBalancer(
            span=resource.span,
            resource=resource.address,
            type=lb_type,
            internal=internal_known,
            idle_timeout=idle_timeout,
            listeners=tuple(self._listeners(resource, lb_type)),
            ip_address_type="ipv4" if address_type is None else as_str(address_type),
            listeners_complete=self._listeners_complete(resource),
            security_groups=self._security_groups(resource),
        )

    def _listeners_complete(self, balancer: Resource) -> bool:
        listeners = self._index(LISTENERS, "load_balancer_arn", LOAD_BALANCERS)
        return "" not in listeners and balancer.address not in self.resources.passed_on()

    def _security_groups(self, balancer: Resource) -> tuple[SecurityGroup, ...] | None:
        rules = self._index(network.GROUP_RULES, "security_group_id", network.SECURITY_GROUPS)
        return network.security_groups(
            self.resources, balancer, rules, "" in rules, self.resources.passed_on()
        )

    def _listeners(self, balancer: Resource, lb_type: str | None) -> Iterator[Listener]:
        listeners = self._index(LISTENERS, "load_balancer_arn", LOAD_BALANCERS)
        certificates_of = self._index(LISTENER_CERTIFICATES, "listener_arn", LISTENERS)
        rules_of = self._index(network.LISTENER_RULES, "listener_arn", LISTENERS)
        for listener in listeners.get(balancer.address, []):
            body = listener.body
            certificate = body.get("certificate_arn")
            certificates = (
                None
                if isinstance(certificate, Unknown)
                else (() if certificate is None else self._certificates([certificate]))
            )
            for extra in certificates_of.get(listener.address, []):
                more = self._certificates([extra.body.get("certificate_arn")])
                certificates = None if certificates is None or more is None else certificates + more
            protocol = body.get("protocol")
            if protocol is None and lb_type == "application":
                protocol = "HTTP"
            yield Listener(
                span=listener.span,
                resource=listener.address,
                port=as_int(body.get("port")),
                protocol=protocol.upper() if isinstance(protocol, str) else None,
                certificates=certificates,
                ssl_policy=as_str(body.get("ssl_policy")),
                actions=self._actions(listener, rules_of.get(listener.address, [])),
                rules_complete="" not in rules_of
                and listener.address not in self.resources.passed_on(),
            )

    def _actions(
        self, listener: Resource, rules: list[Resource]
    ) -> tuple[ListenerAction, ...] | None:
        found = [network.action(listener.body.get("default_action"))]
        found.extend(network.action(rule.body.get("action")) for rule in rules)
        return None if any(a is None for a in found) else tuple(a for a in found if a)

    def _classic_listeners(self, body: LMap, span: Span) -> Iterator[Listener]:
        listeners = body.get("listener")
        if not isinstance(listeners, LList):
            return
        for index, listener in enumerate(listeners):
            if not isinstance(listener, LMap):
                continue
            protocol = listener.get("lb_protocol")
            certificate = listener.get("ssl_certificate_id")
            yield Listener(
                span=listeners.span_of(index),
                resource=None,
                port=as_int(listener.get("lb_port")),
                protocol=protocol.upper() if isinstance(protocol, str) else None,
                certificates=() if certificate is None else self._certificates([certificate]),
            )

    def _certificates(self, arns: list[Any]) -> tuple[Certificate, ...] | None:
        certificates: list[Certificate] = []
        for arn in arns:
            resource = self.resources.find(arn, CERTIFICATES, "arn", "id")
            if resource is None:
                return None
            body = resource.body
            names: list[Any] = [body.get("domain_name")]
            alternatives = body.get("subject_alternative_names")
            if isinstance(alternatives, list):
                names.extend(alternatives)
            elif alternatives is not None:
                names.append(Unknown("subject_alternative_names"))
            known = tuple(dict.fromkeys(n for n in names if isinstance(n, str)))
            certificates.append(
                Certificate(
                    span=resource.span,
                    resource=resource.address,
                    names=known,
                    complete=all(isinstance(n, str) for n in names),
                )
            )
        return tuple(certificates)

    def _policy_headers(self, value: Any, kind: str, *path: str) -> tuple[Any, Any] | None:
        resource = self.resources.find(value, (kind,), "id")
        if resource is None:
            return None
        config: LMap | None = resource.body
        for block in path:
            config = first(config.get(block)) if config is not None else None
        if config is None:
            return None
        headers = first(config.get("headers"))
        items = headers.get("items") if headers is not None else []
        return config.get("header_behavior"), items if isinstance(items, list) else None

    def cache_policy_forwards_host(self, value: Any) -> bool | None:
        if isinstance(value, str) and value.lower() in policies.MANAGED_CACHE_POLICIES:
            return policies.MANAGED_CACHE_POLICIES[value.lower()][1]
        config = self._policy_headers(
            value,
            "aws_cloudfront_cache_policy",
            "parameters_in_cache_key_and_forwarded_to_origin",
            "headers_config",
        )
        return None if config is None else policies.cache_policy_forwards_host(*config)

    def origin_request_policy_forwards_host(self, value: Any) -> bool | None:
        if isinstance(value, str) and value.lower() in policies.MANAGED_ORIGIN_REQUEST_POLICIES:
            return policies.MANAGED_ORIGIN_REQUEST_POLICIES[value.lower()][1]
        config = self._policy_headers(
            value, "aws_cloudfront_origin_request_policy", "headers_config"
        )
        return None if config is None else policies.origin_request_policy_forwards_host(*config)
