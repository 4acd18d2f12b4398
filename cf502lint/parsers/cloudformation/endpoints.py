"""What a template says about where an origin really is: the VPC origin a VpcOriginConfig
names, whether a REST API is edge-optimised, and which record names live only in private
hosted zones."""

from __future__ import annotations

from typing import Any

from ...source.tree import LMap
from ..distribution_config import items
from ..values import Partial, Ref
from .resolver import Resolver

VPC_ORIGIN = "AWS::CloudFront::VpcOrigin"
HOSTED_ZONE = "AWS::Route53::HostedZone"
REST_APIS = ("AWS::ApiGateway::RestApi", "AWS::Serverless::Api")
_REST_API_SOURCES = ("Body", "BodyS3Location", "DefinitionBody", "DefinitionUri", "Parameters")
"""Properties through which a REST API's endpoint type may come from elsewhere."""


def vpc_origin(resolver: Resolver, value: Any) -> tuple[str, LMap] | None:
    """The same-template VPC origin ``value`` names, with its resolved endpoint
    configuration."""
    if isinstance(value, Partial) and len(value.parts) == 1:
        value = value.parts[0]
    if not (isinstance(value, Ref) and value.attribute in (None, "Id")):
        return None
    if resolver.template.type_of(value.resource) != VPC_ORIGIN:
        return None
    config = resolver.property(value.resource, "VpcOriginEndpointConfig")
    return (value.resource, config) if isinstance(config, LMap) else None


def edge_optimized(resolver: Resolver, value: Any) -> bool | None:
    """Whether the same-template REST API a domain name is built from is edge-optimised,
    which REST APIs are unless they say otherwise; False when no such API is named."""
    parts = value.parts if isinstance(value, Partial) else (value,)
    apis = [
        p.resource
        for p in parts
        if isinstance(p, Ref)
        and p.attribute is None
        and resolver.template.type_of(p.resource) in REST_APIS
    ]
    answers = [_edge(resolver, api) for api in apis]
    if True in answers:
        return True
    return None if None in answers else False


def _edge(resolver: Resolver, api: str) -> bool | None:
    configuration = resolver.property(api, "EndpointConfiguration")
    if configuration is None and resolver.template.type_of(api) == "AWS::Serverless::Api":
        configuration = _globals(resolver)
    if configuration is None:
        properties = resolver.property(api)
        given = isinstance(properties, LMap) and any(k in properties for k in _REST_API_SOURCES)
        return None if given else True
    if isinstance(configuration, str):  # SAM: EndpointConfiguration: REGIONAL
        return configuration.upper() == "EDGE"
    if not isinstance(configuration, LMap):
        return None
    types: Any = configuration.get("Types", configuration.get("Type"))
    if types is None:
        return True
    if isinstance(types, str):
        return types.upper() == "EDGE"
    found = items(types)
    if found is None or not all(isinstance(t, str) for t in found[0]):
        return None
    return any(t.upper() == "EDGE" for t in found[0]) if found[0] else True


def _globals(resolver: Resolver) -> Any:
    """SAM's ``Globals: Api: EndpointConfiguration``, which every Serverless::Api inherits."""
    section = resolver.template.root.get("Globals")
    api = section.get("Api") if isinstance(section, LMap) else None
    if not isinstance(api, LMap):
        return None
    return resolver.located(api.get("EndpointConfiguration"), "Globals", "Api")


def private_zones(resolver: Resolver) -> tuple[set[str], set[str]]:
    """The names (lower case, no final dot) and logical ids of the template's private hosted
    zones: those attached to a VPC."""
    names: set[str] = set()
    ids: set[str] = set()
    for zone in resolver.template.of_type(HOSTED_ZONE):
        vpcs = items(resolver.property(zone, "VPCs"))
        if vpcs is None or not vpcs[0]:
            continue
        ids.add(zone)
        name = resolver.property(zone, "Name")
        if isinstance(name, str):
            names.add(name.lower().rstrip("."))
    return names, ids


def in_private_zone(record: LMap, zones: tuple[set[str], set[str]]) -> bool | None:
    """Whether a record set belongs to one of ``zones``; None when its zone is unknown."""
    names, ids = zones
    zone_id = record.get("HostedZoneId")
    if isinstance(zone_id, Ref) and zone_id.attribute in (None, "Id"):
        return zone_id.resource in ids
    zone_name = record.get("HostedZoneName")
    if isinstance(zone_name, str):
        return zone_name.lower().rstrip(".") in names
    return None
