"""CF701: an origin custom header that CloudFront cannot add."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

FORBIDDEN = frozenset(
    name.lower()
    for name in (
        "Cache-Control",
        "Connection",
        "Content-Length",
        "Cookie",
        "Host",
        "If-Match",
        "If-Modified-Since",
        "If-None-Match",
        "If-Range",
        "If-Unmodified-Since",
        "Max-Forwards",
        "Pragma",
        "Proxy-Authorization",
        "Proxy-Connection",
        "Range",
        "Request-Range",
        "TE",
        "Trailer",
        "Transfer-Encoding",
        "Upgrade",
        "Via",
        "X-Real-Ip",
    )
)
FORBIDDEN_PREFIXES = ("x-amz-", "x-edge-")


def forbidden(name: str) -> bool:
    lowered = name.strip().lower()
    return lowered in FORBIDDEN or lowered.startswith(FORBIDDEN_PREFIXES)


@rule("CF701", "forbidden-origin-custom-header", Severity.ERROR)
def forbidden_origin_custom_header(dist: Distribution) -> Iterator[Problem]:
    """An origin custom header has a name CloudFront cannot add to origin requests.

    ## What it does
    Flags `OriginCustomHeaders` (`custom_header`, the API's `CustomHeaders`) named
    `Cache-Control`, `Connection`, `Content-Length`, `Cookie`, `Host`, `If-Match`,
    `If-Modified-Since`, `If-None-Match`, `If-Range`, `If-Unmodified-Since`, `Max-Forwards`,
    `Pragma`, `Proxy-Authorization`, `Proxy-Connection`, `Range`, `Request-Range`, `TE`,
    `Trailer`, `Transfer-Encoding`, `Upgrade`, `Via`, `X-Real-Ip`, or starting with
    `X-Amz-` or `X-Edge-` (in any letter case).

    ## Why does this cause 502s?
    CloudFront manages these headers itself and does not let a distribution set them on
    origin requests; it rejects the origin configuration, so the distribution cannot deploy.
    A `Host` header meant to make the origin answer for another name, the commonest case,
    needs a different approach: point the origin's domain name at that name, or forward the
    viewer's Host with an origin request policy.

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
                OriginCustomHeaders:
                  - {HeaderName: Host, HeaderValue: www.example.com}
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
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
                OriginCustomHeaders:
                  - {HeaderName: X-Origin-Verify, HeaderValue: a-shared-secret}
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginCustomHeader.html
    """
    for origin in dist.origins:
        for header in origin.custom_headers or ():
            if header.name is not None and forbidden(header.name):
                yield Problem(
                    f"{origin.label} adds the custom header {header.name!r}, which CloudFront "
                    "does not let a distribution set on origin requests; remove it or "
                    "use a header name of your own",
                    header.span_of("name"),
                    origin.id,
                )
