"""CF209: CloudFront waits longer for a response than the origin load balancer does."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF209", "read-timeout-above-idle-timeout", Severity.WARNING)
def read_timeout_above_idle_timeout(dist: Distribution) -> Iterator[Problem]:
    """The origin read timeout is above the idle timeout of the origin's load balancer.

    ## What it does
    For origins that resolve to a load balancer in the same template, compares
    `OriginReadTimeout` (default 30 s) with the balancer's idle timeout (ALB
    `idle_timeout.timeout_seconds`, default 60 s; classic ELB `ConnectionSettings.IdleTimeout`,
    default 60 s; NLB TCP idle timeout, 350 s).

    ## Why does this cause 502s?
    The read timeout is how long CloudFront waits for the origin's answer. A response that
    takes longer than the balancer's idle timeout never gets there: the balancer gives up
    first and answers 504 (an NLB resets the connection, a 502), so the longer read timeout
    buys nothing and hides where the limit is. Raise the balancer's idle timeout with the
    read timeout, or keep the read timeout below it.

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
              - Id: reports
                DomainName: !GetAtt Alb.DNSName
                CustomOriginConfig:
                  OriginProtocolPolicy: http-only
                  OriginReadTimeout: 90
            DefaultCacheBehavior:
              TargetOriginId: reports
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: an idle timeout at least as long as the read timeout.
    ```yaml
    Resources:
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
          Subnets: [subnet-1, subnet-2]
          LoadBalancerAttributes:
            - Key: idle_timeout.timeout_seconds
              Value: "120"
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: reports
                DomainName: !GetAtt Alb.DNSName
                CustomOriginConfig:
                  OriginProtocolPolicy: http-only
                  OriginReadTimeout: 90
            DefaultCacheBehavior:
              TargetOriginId: reports
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-504-gateway-timeout.html
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout
    """
    for origin in dist.origins:
        balancer = origin.target.load_balancer
        read = origin.read_timeout
        if balancer is None or balancer.idle_timeout is None or read is None:
            continue
        if read > balancer.idle_timeout:
            yield Problem(
                f"{origin.label} waits {read}s for a response, but load balancer "
                f"{balancer.resource!r} gives up after {balancer.idle_timeout}s and answers "
                "504 first; raise the balancer's idle timeout or lower the read timeout",
                origin.span_of("read_timeout", "custom_config"),
                origin.id,
            )
