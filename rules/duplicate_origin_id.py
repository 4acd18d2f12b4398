"""CF405: two origins of one distribution share an id."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

from cf502lint import Distribution, Origin, Problem, Severity, rule


def _same(first: Origin, other: Origin) -> bool:
    """Whether two origins differ only in where they are written."""
    return replace(other, span=first.span) == first


@rule("CF405", "duplicate-origin-id", Severity.ERROR)
def duplicate_origin_id(dist: Distribution) -> Iterator[Problem]:
    """Two origins of the distribution have the same id.

    ## What it does
    Flags every origin whose `Id` (Terraform: `origin_id`) an earlier origin of the same
    distribution already has. Origins identical in every setting are not flagged: Terraform
    keeps its origins in a set, where a repeated block is one element.

    ## Why does this cause 502s?
    It does not reach the point of a 502: CloudFront rejects the distribution ("The
    parameter origin ID must be unique"), so the deployment fails and the distribution keeps
    its previous, possibly failing, configuration. Copying an origin block and changing its
    domain but not its id is the usual way to get here.

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
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
              - Id: app
                DomainName: api.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: one id per origin.
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
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
              - Id: api
                DomainName: api.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Origin.html
    - https://github.com/serverless-nextjs/serverless-next.js/issues/402
    """
    seen: dict[str, list[Origin]] = defaultdict(list)
    for origin in dist.origins:
        if origin.id is None:
            continue
        earlier = seen[origin.id]
        if earlier and not any(_same(first, origin) for first in earlier):
            yield Problem(
                f"{origin.label} repeats the id of the origin on line {earlier[0].span.line}; "
                "CloudFront rejects the distribution (origin ids must be unique): give this "
                "origin an id of its own and point its cache behaviours at it",
                origin.span_of("id"),
                origin.id,
            )
        earlier.append(origin)
