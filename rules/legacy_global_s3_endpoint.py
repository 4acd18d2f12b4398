"""CF112: an S3 origin named by the legacy global endpoint."""

import re
from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, TargetKind, rule

_GLOBAL = re.compile(r"^[^/]+\.s3\.amazonaws\.com$")


@rule("CF112", "legacy-global-s3-endpoint", Severity.INFO)
def legacy_global_s3_endpoint(dist: Distribution) -> Iterator[Problem]:
    """An S3 origin uses the legacy global endpoint `bucket.s3.amazonaws.com`.

    ## What it does
    Flags origins whose domain is a bucket's global endpoint
    (`bucket.s3.amazonaws.com`: `!GetAtt Bucket.DomainName`,
    `aws_s3_bucket.x.bucket_domain_name`) instead of its regional one.

    ## Why does this cause 502s?
    Requests to the global name of a bucket outside us-east-1 are redirected (307) until DNS
    catches up after the bucket is created, and CloudFront passes the redirect on; AWS
    recommends the regional endpoint (`bucket.s3.<region>.amazonaws.com`,
    `!GetAtt Bucket.RegionalDomainName`, `bucket_regional_domain_name`), and the global name
    is said not to work for regions launched since 2019. Information only: it works for most
    existing buckets.

    ## Example
    ```yaml
    Resources:
      Assets:
        Type: AWS::S3::Bucket
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: assets
                DomainName: !GetAtt Assets.DomainName
                S3OriginConfig:
                  OriginAccessIdentity: ""
            DefaultCacheBehavior:
              TargetOriginId: assets
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```
    Use instead:
    ```yaml
    Resources:
      Assets:
        Type: AWS::S3::Bucket
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: assets
                DomainName: !GetAtt Assets.RegionalDomainName
                S3OriginConfig:
                  OriginAccessIdentity: ""
            DefaultCacheBehavior:
              TargetOriginId: assets
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistS3AndCustomOrigins.html
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
    - https://repost.aws/knowledge-center/s3-http-307-response
    """
    for origin in dist.origins:
        if origin.target.kind is not TargetKind.S3_BUCKET:
            continue
        if _GLOBAL.match((origin.domain_pattern or "").lower().rstrip(".")):
            yield Problem(
                f"{origin.label} uses the legacy global S3 endpoint {origin.domain_pattern!r}; "
                "use the bucket's regional endpoint (bucket.s3.<region>.amazonaws.com, "
                "RegionalDomainName, bucket_regional_domain_name)",
                origin.span_of("domain_name"),
                origin.id,
            )
