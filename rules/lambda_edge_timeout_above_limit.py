"""CF505: a Lambda@Edge function whose timeout is above 30 seconds."""

from collections.abc import Iterator

from cf502lint import Distribution, LambdaFunction, Problem, Severity, rule

LIMIT = 30


@rule("CF505", "lambda-edge-timeout-above-limit", Severity.ERROR)
def lambda_edge_timeout_above_limit(dist: Distribution) -> Iterator[Problem]:
    """A Lambda@Edge function has a timeout above 30 seconds.

    ## What it does
    For Lambda@Edge associations whose function is in the same template or configuration,
    flags a function `Timeout` (`timeout`) above 30 seconds, the most any CloudFront event
    allows.

    ## Why does this cause 502s?
    CloudFront rejects the association ("The function timeout is larger than the maximum
    allowed size for functions that are triggered by a CloudFront event"), so the
    distribution cannot deploy.

    ## Example
    ```yaml
    Resources:
      EdgeFunction:
        Type: AWS::Lambda::Function
        Properties:
          Runtime: nodejs20.x
          Handler: index.handler
          Role: arn:aws:iam::123456789012:role/edge
          Timeout: 60
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
                - EventType: origin-request
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
          Timeout: 30
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
                - EventType: origin-request
                  LambdaFunctionARN: !Ref EdgeFunctionVersion
    ```
    Keep the function well below the origin's response timeout too: a slow origin-request
    function delays every cache miss.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
    """
    seen: set[str] = set()
    for behavior in dist.all_behaviors:
        for association in behavior.functions or ():
            function = association.function
            if not isinstance(function, LambdaFunction) or function.resource in seen:
                continue
            seen.add(function.resource)
            if function.timeout is not None and function.timeout > LIMIT:
                yield Problem(
                    f"Lambda@Edge function {function.resource!r} ({behavior.label}) has a "
                    f"timeout of {function.timeout} s; CloudFront accepts at most {LIMIT} s "
                    "for any event and rejects the association: lower it to 30 s or less",
                    function.span_of("timeout"),
                )
