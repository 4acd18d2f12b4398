"""CF606: the distribution's ACM certificate is not in us-east-1."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF606", "viewer-certificate-outside-us-east-1", Severity.ERROR)
def viewer_certificate_outside_us_east_1(dist: Distribution) -> Iterator[Problem]:
    """The viewer certificate's ACM ARN names a region other than us-east-1.

    ## What it does
    Reads the region out of `ViewerCertificate.AcmCertificateArn` (Terraform:
    `viewer_certificate.acm_certificate_arn`), also when the rest of the ARN is built from
    parameters or pseudo parameters, and flags any region but us-east-1. A certificate
    whose ARN does not say its region (a same-template certificate, whose region is the
    stack's) is not checked.

    ## Why does this cause 502s?
    It does not reach the point of a 502: CloudFront only uses ACM certificates from US East
    (N. Virginia) and rejects the distribution ("The specified SSL certificate doesn't
    exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate
    chain"), so the deployment fails. Request or import the certificate in us-east-1; the
    origin's own certificate (on its load balancer) stays in the origin's region.

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
              AcmCertificateArn: !Sub arn:aws:acm:eu-west-1:${AWS::AccountId}:certificate/example
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
    Use instead: the certificate in us-east-1.
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Aliases: [www.example.com]
            ViewerCertificate:
              AcmCertificateArn: !Sub arn:aws:acm:us-east-1:${AWS::AccountId}:certificate/example
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
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html#https-requirements-certificate-issuer
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ViewerCertificate.html
    """
    certificate = dist.viewer_certificate
    if certificate is None or certificate.acm_region in (None, "us-east-1"):
        return
    yield Problem(
        f"the viewer certificate is an ACM certificate in {certificate.acm_region}; CloudFront "
        "only uses ACM certificates from us-east-1 and rejects the distribution: request or "
        "import the certificate in us-east-1",
        certificate.span_of("acm_certificate_arn"),
    )
