"""CF404: a cache behaviour sends requests to an origin that does not exist."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, could_be, rule


@rule("CF404", "unknown-target-origin", Severity.ERROR)
def unknown_target_origin(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour's TargetOriginId names no origin and no origin group.

    ## What it does
    Checks the `TargetOriginId` of the default and of every ordered cache behaviour
    against the ids of the distribution's origins and origin groups. (cfn-lint's E3057 checks
    only the default behaviour.) Ids known only in part are used for what is known of them:
    `"${aws_s3_bucket.site.id}-origin"` can never be the target `"assets"`, whatever the
    bucket is called.

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
    named = [(o.id, o.id_pattern) for o in dist.origins]
    named += [(g.id, g.id_pattern) for g in dist.origin_groups]
    if not dist.complete or any(exact is None and pattern is None for exact, pattern in named):
        return
    ids = {exact for exact, _ in named if exact is not None}
    patterns = [pattern for exact, pattern in named if exact is None and pattern is not None]
    for behavior in dist.all_behaviors:
        target = behavior.target_origin_id
        if target is None:
            target_pattern = behavior.target_pattern
            if target_pattern is None or patterns:
                continue
            if not any(could_be(target_pattern, known) for known in ids):
                yield Problem(
                    f"{behavior.label} targets {target_pattern!r} (* unknown), which no id of "
                    f"this distribution can be ({_listed(ids, patterns)})",
                    behavior.span_of("target_origin_id"),
                )
        elif target not in ids and not any(could_be(p, target) for p in patterns):
            yield Problem(
                f"{behavior.label} targets {target!r}, which is neither an origin nor an "
                f"origin group of this distribution ({_listed(ids, patterns)})",
                behavior.span_of("target_origin_id"),
            )


def _listed(ids: set[str], patterns: list[str]) -> str:
    names = [repr(i) for i in sorted(ids)] + [repr(p) for p in patterns]
    return "ids: " + ", ".join(names) if names else "it has none"
