"""CF401: an origin group without exactly two existing origins."""

from collections.abc import Iterator

from cf502lint import Distribution, OriginGroup, Problem, Severity, Span, rule


@rule("CF401", "invalid-origin-group-members", Severity.ERROR)
def invalid_origin_group_members(dist: Distribution) -> Iterator[Problem]:
    """An origin group does not have exactly two members, or a member names no origin.

    ## What it does
    Flags origin groups whose member list does not hold exactly two origins (primary first,
    then secondary), and members whose `OriginId` matches no origin of the distribution.

    ## Why does this cause 502s?
    CloudFront rejects such groups (`NoSuchOrigin`, or a list-size error), so the distribution
    cannot deploy, and the failover that was meant to hide an origin's 502s does not exist.

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
                    Items: [{OriginId: primary}, {OriginId: backup}]
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
                  FailoverCriteria: {StatusCodes: {Quantity: 1, Items: [502]}}
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
    origin_ids = {o.id for o in dist.origins}
    group_ids = {g.id for g in dist.origin_groups}
    ids_known = dist.complete and None not in origin_ids
    for group in dist.origin_groups:
        members = group.member_ids
        if members is None:
            continue
        if len(members) != 2:
            yield Problem(
                f"{group.label} has {len(members)} members; it needs exactly two "
                "(primary and secondary)",
                group.span_of("members"),
            )
        for index, member in enumerate(members):
            if ids_known and member is not None and member not in origin_ids:
                what = "an origin group" if member in group_ids else "not an origin"
                yield Problem(
                    f"{group.label} has member {member!r}, which is {what} of this "
                    "distribution; a member must be one of its origins",
                    _member_span(group, index),
                )


def _member_span(group: OriginGroup, index: int) -> Span:
    """Where the member is written (a Terraform ``member`` block, an ``Items`` entry)."""
    if index < len(group.member_spans):
        return group.member_spans[index]
    return group.span_of("members")
