"""CF205: an origin timeout above CloudFront's default quota."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

DEFAULT_QUOTA = 120


@rule("CF205", "origin-timeout-above-default-quota", Severity.WARNING)
def origin_timeout_above_default_quota(dist: Distribution) -> Iterator[Problem]:
    """An origin response or keep-alive timeout above 120 seconds, the default quota.

    ## What it does
    Flags `OriginReadTimeout` and `OriginKeepaliveTimeout` above 120 seconds.

    ## Why does this cause 502s?
    CloudFront rejects values above the account's quota (`InvalidOriginReadTimeout`,
    `InvalidOriginKeepaliveTimeout`). The default quota is 120 seconds; a higher value
    deploys only where AWS has raised the quota for the account, so check it is.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: origin.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginReadTimeout: 180
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
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
              - Id: app
                DomainName: origin.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginReadTimeout: 120
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginResponseTimeout
    """
    for origin in dist.origins:
        for field, label in (
            ("read_timeout", "response (read) timeout"),
            ("keepalive_timeout", "keep-alive timeout"),
        ):
            value = getattr(origin, field)
            if value is not None and value > DEFAULT_QUOTA:
                yield Problem(
                    f"{origin.label} has {label} {value}s, above the default quota of "
                    f"{DEFAULT_QUOTA}s; it deploys only where the quota was raised",
                    origin.span_of(field),
                    origin.id,
                )
