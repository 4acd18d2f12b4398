"""CF502: a Lambda@Edge function outside us-east-1."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF502", "lambda-edge-outside-us-east-1", Severity.ERROR)
def lambda_edge_outside_us_east_1(dist: Distribution) -> Iterator[Problem]:
    """A Lambda@Edge association names a function in a region other than us-east-1.

    ## What it does
    Flags Lambda@Edge associations whose ARN names a region other than `us-east-1`.
    Functions referenced through the template (whose region is the stack's) are not checked.

    ## Why does this cause 502s?
    CloudFront replicates Lambda@Edge functions only from US East (N. Virginia) and rejects
    any other ("The function must be in region 'us-east-1'"), so the distribution cannot
    deploy.

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
                - EventType: viewer-request
                  LambdaFunctionARN: arn:aws:lambda:eu-west-1:123456789012:function:auth:3
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
                - EventType: viewer-request
                  LambdaFunctionARN: arn:aws:lambda:us-east-1:123456789012:function:auth:3
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-function-restrictions.html
    """
    for behavior in dist.all_behaviors:
        for association in behavior.functions or ():
            region = association.region
            if association.kind == "lambda-edge" and region and region != "us-east-1":
                yield Problem(
                    f"{behavior.label} associates a Lambda@Edge function in {region}; "
                    "CloudFront accepts only functions in us-east-1",
                    association.span_of("arn"),
                )
