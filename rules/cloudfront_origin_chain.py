"""CF113: an origin that is itself a CloudFront distribution."""

from collections.abc import Iterator

from cf502lint import Distribution, OriginConfig, Problem, Severity, TargetKind, rule


@rule("CF113", "cloudfront-origin-chain", Severity.WARNING)
def cloudfront_origin_chain(dist: Distribution) -> Iterator[Problem]:
    """An origin is itself a CloudFront distribution, or an edge-optimised REST API.

    ## What it does
    Flags origins whose domain is a CloudFront distribution (`*.cloudfront.net`, a
    distribution or `aws_api_gateway_domain_name`'s CloudFront name in the same template) or
    an API Gateway REST API that is edge-optimised: the default endpoint type, which puts a
    CloudFront distribution of API Gateway's own in front of the API.

    ## Why does this cause 502s?
    Each request then passes through two distributions. CloudFront allows at most two in a
    chain of requests (a third is refused with 403), the inner distribution sees a second
    set of timeouts and caching, and it only answers for its own names, so forwarding the
    viewer's Host header to it fails. AWS advises against chaining distributions: point the
    origin at what the inner distribution serves from, or make the API regional
    (`EndpointConfiguration: {Types: [REGIONAL]}`).

    ## Example
    ```yaml
    Resources:
      Api:
        Type: AWS::ApiGateway::RestApi
        Properties:
          Name: api
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: api
                DomainName: !Sub "${Api}.execute-api.${AWS::Region}.amazonaws.com"
                OriginPath: /prod
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              OriginRequestPolicyId: b689b0a8-53d0-40ab-baf2-68738e2966ac
    ```
    Use instead:
    ```yaml
    Resources:
      Api:
        Type: AWS::ApiGateway::RestApi
        Properties:
          Name: api
          EndpointConfiguration:
            Types: [REGIONAL]
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: api
                DomainName: !Sub "${Api}.execute-api.${AWS::Region}.amazonaws.com"
                OriginPath: /prod
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              OriginRequestPolicyId: b689b0a8-53d0-40ab-baf2-68738e2966ac
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-web-distributions
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-endpoint-types.html
    """
    for origin in dist.origins:
        if origin.config is OriginConfig.VPC:
            continue
        if origin.target.kind is TargetKind.CLOUDFRONT:
            what = "is itself a CloudFront distribution"
            fix = "point it at what that distribution serves from"
        elif origin.target.kind is TargetKind.API_GATEWAY and origin.target.edge_optimized:
            what = "is an edge-optimised REST API, which has a CloudFront distribution in front"
            fix = "make the API regional (EndpointConfiguration REGIONAL)"
        else:
            continue
        yield Problem(
            f"{origin.label} {what}: every request passes through two distributions, the "
            f"most CloudFront allows in a chain; {fix}",
            origin.span_of("domain_name"),
            origin.id,
        )
