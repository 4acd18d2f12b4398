"""CF503: a CloudFront Function on an origin event."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

VIEWER_EVENTS = ("viewer-request", "viewer-response")


@rule("CF503", "cloudfront-function-on-origin-event", Severity.ERROR)
def cloudfront_function_on_origin_event(dist: Distribution) -> Iterator[Problem]:
    """A CloudFront Function is associated with an origin-request or origin-response event.

    ## What it does
    Flags `FunctionAssociations` (`function_association`) whose `EventType` is not
    `viewer-request` or `viewer-response`.

    ## Why does this cause 502s?
    CloudFront Functions run only on viewer events; CloudFront rejects any other event type,
    so the distribution cannot deploy. Code that must run when CloudFront talks to the origin
    needs Lambda@Edge.

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
              FunctionAssociations:
                - EventType: origin-request
                  FunctionARN: arn:aws:cloudfront::123456789012:function/rewrite
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
              FunctionAssociations:
                - EventType: viewer-request
                  FunctionARN: arn:aws:cloudfront::123456789012:function/rewrite
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_FunctionAssociation.html
    """
    for behavior in dist.all_behaviors:
        for association in behavior.functions or ():
            event = association.event_type
            if association.kind == "cloudfront-function" and event and event not in VIEWER_EVENTS:
                yield Problem(
                    f"{behavior.label} runs a CloudFront Function on {event}; CloudFront "
                    "Functions run only on viewer-request and viewer-response",
                    association.span_of("event_type"),
                )
