"""CF301: the origin's certificate does not cover the name CloudFront checks."""

from collections.abc import Iterator

from cf502lint import Certificate, Distribution, Origin, Problem, Severity, rule


def _covered(certificates: tuple[Certificate, ...], name: str) -> bool | None:
    answers = [c.covers(name) for c in certificates]
    if True in answers:
        return True
    return None if None in answers else False


def _names_checked(dist: Distribution, origin: Origin) -> Iterator[tuple[str, str]]:
    """(name, why) for each name CloudFront checks the origin's certificate against."""
    tenants = dist.connection_mode == "tenant-only"
    for behavior in dist.behaviors_for(origin):
        if behavior.forwards_host is True:
            for host in dist.viewer_hosts or ():
                if host is not None:
                    why = f"{behavior.label} forwards the viewer's Host header"
                    yield host, why + (", a tenant domain" if tenants else "")
        elif (
            behavior.forwards_host is False
            and origin.domain_name is not None
            and not origin.target.service_hostname
        ):
            yield origin.domain_name, "the viewer's Host header is not forwarded"


@rule("CF301", "origin-certificate-mismatch", Severity.ERROR, at_request=True)
def origin_certificate_mismatch(dist: Distribution) -> Iterator[Problem]:
    """The origin's certificate does not cover the Host header or origin name CloudFront checks.

    ## What it does
    For HTTPS origins that resolve to a load balancer in the same template, reads the
    certificates on the listener that serves CloudFront's HTTPS port (ACM certificates in the
    same template: `DomainName` and `SubjectAlternativeNames`). When a cache behaviour that
    uses the origin forwards the viewer's Host header, every alias of the distribution must
    be covered (for a multi-tenant distribution, every domain of its tenants in the same
    template; without aliases the Host is the distribution's own `*.cloudfront.net` name,
    which CF312 reports for every origin); otherwise the origin's domain name must be. A
    wildcard covers exactly one label. Certificates outside the template are not checked.

    ## Why does this cause 502s?
    CloudFront validates the origin's certificate against the Host header it sends: the
    viewer's Host when that is forwarded, else the origin domain name. A certificate that
    matches neither fails the TLS handshake, and CloudFront answers 502.

    ## Example
    ```yaml
    Resources:
      Cert:
        Type: AWS::CertificateManager::Certificate
        Properties:
          DomainName: origin.example.com
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
          Certificates: [{CertificateArn: !Ref Cert}]
          DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:tg}]
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Aliases: [www.example.com]
            Origins:
              - Id: app
                DomainName: !GetAtt Alb.DNSName
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              OriginRequestPolicyId: 216adef6-5c7f-47e4-b989-5492eafa07d3
    ```
    Use instead: cover the aliases too (or forward everything but Host, with
    `Managed-AllViewerExceptHostHeader`, b689b0a8-53d0-40ab-baf2-68738e2966ac).
    ```yaml
    Resources:
      Cert:
        Type: AWS::CertificateManager::Certificate
        Properties:
          DomainName: origin.example.com
          SubjectAlternativeNames: [www.example.com]
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
          Certificates: [{CertificateArn: !Ref Cert}]
          DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:tg}]
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Aliases: [www.example.com]
            Origins:
              - Id: app
                DomainName: !GetAtt Alb.DNSName
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              OriginRequestPolicyId: 216adef6-5c7f-47e4-b989-5492eafa07d3
    ```
    An origin may also be named by a Route 53 record in the template that points at the load
    balancer; the record's name is then what the certificate must cover when Host is not
    forwarded.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-certificate-expired
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
    """
    for origin in dist.origins:
        balancer = origin.target.load_balancer
        if balancer is None or not dist.sends_https(origin) or origin.https_port is None:
            continue
        listeners = [
            listener
            for listener in balancer.listeners_on(origin.https_port)
            if listener.speaks_tls and listener.certificates
        ]
        if len(listeners) != 1:
            continue
        certificates = listeners[0].certificates or ()
        reported: set[str] = set()
        for name, why in _names_checked(dist, origin):
            if name in reported or _covered(certificates, name) is not False:
                continue
            reported.add(name)
            names = ", ".join(n for c in certificates for n in c.names)
            yield Problem(
                f"{origin.label}: {why}, and the certificate on load balancer "
                f"{balancer.resource!r} ({names}) does not cover {name}",
                origin.span_of("domain_name"),
                origin.id,
            )
