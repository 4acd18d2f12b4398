"""CF303: the origin's load balancer accepts none of the TLS protocols CloudFront offers it."""

import re
from collections.abc import Iterator

from cf502lint import Distribution, Listener, Origin, Problem, Severity, rule

_LEGACY = frozenset({"TLSv1", "TLSv1.1", "TLSv1.2"})
POLICY_PROTOCOLS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        (
            "ELBSecurityPolicy-2016-08",
            "ELBSecurityPolicy-2015-05",
            "ELBSecurityPolicy-TLS-1-0-2015-04",
            "ELBSecurityPolicy-FS-2018-06",
        ),
        _LEGACY,
    ),
    **dict.fromkeys(
        ("ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-FS-1-1-2019-08"),
        frozenset({"TLSv1.1", "TLSv1.2"}),
    ),
    **dict.fromkeys(
        (
            "ELBSecurityPolicy-TLS-1-2-2017-01",
            "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
            "ELBSecurityPolicy-FS-1-2-2019-08",
            "ELBSecurityPolicy-FS-1-2-Res-2019-08",
            "ELBSecurityPolicy-FS-1-2-Res-2020-10",
        ),
        frozenset({"TLSv1.2"}),
    ),
}
"""The protocols of the Elastic Load Balancing security policies that predate TLS 1.3."""
_TLS13 = re.compile(r"^ELBSecurityPolicy-TLS13-1-([0-3])-")
"""``ELBSecurityPolicy-TLS13-1-<minor>-...``: TLS 1.<minor> up to TLS 1.3 (the Res, Ext,
FIPS and PQ variants alike)."""


def policy_protocols(policy: str | None) -> frozenset[str] | None:
    """The protocols an ELB security policy accepts; None for a name not in the table."""
    if policy is None:
        return None
    found = _TLS13.match(policy)
    if found:
        return frozenset(("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")[int(found[1]) :])
    return POLICY_PROTOCOLS.get(policy)


def tls_listener(origin: Origin) -> tuple[Listener, frozenset[str]] | None:
    """The TLS listener CloudFront's HTTPS reaches on the origin's load balancer, with what
    its security policy accepts, when both are known."""
    balancer = origin.target.load_balancer
    if balancer is None or origin.https_port is None:
        return None
    listeners = balancer.listeners_on(origin.https_port)
    if len(listeners) != 1 or not listeners[0].speaks_tls:
        return None
    accepted = policy_protocols(listeners[0].ssl_policy)
    return None if accepted is None else (listeners[0], accepted)


@rule("CF303", "no-common-origin-tls-protocol", Severity.ERROR, at_request=True)
def no_common_origin_tls_protocol(dist: Distribution) -> Iterator[Problem]:
    """The origin's load balancer accepts none of the TLS protocols CloudFront may use with it.

    ## What it does
    For origins that CloudFront reaches with HTTPS and that lead to a load balancer of the
    same template (directly, through a Route 53 record or as a VPC origin), compares the
    origin's `OriginSSLProtocols` (`origin_ssl_protocols`) with the `SslPolicy`
    (`ssl_policy`) of the listener on the HTTPS port. A policy name cf502lint does not know,
    or a listener without one, gives no finding; an origin that gives no list, so that
    CloudFormation's default `[TLSv1, SSLv3]` applies, is reported by CF302 (as a warning:
    that CloudFormation sends this default is documented by its resource schema only).

    ## Why does this cause 502s?
    CloudFront offers the origin only the protocols in its list, and the listener accepts
    only those of its security policy (`ELBSecurityPolicy-TLS-1-2-*`, `-FS-1-2-*` and
    `-TLS13-1-2-*` accept TLS 1.2 and later). With none in common no handshake is possible,
    and every HTTPS request to the origin fails with 502. Add `TLSv1.2` to the origin's list.

    ## Example
    ```yaml
    Resources:
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
          Subnets: [subnet-1, subnet-2]
      Https:
        Type: AWS::ElasticLoadBalancingV2::Listener
        Properties:
          LoadBalancerArn: !Ref Alb
          Port: 443
          Protocol: HTTPS
          SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
          Certificates: [{CertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/abc}]
          DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:tg}]
      Record:
        Type: AWS::Route53::RecordSet
        Properties:
          HostedZoneName: example.com.
          Name: origin.example.com
          Type: CNAME
          TTL: 300
          ResourceRecords: [!GetAtt Alb.DNSName]
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
                  OriginSSLProtocols: [TLSv1, TLSv1.1]
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
      Https:
        Type: AWS::ElasticLoadBalancingV2::Listener
        Properties:
          LoadBalancerArn: !Ref Alb
          Port: 443
          Protocol: HTTPS
          SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
          Certificates: [{CertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/abc}]
          DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:tg}]
      Record:
        Type: AWS::Route53::RecordSet
        Properties:
          HostedZoneName: example.com.
          Name: origin.example.com
          Type: CNAME
          TTL: 300
          ResourceRecords: [!GetAtt Alb.DNSName]
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
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#origin-not-responding-with-supported-ciphers-protocols
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-ciphers-cloudfront-to-origin.html
    """
    for origin in dist.origins:
        offered = origin.ssl_protocols
        found = tls_listener(origin)
        if offered is None or found is None or not dist.sends_https(origin):
            continue
        if "ssl_protocols" not in origin.spans:
            continue  # CloudFormation's default list: CF302's
        listener, accepted = found
        if "TLSv1.2" in offered or accepted & set(offered):
            continue  # a list with TLSv1.2 and a TLS 1.3-only policy is CF304's
        yield Problem(
            f"{origin.label} offers {', '.join(offered)}, but listener "
            f"{listener.resource or listener.port!r} accepts only "
            f"{', '.join(sorted(accepted))} ({listener.ssl_policy}): no TLS handshake is "
            "possible; add TLSv1.2 to OriginSSLProtocols",
            origin.span_of("ssl_protocols", "vpc_origin", "custom_config"),
            origin.id,
        )
