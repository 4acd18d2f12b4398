"""CF102: an S3 website endpoint configured as an S3 (REST) origin."""

from collections.abc import Iterator

from cf502lint import Distribution, OriginConfig, Problem, Severity, TargetKind, rule


@rule("CF102", "s3-website-as-s3-origin", Severity.ERROR)
def s3_website_as_s3_origin(dist: Distribution) -> Iterator[Problem]:
    """An S3 website endpoint is configured as an S3 origin or with origin access control.

    ## What it does
    Flags origins whose domain is an S3 website endpoint but which carry an
    `S3OriginConfig` (`s3_origin_config`) or an origin access control / identity.

    ## Why does this cause 502s?
    A website endpoint is not a bucket's REST API: CloudFront must reach it as a custom origin
    over HTTP. CloudFront rejects an S3 origin with a website endpoint ("The parameter Origin
    DomainName does not refer to a valid S3 bucket"), and signed requests from an origin
    access control cannot be served by the website endpoint.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: website
                DomainName: example-bucket.s3-website-us-east-1.amazonaws.com
                S3OriginConfig:
                  OriginAccessIdentity: ""
            DefaultCacheBehavior:
              TargetOriginId: website
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
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
              - Id: website
                DomainName: example-bucket.s3-website-us-east-1.amazonaws.com
                CustomOriginConfig:
                  OriginProtocolPolicy: http-only
            DefaultCacheBehavior:
              TargetOriginId: website
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistS3AndCustomOrigins.html
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html
    """
    for origin in dist.origins:
        if origin.target.kind is not TargetKind.S3_WEBSITE:
            continue
        if origin.config is OriginConfig.S3:
            yield Problem(
                f"{origin.label} is an S3 website endpoint configured as an S3 origin; "
                "website endpoints must be custom origins (http-only)",
                origin.span_of("s3_config"),
                origin.id,
            )
        elif origin.access_control:
            yield Problem(
                f"{origin.label} is an S3 website endpoint with origin access control, "
                "which only works with a bucket's REST endpoint",
                origin.span_of("access_control"),
                origin.id,
            )
