"""CF501: a Lambda@Edge association that does not name a published version."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

WHAT = {
    "latest": "$LATEST",
    "alias": "an alias",
    "unqualified": "the function without a version",
}


@rule("CF501", "unversioned-lambda-edge-arn", Severity.ERROR)
def unversioned_lambda_edge_arn(dist: Distribution) -> Iterator[Problem]:
    """A Lambda@Edge association names `$LATEST`, an alias or the unversioned function.

    ## What it does
    Flags `LambdaFunctionAssociations` (`lambda_function_association`) whose ARN does not end
    with a version number: a literal ARN ending in `:$LATEST`, an alias or no qualifier;
    CloudFormation `!GetAtt Fn.Arn` or `!Ref Fn`; Terraform `aws_lambda_function.x.arn`, or
    `qualified_arn` of a function without `publish = true` (which is `:$LATEST`).

    ## Why does this cause 502s?
    CloudFront rejects the association ("The function ARN must reference a specific function
    version"), so the distribution cannot deploy, and the function that was meant to shape
    requests or responses never runs. Use a published version: `AWS::Lambda::Version`,
    SAM's `!Ref Fn.Version` with `AutoPublishAlias`, or `qualified_arn` with `publish = true`.

    ## Example
    ```yaml
    Resources:
      EdgeFunction:
        Type: AWS::Lambda::Function
        Properties:
          Runtime: nodejs20.x
          Handler: index.handler
          Role: arn:aws:iam::123456789012:role/edge
          Code: {ZipFile: "exports.handler = async (e) => e.Records[0].cf.request;"}
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
                  LambdaFunctionARN: !GetAtt EdgeFunction.Arn
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

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-function-restrictions.html
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_LambdaFunctionAssociation.html
    """
    for behavior in dist.all_behaviors:
        for association in behavior.functions or ():
            if association.kind == "lambda-edge" and association.version in WHAT:
                yield Problem(
                    f"{behavior.label} associates Lambda@Edge with "
                    f"{WHAT[association.version]}; CloudFront needs a published version "
                    "(an ARN ending in the version number)",
                    association.span_of("arn"),
                )
