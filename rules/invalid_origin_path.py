"""CF114: an origin path that does not start with a slash, or ends with one."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF114", "invalid-origin-path", Severity.ERROR)
def invalid_origin_path(dist: Distribution) -> Iterator[Problem]:
    """An origin path does not start with `/`, or ends with `/`.

    ## What it does
    Flags origins whose `OriginPath` (`origin_path`) is set but does not begin with a slash,
    or ends with one (`/` alone included; leave the path empty for the root).

    ## Why does this cause 502s?
    CloudFront appends the origin path to the origin's domain name and documents that it must
    begin with a slash and must not end with one. A path written otherwise is not accepted
    as it is meant (the exact error the API returns for it is not confirmed), and a trailing
    slash would double the slash in every request path, which origins such as S3 treat as a
    different object.

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
                OriginPath: production/
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
                OriginPath: /production
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#DownloadDistValuesOriginPath
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Origin.html
    """
    for origin in dist.origins:
        path = origin.origin_path
        if not path:
            continue
        if not path.startswith("/"):
            fix = f"'/{path.strip('/')}'" if path.strip("/") else "''"
            what = "does not start with '/'"
        elif path.endswith("/"):
            fix = f"'/{path.strip('/')}'" if path.strip("/") else "'' (no path)"
            what = "ends with '/'"
        else:
            continue
        yield Problem(
            f"{origin.label} has the origin path {path!r}, which {what}; write {fix}",
            origin.span_of("origin_path"),
            origin.id,
        )
