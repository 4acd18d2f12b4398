"""CF116: HTTPS to an Elastic Beanstalk or EC2 name that no certificate can cover."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, TargetKind, rule

_SERVICES = {
    TargetKind.ELASTIC_BEANSTALK: "Elastic Beanstalk environment",
    TargetKind.EC2_INSTANCE: "EC2 instance",
}


@rule("CF116", "https-to-unmatchable-service-hostname", Severity.ERROR, at_request=True)
def https_to_unmatchable_service_hostname(dist: Distribution) -> Iterator[Problem]:
    """CloudFront connects with HTTPS to an Elastic Beanstalk or EC2 name of AWS's own.

    ## What it does
    Flags custom origins whose domain is an Elastic Beanstalk environment's name or endpoint
    (`*.elasticbeanstalk.com`, `!GetAtt Env.EndpointURL`, Terraform's `cname` and
    `endpoint_url`) or an EC2 instance's public DNS name
    (`ec2-203-0-113-25.compute-1.amazonaws.com`, `!GetAtt Instance.PublicDnsName`,
    `aws_instance.x.public_dns`), with `https-only` or `match-viewer`, when a cache behaviour
    that uses the origin does not forward the viewer's Host header. Load balancers' own names
    are CF103's.

    ## Why does this cause 502s?
    Without the viewer's Host header, CloudFront checks the origin's certificate against the
    origin's domain name. Nobody can get a certificate for a name under
    `elasticbeanstalk.com` or `amazonaws.com` (and an environment's `EndpointURL` is its load
    balancer's own name, or its instance's address), so the handshake fails and CloudFront
    answers 502. Give the server a name of your own that its certificate covers.

    ## Example
    ```yaml
    Resources:
      Env:
        Type: AWS::ElasticBeanstalk::Environment
        Properties:
          ApplicationName: app
          SolutionStackName: 64bit Amazon Linux 2023 v6.1.0 running Node.js 20
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: !GetAtt Env.EndpointURL
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```
    Use instead: a name of your own, pointing at the environment, that its certificate covers.
    ```yaml
    Resources:
      Env:
        Type: AWS::ElasticBeanstalk::Environment
        Properties:
          ApplicationName: app
          SolutionStackName: 64bit Amazon Linux 2023 v6.1.0 running Node.js 20
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: origin.example.com
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
                  OriginSSLProtocols: [TLSv1.2]
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html#ssl-certificate-expired
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticbeanstalk-environment.html
    """
    for origin in dist.origins:
        target = origin.target
        service = _SERVICES.get(target.kind)
        if service is None or not target.service_hostname or not dist.sends_https(origin):
            continue
        behaviors = [b for b in dist.behaviors_for(origin) if b.forwards_host is False]
        if behaviors:
            yield Problem(
                f"{origin.label} connects with HTTPS to the {service}'s own name, which no "
                f"certificate can match, and {behaviors[0].label} does not forward the "
                "viewer's Host header; use a name of your own that its certificate covers",
                origin.span_of("domain_name"),
                origin.id,
            )
