"""CF608: SNI-only HTTPS with SSLv3 as the minimum viewer protocol."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF608", "sni-only-with-sslv3", Severity.ERROR)
def sni_only_with_sslv3(dist: Distribution) -> Iterator[Problem]:
    """The viewer certificate is served with SNI but allows SSLv3.

    ## What it does
    Flags a `ViewerCertificate` with `SslSupportMethod: sni-only` (Terraform:
    `ssl_support_method = "sni-only"`) and `MinimumProtocolVersion: SSLv3`.

    ## Why does this cause 502s?
    It does not reach the point of a 502: SSLv3 clients do not send SNI, so CloudFront
    requires TLSv1 or later with `sni-only` and rejects the distribution
    (InvalidProtocolSettings); the deployment fails and the distribution keeps its previous
    configuration. SSLv3 is only possible with dedicated IP addresses (`vip`).

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Aliases: [www.example.com]
            ViewerCertificate:
              AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/example
              SslSupportMethod: sni-only
              MinimumProtocolVersion: SSLv3
            Origins:
              - Id: app
                DomainName: app.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: a current minimum protocol.
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Aliases: [www.example.com]
            ViewerCertificate:
              AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/example
              SslSupportMethod: sni-only
              MinimumProtocolVersion: TLSv1.2_2021
            Origins:
              - Id: app
                DomainName: app.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ViewerCertificate.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
    """
    certificate = dist.viewer_certificate
    if certificate is None:
        return
    method = certificate.ssl_support_method
    minimum = certificate.minimum_protocol_version
    if method == "sni-only" and minimum == "SSLv3":
        yield Problem(
            "the viewer certificate is served with SNI only but allows SSLv3, whose clients "
            "send no SNI; CloudFront rejects the distribution (InvalidProtocolSettings): set "
            "MinimumProtocolVersion to TLSv1.2_2021",
            certificate.span_of("minimum_protocol_version"),
        )
