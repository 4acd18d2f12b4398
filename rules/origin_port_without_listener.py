"""CF203: no listener of the origin's load balancer serves CloudFront's port and protocol."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


def _refuses(protocol: str | None, tls: bool) -> bool:
    """Whether a listener of ``protocol`` fails a connection that does (not) start with TLS."""
    if tls:
        return protocol == "HTTP"
    return protocol in ("HTTPS", "TLS", "SSL")


@rule("CF203", "origin-port-without-listener", Severity.WARNING)
def origin_port_without_listener(dist: Distribution) -> Iterator[Problem]:
    """The origin's load balancer has no listener for the port and protocol CloudFront uses.

    ## What it does
    For origins that resolve to a load balancer in the same template (directly or through a
    Route 53 record), compares the port and protocol CloudFront connects with (HTTPS to
    `HTTPSPort`, HTTP to `HTTPPort`, by the origin protocol policy) with the load balancer's
    listeners. Load balancers whose listeners are not in the same template are not checked.

    ## Why does this cause 502s?
    With no listener on the port, the connection is refused or times out (502/504); with a
    listener of the other protocol (TLS to an HTTP listener, HTTP to an HTTPS listener) the
    handshake fails (502).

    ## Example
    ```yaml
    Resources:
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
          Subnets: [subnet-1, subnet-2]
      Http:
        Type: AWS::ElasticLoadBalancingV2::Listener
        Properties:
          LoadBalancerArn: !Ref Alb
          Port: 80
          Protocol: HTTP
          DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:tg}]
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
                  HTTPPort: 8080
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
      Http:
        Type: AWS::ElasticLoadBalancingV2::Listener
        Properties:
          LoadBalancerArn: !Ref Alb
          Port: 80
          Protocol: HTTP
          DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:tg}]
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

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html
    """
    for origin in dist.origins:
        balancer = origin.target.load_balancer
        if balancer is None or not balancer.listeners:
            continue
        for uses, port, tls, label, field in (
            (dist.sends_https(origin), origin.https_port, True, "HTTPS", "https_port"),
            (dist.sends_http(origin), origin.http_port, False, "HTTP", "http_port"),
        ):
            if not uses or port is None:
                continue
            listeners = balancer.listeners_on(port)
            if any(listener.port is None for listener in balancer.listeners):
                continue
            if not listeners:
                yield Problem(
                    f"{origin.label} connects with {label} to port {port}, but load "
                    f"balancer {balancer.resource!r} has no listener on that port",
                    origin.span_of(field, "protocol_policy"),
                    origin.id,
                )
            elif all(_refuses(listener.protocol, tls) for listener in listeners):
                yield Problem(
                    f"{origin.label} connects with {label} to port {port}, but the "
                    f"listener of load balancer {balancer.resource!r} on that port speaks "
                    f"{listeners[0].protocol}",
                    origin.span_of(field, "protocol_policy"),
                    origin.id,
                )
