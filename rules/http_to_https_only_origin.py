"""CF104: plain HTTP to an origin that only speaks HTTPS."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, TargetKind, rule

HTTPS_ONLY = {
    TargetKind.API_GATEWAY: "an API Gateway",
    TargetKind.LAMBDA_URL: "a Lambda function URL",
}


@rule("CF104", "http-to-https-only-origin", Severity.ERROR, at_request=True)
def http_to_https_only_origin(dist: Distribution) -> Iterator[Problem]:
    """CloudFront connects with plain HTTP to API Gateway or a Lambda function URL.

    ## What it does
    Flags origins whose domain is an API Gateway endpoint (`*.execute-api.<region>.amazonaws.com`)
    or a Lambda function URL (`*.lambda-url.<region>.on.aws`) with `http-only`, or with
    `match-viewer` when a cache behaviour that uses the origin allows HTTP viewers (`allow-all`).

    ## Why does this cause 502s?
    These endpoints only accept HTTPS on port 443. CloudFront's plain HTTP connection to
    port 80 is refused or times out, and viewers get 502 or 504.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: api
                DomainName: abc123.execute-api.us-east-1.amazonaws.com
                CustomOriginConfig:
                  OriginProtocolPolicy: http-only
            DefaultCacheBehavior:
              TargetOriginId: api
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
              - Id: api
                DomainName: abc123.execute-api.us-east-1.amazonaws.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistS3AndCustomOrigins.html#concept_lambda_function_url
    - https://repost.aws/knowledge-center/api-gateway-cloudfront-distribution
    """
    for origin in dist.origins:
        service = HTTPS_ONLY.get(origin.target.kind)
        if service and dist.sends_http(origin):
            how = (
                "http-only"
                if origin.protocol_policy == "http-only"
                else "match-viewer with HTTP viewers allowed"
            )
            yield Problem(
                f"{origin.label} connects with plain HTTP ({how}) to {service} "
                "endpoint, which only accepts HTTPS",
                origin.span_of("protocol_policy"),
                origin.id,
            )
