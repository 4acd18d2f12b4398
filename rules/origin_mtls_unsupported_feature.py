"""CF708: gRPC or origin-event Lambda@Edge on an origin with origin mTLS."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

ORIGIN_EVENTS = ("origin-request", "origin-response")


@rule("CF708", "origin-mtls-unsupported-feature", Severity.WARNING)
def origin_mtls_unsupported_feature(dist: Distribution) -> Iterator[Problem]:
    """A behaviour uses gRPC or origin-event Lambda@Edge with an origin that has origin mTLS.

    ## What it does
    For origins with `OriginMtlsConfig`, flags the cache behaviours that send requests there
    (directly or through an origin group) with gRPC enabled, or with a Lambda@Edge function
    on `origin-request` or `origin-response`.

    ## Why does this cause 502s?
    CloudFront does not support gRPC nor origin-request and origin-response Lambda@Edge
    functions for an origin with origin mutual TLS: those requests cannot be served as
    configured. Whether CloudFront rejects the configuration or fails the requests is not
    documented, so this is a warning.

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
                DomainName: api.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
                  OriginMtlsConfig:
                    ClientCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              LambdaFunctionAssociations:
                - EventType: origin-request
                  LambdaFunctionARN: arn:aws:lambda:us-east-1:123456789012:function:route:3
    ```
    Use instead: a viewer-request function (or no function) for that origin.
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: api
                DomainName: api.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
                  OriginMtlsConfig:
                    ClientCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
            DefaultCacheBehavior:
              TargetOriginId: api
              ViewerProtocolPolicy: https-only
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
              LambdaFunctionAssociations:
                - EventType: viewer-request
                  LambdaFunctionARN: arn:aws:lambda:us-east-1:123456789012:function:route:3
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-enable-mtls-distributions.html
    """
    for origin in dist.origins:
        if origin.mtls_certificate_arn is None:
            continue
        for behavior in dist.behaviors_for(origin):
            if behavior.grpc is True:
                yield Problem(
                    f"{behavior.label} enables gRPC for {origin.label}, which has origin "
                    "mTLS; CloudFront does not support gRPC to an origin with origin mTLS: "
                    "serve gRPC from an origin without it",
                    behavior.span_of("grpc"),
                    origin.id,
                )
            for association in behavior.functions or ():
                event = association.event_type
                if association.kind == "lambda-edge" and event in ORIGIN_EVENTS:
                    yield Problem(
                        f"{behavior.label} runs Lambda@Edge on {event} for {origin.label}, "
                        "which has origin mTLS; CloudFront does not support origin-event "
                        "Lambda@Edge functions with origin mTLS: use a viewer event",
                        association.span_of("event_type"),
                        origin.id,
                    )
