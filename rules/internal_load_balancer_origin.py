"""CF107: an internal load balancer reached as an ordinary custom origin."""

from collections.abc import Iterator

from cf502lint import Distribution, OriginConfig, Problem, Severity, TargetKind, rule


@rule("CF107", "internal-load-balancer-origin", Severity.ERROR, at_request=True)
def internal_load_balancer_origin(dist: Distribution) -> Iterator[Problem]:
    """An internal load balancer is an ordinary custom origin, which CloudFront cannot reach.

    ## What it does
    Flags custom origins that lead to an internal load balancer: one in the same template
    with `Scheme: internal` (Terraform `internal = true`), directly or through a Route 53
    record, or a literal `internal-*.elb.amazonaws.com` name (load balancer names cannot
    start with `internal-`, so that prefix is the internal scheme's). An origin with a
    `VpcOriginConfig` (`vpc_origin_config`) is the way to reach an internal load balancer and
    is never flagged.

    ## Why does this cause 502s?
    A custom origin is reached over the internet. An internal load balancer's name resolves
    to private addresses only, which CloudFront cannot connect to: the connection times out
    (504) or fails (502). Either make the load balancer internet-facing, or keep it internal
    and reach it through a CloudFront VPC origin.

    ## Example
    ```yaml
    Resources:
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
          Scheme: internal
          Subnets: [subnet-1, subnet-2]
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: !GetAtt Alb.DNSName
                CustomOriginConfig:
                  OriginProtocolPolicy: http-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: a VPC origin.
    ```yaml
    Resources:
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
          Scheme: internal
          Subnets: [subnet-1, subnet-2]
      Private:
        Type: AWS::CloudFront::VpcOrigin
        Properties:
          VpcOriginEndpointConfig:
            Name: app
            Arn: !Ref Alb
            OriginProtocolPolicy: http-only
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: !GetAtt Alb.DNSName
                VpcOriginConfig:
                  VpcOriginId: !GetAtt Private.Id
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-504-gateway-timeout.html
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme
    """
    for origin in dist.origins:
        if origin.config is not OriginConfig.CUSTOM:
            continue
        balancer = origin.target.load_balancer
        name = (origin.domain_pattern or "").lower()
        if balancer is not None and balancer.internal:
            what = f"the internal load balancer {balancer.resource!r}"
        elif origin.target.kind is TargetKind.LOAD_BALANCER and name.startswith("internal-"):
            what = f"the internal load balancer {origin.domain_pattern!r}"
        else:
            continue
        yield Problem(
            f"{origin.label} reaches {what} as an ordinary custom origin, over the "
            "internet, where its private addresses cannot be reached; use a VPC origin "
            "(VpcOriginConfig) or an internet-facing load balancer",
            origin.span_of("domain_name"),
            origin.id,
        )
