"""CF601: a cache behaviour sets a cache policy and legacy ForwardedValues."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF601", "forwarded-values-with-cache-policy", Severity.WARNING)
def forwarded_values_with_cache_policy(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour sets both a cache policy and the legacy ForwardedValues.

    ## What it does
    Flags cache behaviours (the default one and the ordered ones) that have a
    `CachePolicyId` and a `ForwardedValues` block (Terraform: `cache_policy_id` and a
    `forwarded_values` block).

    ## Why does this cause 502s?
    It does not cause one by itself, but the behaviour is not what it says. CloudFormation
    silently drops ForwardedValues when a cache policy is set, so the headers, cookies and
    query strings it lists (a `Host` or `Authorization` the origin relies on) never reach the
    origin unless the cache or origin request policy sends them. The CloudFront API, and so
    Terraform and the SDKs, reject the distribution instead ("The parameter ForwardedValues
    cannot be used when a cache policy is associated to the cache behavior"): the deployment
    fails and the distribution keeps its previous, possibly failing, configuration.

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
                DomainName: app.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
              ForwardedValues:
                QueryString: true
    ```
    Use instead: the cache policy alone (query strings, headers and cookies go in the
    cache policy or an origin request policy).
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: app.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
              OriginRequestPolicyId: b689b0a8-53d0-40ab-baf2-68738e2966ac
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DefaultCacheBehavior.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/controlling-the-cache-key.html
    - https://github.com/hashicorp/terraform-provider-aws/pull/29015
    - https://github.com/aws-cloudformation/cfn-lint/blob/main/src/cfnlint/rules/resources/cloudfront/DistributionCacheBehaviorForwardedValuesIgnored.py
    """
    for behavior in dist.all_behaviors:
        if behavior.cache_policy is True and behavior.forwarded_values is True:
            yield Problem(
                f"{behavior.label} sets a cache policy and legacy ForwardedValues, which "
                "CloudFormation ignores and the CloudFront API (Terraform, the SDKs) rejects: "
                "remove ForwardedValues and put what it forwards in the cache or origin "
                "request policy",
                behavior.span_of("forwarded_values"),
            )
