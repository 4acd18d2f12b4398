"""CF115: an empty origin domain name, or one holding spaces."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF115", "empty-origin-domain", Severity.ERROR)
def empty_origin_domain(dist: Distribution) -> Iterator[Problem]:
    """An origin's domain name is empty, or holds spaces, once parameters take their defaults.

    ## What it does
    Flags origins whose `DomainName` (`domain_name`) is the empty string, only spaces, or a
    name with spaces in its known parts: typically a parameter whose default is `""` or
    `" "`, used as the domain name (a parameter without a default is unknown, and never
    flagged).

    ## Why does this cause 502s?
    An origin needs the DNS name of a server, and CloudFront rejects a distribution whose
    origin has none ("The parameter origin name must be a domain name"), so the stack fails
    to deploy with that default. Give the parameter a real default, drop the default so
    that a value must be given, or leave the origin out with a condition when it is empty.

    ## Example
    ```yaml
    Parameters:
      OriginDomain:
        Type: String
        Default: ""
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: !Ref OriginDomain
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
    Parameters:
      OriginDomain:
        Type: String
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: !Ref OriginDomain
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Origin.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
    """
    for origin in dist.origins:
        name = origin.domain_name if origin.domain_name is not None else origin.domain_pattern
        if name is None:
            continue
        if not name.strip():
            what = f"is empty ({name!r})"
        elif any(char.isspace() for char in name):
            what = f"holds spaces ({name!r}), which no DNS name can"
        else:
            continue
        yield Problem(
            f"the domain name of {origin.label} {what}, and CloudFront rejects the "
            "distribution; give the origin's DNS name",
            origin.span_of("domain_name"),
            origin.id,
        )
