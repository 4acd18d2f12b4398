"""CF404: a cache behaviour sends requests to an origin that does not exist."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF404", "unknown-target-origin", Severity.ERROR)
def unknown_target_origin(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour's TargetOriginId names no origin and no origin group.

    ## What it does
    Checks the `TargetOriginId` of the default and of every ordered cache behaviour
    against the ids of the distribution's origins and origin groups. (cfn-lint's E3057 checks
    only the default behaviour.)

    ## Why does this cause 502s?
    CloudFront rejects the configuration with `NoSuchOrigin`: "One or more of your origins or
    origin groups do not exist."

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
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            CacheBehaviors:
              - PathPattern: /static/*
                TargetOriginId: assets
                ViewerProtocolPolicy: https-only
                CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
            DefaultCacheBehavior:
              TargetOriginId: app
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
              - Id: app
                DomainName: origin.example.com
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            CacheBehaviors:
              - PathPattern: /static/*
                TargetOriginId: app
                ViewerProtocolPolicy: https-only
                CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CacheBehavior.html
    """
    ids = {o.id for o in dist.origins} | {g.id for g in dist.origin_groups}
    if not dist.complete or None in ids:
        return
    for behavior in dist.all_behaviors:
        target = behavior.target_origin_id
        if target is not None and target not in ids:
            yield Problem(
                f"{behavior.label} targets {target!r}, which is neither an origin nor an "
                "origin group of this distribution",
                behavior.span_of("target_origin_id"),
            )
