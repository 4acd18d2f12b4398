"""CF202: a protocol sent to the port of the other protocol."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, TargetKind, rule
from cf502lint.fix import fix_of, set_value


@rule("CF202", "origin-port-protocol-mismatch", Severity.ERROR, at_request=True)
def origin_port_protocol_mismatch(dist: Distribution) -> Iterator[Problem]:
    """CloudFront speaks TLS to port 80, plain HTTP to port 443, or a non-80 port to S3 websites.

    ## What it does
    Flags custom origins that CloudFront reaches with HTTPS on `HTTPSPort: 80`, with plain
    HTTP on `HTTPPort: 443`, and S3 website endpoints with an HTTP port other than 80.

    ## Why does this cause 502s?
    Port 80 serves plain HTTP and port 443 serves TLS almost everywhere. A TLS handshake sent
    to a plain HTTP listener (or plain HTTP sent to a TLS listener) fails, and CloudFront
    answers 502. S3 website endpoints only listen on port 80.

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
                  HTTPSPort: 80
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
                  HTTPSPort: 443
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## Fix
    Safe: sets the port to the one the protocol uses, keeping the protocol policy that was
    chosen: `HTTPSPort: 80` becomes 443, `HTTPPort: 443` becomes 80, and an S3 website
    endpoint's `HTTPPort` becomes 80. The value is changed where it is written (a parameter
    default, a variable default or a `locals` entry that nothing else uses included).

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesHTTPPort
    """
    for origin in dist.origins:
        if dist.sends_https(origin) and origin.https_port == 80:
            yield Problem(
                f"{origin.label} connects with HTTPS to port 80, where servers speak plain HTTP",
                origin.span_of("https_port", "protocol_policy"),
                origin.id,
                fix=fix_of("Set HTTPSPort to 443", set_value(dist, origin, "https_port", 80, 443)),
            )
        if dist.sends_http(origin) and origin.http_port == 443:
            yield Problem(
                f"{origin.label} connects with plain HTTP to port 443, where servers expect TLS",
                origin.span_of("http_port", "protocol_policy"),
                origin.id,
                fix=fix_of("Set HTTPPort to 80", set_value(dist, origin, "http_port", 443, 80)),
            )
        if origin.target.kind is TargetKind.S3_WEBSITE and origin.http_port not in (None, 80, 443):
            yield Problem(
                f"{origin.label} uses HTTP port {origin.http_port}, but S3 website "
                "endpoints only listen on port 80",
                origin.span_of("http_port"),
                origin.id,
                fix=fix_of(
                    "Set HTTPPort to 80",
                    set_value(dist, origin, "http_port", origin.http_port, 80),
                ),
            )
