"""CF304: the origin's load balancer accepts TLS 1.3 only."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

from .no_common_origin_tls_protocol import tls_listener


@rule("CF304", "tls13-only-origin-listener", Severity.WARNING)
def tls13_only_origin_listener(dist: Distribution) -> Iterator[Problem]:
    """The origin's load balancer accepts only TLS 1.3, for which CloudFront documents no cipher.

    ## What it does
    For origins that CloudFront reaches with HTTPS and that lead to a load balancer of the
    same template, flags a listener on the HTTPS port whose `SslPolicy` accepts TLS 1.3 only
    (`ELBSecurityPolicy-TLS13-1-3-*`) while the origin's list offers TLSv1.2.

    ## Why does this cause 502s?
    The origin protocol list has no `TLSv1.3` value, and the ciphers CloudFront documents for
    origin connections are TLS 1.2 ones only. If CloudFront cannot use TLS 1.3 with the
    origin, no handshake is possible and every HTTPS request fails with 502. A warning, as
    CloudFront's TLS 1.3 support towards origins is not documented either way: use a
    policy that also accepts TLS 1.2, such as `ELBSecurityPolicy-TLS13-1-2-2021-06`.

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
          SslPolicy: ELBSecurityPolicy-TLS13-1-3-2021-06
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
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-ciphers-cloudfront-to-origin.html
    - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
    """
    for origin in dist.origins:
        offered = origin.ssl_protocols
        found = tls_listener(origin)
        if offered is None or found is None or not dist.sends_https(origin):
            continue
        listener, accepted = found
        if accepted == {"TLSv1.3"} and "TLSv1.2" in offered:
            yield Problem(
                f"{origin.label} connects with HTTPS to listener "
                f"{listener.resource or listener.port!r}, whose policy {listener.ssl_policy} "
                "accepts TLS 1.3 only, and CloudFront documents no TLS 1.3 cipher for origins; "
                "use a policy that also accepts TLS 1.2 (ELBSecurityPolicy-TLS13-1-2-2021-06)",
                origin.span_of("ssl_protocols", "vpc_origin", "custom_config"),
                origin.id,
            )
