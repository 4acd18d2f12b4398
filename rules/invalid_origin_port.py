"""CF201: an origin port CloudFront does not allow."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


def allowed(port: int) -> bool:
    return port in (80, 443) or 1024 <= port <= 65535


@rule("CF201", "invalid-origin-port", Severity.ERROR)
def invalid_origin_port(dist: Distribution) -> Iterator[Problem]:
    """An origin's HTTP or HTTPS port is outside 80, 443 and 1024-65535.

    ## What it does
    Flags custom origins whose `HTTPPort` / `HTTPSPort` (`http_port` / `https_port`) is not
    80, 443 or in the range 1024-65535.

    ## Why does this cause 502s?
    CloudFront only connects to these ports and rejects any other value when the
    distribution is created or updated, so the change never deploys.

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
                  HTTPSPort: 843
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
                  HTTPSPort: 8443
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesHTTPPort
    """
    for origin in dist.origins:
        for field, label, port in (
            ("http_port", "HTTP", origin.http_port),
            ("https_port", "HTTPS", origin.https_port),
        ):
            if port is not None and not allowed(port):
                yield Problem(
                    f"{origin.label} uses {label} port {port}; CloudFront allows only "
                    "80, 443 and 1024-65535",
                    origin.span_of(field),
                    origin.id,
                )
