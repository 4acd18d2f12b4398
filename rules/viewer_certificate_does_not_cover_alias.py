"""CF607: the distribution's same-template certificate does not cover one of its aliases."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF607", "viewer-certificate-does-not-cover-alias", Severity.ERROR)
def viewer_certificate_does_not_cover_alias(dist: Distribution) -> Iterator[Problem]:
    """An alias of the distribution is not covered by its same-template ACM certificate.

    ## What it does
    When `ViewerCertificate.AcmCertificateArn` names an ACM certificate of the same template
    (`!Ref Certificate`; Terraform `aws_acm_certificate.x.arn` or
    `aws_acm_certificate_validation.x.certificate_arn`), compares its `DomainName` and
    `SubjectAlternativeNames` with every alias. A wildcard covers exactly one label
    (`*.example.com` covers `www.example.com`, not `example.com` nor `a.b.example.com`).
    Certificates with names that cannot be resolved are not checked.

    ## Why does this cause 502s?
    It does not reach the point of a 502: CloudFront rejects the distribution ("The
    certificate that is attached to your distribution doesn't cover the alternate domain name
    (CNAME) that you're trying to add"), so the deployment fails and the distribution keeps
    its previous configuration.

    ## Example
    ```yaml
    Resources:
      Certificate:
        Type: AWS::CertificateManager::Certificate
        Properties:
          DomainName: "*.example.com"
          ValidationMethod: DNS
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Aliases: [example.com, www.example.com]
            ViewerCertificate:
              AcmCertificateArn: !Ref Certificate
              SslSupportMethod: sni-only
            Origins:
              - Id: app
                DomainName: app.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: a certificate that names the apex too.
    ```yaml
    Resources:
      Certificate:
        Type: AWS::CertificateManager::Certificate
        Properties:
          DomainName: example.com
          SubjectAlternativeNames: ["*.example.com"]
          ValidationMethod: DNS
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Aliases: [example.com, www.example.com]
            ViewerCertificate:
              AcmCertificateArn: !Ref Certificate
              SslSupportMethod: sni-only
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
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html#alternate-domain-names-requirements
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html#https-requirements-domain-names-in-cert
    """
    viewer = dist.viewer_certificate
    certificate = viewer.certificate if viewer is not None else None
    if viewer is None or certificate is None or dist.connection_mode != "direct":
        return
    for alias in dist.aliases or ():
        if alias and certificate.covers(alias) is False:
            yield Problem(
                f"alias {alias} is not covered by certificate {certificate.resource!r} "
                f"({', '.join(certificate.names)}); CloudFront rejects the distribution: add "
                f"the name to the certificate's {_names_key(certificate.resource)}",
                dist.span_of("aliases"),
            )


def _names_key(resource: str | None) -> str:
    """The certificate's list of other names, as its language spells it."""
    terraform = resource is not None and "aws_acm_certificate." in resource
    return "subject_alternative_names" if terraform else "SubjectAlternativeNames"
