"""An ``aws_cloudfront_distribution`` or ``aws_cloudfront_multitenant_distribution``
(evaluated, or from a plan) as a model ``Distribution``.

The arguments are renamed to their DistributionConfig spelling, keeping every span, and
built by the same code as CloudFormation's, so the same misconfiguration gives the same
model in both languages. Only the defaults differ, and the context supplies them: the ports,
the origin TLS protocols and the allowed methods are required arguments in Terraform, so an
absent one is unknown rather than CloudFormation's default.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ...model import Distribution, SourceIssue, Span
from ...source.tree import LList, LMap
from ..distribution_config import Context, build_distribution


@dataclass(frozen=True, slots=True)
class Shape:
    """How a Terraform block maps onto its DistributionConfig counterpart."""

    attributes: dict[str, str] = field(default_factory=dict)
    blocks: dict[str, tuple[str, Shape, bool]] = field(default_factory=dict)
    """Block type -> (key, shape, whether the block appears at most once)."""


_CUSTOM = Shape(
    {
        "http_port": "HTTPPort",
        "https_port": "HTTPSPort",
        "origin_protocol_policy": "OriginProtocolPolicy",
        "origin_ssl_protocols": "OriginSSLProtocols",
        "origin_read_timeout": "OriginReadTimeout",
        "origin_keepalive_timeout": "OriginKeepaliveTimeout",
        "ip_address_type": "IpAddressType",
    },
    {
        "origin_mtls_config": (
            "OriginMtlsConfig",
            Shape({"client_certificate_arn": "ClientCertificateArn"}),
            True,
        )
    },
)
_S3 = Shape(
    {"origin_access_identity": "OriginAccessIdentity", "origin_read_timeout": "OriginReadTimeout"}
)
_VPC = Shape(
    {
        "vpc_origin_id": "VpcOriginId",
        "origin_read_timeout": "OriginReadTimeout",
        "origin_keepalive_timeout": "OriginKeepaliveTimeout",
    }
)
_ORIGIN = Shape(
    {
        "origin_id": "Id",
        "domain_name": "DomainName",
        "origin_access_control_id": "OriginAccessControlId",
        "connection_attempts": "ConnectionAttempts",
        "connection_timeout": "ConnectionTimeout",
        "origin_path": "OriginPath",
        "response_completion_timeout": "ResponseCompletionTimeout",
    },
    {
        "custom_header": (
            "OriginCustomHeaders",
            Shape({"name": "HeaderName", "value": "HeaderValue"}),
            False,
        ),
        "custom_origin_config": ("CustomOriginConfig", _CUSTOM, True),
        "s3_origin_config": ("S3OriginConfig", _S3, True),
        "vpc_origin_config": ("VpcOriginConfig", _VPC, True),
    },
)
_GROUP = Shape(
    {"origin_id": "Id"},
    {
        "failover_criteria": ("FailoverCriteria", Shape({"status_codes": "StatusCodes"}), True),
        "member": ("Members", Shape({"origin_id": "OriginId"}), False),
    },
)
_BEHAVIOR_ATTRIBUTES = {
    "path_pattern": "PathPattern",
    "target_origin_id": "TargetOriginId",
    "viewer_protocol_policy": "ViewerProtocolPolicy",
    "allowed_methods": "AllowedMethods",
    "cache_policy_id": "CachePolicyId",
    "origin_request_policy_id": "OriginRequestPolicyId",
    "min_ttl": "MinTTL",
}
_LAMBDA_ASSOCIATION = Shape(
    {"event_type": "EventType", "lambda_arn": "LambdaFunctionARN", "include_body": "IncludeBody"}
)
_FUNCTION_ASSOCIATION = Shape({"event_type": "EventType", "function_arn": "FunctionARN"})
_BEHAVIOR = Shape(
    _BEHAVIOR_ATTRIBUTES,
    {
        "forwarded_values": ("ForwardedValues", Shape({"headers": "Headers"}), True),
        "lambda_function_association": (
            "LambdaFunctionAssociations",
            _LAMBDA_ASSOCIATION,
            False,
        ),
        "function_association": ("FunctionAssociations", _FUNCTION_ASSOCIATION, False),
        "grpc_config": ("GrpcConfig", Shape({"enabled": "Enabled"}), True),
    },
)
_VIEWER_CERTIFICATE = Shape(
    {
        "cloudfront_default_certificate": "CloudFrontDefaultCertificate",
        "acm_certificate_arn": "AcmCertificateArn",
        "iam_certificate_id": "IamCertificateId",
        "ssl_support_method": "SslSupportMethod",
        "minimum_protocol_version": "MinimumProtocolVersion",
    }
)
DISTRIBUTION = Shape(
    {
        "aliases": "Aliases",
        "http_version": "HttpVersion",
        "continuous_deployment_policy_id": "ContinuousDeploymentPolicyId",
        "staging": "Staging",
    },
    {
        "origin": ("Origins", _ORIGIN, False),
        "origin_group": ("OriginGroups", _GROUP, False),
        "default_cache_behavior": ("DefaultCacheBehavior", _BEHAVIOR, True),
        "ordered_cache_behavior": ("CacheBehaviors", _BEHAVIOR, False),
        "viewer_certificate": ("ViewerCertificate", _VIEWER_CERTIFICATE, True),
    },
)


_MULTITENANT_ORIGIN = Shape(
    {**_ORIGIN.attributes, "id": "Id"},
    {
        "custom_header": (
            "OriginCustomHeaders",
            Shape({"header_name": "HeaderName", "header_value": "HeaderValue"}),
            False,
        ),
        "custom_origin_config": ("CustomOriginConfig", _CUSTOM, True),
        "vpc_origin_config": ("VpcOriginConfig", _VPC, True),
    },
)
_MULTITENANT_BEHAVIOR = Shape(
    {k: v for k, v in _BEHAVIOR_ATTRIBUTES.items() if k not in ("allowed_methods", "min_ttl")},
    {
        "allowed_methods": ("AllowedMethods", Shape({"items": "Items"}), True),
        "lambda_function_association": (
            "LambdaFunctionAssociations",
            _LAMBDA_ASSOCIATION,
            False,
        ),
        "function_association": ("FunctionAssociations", _FUNCTION_ASSOCIATION, False),
    },
)
MULTITENANT_DISTRIBUTION = Shape(
    {"http_version": "HttpVersion"},
    {
        "origin": ("Origins", _MULTITENANT_ORIGIN, False),
        "origin_group": ("OriginGroups", _GROUP, False),
        "default_cache_behavior": ("DefaultCacheBehavior", _MULTITENANT_BEHAVIOR, True),
        "cache_behavior": ("CacheBehaviors", _MULTITENANT_BEHAVIOR, False),
        "viewer_certificate": ("ViewerCertificate", _VIEWER_CERTIFICATE, True),
    },
)
"""``aws_cloudfront_multitenant_distribution`` (the provider's schema and its resource
page): origins are named by ``id``, custom headers by ``header_name``/``header_value``,
``allowed_methods`` is a block holding ``items``, ordered behaviours are ``cache_behavior``;
there are no aliases, S3 origin configs, legacy ``forwarded_values``, TTLs, continuous
deployment or staging, and the connection mode is always ``tenant-only``."""


def translate(body: LMap, shape: Shape) -> LMap:
    """``body`` with Terraform names replaced by DistributionConfig names, spans kept."""
    out = LMap(body.span)
    for key, value in body.items():
        if key in shape.attributes:
            name = shape.attributes[key]
            out[name] = value
            out.key_spans[name] = body.span_of(key)
        elif key in shape.blocks:
            name, inner, single = shape.blocks[key]
            out[name] = _blocks(value, inner, single)
            out.key_spans[name] = body.span_of(key)
    return out


def _blocks(value: Any, shape: Shape, single: bool) -> Any:
    if not isinstance(value, LList):
        return value
    items = LList(value.span)
    for index, item in enumerate(value):
        items.append(translate(item, shape) if isinstance(item, LMap) else item)
        items.item_spans.append(value.span_of(index))
    if single:
        return items[0] if items else None
    return items


def build(
    body: LMap,
    *,
    address: str,
    span: Span,
    ctx: Context,
    issues: Sequence[SourceIssue] = (),
    tenant_domains: tuple[str | None, ...] | None = None,
) -> Distribution:
    """The model of a distribution; ``tenant_domains`` (the domains of the same
    configuration's tenants) makes it a multi-tenant one."""
    multitenant = tenant_domains is not None
    config = translate(body, MULTITENANT_DISTRIBUTION if multitenant else DISTRIBUTION)
    if "Origins" not in config:
        config["Origins"] = None
    dist = build_distribution(
        config, name=address, resource=address, span=span, ctx=ctx, issues=issues
    )
    if tenant_domains is None:
        return dist
    return replace(dist, connection_mode="tenant-only", tenant_domains=tenant_domains)
