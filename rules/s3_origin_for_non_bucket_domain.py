"""CF118: an S3 origin whose domain is not an S3 bucket's REST endpoint."""

from collections.abc import Iterator

from cf502lint import Distribution, Origin, OriginConfig, Problem, Severity, TargetKind, rule

_NOT_BUCKETS = (
    TargetKind.LOAD_BALANCER,
    TargetKind.API_GATEWAY,
    TargetKind.LAMBDA_URL,
    TargetKind.CLOUDFRONT,
    TargetKind.ELASTIC_BEANSTALK,
    TargetKind.EC2_INSTANCE,
    TargetKind.OTHER,
)
"""What cannot be an S3 origin. S3 website endpoints are CF102's."""
_AWS_SUFFIXES = (".amazonaws.com", ".amazonaws.com.cn", ".on.aws")
"""Other AWS services' names (MediaStore, MediaPackage, ...) are left alone."""


def _named(origin: Origin) -> str:
    target = origin.target
    if target.resource is not None:
        return f"the {target.kind.value.replace('-', ' ')} {target.resource!r}"
    return repr(origin.domain_pattern)


@rule("CF118", "s3-origin-for-non-bucket-domain", Severity.ERROR)
def s3_origin_for_non_bucket_domain(dist: Distribution) -> Iterator[Problem]:
    """An S3 origin's domain is not an S3 bucket's REST endpoint.

    ## What it does
    Flags S3 origins whose domain is known not to be a bucket's REST endpoint: a load
    balancer, an API Gateway or Lambda function URL, a CloudFront distribution, an Elastic
    Beanstalk or EC2 name, or a name of one's own. An S3 origin is one with `S3OriginConfig`,
    or, in Terraform, one with no `custom_origin_config`, `s3_origin_config` or
    `vpc_origin_config` block: the provider then sends an empty `S3OriginConfig`. S3 website
    endpoints are left to CF102 s3-website-as-s3-origin; names of other AWS services
    (`*.amazonaws.com`, `*.on.aws`), names holding a `${...}` placeholder and unknown names
    are not flagged.

    ## Why does this cause 502s?
    CloudFront checks that an S3 origin is a bucket and rejects the distribution otherwise
    ("The parameter Origin DomainName does not refer to a valid S3 bucket"). In Terraform
    this is what forgetting `custom_origin_config` on an API or load balancer origin does.

    ## Example
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      enabled = true
      origin {
        origin_id   = "api"
        domain_name = "api.example.com"
      }
      default_cache_behavior {
        target_origin_id       = "api"
        viewer_protocol_policy = "redirect-to-https"
        allowed_methods        = ["GET", "HEAD"]
        cached_methods         = ["GET", "HEAD"]
        cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
      }
    }
    ```
    Use instead:
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      enabled = true
      origin {
        origin_id   = "api"
        domain_name = "api.example.com"
        custom_origin_config {
          http_port              = 80
          https_port             = 443
          origin_protocol_policy = "https-only"
          origin_ssl_protocols   = ["TLSv1.2"]
        }
      }
      default_cache_behavior {
        target_origin_id       = "api"
        viewer_protocol_policy = "redirect-to-https"
        allowed_methods        = ["GET", "HEAD"]
        cached_methods         = ["GET", "HEAD"]
        cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
      }
    }
    ```
    An S3 bucket's REST endpoint with an origin access control and no configuration block is
    the usual Terraform pattern, and is not flagged.

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistS3AndCustomOrigins.html
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#origin-arguments
    - https://github.com/hashicorp/terraform-provider-aws/issues/33214
    """
    for origin in dist.origins:
        if origin.config is not OriginConfig.S3 or origin.target.kind not in _NOT_BUCKETS:
            continue
        name = (origin.domain_pattern or "").lower().rstrip(".")
        if "${" in name:  # a placeholder some tool may substitute before deploying
            continue
        if origin.target.kind is TargetKind.OTHER and name.endswith(_AWS_SUFFIXES):
            continue
        if origin.configs:
            yield Problem(
                f"{origin.label} has S3OriginConfig (s3_origin_config), but {_named(origin)} "
                "is not an S3 bucket's REST endpoint, and CloudFront rejects it; use "
                "CustomOriginConfig (custom_origin_config)",
                origin.span_of("s3_config"),
                origin.id,
            )
        else:
            yield Problem(
                f"{origin.label} has no custom_origin_config, so Terraform sends it as an S3 "
                f"origin, but {_named(origin)} is not an S3 bucket's REST endpoint, and "
                "CloudFront rejects it; add a custom_origin_config block",
                origin.span_of("domain_name"),
                origin.id,
            )
