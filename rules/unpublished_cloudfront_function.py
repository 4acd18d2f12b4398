"""CF509: a CloudFront Function that deploying the template does not publish."""

from collections.abc import Iterator

from cf502lint import CloudFrontFunction, Distribution, Problem, Severity, rule


@rule("CF509", "unpublished-cloudfront-function", Severity.ERROR)
def unpublished_cloudfront_function(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour runs a same-template CloudFront Function that is not published.

    ## What it does
    For `FunctionAssociations` (`function_association`) whose function is in the same
    template or configuration, flags an `AWS::CloudFront::Function` without
    `AutoPublish: true` (CloudFormation's default is false) and an `aws_cloudfront_function`
    with `publish = false` (Terraform's default is true).

    ## Why does this cause 502s?
    A new function is created in the DEVELOPMENT stage; only a function published to the
    LIVE stage can be associated with a cache behaviour. CloudFront rejects the association,
    so the distribution cannot deploy (or, once published by hand, the next change to the
    code is never published and the distribution keeps running the old code).

    ## Example
    ```yaml
    Resources:
      Rewrite:
        Type: AWS::CloudFront::Function
        Properties:
          Name: rewrite
          FunctionConfig: {Comment: index.html, Runtime: cloudfront-js-2.0}
          FunctionCode: "function handler(event) { return event.request; }"
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
                  FunctionARN: !GetAtt Rewrite.FunctionARN
    ```
    Use instead:
    ```yaml
    Resources:
      Rewrite:
        Type: AWS::CloudFront::Function
        Properties:
          Name: rewrite
          AutoPublish: true
          FunctionConfig: {Comment: index.html, Runtime: cloudfront-js-2.0}
          FunctionCode: "function handler(event) { return event.request; }"
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
                  FunctionARN: !GetAtt Rewrite.FunctionARN
    ```

    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudfront-function.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/publish-function.html
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_function
    """
    seen: set[str] = set()
    for behavior in dist.all_behaviors:
        for association in behavior.functions or ():
            function = association.function
            if not isinstance(function, CloudFrontFunction) or function.resource in seen:
                continue
            seen.add(function.resource)
            if function.published is False:
                terraform = "aws_cloudfront_function." in function.resource
                fix = "publish = true" if terraform else "AutoPublish: true"
                yield Problem(
                    f"CloudFront Function {function.resource!r} ({behavior.label}) is not "
                    f"published to the LIVE stage, which an association needs; set {fix}",
                    function.span_of("published"),
                )
