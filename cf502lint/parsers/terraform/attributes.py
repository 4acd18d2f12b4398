"""Attributes a resource computes, as far as their shape is known before it exists.

``aws_lb.app.dns_name`` is ``<name>-<id>.<region>.elb.amazonaws.com`` whatever the load
balancer's name; ``aws_s3_bucket_website_configuration.x.website_endpoint`` is an S3 website
endpoint of the configured bucket. Data sources are read by name where AWS fixes the
answer (managed cache and origin request policies).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import policies
from ..values import Partial, Ref, Unknown, concat

if TYPE_CHECKING:
    from .instances import ResourceInstance

Expand = Callable[[Ref], Any]

LOAD_BALANCERS = ("aws_lb", "aws_alb", "aws_elb")
_REGION = Unknown("region", "label")


def _string(value: Any, expand: Expand, fallback: Unknown) -> Any:
    """A configured string, with references expanded; ``fallback`` when it is not one."""
    if isinstance(value, Ref):
        value = expand(value)
    if isinstance(value, Partial):
        return concat([expand(p) if isinstance(p, Ref) else p for p in value.parts])
    return value if isinstance(value, str | Unknown) else fallback


def _website(bucket: Any) -> Any:
    return concat([bucket, ".s3-website", Unknown("region", "host"), ".amazonaws.com"])


def computed(instance: ResourceInstance, attribute: str, expand: Expand) -> Any:
    """What is known of a computed attribute's string form (``Unknown`` when nothing)."""
    label = Unknown(instance.address, "label")
    kind = instance.type
    if kind in LOAD_BALANCERS and attribute == "dns_name":
        return Partial((label, ".", _REGION, ".elb.amazonaws.com"))
    if kind == "aws_s3_bucket":
        name = _string(instance.configured("bucket"), expand, Unknown(instance.address, "host"))
        match attribute:
            case "id" | "bucket":
                return name
            case "bucket_domain_name":
                return concat([name, ".s3.amazonaws.com"])
            case "bucket_regional_domain_name":
                return concat([name, ".s3.", _REGION, ".amazonaws.com"])
            case "website_endpoint":
                return _website(name)
    if kind == "aws_s3_bucket_website_configuration":
        bucket = _string(instance.configured("bucket"), expand, Unknown(instance.address, "host"))
        if attribute == "website_endpoint":
            return _website(bucket)
        if attribute == "id":
            return bucket
    match kind, attribute:
        case "aws_apigatewayv2_api", "api_endpoint":
            return concat(["https://", label, ".execute-api.", _REGION, ".amazonaws.com"])
        case (("aws_apigatewayv2_api" | "aws_api_gateway_rest_api"), "id"):
            return label
        case (
            ("aws_api_gateway_deployment" | "aws_api_gateway_stage" | "aws_apigatewayv2_stage"),
            ("invoke_url"),
        ):
            api = Unknown("api", "label")
            return concat(
                ["https://", api, ".execute-api.", _REGION, ".amazonaws.com/", Unknown("stage")]
            )
        case "aws_lambda_function_url", "function_url":
            return concat(["https://", label, ".lambda-url.", _REGION, ".on.aws/"])
        case "aws_lambda_function_url", "url_id":
            return label
        case (
            ("aws_cloudfront_distribution" | "aws_cloudfront_multitenant_distribution"),
            "domain_name",
        ):
            return concat([label, ".cloudfront.net"])
        case "aws_api_gateway_domain_name", "cloudfront_domain_name":
            return concat([label, ".cloudfront.net"])
        case "aws_api_gateway_domain_name", "regional_domain_name":
            return concat(["d-", label, ".execute-api.", _REGION, ".amazonaws.com"])
        case "aws_elastic_beanstalk_environment", "cname":
            return concat([label, ".", _REGION, ".elasticbeanstalk.com"])
        case "aws_instance", "private_dns":
            return concat(["ip-", label, ".", Unknown("region", "host"), ".internal"])
        case "aws_route53_record", "fqdn":
            return record_fqdn(instance, expand)
    return Unknown(f"{instance.address}.{attribute}")


def record_fqdn(instance: ResourceInstance, expand: Expand) -> Any:
    """A record's full name: ``name``, completed with its zone's name when it is relative."""
    name = _string(instance.configured("name"), expand, Unknown(instance.address, "host"))
    if not isinstance(name, str):
        return name
    zone_name: Any = None
    zone = instance.configured("zone_id")
    if isinstance(zone, Ref):
        owner = instance.group.owner.tree.by_address.get(zone.resource)
        if owner is not None and owner.type == "aws_route53_zone":
            zone_name = owner.configured("name")
    if isinstance(zone_name, str):
        zone_name = zone_name.rstrip(".")
        bare = name.rstrip(".")
        if bare == zone_name or bare.endswith("." + zone_name):
            return bare
        return f"{bare}.{zone_name}"
    if "." in name.rstrip("."):
        return name.rstrip(".")
    return concat([name, ".", Unknown("zone", "host")])


def data_attribute(instance: ResourceInstance, name: str) -> Any:
    """A computed attribute of a data source."""
    kind = instance.type
    policy = kind in ("aws_cloudfront_cache_policy", "aws_cloudfront_origin_request_policy")
    if policy and name == "id":
        return managed_policy_id(kind, instance.configured("name"))
    if kind == "aws_ec2_managed_prefix_list" and name == "id":
        return Ref(instance.address, "id")  # a security group rule's source names the list
    if kind == "aws_region" and name in ("name", "id", "region"):
        return _REGION
    if kind == "aws_caller_identity" and name == "account_id":
        return Unknown("account", "label")
    return Unknown(f"{instance.address}.{name}")


def managed_policy_id(kind: str, name: Any) -> Any:
    """The id of the AWS managed policy a data source looks up by name."""
    table = (
        policies.MANAGED_CACHE_POLICIES
        if kind == "aws_cloudfront_cache_policy"
        else policies.MANAGED_ORIGIN_REQUEST_POLICIES
    )
    if not isinstance(name, str):
        return Unknown(f"data.{kind} looked up by an unknown name")
    found = policies.managed_id(name, table)
    return found if found is not None else Unknown(f"data.{kind} {name!r} is not a managed policy")
