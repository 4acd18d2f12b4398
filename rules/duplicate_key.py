"""CF001: a key written twice in one mapping."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF001", "duplicate-key", Severity.ERROR)
def duplicate_key(dist: Distribution) -> Iterator[Problem]:
    """A key appears twice in the same mapping of the file.

    ## What it does
    Flags a mapping key that repeats an earlier key of the same mapping, anywhere in a file
    that defines a distribution.

    ## Why does this cause 502s?
    YAML and JSON parsers silently keep one of the two values, so what you reviewed is not
    what deploys; CloudFormation rejects such templates outright. A repeated
    `OriginProtocolPolicy` or `DomainName` is how a fixed origin quietly goes back to
    returning 502.

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
