"""CF105: an origin domain name written as a URL."""

import ipaddress
import re
from collections.abc import Iterator

from cf502lint import Distribution, Origin, OriginConfig, Problem, Severity, rule
from cf502lint.fix import AddKey, Edit, Fix, TrimText, set_value, written

_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)?(?P<host>[^/]*)(?P<path>/.*)?", re.S)
_PORT = re.compile(r":[0-9]+$")


def _what(pattern: str) -> str | None:
    if "${" in pattern:  # a placeholder some tool may substitute before deploying
        return None
    if "://" in pattern:
        return "a scheme"
    if "/" in pattern:
        return "a path"
    if ":" in pattern and not _ipv6(pattern):  # an IPv6 address is CF106's or CF108's
        return "a port"
    return None


def _ipv6(pattern: str) -> bool:
    try:
        return ipaddress.ip_address(pattern.strip("[]")).version == 6
    except ValueError:
        return False


@rule("CF105", "url-as-origin-domain", Severity.ERROR)
def url_as_origin_domain(dist: Distribution) -> Iterator[Problem]:
    """An origin's domain name carries a scheme, a path or a port, as URLs do.

    ## What it does
    Flags origins whose `DomainName` (`domain_name`) contains `://`, `/` or `:` in its known
    parts (names holding a `${...}` placeholder are left alone: a deployment tool may
    substitute it). The usual cause is an attribute that returns a URL used as it is:
    `!GetAtt Bucket.WebsiteURL`, `!GetAtt FunctionUrl.FunctionUrl`, `!GetAtt HttpApi.ApiEndpoint`,
    Terraform's `aws_lambda_function_url.x.function_url` or `aws_apigatewayv2_api.x.api_endpoint`.

    ## Why does this cause 502s?
    CloudFront takes a bare host name and rejects the rest ("The parameter origin name cannot
    contain a colon"), so the distribution cannot deploy. Ports go in `HTTPPort`/`HTTPSPort`,
    paths in `OriginPath`; strip the scheme with `!Select [2, !Split ["/", ...]]` or
    Terraform's `trimprefix`/`trimsuffix`.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::S3::Bucket
        Properties:
          WebsiteConfiguration: {IndexDocument: index.html}
      Distribution:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: website
                DomainName: !GetAtt Site.WebsiteURL
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            DefaultCacheBehavior:
              TargetOriginId: website
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```
    Use instead:
    ```yaml
    Resources:
      Site:
        Type: AWS::S3::Bucket
        Properties:
          WebsiteConfiguration: {IndexDocument: index.html}
      Distribution:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: website
                DomainName: !Select [2, !Split ["/", !GetAtt Site.WebsiteURL]]
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            DefaultCacheBehavior:
              TargetOriginId: website
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```

    ## Fix
    Safe: removes the scheme and a bare trailing `/`, when the domain name is written as
    text (a literal, a `!Sub` or a Terraform template, or a parameter default, variable
    default or `locals` entry that nothing else uses) and what goes is literal text rather
    than an interpolation; the name was never valid, so nothing that worked changes.
    Unsafe, because it changes what CloudFront asks the origin for as the URL meant it: a
    path also moves to `OriginPath` (when none is set), a port to `HTTPPort` or `HTTPSPort`
    (by the scheme, or else the origin protocol policy). A name built by an intrinsic
    function (`!GetAtt Bucket.WebsiteURL`) is not fixed.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesDomainName
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Origin.html
    """
    for origin in dist.origins:
        pattern = origin.domain_pattern
        what = _what(pattern) if pattern else None
        if what:
            yield Problem(
                f"{origin.label} has domain name {pattern!r}, which carries {what}; "
                "CloudFront expects a bare host name",
                origin.span_of("domain_name"),
                origin.id,
                fix=_bare_host(dist, origin, pattern) if pattern else None,
            )


def _bare_host(dist: Distribution, origin: Origin, pattern: str) -> Fix | None:
    """Strip the scheme, port and path off the domain name, where its text says them; a
    path moves to OriginPath and a port to the protocol's port setting (unsafe: they change
    what CloudFront asks the origin for, as the URL meant)."""
    match = _URL.fullmatch(pattern)
    span = written(dist, origin, "domain_name")
    if match is None or span is None:
        return None
    scheme, host, path = match.group("scheme") or "", match.group("host"), match.group("path")
    port = _PORT.search(host)
    port_text = port.group() if port else ""
    suffix = port_text + (path or "")
    if "*" in scheme + suffix or "?" in suffix or "#" in suffix or not host.strip(":"):
        return None  # an unknown part, or a query, is in what would go
    edits: list[Edit | None] = [TrimText(span, scheme, suffix)]
    done = [f"remove {what!r}" for what in (scheme, suffix) if what]
    kept_path = (path or "").rstrip("/")
    if port_text:  # before OriginPath: a key added to CustomOriginConfig goes first
        edits.append(_port(dist, origin, scheme, int(port_text[1:])))
        done.append(f"move port {port_text[1:]} to the origin's port setting")
    if kept_path:
        edits.append(_origin_path(dist, origin, kept_path))
        done.append(f"set OriginPath to {kept_path!r}")
    if None in edits:
        return None
    description = "Domain name: " + ", ".join(done)
    made = tuple(edit for edit in edits if edit is not None)
    return Fix(description, made, safe=not kept_path and not port_text)


def _origin_path(dist: Distribution, origin: Origin, path: str) -> Edit | None:
    if origin.origin_path is None or origin.origin_path.rstrip("/"):
        return None  # unknown, or already set: the two paths would have to be joined
    if "origin_path" in origin.spans:
        return set_value(dist, origin, "origin_path", origin.origin_path, path)
    return AddKey(origin.span, "OriginPath", path, mapping=True)


def _port(dist: Distribution, origin: Origin, scheme: str, number: int) -> Edit | None:
    """The port setting for ``number``: the scheme's protocol, else the one protocol the
    origin protocol policy uses."""
    protocol = scheme.lower().removesuffix("://") or {
        "http-only": "http",
        "https-only": "https",
    }.get(origin.protocol_policy or "", "")
    keys = {"http": ("http_port", "HTTPPort"), "https": ("https_port", "HTTPSPort")}
    if protocol not in keys or origin.config is not OriginConfig.CUSTOM:
        return None
    field, key = keys[protocol]
    current = getattr(origin, field)
    if field in origin.spans:
        return set_value(dist, origin, field, current, number) if current is not None else None
    where = origin.spans.get("custom_config")
    return AddKey(where, key, number) if where is not None else None
