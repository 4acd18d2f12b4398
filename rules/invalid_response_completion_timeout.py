"""CF208: a response completion timeout CloudFront rejects."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule


@rule("CF208", "invalid-response-completion-timeout", Severity.ERROR)
def invalid_response_completion_timeout(dist: Distribution) -> Iterator[Problem]:
    """An origin's response completion timeout is below its read timeout, or is set with
    continuous deployment.

    ## What it does
    Flags origins whose `ResponseCompletionTimeout` (Terraform:
    `response_completion_timeout`; 0 or absent means no cap) is below the origin's
    `OriginReadTimeout` (default 30 s), and origins that set one on a distribution with a
    continuous deployment policy or on a staging distribution.

    ## Why does this cause 502s?
    It does not reach the point of a 502: CloudFront requires the completion timeout to be
    at least the read timeout, and does not support it with continuous deployment; it
    rejects the distribution, so the deployment fails and the distribution keeps its
    previous, possibly failing, configuration. (A completion timeout that is accepted but
    short ends slow responses with a 504.)

    ## Example
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: reports
                DomainName: reports.example.com
                ResponseCompletionTimeout: 30
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
                  OriginReadTimeout: 60
            DefaultCacheBehavior:
              TargetOriginId: reports
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: a completion timeout at least as long as the read timeout.
    ```yaml
    Resources:
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: reports
                DomainName: reports.example.com
                ResponseCompletionTimeout: 180
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
                  OriginReadTimeout: 60
            DefaultCacheBehavior:
              TargetOriginId: reports
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesOrigin.html#response-completion-timeout
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Origin.html
    """
    for origin in dist.origins:
        completion = origin.response_completion_timeout
        if not completion:
            continue
        where = origin.span_of("response_completion_timeout")
        read = origin.read_timeout
        if read is not None and completion < read:
            yield Problem(
                f"{origin.label} has a response completion timeout of {completion}s, below its "
                f"read timeout of {read}s; CloudFront rejects it: set it to at least {read}s "
                "or leave it out",
                where,
                origin.id,
            )
        if dist.continuous_deployment is True:
            yield Problem(
                f"{origin.label} sets a response completion timeout, which CloudFront does not "
                "support with continuous deployment and rejects: leave it out, or the "
                "continuous deployment policy",
                where,
                origin.id,
            )
