"""CF103: HTTPS to a load balancer's default *.elb.amazonaws.com name."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, TargetKind, rule


@rule("CF103", "https-to-elb-default-hostname", Severity.ERROR, at_request=True)
def https_to_elb_default_hostname(dist: Distribution) -> Iterator[Problem]:
    """CloudFront connects with HTTPS to a load balancer by its `*.elb.amazonaws.com` name.

    ## What it does
    Flags custom origins whose domain is a load balancer's own DNS name
    (`!GetAtt Alb.DNSName`, `aws_lb.x.dns_name`, `name-123.us-east-1.elb.amazonaws.com`) with
    `https-only` or `match-viewer`, when a cache behaviour that uses the origin does not
    forward the viewer's Host header.

    ## Why does this cause 502s?
    When the viewer's Host header is not forwarded, CloudFront checks that the origin's
    certificate matches the origin domain name. Nobody can get a certificate for
    `*.elb.amazonaws.com`, so the TLS handshake fails and CloudFront answers 502.

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
                  OriginProtocolPolicy: https-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: give the load balancer a name its certificate covers, and use that name.
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
                DomainName: origin.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-certificate-expired
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
    """
    for origin in dist.origins:
        target = origin.target
        if not (target.kind is TargetKind.LOAD_BALANCER and target.service_hostname):
            continue
        if not dist.sends_https(origin):
            continue
        behaviors = [b for b in dist.behaviors_for(origin) if b.forwards_host is False]
        if behaviors:
            yield Problem(
                f"{origin.label} connects with HTTPS to the load balancer's own "
                f"*.elb.amazonaws.com name, which no certificate can match, and "
                f"{behaviors[0].label} does not forward the viewer's Host header",
                origin.span_of("domain_name"),
                origin.id,
            )
