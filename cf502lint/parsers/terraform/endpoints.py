"""What a configuration (or plan) says about where an origin really is: the VPC origin a
``vpc_origin_config`` names, whether a REST API is edge-optimised, and which record names
live only in private hosted zones."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...model import LoadBalancer, OriginTarget, TargetKind
from ...source.tree import LList, LMap
from ..distribution_config import VpcEndpoint, as_bool
from ..values import Partial, Ref
from .attributes import LOAD_BALANCERS
from .distribution import Shape, translate

if TYPE_CHECKING:
    from .context import Resource, Resources

VPC_ORIGIN = "aws_cloudfront_vpc_origin"
REST_API = "aws_api_gateway_rest_api"
ZONE = "aws_route53_zone"
RECORD = "aws_route53_record"

_ENDPOINT = Shape(
    {
        "origin_arn": "Arn",
        "http_port": "HTTPPort",
        "https_port": "HTTPSPort",
        "origin_protocol_policy": "OriginProtocolPolicy",
        "ip_address_type": "IpAddressType",
    },
    {
        "origin_ssl_protocols": (
            "OriginSSLProtocols",
            Shape({"items": "Items", "quantity": "Quantity"}),
            True,
        )
    },
)
"""``vpc_origin_endpoint_config`` in ``VpcOriginEndpointConfig`` spelling."""


def _first(value: Any) -> LMap | None:
    if isinstance(value, LList | list) and value and isinstance(value[0], LMap):
        return value[0]
    return None


class TerraformEndpoints:
    """Reads VPC origins, REST APIs and hosted zones of one configuration or plan."""

    def __init__(
        self, resources: Resources, load_balancer: Callable[[Resource], LoadBalancer]
    ) -> None:
        self.resources = resources
        self.load_balancer = load_balancer
        self._private: dict[str, bool | None] | None = None

    def vpc_origin(self, value: Any) -> VpcEndpoint | None:
        resource = self.resources.find(value, (VPC_ORIGIN,), "id")
        block = _first(resource.body.get("vpc_origin_endpoint_config")) if resource else None
        if resource is None or block is None:
            return None
        config = translate(block, _ENDPOINT)
        return VpcEndpoint(
            resource=resource.address,
            span=resource.span,
            config=config,
            target=self._endpoint_target(config.get("Arn")),
        )

    def _endpoint_target(self, arn: Any) -> OriginTarget:
        balancer = self.resources.find(arn, LOAD_BALANCERS, "arn", "id")
        if balancer is not None:
            return OriginTarget(
                kind=TargetKind.LOAD_BALANCER,
                resource=balancer.address,
                load_balancer=self.load_balancer(balancer),
            )
        instance = self.resources.find(arn, ("aws_instance",), "arn")
        if instance is not None:
            return OriginTarget(kind=TargetKind.EC2_INSTANCE, resource=instance.address)
        return OriginTarget(kind=TargetKind.UNKNOWN)

    def edge_optimized(self, value: Any) -> bool | None:
        """Whether the REST API a domain name is built from (``${aws_api_gateway_rest_api.x.id}
        .execute-api...``) is edge-optimised, as REST APIs are unless they say otherwise;
        False when the name is built from no such API."""
        parts = value.parts if isinstance(value, Partial) else (value,)
        answers = []
        for part in parts:
            api = self.resources.find(part, (REST_API,), "id") if isinstance(part, Ref) else None
            if api is not None:
                answers.append(_edge(api.body))
        if True in answers:
            return True
        return None if None in answers else False

    def private(self, hostname: str) -> bool | None:
        """Whether every record of this name is in a private hosted zone."""
        if self._private is None:
            self._private = {}
            for record in self.resources.of_type(RECORD):
                name = self.resources.record_name(record)
                if name is None:
                    continue
                key = name.lower().rstrip(".")
                before = self._private.get(key, True)
                private = self._in_private_zone(record)
                if False in (before, private):
                    self._private[key] = False
                else:
                    self._private[key] = None if None in (before, private) else True
        return self._private.get(hostname.lower().rstrip("."), False)

    def _in_private_zone(self, record: Resource) -> bool | None:
        zone_id = record.body.get("zone_id")
        zone = self.resources.find(zone_id, (ZONE,), "zone_id", "id")
        if zone is None:
            return False  # not a zone of this configuration
        if "private_zone" in zone.body:  # the data source
            return as_bool(zone.body["private_zone"])
        vpcs = zone.body.get("vpc")
        if vpcs is None:
            return False
        return bool(vpcs) if isinstance(vpcs, list) else None


def _edge(body: LMap) -> bool | None:
    block = body.get("endpoint_configuration")
    configuration = _first(block)
    if configuration is None:
        if block not in (None, []) or "body" in body or "parameters" in body:
            return None  # unknown, or set by the OpenAPI document
        return True
    types = configuration.get("types")
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        return None
    return any(t.upper() == "EDGE" for t in types) if types else True
