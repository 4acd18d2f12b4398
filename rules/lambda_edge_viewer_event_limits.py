"""CF506: a Lambda@Edge function on a viewer event above the viewer-event memory or timeout."""

from collections.abc import Iterator

from cf502lint import Distribution, LambdaFunction, Problem, Severity, rule

VIEWER_EVENTS = ("viewer-request", "viewer-response")
MEMORY = 128
TIMEOUT = 5
ANY_EVENT_TIMEOUT = 30
"""Above this, CF505 reports the timeout for every event."""


@rule("CF506", "lambda-edge-viewer-event-limits", Severity.WARNING)
def lambda_edge_viewer_event_limits(dist: Distribution) -> Iterator[Problem]:
    """A Lambda@Edge function on a viewer event has more than 128 MB or 5 seconds.

    ## What it does
    For Lambda@Edge associations on `viewer-request` or `viewer-response` whose function is
    in the same template or configuration, flags a `MemorySize` (`memory_size`) above
    128 MB and a `Timeout` (`timeout`) above 5 seconds (up to 30; CF505 reports more).

    ## Why does this cause 502s?
    CloudFront has long limited functions on viewer events to 128 MB and 5 seconds and
    rejected larger ones ("The function memory size is larger than the maximum allowed size
    for functions that are triggered by a CloudFront event: 1024 Max allowed: 128"), so the
    distribution cannot deploy. The current quota page no longer lists these viewer limits
    separately, so this is a warning: check the quotas, or move the function to an origin
    event, where larger functions are accepted.

    ## Example
    ```yaml
    Resources:
      EdgeFunction:
        Type: AWS::Lambda::Function
        Properties:
          Runtime: nodejs20.x
          Handler: index.handler
          Role: arn:aws:iam::123456789012:role/edge
          MemorySize: 1024
          Code: {ZipFile: "exports.handler = async (e) => e.Records[0].cf.request;"}
      EdgeFunctionVersion:
        Type: AWS::Lambda::Version
        Properties:
          FunctionName: !Ref EdgeFunction
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
                - EventType: viewer-request
                  LambdaFunctionARN: !Ref EdgeFunctionVersion
    ```
    Use instead:
    ```yaml
    Resources:
      EdgeFunction:
        Type: AWS::Lambda::Function
        Properties:
          Runtime: nodejs20.x
          Handler: index.handler
          Role: arn:aws:iam::123456789012:role/edge
          MemorySize: 128
          Code: {ZipFile: "exports.handler = async (e) => e.Records[0].cf.request;"}
      EdgeFunctionVersion:
        Type: AWS::Lambda::Version
        Properties:
          FunctionName: !Ref EdgeFunction
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
                - EventType: viewer-request
                  LambdaFunctionARN: !Ref EdgeFunctionVersion
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html
    """
    seen: set[tuple[str, str]] = set()
    for behavior in dist.all_behaviors:
        for association in behavior.functions or ():
            function = association.function
            if not isinstance(function, LambdaFunction) or association.event_type not in (
                VIEWER_EVENTS
            ):
                continue
            memory, timeout = function.memory_size, function.timeout
            if timeout is not None and timeout > ANY_EVENT_TIMEOUT:
                timeout = None
            for field, value, limit, what, unit in (
                ("memory_size", memory, MEMORY, "{} MB of memory", "MB"),
                ("timeout", timeout, TIMEOUT, "a timeout of {} s", "s"),
            ):
                if value is None or value <= limit or (function.resource, field) in seen:
                    continue
                seen.add((function.resource, field))
                yield Problem(
                    f"Lambda@Edge function {function.resource!r} runs on "
                    f"{association.event_type} of {behavior.label} with {what.format(value)}; "
                    f"CloudFront has limited viewer-event functions to {limit} {unit} and "
                    f"rejected larger ones: use {limit} {unit} or an origin event",
                    function.span_of(field),
                )
