"""CF706: origin mTLS on an origin that CloudFront reaches with plain HTTP."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF706", "origin-mtls-over-http", Severity.WARNING)
def origin_mtls_over_http(dist: Distribution) -> Iterator[Problem]:
    """An origin has a client certificate for mutual TLS, but CloudFront may use plain HTTP.

    ## What it does
    Flags custom origins with `OriginMtlsConfig` (`origin_mtls_config`) whose origin
    protocol policy is `http-only`, or `match-viewer` while a behaviour that sends requests
    there allows viewers over HTTP (`allow-all`).

    ## Why does this cause 502s?
    CloudFront presents the client certificate only in a TLS handshake. Over plain HTTP
    there is none: an origin that requires mutual TLS refuses those requests, and one that
    does not is reached without the authentication the certificate was meant to give.
    Whether CloudFront rejects the combination outright is not documented, so this is a
    warning.

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
                  OriginProtocolPolicy: http-only
                  OriginMtlsConfig:
                    ClientCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
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
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-mtls-authentication.html
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginMtlsConfig.html
    """
    for origin in dist.origins:
        if origin.mtls_certificate_arn is None or not dist.sends_http(origin):
            continue
        which = (
            "every request (http-only)"
            if origin.protocol_policy == "http-only"
            else "viewers on HTTP (match-viewer with allow-all)"
        )
        yield Problem(
            f"{origin.label} has a client certificate for origin mTLS, but CloudFront "
            f"connects to it with plain HTTP for {which}, where no certificate is "
            "presented; use https-only",
            origin.span_of("protocol_policy", "mtls"),
            origin.id,
        )
