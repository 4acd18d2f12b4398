"""CF508: edge function associations that CloudFront does not accept together."""

from collections import Counter
from collections.abc import Iterator

from cf502lint import CacheBehavior, Distribution, Problem, Severity, rule

VIEWER_EVENTS = ("viewer-request", "viewer-response")
MOST = {"lambda-edge": 4, "cloudfront-function": 2}
KIND = {"lambda-edge": "Lambda@Edge", "cloudfront-function": "CloudFront Function"}


@rule("CF508", "edge-function-event-conflict", Severity.ERROR)
def edge_function_event_conflict(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour has two functions on one event, or mixes the two kinds on viewer events.

    ## What it does
    For each cache behaviour, flags a second edge function association (Lambda@Edge or
    CloudFront Function) on an event type that already has one; a CloudFront Function and
    a Lambda@Edge function both on viewer events (`viewer-request`, `viewer-response`); and,
    when the event types are not all known, more than 4 Lambda@Edge or 2 CloudFront
    Function associations.

    ## Why does this cause 502s?
    Each event type of a behaviour runs at most one edge function, and CloudFront Functions
    and Lambda@Edge cannot be combined on viewer events. CloudFront rejects such a
    configuration, so the distribution cannot deploy, and none of its functions run.

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
                - EventType: viewer-request
                  FunctionARN: arn:aws:cloudfront::123456789012:function/rewrite
              LambdaFunctionAssociations:
                - EventType: viewer-response
                  LambdaFunctionARN: arn:aws:lambda:us-east-1:123456789012:function:headers:3
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
              LambdaFunctionAssociations:
                - EventType: origin-response
                  LambdaFunctionARN: arn:aws:lambda:us-east-1:123456789012:function:headers:3
    ```
    Lambda@Edge may run on origin events next to CloudFront Functions on viewer events.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_LambdaFunctionAssociations.html
    """
    for behavior in dist.all_behaviors:
        yield from _conflicts(behavior)


def _conflicts(behavior: CacheBehavior) -> Iterator[Problem]:
    associations = behavior.functions or ()
    seen: dict[str, str] = {}
    reported = False
    for association in associations:
        event = association.event_type
        if event is None:
            continue
        if event in seen:
            reported = True
            yield Problem(
                f"{behavior.label} associates a second function with {event}; each event "
                "type of a behaviour takes one function: keep one",
                association.span_of("event_type"),
            )
            continue
        seen[event] = association.kind
    viewer_kinds = {kind for event, kind in seen.items() if event in VIEWER_EVENTS}
    mixed = next(
        (a for a in associations if a.kind == "lambda-edge" and a.event_type in VIEWER_EVENTS),
        None,
    )
    if mixed is not None and {"lambda-edge", "cloudfront-function"} <= viewer_kinds:
        reported = True
        yield Problem(
            f"{behavior.label} runs a CloudFront Function and Lambda@Edge on viewer events; "
            "CloudFront does not combine them there: move the Lambda@Edge function to an "
            "origin event or do its work in the CloudFront Function",
            mixed.span_of("event_type"),
        )
    if reported:
        return
    for kind, count in Counter(a.kind for a in associations).items():
        if kind in MOST and count > MOST[kind]:
            last = [a for a in associations if a.kind == kind][MOST[kind]]
            yield Problem(
                f"{behavior.label} has {count} {KIND[kind]} associations; a behaviour takes "
                f"at most {MOST[kind]} (one per event type): remove {count - MOST[kind]}",
                last.span,
            )
