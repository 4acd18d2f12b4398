"""CF204: origin timeouts and connection attempts outside what CloudFront accepts."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

LIMITS = (
    ("read_timeout", "response (read) timeout", 1, None),
    ("keepalive_timeout", "keep-alive timeout", 1, None),
    ("connection_attempts", "connection attempts", 1, 3),
    ("connection_timeout", "connection timeout", 1, 10),
)


@rule("CF204", "origin-timeout-out-of-range", Severity.ERROR)
def origin_timeout_out_of_range(dist: Distribution) -> Iterator[Problem]:
    """An origin timeout or connection-attempt count is outside CloudFront's hard limits.

    ## What it does
    Flags `OriginReadTimeout` and `OriginKeepaliveTimeout` below 1 second,
    `ConnectionAttempts` outside 1-3 and `ConnectionTimeout` outside 1-10 seconds (and the
    Terraform arguments of the same meaning). Values above the default quota of the two
    timeouts are `origin-timeout-above-default-quota` (CF205).

    ## Why does this cause 502s?
    CloudFront rejects these values when the distribution is created or updated, so the
    configuration never deploys.

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
                ConnectionAttempts: 5
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
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
                ConnectionAttempts: 3
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#origin-connection-attempts
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
    """
    for origin in dist.origins:
        for field, label, low, high in LIMITS:
            value = getattr(origin, field)
            if value is None or (value >= low and (high is None or value <= high)):
                continue
            allowed = f"at least {low}" if high is None else f"{low}-{high}"
            yield Problem(
                f"{origin.label} has {label} {value}; CloudFront accepts {allowed}",
                origin.span_of(field),
                origin.id,
            )
