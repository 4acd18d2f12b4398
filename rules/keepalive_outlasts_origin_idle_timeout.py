"""CF207: CloudFront keeps idle connections open longer than the origin does."""

from collections.abc import Iterator

from cf502lint import Distribution, Origin, Problem, Severity, rule
from cf502lint.fix import AddKey, Fix, fix_of, set_value


@rule("CF207", "keepalive-outlasts-origin-idle-timeout", Severity.WARNING)
def keepalive_outlasts_origin_idle_timeout(dist: Distribution) -> Iterator[Problem]:
    """The origin keep-alive timeout is at or above the origin load balancer's idle timeout.

    ## What it does
    For origins that resolve to a load balancer in the same template, compares
    `OriginKeepaliveTimeout` (default 5 s) with the load balancer's idle timeout (ALB
    `idle_timeout.timeout_seconds`, default 60 s; classic ELB `ConnectionSettings.IdleTimeout`,
    default 60 s).

    ## Why does this cause 502s?
    The side that closes an idle connection must be the client. When the load balancer
    closes an idle connection first, CloudFront may send the next request on a connection
    that is being closed; the request fails with a reset and CloudFront answers 502. AWS
    documents exactly this race for load balancers and their targets.

    ## Example
    ```yaml
    Resources:
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
          Subnets: [subnet-1, subnet-2]
          LoadBalancerAttributes:
            - Key: idle_timeout.timeout_seconds
              Value: "30"
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
                  OriginKeepaliveTimeout: 60
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
          Subnets: [subnet-1, subnet-2]
          LoadBalancerAttributes:
            - Key: idle_timeout.timeout_seconds
              Value: "90"
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
                  OriginKeepaliveTimeout: 60
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## Fix
    Unsafe: sets `OriginKeepaliveTimeout` one second below the balancer's idle timeout (and
    adds it to a CloudFormation `CustomOriginConfig` that leaves it at its default), where
    the value is written and not shared. Raising the balancer's idle timeout instead, as in
    the example, is as right and changes it for all its clients: review which you want.

    ## References
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginKeepaliveTimeout
    """
    for origin in dist.origins:
        balancer = origin.target.load_balancer
        keepalive = origin.keepalive_timeout
        if balancer is None or balancer.idle_timeout is None or keepalive is None:
            continue
        if keepalive >= balancer.idle_timeout:
            yield Problem(
                f"{origin.label} keeps idle connections for {keepalive}s, but load "
                f"balancer {balancer.resource!r} closes them after {balancer.idle_timeout}s; "
                "keep the keep-alive timeout below the idle timeout",
                origin.span_of("keepalive_timeout", "custom_config"),
                origin.id,
                fix=_below(dist, origin, keepalive, balancer.idle_timeout),
            )


def _below(dist: Distribution, origin: Origin, keepalive: int, idle: int) -> Fix | None:
    """Unsafe: the keep-alive one second below the idle timeout. The other answer, a longer
    idle timeout on the balancer, changes it for all its clients; which one is right is the
    owner's call, hence a review."""
    if idle <= 1:
        return None  # CloudFront's keep-alive is at least 1 second
    wanted = idle - 1
    description = f"Set OriginKeepaliveTimeout to {wanted} (below the idle timeout, {idle})"
    if "keepalive_timeout" in origin.spans:
        edit = set_value(dist, origin, "keepalive_timeout", keepalive, wanted)
        return fix_of(description, edit, safe=False)
    where = origin.spans.get("custom_config")
    if where is None:
        return None
    return Fix(description, (AddKey(where, "OriginKeepaliveTimeout", wanted),), safe=False)
