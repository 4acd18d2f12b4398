"""CF210: an origin group's primary takes long to be given up on."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF210", "slow-origin-failover", Severity.INFO)
def slow_origin_failover(dist: Distribution, *, max_wait: int = 10) -> Iterator[Problem]:
    """The primary origin of an origin group keeps the default, slow connection attempts.

    ## What it does
    For the primary (first) member of each origin group, multiplies `ConnectionAttempts`
    (default 3) by `ConnectionTimeout` (default 10 s) and reports when the product exceeds
    `max_wait` seconds (default 10).

    ## Why does this cause 502s?
    Failover is there for when the primary is down, and an unreachable primary fails by
    connection timeouts: with the defaults CloudFront tries three times for ten seconds each
    before it asks the secondary, so every request waits 30 seconds first (and a viewer or
    client that gives up sooner sees an error, not the secondary). For custom origins a
    primary that accepts connections but answers slowly is also retried: up to attempts x
    `OriginReadTimeout` for GET and HEAD. Lower the attempts and the timeout on the primary.

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
                DomainName: eu.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
              - Id: secondary
                DomainName: us.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            OriginGroups:
              Quantity: 1
              Items:
                - Id: failover
                  FailoverCriteria: {StatusCodes: {Quantity: 2, Items: [502, 503]}}
                  Members: {Quantity: 2, Items: [{OriginId: primary}, {OriginId: secondary}]}
            DefaultCacheBehavior:
              TargetOriginId: failover
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```
    Use instead: fail over after one attempt of a few seconds.
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: primary
                DomainName: eu.example.com
                ConnectionAttempts: 1
                ConnectionTimeout: 4
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
              - Id: secondary
                DomainName: us.example.com
                CustomOriginConfig: {OriginProtocolPolicy: http-only}
            OriginGroups:
              Quantity: 1
              Items:
                - Id: failover
                  FailoverCriteria: {StatusCodes: {Quantity: 2, Items: [502, 503]}}
                  Members: {Quantity: 2, Items: [{OriginId: primary}, {OriginId: secondary}]}
            DefaultCacheBehavior:
              TargetOriginId: failover
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html#controlling-attempts-and-timeouts
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#origin-connection-attempts
    """
    reported: set[str] = set()
    for group in dist.origin_groups:
        primary_id = group.member_ids[0] if group.member_ids else None
        if primary_id is None or primary_id in reported:
            continue
        primary = dist.origin(primary_id)
        if primary is None:
            continue
        attempts, timeout = primary.connection_attempts, primary.connection_timeout
        if attempts is None or timeout is None or attempts * timeout <= max_wait:
            continue
        reported.add(primary_id)
        yield Problem(
            f"{primary.label} is the primary of {group.label}: when it cannot be reached, "
            f"CloudFront tries {attempts} times for {timeout}s each ({attempts * timeout}s) "
            "before it fails over; lower ConnectionAttempts and ConnectionTimeout on it",
            primary.span_of("connection_attempts", "connection_timeout", "id"),
            primary.id,
        )
