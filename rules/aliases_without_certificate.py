"""CF605: alternate domain names with the CloudFront default certificate, or none."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


def _no_own_certificate(dist: Distribution) -> bool:
    """Whether the distribution certainly has no ACM or IAM certificate of its own."""
    certificate = dist.viewer_certificate
    if certificate is None:
        return "viewer_certificate" not in dist.spans  # absent: the default certificate
    named = ("acm_certificate_arn", "iam_certificate_id")
    return not any(
        field in certificate.spans and getattr(certificate, field) != "" for field in named
    )


@rule("CF605", "aliases-without-certificate", Severity.ERROR)
def aliases_without_certificate(dist: Distribution) -> Iterator[Problem]:
    """The distribution has aliases but only the CloudFront default certificate.

    ## What it does
    Flags distributions with at least one known alternate domain name (`Aliases`,
    Terraform `aliases`) whose `ViewerCertificate` names neither an ACM certificate nor an
    IAM certificate: it is absent, empty, or `CloudFrontDefaultCertificate: true`.
    Multi-tenant distributions, whose domains and certificates belong to their tenants, are
    not checked.

    ## Why does this cause 502s?
    It does not reach the point of a 502: CloudFront rejects the distribution ("To add an
    alternate domain name (CNAME) to a CloudFront distribution, you must attach a trusted
    certificate that validates your authorization to use the domain name"), so the
    deployment fails and the distribution keeps its previous configuration. The default
    certificate covers only `*.cloudfront.net`.

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
              CloudFrontDefaultCertificate: true
            Origins:
              - Id: app
                DomainName: app.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: an ACM certificate in us-east-1 that covers the aliases.
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
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html#alternate-domain-names-requirements
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
    """
    if dist.connection_mode != "direct":
        return
    aliases = [alias for alias in dist.aliases or () if alias]
    if aliases and _no_own_certificate(dist):
        yield Problem(
            f"the distribution has aliases ({', '.join(aliases)}) but no certificate of its "
            "own, only CloudFront's *.cloudfront.net one; CloudFront rejects it: attach an "
            "ACM certificate from us-east-1 that covers them",
            dist.span_of("viewer_certificate", "aliases"),
        )
