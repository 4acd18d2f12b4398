"""CF406: an origin group's id is also the id of an origin or of another group."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF406", "origin-group-id-collision", Severity.WARNING)
def origin_group_id_collision(dist: Distribution) -> Iterator[Problem]:
    """An origin group has the id of an origin, or of another origin group.

    ## What it does
    Flags origin groups whose `Id` (Terraform: the group's `origin_id`) is also the id of
    an origin of the distribution, or of an earlier origin group.

    ## Why does this cause 502s?
    Cache behaviours name their target by this id alone, so one id for two targets is
    ambiguous: CloudFront may reject the distribution, or send a behaviour's requests to the
    origin where the group (and its failover) was meant, or the other way round. AWS does
    not document which, hence a warning; the fix is the same either way.

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
                DomainName: app.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
              - Id: app-standby
                DomainName: standby.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            OriginGroups:
              Quantity: 1
              Items:
                - Id: app
                  FailoverCriteria: {StatusCodes: {Quantity: 1, Items: [503]}}
                  Members: {Quantity: 2, Items: [{OriginId: app}, {OriginId: app-standby}]}
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: an id the origins do not use.
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: app.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
              - Id: app-standby
                DomainName: standby.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            OriginGroups:
              Quantity: 1
              Items:
                - Id: app-failover
                  FailoverCriteria: {StatusCodes: {Quantity: 1, Items: [503]}}
                  Members: {Quantity: 2, Items: [{OriginId: app}, {OriginId: app-standby}]}
            DefaultCacheBehavior:
              TargetOriginId: app-failover
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginGroup.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html
    """
    origin_ids = {o.id for o in dist.origins if o.id is not None}
    group_ids: set[str] = set()
    for group in dist.origin_groups:
        if group.id is None:
            continue
        if group.id in origin_ids or group.id in group_ids:
            kind = "an origin" if group.id in origin_ids else "another origin group"
            yield Problem(
                f"{group.label} has the id of {kind}, so a cache behaviour that targets "
                f"{group.id!r} is ambiguous; give the group an id of its own",
                group.span_of("id"),
                group.id,
            )
        group_ids.add(group.id)
