"""CF707: an origin mTLS client certificate outside us-east-1."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


def region_of(arn: str) -> str | None:
    """The region of an ACM certificate ARN; None for anything else."""
    parts = arn.split(":")
    if len(parts) < 6 or parts[0] != "arn" or parts[2] != "acm":
        return None
    return parts[3] or None


@rule("CF707", "origin-mtls-certificate-outside-us-east-1", Severity.ERROR)
def origin_mtls_certificate_outside_us_east_1(dist: Distribution) -> Iterator[Problem]:
    """An origin's mTLS client certificate is an ACM certificate in a region other than us-east-1.

    ## What it does
    Flags `OriginMtlsConfig.ClientCertificateArn` (`origin_mtls_config.client_certificate_arn`)
    values that are ACM certificate ARNs of a region other than `us-east-1`.

    ## Why does this cause 502s?
    CloudFront uses client certificates for origin mutual TLS only from AWS Certificate
    Manager in US East (N. Virginia). A certificate elsewhere cannot be used: the
    distribution does not deploy, and an origin that requires the certificate refuses
    CloudFront.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: api
                DomainName: api.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
                  OriginMtlsConfig:
                    ClientCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead:
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: api
                DomainName: api.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
                  OriginMtlsConfig:
                    ClientCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-enable-mtls-distributions.html
    """
    for origin in dist.origins:
        arn = origin.mtls_certificate_arn
        region = None if arn is None else region_of(arn)
        if region is not None and region != "us-east-1":
            yield Problem(
                f"{origin.label} uses a client certificate for origin mTLS from ACM in "
                f"{region}; CloudFront uses only certificates in us-east-1: import or "
                "request it there",
                origin.span_of("mtls"),
                origin.id,
            )
