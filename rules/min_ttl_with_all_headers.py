"""CF604: a MinTTL above 0 on a cache behaviour that forwards all headers."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

from .forwards_all_headers import forwards_all


@rule("CF604", "min-ttl-with-all-headers", Severity.ERROR)
def min_ttl_with_all_headers(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour forwards all headers (`*`) with a MinTTL above 0.

    ## What it does
    Flags cache behaviours without a cache policy whose legacy `ForwardedValues.Headers`
    is `*` and whose `MinTTL` (Terraform: `min_ttl`) is more than 0.

    ## Why does this cause 502s?
    It does not reach the point of a 502: the CloudFront API requires a MinTTL of 0 when all
    headers are forwarded and rejects the distribution, so the deployment fails and the
    distribution keeps its previous, possibly failing, configuration.

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
              MinTTL: 60
              ForwardedValues:
                QueryString: true
                Headers: ["*"]
    ```
    Use instead: a MinTTL of 0 (and better, forward only the headers the origin needs).
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
              MinTTL: 60
              ForwardedValues:
                QueryString: true
                Headers: [Accept-Language]
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DefaultCacheBehavior.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html
    """
    for behavior in dist.all_behaviors:
        if forwards_all(behavior) and behavior.min_ttl is not None and behavior.min_ttl > 0:
            yield Problem(
                f"{behavior.label} forwards all headers ('*') with a MinTTL of "
                f"{behavior.min_ttl}; CloudFront requires 0 when all headers are forwarded and "
                "rejects the distribution: set MinTTL to 0",
                behavior.span_of("min_ttl", "forwarded_values"),
            )
