"""CF602: a cache behaviour has no cache policy and no legacy ForwardedValues."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF602", "no-cache-policy-or-forwarded-values", Severity.ERROR)
def no_cache_policy_or_forwarded_values(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour has neither a cache policy nor the legacy ForwardedValues.

    ## What it does
    Flags cache behaviours (the default one and the ordered ones) with none of
    `CachePolicyId`, `OriginRequestPolicyId` and `ForwardedValues` (Terraform:
    `cache_policy_id`, `origin_request_policy_id`, a `forwarded_values` block). A value
    that cannot be resolved counts as set.

    ## Why does this cause 502s?
    It does not reach the point of a 502: CloudFront rejects the distribution ("The
    parameter ForwardedValues is required"), so the deployment fails and the distribution
    keeps its previous, possibly failing, configuration. Terraform accepts the
    configuration at plan time; only the apply fails.

    ## Example
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      enabled = true
      origin {
        origin_id   = "app"
        domain_name = "app.example.com"
        custom_origin_config {
          http_port              = 80
          https_port             = 443
          origin_protocol_policy = "https-only"
          origin_ssl_protocols   = ["TLSv1.2"]
        }
      }
      default_cache_behavior {
        target_origin_id       = "app"
        viewer_protocol_policy = "redirect-to-https"
        allowed_methods        = ["GET", "HEAD"]
        cached_methods         = ["GET", "HEAD"]
      }
      restrictions {
        geo_restriction {
          restriction_type = "none"
        }
      }
      viewer_certificate {
        cloudfront_default_certificate = true
      }
    }
    ```
    Use instead: a cache policy (here Managed-CachingDisabled).
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      enabled = true
      origin {
        origin_id   = "app"
        domain_name = "app.example.com"
        custom_origin_config {
          http_port              = 80
          https_port             = 443
          origin_protocol_policy = "https-only"
          origin_ssl_protocols   = ["TLSv1.2"]
        }
      }
      default_cache_behavior {
        target_origin_id       = "app"
        viewer_protocol_policy = "redirect-to-https"
        allowed_methods        = ["GET", "HEAD"]
        cached_methods         = ["GET", "HEAD"]
        cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
      }
      restrictions {
        geo_restriction {
          restriction_type = "none"
        }
      }
      viewer_certificate {
        cloudfront_default_certificate = true
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DefaultCacheBehavior.html
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CacheBehavior.html
    - https://github.com/hashicorp/terraform-provider-aws/pull/29015
    """
    for behavior in dist.all_behaviors:
        if (
            behavior.cache_policy is False
            and behavior.origin_request_policy is False
            and behavior.forwarded_values is False
        ):
            yield Problem(
                f"{behavior.label} has neither a cache policy nor legacy ForwardedValues; "
                "CloudFront rejects the distribution (ForwardedValues is required): set a "
                "cache policy, for example Managed-CachingOptimized "
                "(658327ea-f89d-4fab-a63d-7e88639e58f6)",
                behavior.span,
            )
