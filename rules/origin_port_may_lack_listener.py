"""CF214: CF203's findings where other stacks or modules may add the missing listener or
listener rule."""

from collections.abc import Iterator

from cf502lint import Distribution, Problem, Severity, rule

from .origin_port_without_listener import listener_gaps


@rule("CF214", "origin-port-may-lack-listener", Severity.WARNING)
def origin_port_may_lack_listener(dist: Distribution) -> Iterator[Problem]:
    """The template's listeners of the origin's load balancer do not serve CloudFront's port
    and protocol, and a listener that does may be defined elsewhere.

    ## What it does
    Runs CF203's checks (no listener on the port CloudFront connects to; an `http-only`
    origin whose HTTP listener only redirects to HTTPS) where what the template or module
    shows may not be all: the balancer's ARN (or the listener's) is exported, output, or
    passed to a nested stack, a custom resource, an SSM parameter or a module that is not
    read, or a listener (listener rule) there has an unknown balancer (listener). Another
    stack or configuration could then add the listener or rule that serves CloudFront.
    CF203 reports the same findings as errors when nothing can.

    A rule of its own rather than a lower severity of CF203: a finding's severity is its
    rule's, so that configuration, baselines and SARIF levels stay one per rule.

    ## Why does this cause 502s?
    When no listener is added elsewhere, CloudFront's connections are refused or time out
    (502/504), or the viewer is redirected back to the distribution for ever
    (`ERR_TOO_MANY_REDIRECTS`); see CF203.

    ## Example
    ```yaml
    Resources:
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
          Subnets: [subnet-1, subnet-2]
      Http:
        Type: AWS::ElasticLoadBalancingV2::Listener
        Properties:
          LoadBalancerArn: !Ref Alb
          Port: 80
          Protocol: HTTP
          DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:tg}]
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: !GetAtt Alb.DNSName
                CustomOriginConfig:
                  OriginProtocolPolicy: https-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    Outputs:
      AlbArn:
        Value: !Ref Alb
        Export: {Name: shared-alb}
    ```
    Use instead:
    ```yaml
    Resources:
      Alb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties:
          Subnets: [subnet-1, subnet-2]
      Http:
        Type: AWS::ElasticLoadBalancingV2::Listener
        Properties:
          LoadBalancerArn: !Ref Alb
          Port: 80
          Protocol: HTTP
          DefaultActions: [{Type: forward, TargetGroupArn: arn:aws:tg}]
      Site:
        Type: AWS::CloudFront::Distribution
        Properties:
          DistributionConfig:
            Enabled: true
            Origins:
              - Id: app
                DomainName: !GetAtt Alb.DNSName
                CustomOriginConfig:
                  OriginProtocolPolicy: http-only
            DefaultCacheBehavior:
              TargetOriginId: app
              ViewerProtocolPolicy: redirect-to-https
              CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
    Outputs:
      AlbArn:
        Value: !Ref Alb
        Export: {Name: shared-alb}
    ```

    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html
    """
    for gap in listener_gaps(dist):
        if not gap.certain:
            yield gap.problem
