"""CF002: a Quantity that is not the number of Items."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF002", "quantity-mismatch", Severity.ERROR)
def quantity_mismatch(dist: Distribution) -> Iterator[Problem]:
    """A `{Quantity, Items}` list says one number and holds another.

    ## What it does
    In CloudFront API JSON (`aws cloudfront get-distribution-config` output, or a
    DistributionConfig written for `create-distribution` / `update-distribution`), every list
    is wrapped as `{"Quantity": N, "Items": [...]}`. This rule flags each wrapper in a
    distribution's configuration whose `Quantity` is not the number of `Items` (a missing
    `Items` counts as none): origins, origin groups and their members and failover status
    codes, cache behaviours, allowed and cached methods, headers, aliases, and the rest.

    ## Why does this cause 502s?
    CloudFront rejects the whole request with `InconsistentQuantities`, so the fix you meant
    to deploy (a corrected origin protocol, a second origin-group member) never goes live,
    and the distribution keeps returning 502s. The mismatch usually comes from editing the
    output of `get-distribution-config` by hand: adding an origin or a failover status code
    to `Items` without raising `Quantity`.

    ## Example
    ```json
    {
      "CallerReference": "site-2024",
      "Comment": "",
      "Enabled": true,
      "Origins": {
        "Quantity": 2,
        "Items": [
          {
            "Id": "app",
            "DomainName": "origin.example.com",
            "CustomOriginConfig": {
              "HTTPPort": 80,
              "HTTPSPort": 443,
              "OriginProtocolPolicy": "https-only"
            }
          }
        ]
      },
      "DefaultCacheBehavior": {
        "TargetOriginId": "app",
        "ViewerProtocolPolicy": "redirect-to-https",
        "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
      }
    }
    ```
    Use instead:
    ```json
    {
      "CallerReference": "site-2024",
      "Comment": "",
      "Enabled": true,
      "Origins": {
        "Quantity": 1,
        "Items": [
          {
            "Id": "app",
            "DomainName": "origin.example.com",
            "CustomOriginConfig": {
              "HTTPPort": 80,
              "HTTPSPort": 443,
              "OriginProtocolPolicy": "https-only"
            }
          }
        ]
      },
      "DefaultCacheBehavior": {
        "TargetOriginId": "app",
        "ViewerProtocolPolicy": "redirect-to-https",
        "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
      }
    }
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_UpdateDistribution.html#API_UpdateDistribution_Errors
    - https://docs.aws.amazon.com/cli/latest/reference/cloudfront/update-distribution.html
    """
    for issue in dist.issues:
        if issue.kind == "quantity-mismatch":
            yield Problem(issue.message, issue.span)
