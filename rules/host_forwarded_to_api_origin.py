"""CF310: the viewer's Host header reaches an API Gateway or Lambda function URL origin."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, TargetKind, rule

SERVICES = {
    TargetKind.API_GATEWAY: "an API Gateway endpoint",
    TargetKind.LAMBDA_URL: "a Lambda function URL",
}


@rule("CF310", "host-forwarded-to-api-origin", Severity.ERROR, at_request=True)
def host_forwarded_to_api_origin(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour forwards the viewer's Host header to an API Gateway or Lambda URL.

    ## What it does
    For origins named by an API Gateway endpoint's own hostname
    (`<id>.execute-api.<region>.amazonaws.com`, `!GetAtt Api.RestApiId` in a `!Sub`,
    Terraform's `aws_api_gateway_rest_api`/`aws_apigatewayv2_api`) or a Lambda function
    URL (`<id>.lambda-url.<region>.on.aws`), flags every cache behaviour that sends requests
    to the origin, directly or through an origin group, and forwards the viewer's `Host`
    header: through legacy `ForwardedValues.Headers` (`Host` or `*`), a cache policy whose
    cache key includes Host (the managed UseOriginCacheControlHeaders and Amplify policies,
    or a same-template one), or an origin request policy that forwards it (Managed-AllViewer,
    Managed-AllViewerAndCloudFrontHeaders-2022-06, Managed-HostHeaderOnly, a same-template
    one with `allViewer`, `allExcept` without Host, or `whitelist` with it). An origin named
    by a custom domain of one's own is not checked.

    ## Why does this cause 502s?
    These services find the API or the function by the Host header. With the viewer's Host
    (the alias, or the distribution's `*.cloudfront.net` name) they find none: API Gateway
    answers 403 to every request, and a function URL does not work either (the status it
    answers is not documented). AWS provides Managed-AllViewerExceptHostHeader for exactly
    these origins.

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
                DomainName: abc123.execute-api.eu-west-1.amazonaws.com
                OriginPath: /prod
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              OriginRequestPolicyId: 216adef6-5c7f-47e4-b989-5492eafa07d3
    ```
    Use instead: Managed-AllViewerExceptHostHeader.
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: api
                DomainName: abc123.execute-api.eu-west-1.amazonaws.com
                OriginPath: /prod
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              OriginRequestPolicyId: b689b0a8-53d0-40ab-baf2-68738e2966ac
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html#managed-origin-request-policy-all-viewer-except-host-header
    - https://repost.aws/knowledge-center/configure-cloudfront-to-forward-headers
    """
    for origin in dist.origins:
        service = SERVICES.get(origin.target.kind)
        if service is None or not origin.target.service_hostname:
            continue
        for behavior in dist.behaviors_for(origin):
            if behavior.forwards_host is True:
                yield Problem(
                    f"{behavior.label} forwards the viewer's Host header to {origin.label}, "
                    f"{service}, which then finds no API or function for it (API Gateway "
                    "answers 403); forward everything but Host with "
                    "Managed-AllViewerExceptHostHeader (b689b0a8-53d0-40ab-baf2-68738e2966ac) "
                    "and keep Host out of the cache policy and ForwardedValues",
                    behavior.span,
                    origin.id,
                )
