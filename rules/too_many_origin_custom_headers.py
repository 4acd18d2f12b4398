"""CF702: more origin custom headers than CloudFront's default quota."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

QUOTA = 30


@rule("CF702", "too-many-origin-custom-headers", Severity.WARNING)
def too_many_origin_custom_headers(dist: Distribution) -> Iterator[Problem]:
    """An origin has more custom headers than the default quota of 30.

    ## What it does
    Flags origins with more than 30 `OriginCustomHeaders` (`custom_header` blocks, the
    API's `CustomHeaders`).

    ## Why does this cause 502s?
    CloudFront rejects an origin with more custom headers than the account's quota
    (`TooManyOriginCustomHeaders`), so the distribution cannot deploy. The default quota is
    30; it can be raised, so this is a warning: check the quota of the account before
    deploying.

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
                OriginCustomHeaders:
                  - {HeaderName: X-H01, HeaderValue: "1"}
                  - {HeaderName: X-H02, HeaderValue: "2"}
                  - {HeaderName: X-H03, HeaderValue: "3"}
                  - {HeaderName: X-H04, HeaderValue: "4"}
                  - {HeaderName: X-H05, HeaderValue: "5"}
                  - {HeaderName: X-H06, HeaderValue: "6"}
                  - {HeaderName: X-H07, HeaderValue: "7"}
                  - {HeaderName: X-H08, HeaderValue: "8"}
                  - {HeaderName: X-H09, HeaderValue: "9"}
                  - {HeaderName: X-H10, HeaderValue: "10"}
                  - {HeaderName: X-H11, HeaderValue: "11"}
                  - {HeaderName: X-H12, HeaderValue: "12"}
                  - {HeaderName: X-H13, HeaderValue: "13"}
                  - {HeaderName: X-H14, HeaderValue: "14"}
                  - {HeaderName: X-H15, HeaderValue: "15"}
                  - {HeaderName: X-H16, HeaderValue: "16"}
                  - {HeaderName: X-H17, HeaderValue: "17"}
                  - {HeaderName: X-H18, HeaderValue: "18"}
                  - {HeaderName: X-H19, HeaderValue: "19"}
                  - {HeaderName: X-H20, HeaderValue: "20"}
                  - {HeaderName: X-H21, HeaderValue: "21"}
                  - {HeaderName: X-H22, HeaderValue: "22"}
                  - {HeaderName: X-H23, HeaderValue: "23"}
                  - {HeaderName: X-H24, HeaderValue: "24"}
                  - {HeaderName: X-H25, HeaderValue: "25"}
                  - {HeaderName: X-H26, HeaderValue: "26"}
                  - {HeaderName: X-H27, HeaderValue: "27"}
                  - {HeaderName: X-H28, HeaderValue: "28"}
                  - {HeaderName: X-H29, HeaderValue: "29"}
                  - {HeaderName: X-H30, HeaderValue: "30"}
                  - {HeaderName: X-H31, HeaderValue: "31"}
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: fewer headers, for instance one header whose value carries several
    settings, or a raised quota.
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
                OriginCustomHeaders:
                  - {HeaderName: X-Settings, HeaderValue: "h01=1;h02=2;h03=3"}
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-custom-headers
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CustomHeaders.html
    """
    for origin in dist.origins:
        headers = origin.custom_headers or ()
        if len(headers) > QUOTA:
            yield Problem(
                f"{origin.label} has {len(headers)} custom headers; the default quota is "
                f"{QUOTA} per origin, so CloudFront rejects the origin unless the account's "
                f"quota was raised: remove {len(headers) - QUOTA} or combine some, or check "
                "the quota",
                headers[QUOTA].span,
                origin.id,
            )
