"""CF302: HTTPS to an origin with a protocol list without TLSv1.2, or with SSLv3."""

from collections.abc import Iterator

from cf502lint import Distribution, Origin, OriginConfig, Problem, Severity, TargetKind, rule
from cf502lint.fix import AddKey, EditList, Fix, written

from .no_common_origin_tls_protocol import tls_listener


def _listed(origin: Origin) -> str:
    protocols = ", ".join(origin.ssl_protocols or ())
    if "ssl_protocols" in origin.spans:
        return f"OriginSSLProtocols [{protocols}]"
    return f"CloudFormation's default OriginSSLProtocols [{protocols}], as none are given"


@rule("CF302", "outdated-origin-ssl-protocols", Severity.WARNING)
def outdated_origin_ssl_protocols(dist: Distribution) -> Iterator[Problem]:
    """CloudFront may speak HTTPS to an origin, but its protocol list lacks TLSv1.2 or holds SSLv3.

    ## What it does
    Flags custom and VPC origins that CloudFront connects to with HTTPS (`https-only`,
    `match-viewer`) whose `OriginSSLProtocols` (`origin_ssl_protocols`) do not include
    `TLSv1.2`, or include `SSLv3`. This includes CloudFormation's default, `[TLSv1, SSLv3]`,
    which applies when a `CustomOriginConfig` or a VPC origin's endpoint gives no
    `OriginSSLProtocols`: the message says so. S3 website endpoints are CF101's.

    ## Why does this cause 502s?
    The list is every protocol CloudFront may use with the origin. Servers today accept
    TLS 1.2 and later only (load balancer policies such as `ELBSecurityPolicy-TLS13-1-2-*`,
    API Gateway, most web servers), so a list without TLSv1.2 leaves no protocol in common
    and the handshake fails (502); CloudFront offers an SSLv3 handshake when SSLv3 is listed,
    which no current server accepts. A warning, as the origin's own protocols are not in the
    template; when they are (the security policy of a same-template load balancer's
    listener) and the list is written out, CF303 and CF304 compare the two instead; the
    runtime effect of CloudFormation's default list is documented by its resource schema
    only. Write `OriginSSLProtocols: [TLSv1.2]`.

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
                DomainName: origin.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
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

    ## Fix
    Safe: adds `TLSv1.2` to the list and removes `SSLv3`, keeping the other protocols (and
    an API list's `Quantity` in step), where the list is written; a CloudFormation
    `CustomOriginConfig` without `OriginSSLProtocols` gets one, its default with these
    changes: `[TLSv1, TLSv1.2]`. CloudFront uses the newest protocol both sides speak, so an
    origin that speaks TLS 1.2 gets it, and one that speaks only TLSv1 still works.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginSSLProtocols
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#origin-not-responding-with-supported-ciphers-protocols
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-customoriginconfig.html
    """
    for origin in dist.origins:
        protocols = origin.ssl_protocols
        if (
            protocols is None
            or origin.config not in (OriginConfig.CUSTOM, OriginConfig.VPC)
            or origin.target.kind is TargetKind.S3_WEBSITE
            or not dist.sends_https(origin)
            or ("ssl_protocols" in origin.spans and tls_listener(origin) is not None)
        ):  # an explicit list and a known listener: CF303 and CF304 compare them
            continue
        if "TLSv1.2" not in protocols:
            problem = "has no TLSv1.2"
        elif "SSLv3" in protocols:
            problem = "offers SSLv3"
        else:
            continue
        yield Problem(
            f"{origin.label} connects with HTTPS ({origin.protocol_policy}) using "
            f"{_listed(origin)}, which {problem}; servers accept TLS 1.2 and later: "
            "use [TLSv1.2]",
            origin.span_of("ssl_protocols", "vpc_origin", "custom_config"),
            origin.id,
            fix=_with_tls12(dist, origin, protocols),
        )


def _with_tls12(dist: Distribution, origin: Origin, protocols: tuple[str, ...]) -> Fix | None:
    """TLSv1.2 added and SSLv3 removed; the other protocols stay, so an origin that speaks
    only TLSv1 still works (CloudFront uses the newest protocol both sides speak)."""
    add = ("TLSv1.2",) if "TLSv1.2" not in protocols else ()
    remove = ("SSLv3",) if "SSLv3" in protocols else ()
    done = [f"add {p}" for p in add] + [f"remove {p}" for p in remove]
    description = f"OriginSSLProtocols: {' and '.join(done)}"
    if "ssl_protocols" in origin.spans:
        span = written(dist, origin, "ssl_protocols")
        return None if span is None else Fix(description, (EditList(span, add, remove),))
    config = origin.spans.get("custom_config")
    if config is None or origin.config is not OriginConfig.CUSTOM:
        return None
    wanted = tuple(p for p in protocols if p not in remove) + add
    edit = AddKey(config, "OriginSSLProtocols", wanted)
    return Fix(f"Write OriginSSLProtocols [{', '.join(wanted)}]", (edit,))
