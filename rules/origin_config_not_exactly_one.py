"""CF109: an origin with none, or more than one, of the three configuration blocks."""

from collections.abc import Iterator

from cf502lint import Distribution, OriginConfig, Problem, Severity, rule

_BLOCKS = {
    OriginConfig.S3: "S3OriginConfig (s3_origin_config)",
    OriginConfig.CUSTOM: "CustomOriginConfig (custom_origin_config)",
    OriginConfig.VPC: "VpcOriginConfig (vpc_origin_config)",
}


@rule("CF109", "origin-config-not-exactly-one", Severity.ERROR)
def origin_config_not_exactly_one(dist: Distribution) -> Iterator[Problem]:
    """An origin has none, or several, of the S3, custom and VPC origin configuration blocks.

    ## What it does
    Flags origins that carry none of `S3OriginConfig`, `CustomOriginConfig` and
    `VpcOriginConfig`, or more than one of them (in Terraform: `s3_origin_config`,
    `custom_origin_config`, `vpc_origin_config`). A block whose presence depends on an unknown
    value is not counted. A Terraform origin with no block at all is not flagged here: the
    provider sends it as an S3 origin, which is right for a bucket's REST endpoint (with an
    origin access control, the usual pattern) and reported by CF118
    s3-origin-for-non-bucket-domain for anything else.

    ## Why does this cause 502s?
    CloudFront needs to know what kind of origin it talks to, and rejects the distribution
    when it cannot tell ("Exactly one of CustomOriginConfig and S3OriginConfig must be
    specified"), so nothing deploys.

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

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Origin.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistS3AndCustomOrigins.html
    - https://github.com/aws/aws-cdk/issues/31016
    """
    for origin in dist.origins:
        present = [c for c in origin.configs if c in _BLOCKS]
        if len(present) > 1:
            blocks = " and ".join(_BLOCKS[c] for c in present)
            yield Problem(
                f"{origin.label} has {blocks}; CloudFront takes exactly one: S3OriginConfig "
                "for a bucket's REST endpoint, VpcOriginConfig for a VPC origin, "
                "CustomOriginConfig for anything else",
                origin.span_of("s3_config", "vpc_config"),
                origin.id,
            )
        elif not origin.configs and origin.config is OriginConfig.NONE:
            yield Problem(
                f"{origin.label} has none of S3OriginConfig, CustomOriginConfig and "
                "VpcOriginConfig, and CloudFront rejects it; add CustomOriginConfig for a web "
                "server or S3OriginConfig for a bucket's REST endpoint",
                origin.span,
                origin.id,
            )
