"""CF108: a custom origin named by a private name or address."""

import ipaddress
from collections.abc import Iterator

from cf502lint import Distribution, Origin, OriginConfig, Problem, Severity, rule

_PRIVATE_SUFFIXES = ("internal", "local", "localhost", "home.arpa")
"""Names that no public DNS answers: ``.internal`` (EC2's ``*.compute.internal`` and
``*.ec2.internal`` among them), mDNS's ``.local``, ``.localhost`` and ``.home.arpa``."""
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
        "::1/128",
    )
)
"""Private, shared, loopback and link-local addresses."""


def _why(origin: Origin) -> str | None:
    pattern = (origin.domain_pattern or "").lower().rstrip(".")
    try:
        address = ipaddress.ip_address(pattern.strip("[]"))
    except ValueError:
        address = None
    if address is not None:
        if any(address in network for network in PRIVATE_NETWORKS):
            return f"the private address {origin.domain_pattern!r}"
        return None
    known = pattern.rsplit("*", 1)[-1]
    for suffix in _PRIVATE_SUFFIXES:
        if known.endswith(f".{suffix}") or pattern == suffix:
            return f"{origin.domain_pattern!r}, a .{suffix} name no public DNS answers"
    if origin.target.private_zone:
        return (
            f"{origin.domain_pattern!r}, a record that only a private hosted zone holds "
            "(a zone with VPCs)"
        )
    return None


@rule("CF108", "private-origin-hostname", Severity.WARNING)
def private_origin_hostname(dist: Distribution) -> Iterator[Problem]:
    """A custom origin's name or address is private, which CloudFront cannot resolve or reach.

    ## What it does
    Flags custom origins whose domain is a private IP address (10/8, 172.16/12, 192.168/16,
    100.64/10, loopback, link-local, IPv6 unique-local), a name under `.internal` (EC2's
    `ip-10-0-0-1.ec2.internal` and `*.compute.internal`: `!GetAtt Instance.PrivateDnsName`,
    `aws_instance.x.private_dns`), `.local`, `.localhost` or `.home.arpa`, or a record that
    only a private hosted zone of the same template holds (a zone with `VPCs`, Terraform `vpc`
    blocks or a `private_zone` data source). Origins with a `VpcOriginConfig` are never
    flagged, nor internal load balancers (CF107 internal-load-balancer-origin).

    ## Why does this cause 502s?
    CloudFront resolves custom origins with public DNS and connects over the internet. A name
    public DNS does not answer fails with `NonS3OriginDnsError` (502); a private address
    cannot be reached (504). A warning, as a private zone's name may also live in a public
    zone elsewhere: use a public name, or reach a private server through a VPC origin.

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
                DomainName: ip-10-0-1-15.ec2.internal
                CustomOriginConfig:
                  OriginProtocolPolicy: http-only
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
                  OriginProtocolPolicy: http-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#http-502-dns-error
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-504-gateway-timeout.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html
    - https://www.rfc-editor.org/rfc/rfc6762
    """
    for origin in dist.origins:
        balancer = origin.target.load_balancer
        if origin.config is not OriginConfig.CUSTOM or (balancer and balancer.internal):
            continue  # an internal load balancer is CF107's
        why = _why(origin)
        if why is not None:
            yield Problem(
                f"{origin.label} is {why}; CloudFront resolves custom origins with public DNS "
                "and connects over the internet: use a public name, or a VPC origin",
                origin.span_of("domain_name"),
                origin.id,
            )
