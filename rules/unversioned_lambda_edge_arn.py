"""CF501: a Lambda@Edge association that does not name a published version."""

from collections.abc import Iterator

from cf502lint import Distribution, FunctionAssociation, Problem, Severity, rule
from cf502lint.fix import Fix, Reference, SetReference

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

    ## Fix
    Safe, when the template publishes exactly one version of the function: CloudFormation's
    `!GetAtt Fn.Arn` or `!Ref Fn` becomes `!Ref FnVersion` when one `AWS::Lambda::Version`
    without a `Condition` names `Fn` (`!Ref Fn.Version` for a SAM function with
    `AutoPublishAlias`, whose `!Ref Fn.Alias` becomes that too); Terraform's
    `aws_lambda_function.x.arn` becomes `qualified_arn` when the function has
    `publish = true`. Nothing is fixed without such a version: which code to publish, and
    when, is a decision the fix cannot make.

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
                    fix=_published(dist, association),
                )


def _published(dist: Distribution, association: FunctionAssociation) -> Fix | None:
    """The reference to the one version of the function that the template publishes."""
    resource = association.resource
    span = association.spans.get("arn")
    if resource is None or span is None or association.version not in ("unqualified", "alias"):
        return None
    function = resource.removesuffix(".Alias")  # SAM's alias of an AutoPublishAlias function
    new = dist.published_versions.get(function)
    if new is None:
        return None
    if new.kind == "traversal":
        old: tuple[Reference, ...] = (Reference("traversal", new.name.rsplit(".", 1)[0] + ".arn"),)
    else:
        old = (
            Reference("Fn::GetAtt", f"{function}.Arn"),
            Reference("Ref", function),
            Reference("Ref", f"{function}.Alias"),
        )
    return Fix(f"Name the published version: {new}", (SetReference(span, old, new),))
