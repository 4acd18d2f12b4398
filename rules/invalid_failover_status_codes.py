"""CF402: failover status codes CloudFront does not accept."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

FAILOVER_CODES = (400, 403, 404, 416, 500, 502, 503, 504)


@rule("CF402", "invalid-failover-status-codes", Severity.ERROR)
def invalid_failover_status_codes(dist: Distribution) -> Iterator[Problem]:
    """An origin group fails over on no status code, or on a code CloudFront cannot fail over on.

    ## What it does
    Flags origin groups whose `FailoverCriteria.StatusCodes` list is empty or holds codes
    other than 400, 403, 404, 416, 500, 502, 503 and 504.

    ## Why does this cause 502s?
    CloudFront rejects the group, so the distribution cannot deploy; and a group that does
    not list 502 (or 503/504) does not fail over when the primary origin returns it.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: primary
                DomainName: a.example.com
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
              - Id: secondary
                DomainName: b.example.com
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            OriginGroups:
              Quantity: 1
              Items:
                - Id: failover
                  FailoverCriteria: {StatusCodes: {Quantity: 2, Items: [502, 501]}}
                  Members:
                    Quantity: 2
                    Items: [{OriginId: primary}, {OriginId: secondary}]
            DefaultCacheBehavior:
              TargetOriginId: failover
              ViewerProtocolPolicy: https-only
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
              - Id: primary
                DomainName: a.example.com
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
              - Id: secondary
                DomainName: b.example.com
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            OriginGroups:
              Quantity: 1
              Items:
                - Id: failover
                  FailoverCriteria: {StatusCodes: {Quantity: 3, Items: [502, 503, 504]}}
                  Members:
                    Quantity: 2
                    Items: [{OriginId: primary}, {OriginId: secondary}]
            DefaultCacheBehavior:
              TargetOriginId: failover
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html
    """
    for group in dist.origin_groups:
        codes = group.status_codes
        if codes is None:
            continue
        if not codes:
            yield Problem(
                f"{group.label} lists no failover status codes",
                group.span_of("status_codes", "failover_criteria"),
            )
        invalid = [c for c in codes if c is not None and c not in FAILOVER_CODES]
        if invalid:
            yield Problem(
                f"{group.label} fails over on {', '.join(map(str, invalid))}; "
                f"CloudFront accepts only {', '.join(map(str, FAILOVER_CODES))}",
                group.span_of("status_codes", "failover_criteria"),
            )
