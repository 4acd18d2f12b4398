"""CF311: the viewer's Host header reaches an S3 bucket or website endpoint."""

import re
from collections.abc import Iterator

from cf502lint import Distribution, Origin, Problem, Severity, TargetKind, rule

_BUCKET = re.compile(r"^(?P<bucket>.+?)\.s3(-website)?[.-]", re.IGNORECASE)


def bucket_of(origin: Origin) -> str | None:
    """The bucket an S3 endpoint names, when the whole domain name is known."""
    found = _BUCKET.match(origin.domain_name or "")
    return found.group("bucket").lower() if found else None


def _breaks(dist: Distribution, origin: Origin) -> bool:
    """Whether some Host viewers send cannot reach the bucket of ``origin``."""
    if origin.access_control is True:
        return True  # requests signed for the bucket's own endpoint
    hosts = dist.viewer_hosts
    if hosts == () and dist.connection_mode == "direct":
        return True  # the distribution's own *.cloudfront.net name is never a bucket
    bucket = bucket_of(origin)
    if not hosts or bucket is None or None in hosts:
        return False
    return any(host.lower().rstrip(".") != bucket for host in hosts if host is not None)


@rule("CF311", "host-forwarded-to-s3-origin", Severity.WARNING)
def host_forwarded_to_s3_origin(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour forwards the viewer's Host header to an S3 origin.

    ## What it does
    For origins that are S3 REST or website endpoints, flags every cache behaviour that
    sends requests to the origin (directly or through an origin group) and forwards the
    viewer's `Host` header (legacy `ForwardedValues`, a cache policy or an origin request
    policy, as CF310 reads them). Not flagged: a bucket without an origin access control or
    identity that is named exactly like every alias (the old virtual-hosting setup), and
    buckets or aliases that cannot be resolved.

    ## Why does this cause 502s?
    S3 picks the bucket from the Host header. With the viewer's Host it looks for a bucket
    named after the alias (or the distribution's `*.cloudfront.net` name): the request
    fails with 403 or 404, and requests signed by an origin access control or identity fail
    their signature check. CloudFront also cannot cache on Host for S3 origins, and its API
    can reject such a configuration (InvalidHeadersForS3Origin); the exact cases are not
    documented, hence a warning.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: assets
                DomainName: example-assets.s3.eu-west-1.amazonaws.com
                OriginAccessControlId: E2QWRUHEXAMPLE
                S3OriginConfig:
                  OriginAccessIdentity: ""
            DefaultCacheBehavior:
              TargetOriginId: assets
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
              OriginRequestPolicyId: 216adef6-5c7f-47e4-b989-5492eafa07d3
    ```
    Use instead: the S3 origin request policy (Managed-CORS-S3Origin), or none.
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: assets
                DomainName: example-assets.s3.eu-west-1.amazonaws.com
                OriginAccessControlId: E2QWRUHEXAMPLE
                S3OriginConfig:
                  OriginAccessIdentity: ""
            DefaultCacheBehavior:
              TargetOriginId: assets
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
              OriginRequestPolicyId: 88a5eaf4-2fd4-4709-b370-b4c650ea3fcf
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorS3Origin.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/header-caching.html
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
    """
    for origin in dist.origins:
        if origin.target.kind not in (TargetKind.S3_BUCKET, TargetKind.S3_WEBSITE):
            continue
        if not _breaks(dist, origin):
            continue
        for behavior in dist.behaviors_for(origin):
            if behavior.forwards_host is True:
                yield Problem(
                    f"{behavior.label} forwards the viewer's Host header to {origin.label}, an "
                    "S3 endpoint, which then looks for a bucket named after that Host; keep "
                    "Host out of the policies and ForwardedValues (Managed-CORS-S3Origin, "
                    "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf, sends what S3 needs)",
                    behavior.span,
                    origin.id,
                )
