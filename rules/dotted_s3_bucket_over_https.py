"""CF111: HTTPS to an S3 REST endpoint whose bucket name has dots."""

import re
from collections.abc import Iterator

from cf502lint import Distribution, OriginConfig, Problem, Severity, TargetKind, rule

_REST_ENDPOINT = re.compile(r"^(?P<bucket>.+?)\.s3([.-][^/]*)?\.amazonaws\.com(\.cn)?$")


@rule("CF111", "dotted-s3-bucket-over-https", Severity.ERROR, at_request=True)
def dotted_s3_bucket_over_https(dist: Distribution) -> Iterator[Problem]:
    """CloudFront connects with HTTPS to the REST endpoint of a bucket whose name has dots.

    ## What it does
    Flags custom origins whose domain is an S3 REST endpoint with dots in the bucket name
    (`www.example.com.s3.us-east-1.amazonaws.com`, also when only the known part of a name
    has them) and an origin protocol policy of `https-only` or `match-viewer`.

    ## Why does this cause 502s?
    S3's certificate is a wildcard, `*.s3.us-east-1.amazonaws.com`, and a wildcard covers one
    label only: a bucket name with dots puts more labels before it, so the name does not
    match and CloudFront drops the TLS connection (502). Reach the bucket as an S3 origin
    (`S3OriginConfig`, with an origin access control), or use a bucket name without dots.

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
                DomainName: assets.example.com.s3.us-east-1.amazonaws.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: assets
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```
    Use instead:
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: assets
                DomainName: assets.example.com.s3.us-east-1.amazonaws.com
                S3OriginConfig:
                  OriginAccessIdentity: ""
            DefaultCacheBehavior:
              TargetOriginId: assets
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-certificate-expired
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    """
    for origin in dist.origins:
        target = origin.target
        if not (
            origin.config is OriginConfig.CUSTOM
            and target.kind is TargetKind.S3_BUCKET
            and target.service_hostname
            and dist.sends_https(origin)
        ):
            continue
        found = _REST_ENDPOINT.match((origin.domain_pattern or "").lower().rstrip("."))
        if found and "." in found["bucket"]:
            yield Problem(
                f"{origin.label} connects with HTTPS ({origin.protocol_policy}) to the REST "
                f"endpoint of bucket {found['bucket']!r}, whose dots S3's wildcard certificate "
                "does not cover; use S3OriginConfig or a bucket name without dots",
                origin.span_of("domain_name"),
                origin.id,
            )
