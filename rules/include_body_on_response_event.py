"""CF507: IncludeBody on a Lambda@Edge association for a response event."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

RESPONSE_EVENTS = ("viewer-response", "origin-response")


@rule("CF507", "include-body-on-response-event", Severity.WARNING)
def include_body_on_response_event(dist: Distribution) -> Iterator[Problem]:
    """A Lambda@Edge association on a response event sets IncludeBody.

    ## What it does
    Flags `LambdaFunctionAssociations` (`lambda_function_association`) on
    `viewer-response` or `origin-response` with `IncludeBody: true` (`include_body`).

    ## Why does this cause 502s?
    The request body is exposed to Lambda@Edge only on request events (`viewer-request`,
    `origin-request`). On a response event the option is meaningless, and whether
    CloudFront rejects the association or ignores the flag is not documented; a function
    written to expect the body then fails on every request, which CloudFront reports as an
    error to the viewer.

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
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              LambdaFunctionAssociations:
                - EventType: origin-response
                  IncludeBody: true
                  LambdaFunctionARN: arn:aws:lambda:us-east-1:123456789012:function:edge:3
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
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              LambdaFunctionAssociations:
                - EventType: origin-request
                  IncludeBody: true
                  LambdaFunctionARN: arn:aws:lambda:us-east-1:123456789012:function:edge:3
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-include-body-access.html
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_LambdaFunctionAssociation.html
    """
    for behavior in dist.all_behaviors:
        for association in behavior.functions or ():
            event = association.event_type
            if association.include_body and event in RESPONSE_EVENTS:
                yield Problem(
                    f"{behavior.label} sets IncludeBody on the Lambda@Edge function for "
                    f"{event}; only request events (viewer-request, origin-request) get the "
                    "body: remove IncludeBody or move the function to a request event",
                    association.span_of("include_body"),
                )
