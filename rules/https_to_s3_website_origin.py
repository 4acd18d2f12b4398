"""CF101: HTTPS to an S3 website endpoint."""

from collections.abc import Iterator

from cf502lint import Distribution, Origin, Problem, Severity, TargetKind, rule
from cf502lint.fix import Fix, fix_of, set_value


@rule("CF101", "https-to-s3-website-origin", Severity.ERROR, at_request=True)
def https_to_s3_website_origin(dist: Distribution) -> Iterator[Problem]:
    """CloudFront connects with HTTPS to an S3 website endpoint, which only speaks HTTP.

    ## What it does
    Flags origins whose domain is an S3 website endpoint
    (`<bucket>.s3-website-<region>.amazonaws.com` or `<bucket>.s3-website.<region>.amazonaws.com`,
    including `!GetAtt Bucket.WebsiteURL` and Terraform's `website_endpoint`) with an origin
    protocol policy of `https-only` or `match-viewer`.

    ## Why does this cause 502s?
    S3 website endpoints do not support HTTPS. CloudFront's TLS connection to the endpoint
    fails, and viewers get a 502 (or a 504) for every request that reaches the origin. With
    `match-viewer`, every viewer that arrives over HTTPS fails.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: website
                DomainName: example-bucket.s3-website-us-east-1.amazonaws.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
            DefaultCacheBehavior:
              TargetOriginId: website
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
              - Id: website
                DomainName: example-bucket.s3-website-us-east-1.amazonaws.com
                CustomOriginConfig:
                  OriginProtocolPolicy: http-only
            DefaultCacheBehavior:
              TargetOriginId: website
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```
    Viewers can still use HTTPS: they connect to CloudFront, and only the hop from CloudFront
    to the website endpoint is HTTP. To keep that hop private, use the bucket's REST endpoint
    with an origin access control instead of the website endpoint.

    ## Fix
    Safe: sets `OriginProtocolPolicy` (`origin_protocol_policy`) to `http-only`, and an
    `HTTPPort` other than 80 to 80, where the value is written (a parameter default, a
    variable default or a `locals` entry that nothing else uses included). HTTPS to the
    website endpoint never works, so nothing that worked changes.

    ## References
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginProtocolPolicy
    """
    for origin in dist.origins:
        if origin.target.kind is TargetKind.S3_WEBSITE and dist.sends_https(origin):
            yield Problem(
                f"{origin.label} connects with HTTPS ({origin.protocol_policy}) to an S3 "
                "website endpoint, which only speaks HTTP; use http-only",
                origin.span_of("protocol_policy"),
                origin.id,
                fix=_http_only(dist, origin),
            )


def _http_only(dist: Distribution, origin: Origin) -> Fix | None:
    policy = origin.protocol_policy
    if policy is None:
        return None
    edits = [set_value(dist, origin, "protocol_policy", policy, "http-only")]
    port = origin.http_port
    if port is not None and port != 80:
        edits.append(set_value(dist, origin, "http_port", port, 80))
        return fix_of("Set OriginProtocolPolicy to http-only and HTTPPort to 80", *edits)
    return fix_of("Set OriginProtocolPolicy to http-only", *edits)
