"""CF106: an IP address as an origin's domain name."""

import ipaddress
from collections.abc import Iterator

from cf502lint import Distribution, OriginConfig, Problem, Severity, rule

from .private_origin_hostname import PRIVATE_NETWORKS


@rule("CF106", "ip-address-origin-domain", Severity.WARNING)
def ip_address_origin_domain(dist: Distribution) -> Iterator[Problem]:
    """An origin's domain name is a public IP address, where CloudFront expects a DNS name.

    ## What it does
    Flags custom origins whose `DomainName` (`domain_name`) is an IPv4 or IPv6 address.
    Private, shared, loopback and link-local addresses are reported by CF108
    private-origin-hostname instead.

    ## Why does this cause 502s?
    CloudFront documents the origin domain as a DNS name that resolves publicly. An address
    is at best rejected when the distribution deploys ("The parameter origin name must be a
    domain name" is the error seen for such names; that it is the one for addresses is not
    confirmed), and even where it is accepted no certificate a CloudFront-trusted authority
    issues names the address, so HTTPS to it fails the handshake (502). Give the server a
    DNS name (a Route 53 record) and use that.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: 203.0.113.10
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
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesDomainName
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    """
    for origin in dist.origins:
        if origin.config is not OriginConfig.CUSTOM:
            continue
        try:
            address = ipaddress.ip_address((origin.domain_name or "").strip().strip("[]"))
        except ValueError:
            continue
        if not any(address in network for network in PRIVATE_NETWORKS):
            yield Problem(
                f"{origin.label} has the IP address {origin.domain_name!r} as its domain name; "
                "CloudFront expects a DNS name that certificates can cover: give the server "
                "a DNS record and use its name",
                origin.span_of("domain_name"),
                origin.id,
            )
