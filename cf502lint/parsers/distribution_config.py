"""Building the model from a resolved DistributionConfig.

CloudFormation and the CloudFront API spell a DistributionConfig almost alike: the API wraps
lists in ``{Quantity, Items}`` and spells a few keys differently. This module reads both, so
the two front ends share it; what differs (how a domain or a policy id is resolved) comes
from the front end's ``Context``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from ..model import (
    CacheBehavior,
    Certificate,
    CloudFrontFunction,
    Distribution,
    FunctionAssociation,
    LambdaFunction,
    Origin,
    OriginConfig,
    OriginGroup,
    OriginHeader,
    OriginTarget,
    SourceIssue,
    Span,
    TargetKind,
    ViewerCertificate,
)
from ..source.numbers import decimal
from ..source.tree import LList, LMap
from . import policies
from .values import Partial, Ref, Unknown, render, unknown_reason


@dataclass(frozen=True, slots=True)
class Defaults:
    """What an absent setting means in a front end's language (None: it cannot be absent, or
    nothing is documented, so it is unknown)."""

    http_port: int | None = 80
    https_port: int | None = 443
    ssl_protocols: tuple[str, ...] | None = ("TLSv1", "SSLv3")
    allowed_methods: tuple[str, ...] | None = ("GET", "HEAD")
    http_version: str | None = "http1.1"
    """CloudFormation's; new distributions default to http2 in the API and Terraform."""
    vpc_protocol_policy: str | None = "match-viewer"
    """A VPC origin endpoint's OriginProtocolPolicy when it is not given."""
    absent_config: OriginConfig = OriginConfig.NONE
    """What an origin with none of S3OriginConfig, CustomOriginConfig and VpcOriginConfig
    is: CloudFormation and the API reject it; Terraform's provider sends an S3 origin."""


CLOUDFORMATION_DEFAULTS = Defaults()


@dataclass(frozen=True, slots=True)
class Domain:
    exact: str | None
    pattern: str | None
    target: OriginTarget


@dataclass(frozen=True, slots=True)
class VpcEndpoint:
    """A same-template VPC origin: its endpoint configuration, spelt like a
    CustomOriginConfig (``Arn``, ``HTTPPort``, ``HTTPSPort``, ``OriginProtocolPolicy``,
    ``OriginSSLProtocols``, ``IpAddressType``), and what its ``Arn`` points at."""

    resource: str
    span: Span
    config: LMap
    target: OriginTarget


class Context(Protocol):
    """What a front end knows beyond the DistributionConfig itself."""

    def domain(self, value: Any) -> Domain: ...

    def cache_policy_forwards_host(self, value: Any) -> bool | None: ...

    def origin_request_policy_forwards_host(self, value: Any) -> bool | None: ...

    @property
    def defaults(self) -> Defaults: ...

    def lambda_arn(self, value: Any) -> FunctionArn: ...

    def viewer_certificate(self, value: Any) -> Certificate | None:
        """The same-template ACM certificate an ``AcmCertificateArn`` names, else None."""

    def edge_function(self, value: Any, kind: str) -> LambdaFunction | CloudFrontFunction | None:
        """The same-template function an association's ARN names (``kind``: ``lambda-edge``
        or ``cloudfront-function``); None when it is not one the front end can read."""

    def vpc_origin(self, value: Any) -> VpcEndpoint | None:
        """The same-template VPC origin a ``VpcOriginId`` names; None when there is none."""


@dataclass(frozen=True, slots=True)
class FunctionArn:
    """What is known of a Lambda function ARN on an association."""

    exact: str | None
    version: str | None
    """``numbered``, ``latest``, ``alias`` or ``unqualified``; None when unknown."""
    region: str | None
    resource: str | None = None


_NUMBERED = re.compile(r":\d+$")


def lambda_arn(value: Any) -> FunctionArn:
    """Read a literal or partly known ARN: which region, and which version it names."""
    if isinstance(value, str):
        parts = value.split(":")
        if len(parts) not in (7, 8) or parts[:3] != ["arn", parts[1], "lambda"]:
            return FunctionArn(value, None, None)
        version: str | None
        if len(parts) == 7:
            version = "unqualified"
        elif parts[7] == "$LATEST":
            version = "latest"
        else:
            version = "numbered" if parts[7].isdigit() else "alias"
        return FunctionArn(value, version, parts[3] or None)
    if isinstance(value, Partial):
        head, last = value.parts[0], value.parts[-1]
        region: str | None = None
        if isinstance(head, str) and head.count(":") >= 4 and head.startswith("arn:"):
            region = head.split(":")[3] or None
        version = None
        if isinstance(last, str) and last.endswith(":$LATEST"):
            version = "latest"
        elif isinstance(last, str) and _NUMBERED.search(last):
            version = "numbered"
        return FunctionArn(None, version, region)
    return FunctionArn(None, None, None)


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown | Ref | Partial)


def as_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def as_int(value: Any) -> int | None:
    """An integer, written as a number or a decimal string; None for anything else, such as
    the infinity a number too large for a float loads as (``source.numbers``)."""
    if isinstance(value, str):
        try:
            value = decimal(value.strip())
        except ValueError:
            return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def items(value: Any) -> tuple[list[Any], list[Span]] | None:
    """The items of a plain list or of an API ``{Quantity, Items}`` wrapper; None if unknown."""
    if isinstance(value, LMap) and ("Items" in value or "Quantity" in value):
        inner = value.get("Items")
        if inner is None:
            return ([], []) if as_int(value.get("Quantity")) == 0 else None
        value = inner
    if isinstance(value, LList):
        return list(value), [value.span_of(i) for i in range(len(value))]
    if isinstance(value, list):
        return list(value), []
    return None


def entries(found: tuple[list[Any], list[Span]] | None, fallback: Span) -> list[tuple[Any, Span]]:
    """Pairs of (item, span) from what ``items`` found; items without a span get ``fallback``."""
    if found is None:
        return []
    values, spans = found
    return list(zip(values, spans or [fallback] * len(values), strict=True))


def strings(value: Any) -> tuple[str | None, ...] | None:
    found = items(value)
    if found is None:
        return None
    return tuple(as_str(item) for item in found[0])


def first_key(mapping: LMap, *names: str) -> str | None:
    return next((name for name in names if name in mapping), None)


class Spans:
    """Collects field spans of one model object from the keys that spelled them."""

    def __init__(self) -> None:
        self.spans: dict[str, Span] = {}

    def take(self, field: str, mapping: Any, *keys: str) -> Any:
        if not isinstance(mapping, LMap):
            return None
        key = first_key(mapping, *keys)
        if key is None:
            return None
        self.spans[field] = mapping.span_of(key)
        return mapping[key]


def build_origin(mapping: LMap, span: Span, ctx: Context) -> Origin:
    spans = Spans()
    raw_id = spans.take("id", mapping, "Id")
    origin_id = as_str(raw_id)
    raw_domain = spans.take("domain_name", mapping, "DomainName")
    domain = ctx.domain(raw_domain)
    s3 = spans.take("s3_config", mapping, "S3OriginConfig")
    custom = spans.take("custom_config", mapping, "CustomOriginConfig")
    vpc = spans.take("vpc_config", mapping, "VpcOriginConfig")
    oac = spans.take("access_control", mapping, "OriginAccessControlId")
    attempts = spans.take("connection_attempts", mapping, "ConnectionAttempts")
    connect = spans.take("connection_timeout", mapping, "ConnectionTimeout")
    path = spans.take("origin_path", mapping, "OriginPath")
    completion = spans.take("response_completion_timeout", mapping, "ResponseCompletionTimeout")
    headers = spans.take("custom_headers", mapping, "OriginCustomHeaders", "CustomHeaders")
    base = Origin(
        span=span,
        id=origin_id,
        domain_name=domain.exact,
        domain_pattern=domain.pattern,
        target=domain.target,
        config=OriginConfig.NONE,
        configs=tuple(
            kind
            for kind, block in (
                (OriginConfig.S3, s3),
                (OriginConfig.CUSTOM, custom),
                (OriginConfig.VPC, vpc),
            )
            if isinstance(block, LMap)
        ),
        connection_attempts=3 if attempts is None else as_int(attempts),
        connection_timeout=10 if connect is None else as_int(connect),
        origin_path="" if path is None else as_str(path),
        response_completion_timeout=0 if completion is None else as_int(completion),
        custom_headers=_headers(headers, spans.spans.get("custom_headers", span)),
        unresolved=_unresolved(raw_domain, domain),
        id_pattern=partial_pattern(raw_id),
    )
    if isinstance(custom, LMap):
        settings = _connection(custom, spans, ctx, None)
        read = spans.take("read_timeout", custom, "OriginReadTimeout")
        keepalive = spans.take("keepalive_timeout", custom, "OriginKeepaliveTimeout")
        mtls = spans.take("mtls", custom, "OriginMtlsConfig")
        return replace(
            base,
            spans=spans.spans,
            config=OriginConfig.CUSTOM,
            access_control=_access_control(oac, None),
            read_timeout=30 if read is None else as_int(read),
            keepalive_timeout=5 if keepalive is None else as_int(keepalive),
            mtls_certificate_arn=as_str(mtls.get("ClientCertificateArn"))
            if isinstance(mtls, LMap)
            else None,
            **settings,
        )
    if isinstance(s3, LMap):
        read = spans.take("read_timeout", s3, "OriginReadTimeout")
        return replace(
            base,
            spans=spans.spans,
            config=OriginConfig.S3,
            access_control=_access_control(oac, s3.get("OriginAccessIdentity")),
            read_timeout=30 if read is None else as_int(read),
        )
    if isinstance(vpc, LMap):
        read = spans.take("read_timeout", vpc, "OriginReadTimeout")
        keepalive = spans.take("keepalive_timeout", vpc, "OriginKeepaliveTimeout")
        endpoint = ctx.vpc_origin(vpc.get("VpcOriginId"))
        connection: dict[str, Any] = {}
        if endpoint is not None:
            spans.spans["vpc_origin"] = endpoint.span
            connection = _connection(endpoint.config, spans, ctx, ctx.defaults.vpc_protocol_policy)
            connection.update(target=endpoint.target, vpc_origin=endpoint.resource)
        return replace(
            base,
            spans=spans.spans,
            config=OriginConfig.VPC,
            read_timeout=30 if read is None else as_int(read),
            keepalive_timeout=5 if keepalive is None else as_int(keepalive),
            **connection,
        )
    if any(is_unknown(v) for v in (s3, custom, vpc)):
        config = OriginConfig.UNKNOWN
    else:
        config = ctx.defaults.absent_config
    return replace(
        base,
        spans=spans.spans,
        config=config,
        access_control=_access_control(oac, None),
        read_timeout=30 if config is OriginConfig.S3 else None,
    )


def _connection(
    block: LMap, spans: Spans, ctx: Context, policy_default: str | None
) -> dict[str, Any]:
    """How CloudFront connects to a custom origin, or to a VPC origin's endpoint."""
    protocols = spans.take("ssl_protocols", block, "OriginSSLProtocols", "OriginSslProtocols")
    http = spans.take("http_port", block, "HTTPPort")
    https = spans.take("https_port", block, "HTTPSPort")
    policy = spans.take("protocol_policy", block, "OriginProtocolPolicy")
    address_type = spans.take("ip_address_type", block, "IpAddressType")
    ssl = ctx.defaults.ssl_protocols if protocols is None else strings(protocols)
    return {
        "protocol_policy": policy_default if policy is None else as_str(policy),
        "http_port": ctx.defaults.http_port if http is None else as_int(http),
        "https_port": ctx.defaults.https_port if https is None else as_int(https),
        "ssl_protocols": None if ssl is None or None in ssl else tuple(str(p) for p in ssl),
        "ip_address_type": "ipv4" if address_type is None else as_str(address_type),
    }


def partial_pattern(value: Any) -> str | None:
    """A partly known string with ``*`` for its unknown parts; None when it is a plain
    string (it is known) or nothing of it is known."""
    if isinstance(value, str) or not isinstance(value, Partial):
        return None
    return render(value, lambda _: Unknown())


def _unresolved(raw: Any, domain: Domain) -> str | None:
    if domain.exact is not None or domain.target.kind is not TargetKind.UNKNOWN:
        return None
    if raw is None:
        return "it has no DomainName"
    return unknown_reason(raw) or "its DomainName is not a string"


def _headers(value: Any, fallback: Span) -> tuple[OriginHeader, ...] | None:
    """Custom headers: CloudFormation's list, the API's ``{Quantity, Items}``, Terraform's
    ``custom_header`` blocks (renamed ``HeaderName``/``HeaderValue``)."""
    if value is None:
        return ()
    found = items(value)
    if found is None:
        return None
    headers: list[OriginHeader] = []
    for item, span in entries(found, fallback):
        if not isinstance(item, LMap):
            return None
        spans = Spans()
        name = as_str(spans.take("name", item, "HeaderName"))
        value_ = as_str(spans.take("value", item, "HeaderValue"))
        headers.append(OriginHeader(span=span, spans=spans.spans, name=name, value=value_))
    return tuple(headers)


def _access_control(oac: Any, identity: Any) -> bool | None:
    """Whether an origin access control or identity is set (an id is never empty)."""
    values = [v for v in (oac, identity) if v is not None]
    if any(_nonempty(v) for v in values):
        return True
    if any(is_unknown(v) for v in values):
        return None
    return False


def _nonempty(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Partial):
        return any(isinstance(part, str | Ref) and part for part in value.parts)
    return isinstance(value, Ref)


def build_origin_group(mapping: LMap, span: Span) -> OriginGroup:
    spans = Spans()
    raw_id = spans.take("id", mapping, "Id")
    group_id = as_str(raw_id)
    members = items(spans.take("members", mapping, "Members"))
    member_ids: tuple[str | None, ...] | None = None
    member_spans: tuple[Span, ...] = ()
    if members is not None:
        member_ids = tuple(
            as_str(m.get("OriginId")) if isinstance(m, LMap) else None for m in members[0]
        )
        member_spans = tuple(
            item_span for _, item_span in entries(members, spans.spans.get("members", span))
        )
    criteria = spans.take("failover_criteria", mapping, "FailoverCriteria")
    codes = items(spans.take("status_codes", criteria, "StatusCodes"))
    return OriginGroup(
        span=span,
        spans=spans.spans,
        id=group_id,
        member_ids=member_ids,
        member_spans=member_spans,
        status_codes=None if codes is None else tuple(as_int(c) for c in codes[0]),
        id_pattern=partial_pattern(raw_id),
    )


def build_behavior(mapping: LMap, span: Span, ctx: Context, default: bool) -> CacheBehavior:
    spans = Spans()
    pattern = None if default else as_str(spans.take("path_pattern", mapping, "PathPattern"))
    raw_target = spans.take("target_origin_id", mapping, "TargetOriginId")
    target = as_str(raw_target)
    viewer = as_str(spans.take("viewer_protocol_policy", mapping, "ViewerProtocolPolicy"))
    methods = spans.take("allowed_methods", mapping, "AllowedMethods")
    allowed = ctx.defaults.allowed_methods if methods is None else strings(methods)
    cache_policy = spans.take("cache_policy", mapping, "CachePolicyId")
    request_policy = spans.take("origin_request_policy", mapping, "OriginRequestPolicyId")
    # The API prints an unused policy id as "": no policy.
    request_host = (
        False
        if request_policy in (None, "")
        else ctx.origin_request_policy_forwards_host(request_policy)
    )
    forwarded = spans.take("forwarded_values", mapping, "ForwardedValues")
    legacy: tuple[str | None, ...] | None = ()
    if isinstance(forwarded, LMap):
        headers = forwarded.get("Headers")
        legacy = () if headers is None else strings(headers)
    elif forwarded is not None:
        legacy = None
    if cache_policy not in (None, ""):
        cache_host = ctx.cache_policy_forwards_host(cache_policy)  # ForwardedValues are ignored
    elif forwarded is None:
        cache_host = False
    else:
        cache_host = None if legacy is None else policies.legacy_forwards_host(legacy)
    min_ttl = spans.take("min_ttl", mapping, "MinTTL")
    grpc = spans.take("grpc", mapping, "GrpcConfig")
    functions = _functions(
        spans.take("lambda_functions", mapping, "LambdaFunctionAssociations"),
        spans.take("cloudfront_functions", mapping, "FunctionAssociations"),
        ctx,
        span,
    )
    return CacheBehavior(
        span=span,
        spans=spans.spans,
        functions=functions,
        path_pattern="<unknown>" if pattern is None and not default else pattern,
        target_origin_id=target,
        viewer_protocol_policy=viewer,
        allowed_methods=None
        if allowed is None or None in allowed
        else tuple(str(m).upper() for m in allowed),
        forwards_host=policies.either(cache_host, request_host),
        cache_policy=_present(cache_policy),
        forwarded_values=_present(forwarded),
        legacy_headers=legacy,
        min_ttl=0 if min_ttl is None else as_int(min_ttl),
        grpc=_enabled(grpc),
        target_pattern=partial_pattern(raw_target),
        origin_request_policy=_present(request_policy),
    )


def _present(value: Any) -> bool | None:
    """Whether a setting is given: an unknown value may be the empty string that means not."""
    if value is None or value == "":
        return False
    return None if isinstance(value, Unknown) else True


def _enabled(block: Any) -> bool | None:
    if block is None:
        return False
    return as_bool(block.get("Enabled")) if isinstance(block, LMap) else None


def _functions(
    lambdas: Any, functions: Any, ctx: Context, fallback: Span
) -> tuple[FunctionAssociation, ...] | None:
    found: list[FunctionAssociation] = []
    for raw, kind in ((lambdas, "lambda-edge"), (functions, "cloudfront-function")):
        if raw is None:
            continue
        listed = items(raw)
        if listed is None:
            return None
        for item, span in entries(listed, fallback):
            if not isinstance(item, LMap):
                return None
            found.append(_function(item, span, kind, ctx))
    return tuple(found)


def _function(mapping: LMap, span: Span, kind: str, ctx: Context) -> FunctionAssociation:
    spans = Spans()
    event = as_str(spans.take("event_type", mapping, "EventType"))
    raw_arn = spans.take("arn", mapping, "LambdaFunctionARN", "FunctionARN")
    include = spans.take("include_body", mapping, "IncludeBody")
    if kind == "lambda-edge":
        arn = ctx.lambda_arn(raw_arn)
    else:
        arn = FunctionArn(as_str(raw_arn), None, None)
    return FunctionAssociation(
        span=span,
        spans=spans.spans,
        kind=kind,
        event_type=event,
        arn=arn.exact,
        version=arn.version,
        region=arn.region,
        resource=arn.resource,
        include_body=False if include is None else as_bool(include),
        function=ctx.edge_function(raw_arn, kind),
    )


def arn_region(value: Any) -> str | None:
    """The region of an ARN (``arn:<partition>:<service>:<region>:...``), also when only its
    beginning is known."""
    head = value.parts[0] if isinstance(value, Partial) else value
    if not isinstance(head, str):
        return None
    parts = head.split(":")
    if len(parts) < 5 or parts[0] != "arn":
        return None
    return parts[3] or None


def build_viewer_certificate(mapping: Any, span: Span, ctx: Context) -> ViewerCertificate | None:
    if not isinstance(mapping, LMap):
        return None
    spans = Spans()
    default = spans.take("cloudfront_default", mapping, "CloudFrontDefaultCertificate")
    acm = spans.take("acm_certificate_arn", mapping, "AcmCertificateArn", "ACMCertificateArn")
    iam = spans.take("iam_certificate_id", mapping, "IamCertificateId", "IAMCertificateId")
    method = spans.take("ssl_support_method", mapping, "SslSupportMethod", "SSLSupportMethod")
    minimum = spans.take("minimum_protocol_version", mapping, "MinimumProtocolVersion")
    return ViewerCertificate(
        span=span,
        spans=spans.spans,
        cloudfront_default=False if default is None else as_bool(default),
        acm_certificate_arn=as_str(acm),
        iam_certificate_id=as_str(iam),
        ssl_support_method=as_str(method),
        minimum_protocol_version=as_str(minimum),
        acm_region=arn_region(acm),
        certificate=None if acm is None else ctx.viewer_certificate(acm),
    )


CONFIG_KEYS = frozenset(
    {
        "Origins",
        "OriginGroups",
        "DefaultCacheBehavior",
        "CacheBehaviors",
        "ViewerCertificate",
        "Aliases",
        "CNAMEs",
        "HttpVersion",
        "ContinuousDeploymentPolicyId",
        "Staging",
        "ConnectionMode",
    }
)
"""The keys of a DistributionConfig that ``build_distribution`` reads."""


def build_distribution(
    config: LMap,
    *,
    name: str,
    resource: str | None,
    span: Span,
    ctx: Context,
    scenario: tuple[tuple[str, bool], ...] = (),
    issues: Sequence[SourceIssue] = (),
) -> Distribution:
    spans = Spans()
    complete = True
    origins: list[Origin] = []
    found = items(spans.take("origins", config, "Origins"))
    if found is None:
        complete = False
    else:
        for item, item_span in entries(found, config.span):
            if isinstance(item, LMap):
                origins.append(build_origin(item, item_span, ctx))
            else:
                complete = False
    groups: list[OriginGroup] = []
    raw_groups = spans.take("origin_groups", config, "OriginGroups")
    found = ([], []) if raw_groups is None else items(raw_groups)
    if found is None:
        complete = False
    else:
        for item, item_span in entries(found, config.span):
            if isinstance(item, LMap):
                groups.append(build_origin_group(item, item_span))
            else:
                complete = False
    default_raw = spans.take("default_behavior", config, "DefaultCacheBehavior")
    default = (
        build_behavior(default_raw, spans.spans["default_behavior"], ctx, default=True)
        if isinstance(default_raw, LMap)
        else None
    )
    behaviors: list[CacheBehavior] = []
    raw_behaviors = spans.take("behaviors", config, "CacheBehaviors")
    found = ([], []) if raw_behaviors is None else items(raw_behaviors)
    for item, item_span in entries(found, config.span):
        if isinstance(item, LMap):
            behaviors.append(build_behavior(item, item_span, ctx, default=False))
    raw_certificate = spans.take("viewer_certificate", config, "ViewerCertificate")
    certificate = build_viewer_certificate(
        raw_certificate, spans.spans.get("viewer_certificate", config.span), ctx
    )
    raw_aliases = spans.take("aliases", config, "Aliases", "CNAMEs")
    aliases = () if raw_aliases is None else strings(raw_aliases)
    http_version = spans.take("http_version", config, "HttpVersion")
    continuous = spans.take("continuous_deployment", config, "ContinuousDeploymentPolicyId")
    staging = spans.take("staging", config, "Staging")
    mode = spans.take("connection_mode", config, "ConnectionMode")
    return Distribution(
        span=span,
        spans=spans.spans,
        name=name,
        resource=resource,
        origins=tuple(origins),
        origin_groups=tuple(groups),
        default_behavior=default,
        behaviors=tuple(behaviors),
        aliases=aliases,
        complete=complete,
        viewer_certificate=certificate,
        scenario=scenario,
        issues=tuple(issues),
        http_version=ctx.defaults.http_version if http_version is None else as_str(http_version),
        continuous_deployment=policies.either(
            _present(continuous), False if staging is None else as_bool(staging)
        ),
        connection_mode="direct" if mode is None else as_str(mode),
    )
