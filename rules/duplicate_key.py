"""CF001: a key written twice in one mapping."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF001", "duplicate-key", Severity.WARNING)
def duplicate_key(dist: Distribution) -> Iterator[Problem]:
    """A key appears twice in the same mapping of the file.

    ## What it does
    Flags a mapping key that repeats an earlier key of the same mapping, anywhere in a
    CloudFormation template or CloudFront API JSON document that defines a distribution.
    (Terraform rejects a repeated argument outright: that is CF004.)

    ## Why does this cause 502s?
    CloudFormation and the AWS CLI and SDKs keep the last of the two values and drop the
    first without a word, so what you reviewed is not what deploys (`aws cloudformation
    package` and `deploy`, and cfn-lint, reject such templates; the console and the API take
    them). A repeated `OriginProtocolPolicy` or `DomainName` is how a fixed origin quietly
    goes back to returning 502. A warning, because the template does deploy.

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
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginProtocolPolicy: http-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
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
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
    """
    for issue in dist.issues:
        if issue.kind == "duplicate-key":
            yield Problem(issue.message, issue.span)
