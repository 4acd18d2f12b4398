"""CF004: a Terraform argument set twice in one block."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF004", "duplicate-argument", Severity.ERROR)
def duplicate_argument(dist: Distribution) -> Iterator[Problem]:
    """A Terraform argument is set twice in the same block.

    ## What it does
    Flags an argument that repeats an earlier argument of the same block, in `.tf` and
    `.tf.json` files of a module that defines a distribution (the same key twice in a
    CloudFormation or API JSON mapping is CF001).

    ## Why does this cause 502s?
    It does not deploy at all: Terraform rejects the configuration ("Attribute redefined").
    The two values are usually an old and a new setting left side by side, such as the
    origin protocol policy that was changed to stop the 502s; until one goes, neither
    change ships.

    ## Example
    ```hcl
    resource "aws_cloudfront_distribution" "site" {
      enabled = true
      origin {
        origin_id   = "app"
        domain_name = "origin.example.com"
        custom_origin_config {
          http_port              = 80
          https_port             = 443
          origin_protocol_policy = "http-only"
          origin_protocol_policy = "https-only"
          origin_ssl_protocols   = ["TLSv1.2"]
        }
      }
      default_cache_behavior {
        target_origin_id       = "app"
        viewer_protocol_policy = "https-only"
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
        origin_id   = "app"
        domain_name = "origin.example.com"
        custom_origin_config {
          http_port              = 80
          https_port             = 443
          origin_protocol_policy = "https-only"
          origin_ssl_protocols   = ["TLSv1.2"]
        }
      }
      default_cache_behavior {
        target_origin_id       = "app"
        viewer_protocol_policy = "https-only"
        allowed_methods        = ["GET", "HEAD"]
        cached_methods         = ["GET", "HEAD"]
        cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
      }
    }
    ```

    ## References
    - https://developer.hashicorp.com/terraform/language/syntax/configuration#arguments
    - https://developer.hashicorp.com/terraform/language/syntax/json
    """
    for issue in dist.issues:
        if issue.kind == "duplicate-argument":
            yield Problem(issue.message, issue.span)
