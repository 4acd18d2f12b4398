"""CF704: gRPC on a cache behaviour without HTTP/2 or without POST."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

HTTP2 = ("http2", "http2and3")


@rule("CF704", "grpc-requirements-unmet", Severity.ERROR)
def grpc_requirements_unmet(dist: Distribution) -> Iterator[Problem]:
    """A cache behaviour enables gRPC, but the distribution lacks HTTP/2 or the behaviour POST.

    ## What it does
    For cache behaviours with `GrpcConfig: {Enabled: true}` (`grpc_config { enabled = true
    }`), flags a distribution whose `HttpVersion` (`http_version`) is neither `http2` nor
    `http2and3` (CloudFormation's default is `http1.1`), and a behaviour whose
    `AllowedMethods` do not include `POST`.

    ## Why does this cause 502s?
    gRPC runs over HTTP/2 and sends every call as a POST. CloudFront requires both for a
    behaviour that handles gRPC: the configuration is rejected, or no gRPC call gets through
    to the origin.

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: api
                DomainName: grpc.example.com
                CustomOriginConfig: {OriginProtocolPolicy: https-only}
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
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
            HttpVersion: http2and3
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
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_GrpcConfig.html
    """
    version = dist.http_version
    for behavior in dist.all_behaviors:
        if behavior.grpc is not True:
            continue
        if version is not None and version not in HTTP2:
            given = "" if "http_version" in dist.spans else " (the default)"
            yield Problem(
                f"{behavior.label} enables gRPC, but the distribution's HttpVersion is "
                f"{version}{given}; gRPC needs HTTP/2: use http2 or http2and3",
                dist.spans["http_version"]
                if "http_version" in dist.spans
                else behavior.span_of("grpc"),
            )
        methods = behavior.allowed_methods
        if methods is not None and "POST" not in methods:
            yield Problem(
                f"{behavior.label} enables gRPC but allows only {', '.join(methods)}; gRPC "
                "calls are POST requests: allow all seven methods",
                behavior.span_of("allowed_methods", "grpc"),
            )
