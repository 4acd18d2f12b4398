"""CF403: a cache behaviour that allows write methods sends requests to an origin group."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@rule("CF403", "write-methods-on-origin-group", Severity.ERROR)
def write_methods_on_origin_group(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour targets an origin group but allows PUT, POST, PATCH or DELETE.

    ## What it does
    Flags cache behaviours whose `TargetOriginId` is an origin group and whose
    `AllowedMethods` include methods other than GET, HEAD and OPTIONS.

    ## Why does this cause 502s?
    CloudFront fails over only for GET, HEAD and OPTIONS, and rejects the configuration:
    "The parameter AllowedMethods cannot include POST, PUT, PATCH, or DELETE for a cached
    behavior associated with an origin group."

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
                  FailoverCriteria: {StatusCodes: {Quantity: 1, Items: [502]}}
                  Members:
                    Quantity: 2
                    Items: [{OriginId: primary}, {OriginId: secondary}]
            DefaultCacheBehavior:
              TargetOriginId: failover
              ViewerProtocolPolicy: https-only
              AllowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE]
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: send writes to the primary origin directly, with a behaviour of their own.
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
                  FailoverCriteria: {StatusCodes: {Quantity: 1, Items: [502]}}
                  Members:
                    Quantity: 2
                    Items: [{OriginId: primary}, {OriginId: secondary}]
            CacheBehaviors:
              - PathPattern: /api/*
                TargetOriginId: primary
                ViewerProtocolPolicy: https-only
                AllowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE]
                CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
            DefaultCacheBehavior:
              TargetOriginId: failover
              ViewerProtocolPolicy: https-only
              AllowedMethods: [GET, HEAD, OPTIONS]
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html#concept_origin_groups.creating
    """
    group_ids = {g.id for g in dist.origin_groups if g.id is not None}
    for behavior in dist.all_behaviors:
        if behavior.target_origin_id not in group_ids or behavior.allowed_methods is None:
            continue
        writes = [m for m in behavior.allowed_methods if m not in READ_METHODS]
        if writes:
            yield Problem(
                f"{behavior.label} targets origin group {behavior.target_origin_id!r} but "
                f"allows {', '.join(writes)}; origin groups accept only GET, HEAD and OPTIONS",
                behavior.span_of("allowed_methods"),
            )
