"""CF105: an origin domain name written as a URL."""

import ipaddress
from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


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
            )
