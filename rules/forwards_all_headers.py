"""CF603: legacy ForwardedValues forward every viewer header, Host included."""

from collections.abc import Iterator

from cf502lint import CacheBehavior, Distribution, Problem, Severity, rule


def forwards_all(behavior: CacheBehavior) -> bool:
    """Whether the behaviour's ForwardedValues apply and forward ``*``."""
    return behavior.cache_policy is False and "*" in (behavior.legacy_headers or ())


@rule("CF603", "forwards-all-headers", Severity.WARNING)
def forwards_all_headers(dist: Distribution) -> Iterator[Problem]:
    """Legacy ForwardedValues forward all viewer headers (`*`), Host included.

    ## What it does
    Flags cache behaviours without a cache policy whose `ForwardedValues.Headers` (Terraform:
    `forwarded_values.headers`) is `*`. With a `MinTTL` above 0 the distribution is
    rejected, which CF604 reports instead.

    ## Why does this cause 502s?
    `*` sends the viewer's `Host` header to the origin. The origin's certificate must then
    cover every alias of the distribution (without aliases, the distribution's own
    `*.cloudfront.net` name, which it never does), or the TLS handshake fails with a 502;
    API Gateway and Lambda function URL origins answer 403, S3 origins reject the request.
    Nothing is cached either, so every request reaches the origin, which makes overload
    (and 502s and 504s from it) more likely.

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
                DomainName: app.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              ForwardedValues:
                QueryString: true
                Headers: ["*"]
    ```
    Use instead: forward only what the origin needs (better: a cache policy and an origin
    request policy such as Managed-AllViewerExceptHostHeader).
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: app.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              ForwardedValues:
                QueryString: true
                Headers: [Authorization, Accept-Language]
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/header-caching.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    """
    for behavior in dist.all_behaviors:
        if forwards_all(behavior) and behavior.min_ttl in (0, None):
            yield Problem(
                f"{behavior.label} forwards all viewer headers ('*' in ForwardedValues): the "
                "viewer's Host reaches the origin, whose certificate must then cover every "
                "alias, and nothing is cached; forward only the headers the origin needs",
                behavior.span_of("forwarded_values"),
            )
