"""CF117: IPv6 to an origin that has no IPv6 address."""

from collections.abc import Iterator

from cf502lint import Distribution, OriginConfig, Problem, Severity, rule


@rule("CF117", "ipv6-to-ipv4-only-origin", Severity.ERROR, at_request=True)
def ipv6_to_ipv4_only_origin(dist: Distribution) -> Iterator[Problem]:
    """CloudFront is told to reach an origin over IPv6 only, and the origin has no IPv6 address.

    ## What it does
    Flags origins with `IpAddressType: ipv6` (`ip_address_type = "ipv6"`) that lead to a
    load balancer of the same template with the `ipv4` address type (the default), and VPC
    origins whose endpoint asks for `ipv6`, which VPC origins do not offer (`ipv4` or
    `dualstack`).

    ## Why does this cause 502s?
    With `ipv6` CloudFront connects to the origin's IPv6 addresses only. An IPv4-only load
    balancer publishes none, so no connection can be made and every request fails. Use
    `ipv4` or `dualstack`, or give the load balancer `IpAddressType: dualstack`.

    ## Example
    ```yaml
    Resources:
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
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
                  IpAddressType: ipv6
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead:
    ```yaml
    Resources:
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
          IpAddressType: dualstack
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
                  IpAddressType: ipv6
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-ip-address-type.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-vpcorigin-vpcoriginendpointconfig.html
    """
    for origin in dist.origins:
        if origin.ip_address_type != "ipv6":
            continue
        balancer = origin.target.load_balancer
        if origin.config is OriginConfig.VPC and origin.vpc_origin is not None:
            yield Problem(
                f"{origin.label} asks VPC origin {origin.vpc_origin!r} for IPv6 only, which VPC "
                "origins do not offer; use ipv4 or dualstack",
                origin.span_of("ip_address_type", "vpc_origin"),
                origin.id,
            )
        elif balancer is not None and balancer.ip_address_type == "ipv4":
            yield Problem(
                f"{origin.label} reaches load balancer {balancer.resource!r} over IPv6 only, "
                "but the load balancer has IPv4 addresses only; use ipv4 or dualstack, or "
                "make the load balancer dualstack",
                origin.span_of("ip_address_type"),
                origin.id,
            )
