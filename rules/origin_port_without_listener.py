"""CF203: no listener of the origin's load balancer serves CloudFront's port and protocol."""

from collections.abc import Iterator
from dataclasses import dataclass

from cf502lint import Distribution, LoadBalancer, Origin, Problem, Severity, rule


@dataclass(frozen=True, slots=True)
class Gap:
    """A listener problem, and whether the template or module shows it for certain."""

    problem: Problem
    certain: bool


def _refuses(protocol: str | None, tls: bool) -> bool:
    """Whether a listener of ``protocol`` fails a connection that does (not) start with TLS."""
    if tls:
        return protocol == "HTTP"
    return protocol in ("HTTPS", "TLS", "SSL")


def listener_gaps(dist: Distribution) -> Iterator[Gap]:
    """Origins that no listener of their load balancer serves (CF203 reports the certain
    ones, CF214 the others)."""
    for origin in dist.origins:
        balancer = origin.target.load_balancer
        if balancer is None or not balancer.listeners:
            continue
        if any(listener.port is None for listener in balancer.listeners):
            continue
        yield from _port_gaps(dist, origin, balancer)
        loop = _redirect_loop(dist, origin, balancer)
        if loop is not None:
            yield loop


def _port_gaps(dist: Distribution, origin: Origin, balancer: LoadBalancer) -> Iterator[Gap]:
    for uses, port, tls, label, field in (
        (dist.sends_https(origin), origin.https_port, True, "HTTPS", "https_port"),
        (dist.sends_http(origin), origin.http_port, False, "HTTP", "http_port"),
    ):
        if not uses or port is None:
            continue
        listeners = balancer.listeners_on(port)
        span = origin.span_of(field, "protocol_policy")
        if not listeners:
            elsewhere = (
                ""
                if balancer.listeners_complete
                else " in this template or module (another may add one: the balancer's ARN "
                "leaves it, or a listener's balancer is unknown)"
            )
            yield Gap(
                Problem(
                    f"{origin.label} connects with {label} to port {port}, but load "
                    f"balancer {balancer.resource!r} has no listener on that port{elsewhere}: "
                    f"add an {label} listener on port {port}, or point the origin's "
                    f"{'HTTPSPort' if tls else 'HTTPPort'} at a port it listens on",
                    span,
                    origin.id,
                ),
                balancer.listeners_complete,
            )
        elif all(_refuses(listener.protocol, tls) for listener in listeners):
            # a balancer has one listener per port: no other one can serve it
            yield Gap(
                Problem(
                    f"{origin.label} connects with {label} to port {port}, but the "
                    f"listener of load balancer {balancer.resource!r} on that port speaks "
                    f"{listeners[0].protocol}: "
                    + (
                        "point HTTPSPort at its HTTPS listener, or connect with http-only"
                        if tls
                        else "point HTTPPort at its HTTP listener, or connect with https-only"
                    ),
                    span,
                    origin.id,
                ),
                True,
            )


def _redirect_loop(dist: Distribution, origin: Origin, balancer: LoadBalancer) -> Gap | None:
    """An ``http-only`` origin whose HTTP listener only redirects to HTTPS on the viewer's
    own host: CloudFront hands the redirect to the viewer, who comes back for the same."""
    port = origin.http_port
    if origin.protocol_policy != "http-only" or port is None:
        return None
    listeners = balancer.listeners_on(port)
    if len(listeners) != 1 or listeners[0].protocol != "HTTP":
        return None
    (listener,) = listeners
    actions = listener.actions
    if not actions or not all(action.to_https for action in actions):
        return None
    aliases = set(dist.viewer_hosts or ())
    forwards = any(b.forwards_host for b in dist.behaviors_for(origin))
    for action in actions:
        back = (action.redirect_host == "#{host}" and forwards) or action.redirect_host in aliases
        if not back or action.redirect_port not in ("443", "#{port}" if port == 443 else "443"):
            return None
    return Gap(
        Problem(
            f"{origin.label} connects with HTTP to port {port}, where listener "
            f"{listener.resource!r} answers every request with "
            "a redirect to HTTPS on the viewer's own host: CloudFront passes it to the viewer, "
            "who comes back to this distribution for the same redirect (ERR_TOO_MANY_REDIRECTS); "
            "use OriginProtocolPolicy https-only to the balancer's HTTPS listener"
            + (
                ""
                if listener.rules_complete
                else " (unless a rule that forwards is added elsewhere: the listener's ARN "
                "leaves this template or module, or a rule's listener is unknown)"
            ),
            origin.span_of("protocol_policy", "http_port"),
            origin.id,
        ),
        listener.rules_complete,
    )


@rule("CF203", "origin-port-without-listener", Severity.ERROR)
def origin_port_without_listener(dist: Distribution) -> Iterator[Problem]:
    """The origin's load balancer has no listener for the port and protocol CloudFront uses.

    ## What it does
    For origins that resolve to a load balancer in the same template or module (directly,
    through a Route 53 record, or as a VPC origin's endpoint), compares the port and protocol
    CloudFront connects with (HTTPS to `HTTPSPort`, HTTP to `HTTPPort`, by the origin
    protocol policy) with the load balancer's listeners, and reports:

    - no listener on that port, when the balancer's listeners are all known: defined in the
      same template or module, the balancer's ARN not exported, output or passed to a nested
      stack or a module that is not read, and no listener there with an unknown balancer
      (otherwise the same finding is CF214's warning; an unknown `count` or `for_each`
      changes nothing: such a listener either serves the port or it does not);
    - a listener on that port of the other protocol (a balancer has one listener per port);
    - an `http-only` origin whose HTTP listener answers every request (its default action
      and every listener rule) with a redirect to HTTPS on port 443 of the viewer's own host
      (`#{host}` with the viewer's Host forwarded, or one of the distribution's aliases):
      when the listener's rules may be added elsewhere this is CF214's warning.

    Load balancers whose listeners are all elsewhere, and listeners with an unknown port,
    are not checked.

    ## Why does this cause 502s?
    With no listener on the port, the connection is refused or times out (502/504); with a
    listener of the other protocol (TLS to an HTTP listener, HTTP to an HTTPS listener) the
    handshake fails (502). A redirect to HTTPS is no answer for CloudFront: it passes the
    redirect to the viewer, who asks this distribution again over HTTPS, which CloudFront
    again forwards over HTTP: the viewer's browser gives up (`ERR_TOO_MANY_REDIRECTS`)
    without ever showing a page.

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
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html
    """
    for gap in listener_gaps(dist):
        if gap.certain:
            yield gap.problem
