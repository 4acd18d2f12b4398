"""CF705: gRPC to an origin that CloudFront reaches over plain HTTP."""

from collections.abc import Iterator

from cf502lint import CacheBehavior, Distribution, Origin, Problem, Severity, rule


def targets(dist: Distribution, behavior: CacheBehavior) -> list[Origin]:
    """The origins a behaviour sends requests to, directly or through an origin group."""
    target = behavior.target_origin_id
    if target is None:
        return []
    origin = dist.origin(target)
    if origin is not None:
        return [origin]
    group = dist.group(target)
    members = group.member_ids if group is not None else None
    found = [dist.origin(member) for member in members or () if member is not None]
    return [o for o in found if o is not None]


@rule("CF705", "grpc-to-http-origin", Severity.ERROR)
def grpc_to_http_origin(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour enables gRPC for an origin that CloudFront reaches with plain HTTP.

    ## What it does
    For cache behaviours with gRPC enabled, flags the origins they send requests to
    (directly or as members of an origin group) whose origin protocol policy is `http-only`.

    ## Why does this cause 502s?
    CloudFront supports gRPC only over HTTPS end to end: it cannot proxy a gRPC call to an
    origin over plain HTTP, so every call fails.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            HttpVersion: http2
            Origins:
              - Id: api
                DomainName: grpc.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              AllowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE]
              GrpcConfig: {Enabled: true}
    ```
    Use instead:
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            HttpVersion: http2
            Origins:
              - Id: api
                DomainName: grpc.example.com
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              AllowedMethods: [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE]
              GrpcConfig: {Enabled: true}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-using-grpc.html
    """
    seen: set[str | None] = set()
    for behavior in dist.all_behaviors:
        if behavior.grpc is not True:
            continue
        for origin in targets(dist, behavior):
            if origin.protocol_policy == "http-only" and origin.id not in seen:
                seen.add(origin.id)
                yield Problem(
                    f"{behavior.label} enables gRPC for {origin.label}, which CloudFront "
                    "reaches with plain HTTP (http-only); gRPC needs HTTPS to the origin: "
                    "use https-only",
                    origin.span_of("protocol_policy"),
                    origin.id,
                )
