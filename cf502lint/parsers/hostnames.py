"""What an origin hostname points at, from its shape alone."""

from __future__ import annotations

import re

from ..model import OriginTarget, TargetKind

_AWS = r"\.amazonaws\.com(\.cn)?$"
_SHAPES = (
    (re.compile(r"\.s3-website(\.dualstack)?[.*-][a-z0-9*-]*" + _AWS), TargetKind.S3_WEBSITE),
    (re.compile(r"(^|\.)s3([.-][^/]*)?" + _AWS), TargetKind.S3_BUCKET),
    (re.compile(r"\.elb(\.[^/]*)?" + _AWS), TargetKind.LOAD_BALANCER),
    (re.compile(r"\.execute-api\.[^/]*" + _AWS), TargetKind.API_GATEWAY),
    (re.compile(r"\.lambda-url\.[^/]*\.on\.aws$"), TargetKind.LAMBDA_URL),
    (re.compile(r"\.cloudfront\.net$"), TargetKind.CLOUDFRONT),
    (re.compile(r"\.elasticbeanstalk\.com(\.cn)?$"), TargetKind.ELASTIC_BEANSTALK),
    (re.compile(r"^ec2-[0-9*-]+\.([^./]+\.)?compute(-1)?" + _AWS), TargetKind.EC2_INSTANCE),
)


def host_of(pattern: str) -> str:
    """The host part of what may be a URL: no scheme, path, port or trailing dot."""
    host = pattern.split("://", 1)[-1]
    host = host.split("/", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def classify(pattern: str | None) -> OriginTarget:
    """Classify a domain name (unknown parts as ``*``) by the AWS hostname shapes it matches."""
    if pattern is None:
        return OriginTarget(kind=TargetKind.UNKNOWN)
    host = host_of(pattern).lower().rstrip(".")
    for shape, kind in _SHAPES:
        if shape.search(host):
            return OriginTarget(kind=kind, service_hostname=True)
    known_suffix = host.rsplit("*", 1)[-1]
    if "." in known_suffix.strip("."):
        return OriginTarget(kind=TargetKind.OTHER)
    return OriginTarget(kind=TargetKind.UNKNOWN)
