"""CF206: an origin response timeout so short that ordinary slow responses fail."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF206", "low-origin-read-timeout", Severity.WARNING)
def low_origin_read_timeout(dist: Distribution, *, minimum: int = 5) -> Iterator[Problem]:
    """An origin response (read) timeout below `minimum` seconds (default 5).

    ## What it does
    Flags `OriginReadTimeout` (`origin_read_timeout`) values from 1 up to, but not
    including, `minimum`. Values below 1 are `origin-timeout-out-of-range` (CF204).

    ## Why does this cause 502s?
    The response timeout covers the wait for the first byte and every gap between packets.
    With a timeout of a few seconds, any cold start, slow query or garbage-collection pause
    at the origin turns into an error page for viewers (504, after CloudFront has retried
    GET and HEAD requests up to `ConnectionAttempts` times, multiplying origin load). AWS's
    first advice for these errors is to raise the response timeout.

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
                  OriginReadTimeout: 2
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
                  OriginReadTimeout: 30
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginResponseTimeout
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-504-gateway-timeout.html
    """
    for origin in dist.origins:
        value = origin.read_timeout
        if value is not None and 1 <= value < minimum:
            yield Problem(
                f"{origin.label} has a response timeout of {value}s (below {minimum}s); "
                "slow responses become errors",
                origin.span_of("read_timeout"),
                origin.id,
            )
