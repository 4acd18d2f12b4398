"""CF110: an S3 bucket's REST endpoint configured as a custom origin."""

from collections.abc import Iterator

from cf502lint import Distribution, OriginConfig, Problem, Severity, TargetKind, rule


@rule("CF110", "s3-rest-endpoint-as-custom-origin", Severity.WARNING)
def s3_rest_endpoint_as_custom_origin(dist: Distribution) -> Iterator[Problem]:
    """An S3 bucket's REST endpoint is configured as a custom origin.

    ## What it does
    Flags origins whose domain is an S3 bucket's REST endpoint
    (`bucket.s3.us-east-1.amazonaws.com`, `!GetAtt Bucket.RegionalDomainName`,
    `aws_s3_bucket.x.bucket_regional_domain_name`) with a `CustomOriginConfig`
    (`custom_origin_config`) instead of an `S3OriginConfig`.

    ## Why does this cause 502s?
    As a custom origin the bucket is an anonymous web server: CloudFront cannot sign its
    requests with an origin access control, so every object must be public or S3 answers
    403, CloudFront checks at deployment that the bucket exists and is yours ("does not refer
    to a valid S3 bucket"), and a bucket whose name has dots fails HTTPS altogether (CF111).
    A warning, because a public bucket reached this way does work. Use `S3OriginConfig` with
    an origin access control, or the bucket's website endpoint if you need website features.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: assets
                DomainName: example-assets.s3.us-east-1.amazonaws.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: assets
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```
    Use instead:
    ```yaml
    Resources:
      Access:
        Type: AWS::CloudFront::OriginAccessControl
        Properties:
          OriginAccessControlConfig:
            Name: assets
            OriginAccessControlOriginType: s3
            SigningBehavior: always
            SigningProtocol: sigv4
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: assets
                DomainName: example-assets.s3.us-east-1.amazonaws.com
                OriginAccessControlId: !GetAtt Access.Id
                S3OriginConfig:
                  OriginAccessIdentity: ""
            DefaultCacheBehavior:
              TargetOriginId: assets
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistS3AndCustomOrigins.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
    - https://github.com/aws/aws-cdk/issues/18241
    """
    for origin in dist.origins:
        target = origin.target
        if (
            origin.config is OriginConfig.CUSTOM
            and target.kind is TargetKind.S3_BUCKET
            and target.service_hostname
        ):
            yield Problem(
                f"{origin.label} is an S3 bucket's REST endpoint configured as a custom "
                "origin, which CloudFront cannot sign requests to: the bucket must be public; "
                "use S3OriginConfig with an origin access control",
                origin.span_of("custom_config"),
                origin.id,
            )
