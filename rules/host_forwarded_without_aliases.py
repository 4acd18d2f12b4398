"""CF312: the viewer's Host is the distribution's *.cloudfront.net name, sent over HTTPS."""

from collections.abc import Iterator

from cf502lint import Distribution, OriginConfig, Problem, Severity, TargetKind, rule

CHECKED_ELSEWHERE = (
    TargetKind.API_GATEWAY,
    TargetKind.LAMBDA_URL,
    TargetKind.S3_BUCKET,
    TargetKind.S3_WEBSITE,
    TargetKind.CLOUDFRONT,
)
"""Origins whose Host problems CF310, CF311 and the origin-chain rule report."""


@rule("CF312", "host-forwarded-without-aliases", Severity.ERROR, at_request=True)
def host_forwarded_without_aliases(dist: Distribution) -> Iterator[Problem]:
    """The viewer's Host is forwarded over HTTPS, but the distribution has no aliases.

    ## What it does
    For distributions whose alias list is known to be empty (not multi-tenant ones, whose
    viewers use tenant domains), flags every cache behaviour that forwards the viewer's
    `Host` header to a custom or VPC origin CloudFront reaches with HTTPS (`https-only`, or
    `match-viewer` for HTTPS viewers). API Gateway, Lambda URL, S3 and CloudFront origins
    are left to their own rules.

    ## Why does this cause 502s?
    CloudFront checks the origin's certificate against the Host header it forwards. Without
    aliases, viewers reach the distribution by its own name, `d111111abcdef8.cloudfront.net`,
    so that is the Host the origin gets; no origin certificate can cover a `cloudfront.net`
    name, so every HTTPS connection fails its certificate check and viewers get a 502.

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
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              OriginRequestPolicyId: 216adef6-5c7f-47e4-b989-5492eafa07d3
    ```
    Use instead: forward everything but Host (or add the alias the origin's certificate
    covers).
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
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              OriginRequestPolicyId: b689b0a8-53d0-40ab-baf2-68738e2966ac
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-certificate-expired
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
    """
    if dist.connection_mode != "direct" or dist.aliases != ():
        return
    for origin in dist.origins:
        if origin.config not in (OriginConfig.CUSTOM, OriginConfig.VPC):
            continue
        if origin.target.kind in CHECKED_ELSEWHERE:
            continue
        if not dist.sends_https(origin):
            continue
        for behavior in dist.behaviors_for(origin):
            if behavior.forwards_host is True:
                yield Problem(
                    f"{behavior.label} forwards the viewer's Host header to {origin.label} "
                    "over HTTPS, and the distribution has no aliases: the Host is its own "
                    "*.cloudfront.net name, which no certificate of the origin covers; "
                    "forward everything but Host (Managed-AllViewerExceptHostHeader, "
                    "b689b0a8-53d0-40ab-baf2-68738e2966ac) or add the alias the origin serves",
                    behavior.span,
                    origin.id,
                )
