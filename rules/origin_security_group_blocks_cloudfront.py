"""CF213: the origin load balancer's security groups do not let CloudFront in."""

import ipaddress
from collections.abc import Iterator

from cf502lint import Distribution, IngressRule, OriginConfig, Problem, Severity, rule

_NOT_GLOBAL_V4 = tuple(
    ipaddress.IPv4Network(block)
    for block in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
    )
)
_NOT_GLOBAL_V6 = tuple(
    ipaddress.IPv6Network(block) for block in ("fc00::/7", "fe80::/10", "::1/128")
)
"""Address blocks that hold no public address: none of CloudFront's."""


def _admits(rule_: IngressRule, port: int) -> bool | None:
    """Whether the rule lets CloudFront's connections to TCP ``port`` in; None when it
    may (a public CIDR that may hold some of CloudFront's addresses, a prefix list that
    may be CloudFront's, anything unknown)."""
    covers = rule_.covers_tcp_port(port)
    if not covers:
        return covers
    match rule_.source_kind:
        case "cloudfront-prefix-list":
            return True
        case "security-group":
            return False
        case "cidr" if rule_.source is not None:
            try:
                network = ipaddress.ip_network(rule_.source.strip(), strict=False)
            except ValueError:
                return None
            if network.prefixlen == 0:
                return True
            if isinstance(network, ipaddress.IPv4Network):
                private = any(network.subnet_of(block) for block in _NOT_GLOBAL_V4)
            else:
                private = any(network.subnet_of(block) for block in _NOT_GLOBAL_V6)
            return False if private else None
    return None


@rule("CF213", "origin-security-group-blocks-cloudfront", Severity.WARNING)
def origin_security_group_blocks_cloudfront(dist: Distribution) -> Iterator[Problem]:
    """The origin load balancer's security groups admit no CloudFront address on the origin
    port.

    ## What it does
    For custom origins that resolve to an internet-facing load balancer of the same template
    or module, reads every security group of the balancer and every inbound rule of each
    (inline, `AWS::EC2::SecurityGroupIngress`, `aws_security_group_rule`,
    `aws_vpc_security_group_ingress_rule`) and reports the origin when none of them admits,
    on a port CloudFront connects to (`HTTPSPort`, `HTTPPort` by the protocol policy), the
    CloudFront origin-facing managed prefix list (`com.amazonaws.global.cloudfront.origin-facing`,
    known through an `aws_ec2_managed_prefix_list` data source's name) or `0.0.0.0/0` /
    `::/0`: only private CIDRs and security groups are admitted there.

    It stays silent when anything is unknown: a group that is not the template's, a rule with
    unknown values, a rule resource whose group cannot be told, a group whose id is exported
    or passed on (rules may be added elsewhere), a `pl-` id (it may be CloudFront's list), or
    a public CIDR (it may hold some of CloudFront's addresses). A warning: CloudFront's
    addresses could still be let in by means the template does not show. VPC origins are
    not checked: CloudFront reaches them from the VPC origin's own security group.

    ## Why does this cause 502s?
    A security group drops what it does not admit, without an answer: CloudFront's
    connection attempts time out, and viewers get a 504 (Gateway Timeout) after the
    connection attempts and timeouts, not a 502. Admit the managed prefix list on the
    origin port.

    ## Example
    ```yaml
    Resources:
      AlbSecurityGroup:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: load balancer
          SecurityGroupIngress:
            - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
          Subnets: [subnet-1, subnet-2]
          SecurityGroups: [!Ref AlbSecurityGroup]
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: !GetAtt Alb.DNSName
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
      AlbSecurityGroup:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: load balancer
          SecurityGroupIngress:
            - {IpProtocol: tcp, FromPort: 80, ToPort: 80, SourcePrefixListId: pl-3b927c52}
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
          Subnets: [subnet-1, subnet-2]
          SecurityGroups: [!Ref AlbSecurityGroup]
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: !GetAtt Alb.DNSName
                CustomOriginConfig:
                  OriginProtocolPolicy: http-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-504-gateway-timeout.html
    - https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html
    """
    for origin in dist.origins:
        balancer = origin.target.load_balancer
        if origin.config is not OriginConfig.CUSTOM or balancer is None:
            continue
        groups = balancer.security_groups
        if balancer.internal is not False or not groups:
            continue
        if any(group.ingress is None for group in groups):
            continue
        rules = [r for group in groups for r in group.ingress or ()]
        for uses, port, field in (
            (dist.sends_https(origin), origin.https_port, "https_port"),
            (dist.sends_http(origin), origin.http_port, "http_port"),
        ):
            if not uses or port is None:
                continue
            if any(_admits(r, port) is not False for r in rules):
                continue
            names = ", ".join(repr(group.resource) for group in groups)
            yield Problem(
                f"{origin.label} connects to TCP port {port} of load balancer "
                f"{balancer.resource!r}, but its security group{'s' if len(groups) > 1 else ''} "
                f"{names} admit{'' if len(groups) > 1 else 's'} no CloudFront address on that "
                "port (only private CIDRs or security groups): CloudFront's connections time out "
                f"(504); admit TCP {port} from the managed prefix list "
                "com.amazonaws.global.cloudfront.origin-facing",
                origin.span_of(field, "domain_name"),
                origin.id,
            )
