"""The CloudFormation front end: what the model holds for tricky templates."""

from __future__ import annotations

import pytest

from cf502lint.model import Distribution, OriginConfig, Span, TargetKind
from cf502lint.parsers import ParseOptions, parse_text
from cf502lint.source.tree import SourceError
from cf502lint.testing import lint_text

from .helpers import installed_rules

HEADER = """
Resources:
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: https-only
          CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
        Origins:
"""


def distributions(text: str, **parameters: str) -> list[Distribution]:
    document = parse_text(text, "t.yaml", ParseOptions(parameters=parameters))
    assert document is not None
    return list(document.distributions)


def one(text: str, **parameters: str) -> Distribution:
    (dist,) = distributions(text, **parameters)
    return dist


def origin_template(origin: str, extra: str = "") -> str:
    indented = "\n".join("          " + line for line in origin.strip("\n").splitlines())
    return extra + HEADER + indented + "\n"


def test_spans_point_at_keys() -> None:
    dist = one(
        origin_template(
            """
- Id: app
  DomainName: origin.example.com
  CustomOriginConfig:
    OriginProtocolPolicy: https-only
    HTTPSPort: 8443
"""
        )
    )
    origin = dist.origins[0]
    assert dist.span == Span("t.yaml", 3, 3, 3, 15)
    assert origin.span.line == 13
    assert origin.span_of("domain_name") == Span("t.yaml", 14, 13, 14, 23)
    assert origin.span_of("https_port") == Span("t.yaml", 17, 15, 17, 24)
    assert origin.https_port == 8443
    assert origin.http_port == 80
    assert origin.read_timeout == 30
    assert origin.ssl_protocols == ("TLSv1", "SSLv3")
    assert dist.default_behavior is not None
    assert dist.default_behavior.span_of("target_origin_id").line == 9


@pytest.mark.parametrize(
    ("domain", "kind", "exact"),
    [
        ("site.s3-website-us-east-1.amazonaws.com", TargetKind.S3_WEBSITE, True),
        ("site.s3-website.eu-west-1.amazonaws.com", TargetKind.S3_WEBSITE, True),
        ("site.s3.eu-west-1.amazonaws.com", TargetKind.S3_BUCKET, True),
        ("site.s3.amazonaws.com", TargetKind.S3_BUCKET, True),
        ("a-1.us-east-1.elb.amazonaws.com", TargetKind.LOAD_BALANCER, True),
        ("n-1.elb.us-east-1.amazonaws.com", TargetKind.LOAD_BALANCER, True),
        ("abc.execute-api.us-east-1.amazonaws.com", TargetKind.API_GATEWAY, True),
        ("abc.lambda-url.us-east-1.on.aws", TargetKind.LAMBDA_URL, True),
        ("d111.cloudfront.net", TargetKind.CLOUDFRONT, True),
        ("origin.example.com", TargetKind.OTHER, True),
        ('!Sub "${Bucket}.s3-website-${AWS::Region}.amazonaws.com"', TargetKind.S3_WEBSITE, False),
        ('!Sub "${AWS::StackName}.example.com"', TargetKind.OTHER, False),
        ("!Ref Unknown", TargetKind.UNKNOWN, False),
        ("!ImportValue shared", TargetKind.UNKNOWN, False),
        ("!GetAtt Bucket.RegionalDomainName", TargetKind.S3_BUCKET, False),
        ("!Select [2, !Split [/, !GetAtt Bucket.WebsiteURL]]", TargetKind.S3_WEBSITE, False),
        ("!Select [1, !Split ['//', !GetAtt Api.ApiEndpoint]]", TargetKind.API_GATEWAY, False),
        ("!GetAtt Cdn.DomainName", TargetKind.CLOUDFRONT, False),
    ],
)
def test_origin_targets(domain: str, kind: TargetKind, exact: bool) -> None:
    extra = """
Parameters:
  Bucket: {Type: String, Default: site}
  Unknown: {Type: String}
"""
    body = origin_template(
        f"""
- Id: app
  DomainName: {domain}
  CustomOriginConfig: {{OriginProtocolPolicy: http-only}}
""",
        extra,
    ).replace(
        "Resources:\n",
        "Resources:\n  Bucket: {Type: AWS::S3::Bucket}\n"
        "  Api: {Type: AWS::ApiGatewayV2::Api}\n"
        "  Cdn: {Type: AWS::CloudFront::Distribution}\n",
    )
    dists = [d for d in distributions(body) if d.name == "Distribution"]
    origin = dists[0].origins[0]
    assert origin.target.kind is kind
    assert (origin.domain_name is not None) is exact


def test_parameters_defaults_overrides_and_ssm() -> None:
    template = origin_template(
        """
- Id: app
  DomainName: !Ref Domain
  CustomOriginConfig:
    OriginProtocolPolicy: !Ref Policy
    HTTPSPort: !Ref Port
""",
        """
Parameters:
  Domain: {Type: String, Default: origin.example.com}
  Policy: {Type: "AWS::SSM::Parameter::Value<String>", Default: /cdn/policy}
  Port: {Type: Number, Default: 8443}
""",
    )
    origin = one(template).origins[0]
    assert origin.domain_name == "origin.example.com"
    assert origin.protocol_policy is None
    assert origin.https_port == 8443
    overridden = one(template, Port="9443", Domain="other.example.com").origins[0]
    assert overridden.https_port == 9443
    assert overridden.domain_name == "other.example.com"


def test_find_in_map_join_and_sub_with_variables() -> None:
    template = origin_template(
        """
- Id: app
  DomainName: !Join [".", [!FindInMap [Hosts, !Ref "AWS::Region", Name], example, com]]
  CustomOriginConfig:
    OriginProtocolPolicy: !Sub
      - "${Proto}-only"
      - Proto: https
    OriginReadTimeout: !FindInMap [Timeouts, prod, Read]
""",
        """
Mappings:
  Hosts:
    us-east-1: {Name: origin}
    eu-west-1: {Name: origin}
  Timeouts:
    prod: {Read: 60}
""",
    )
    origin = one(template).origins[0]
    assert origin.domain_name == "origin.example.com"
    assert origin.protocol_policy == "https-only"
    assert origin.read_timeout == 60


def test_both_branches_of_if_are_checked_and_impossible_combinations_skipped() -> None:
    template = origin_template(
        """
- Id: app
  DomainName: origin.example.com
  CustomOriginConfig:
    OriginProtocolPolicy: !If [IsProd, https-only, http-only]
    OriginReadTimeout: !If [IsDev, 2, 30]
""",
        """
Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
""",
    )
    seen = {
        (d.scenario, d.origins[0].protocol_policy, d.origins[0].read_timeout)
        for d in distributions(template)
    }
    assert seen == {
        ((("IsDev", False), ("IsProd", False)), "http-only", 30),
        ((("IsDev", False), ("IsProd", True)), "https-only", 30),
        ((("IsDev", True), ("IsProd", False)), "http-only", 2),
    }


def test_conditions_fixed_by_parameter_override() -> None:
    template = origin_template(
        """
- Id: app
  DomainName: origin.example.com
  CustomOriginConfig:
    OriginProtocolPolicy: !If [IsProd, https-only, http-only]
""",
        """
Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
""",
    )
    assert [d.origins[0].protocol_policy for d in distributions(template, Env="prod")] == [
        "https-only"
    ]


def test_no_value_removes_properties_and_list_items() -> None:
    template = origin_template(
        """
- Id: app
  DomainName: origin.example.com
  CustomOriginConfig:
    OriginProtocolPolicy: https-only
    HTTPSPort: !Ref AWS::NoValue
- !Ref AWS::NoValue
"""
    )
    dist = one(template)
    assert len(dist.origins) == 1
    assert dist.origins[0].https_port == 443


def test_unknown_intrinsics_leave_fields_unknown() -> None:
    template = origin_template(
        """
- Id: !ImportValue shared-id
  DomainName: !GetAZs ""
  S3OriginConfig: !Rain::Module whatever
"""
    )
    origin = one(template).origins[0]
    assert origin.id is None
    assert origin.domain_pattern is None
    assert origin.config is OriginConfig.UNKNOWN


def test_load_balancer_listeners_and_certificates() -> None:
    template = origin_template(
        """
- Id: app
  DomainName: !GetAtt Alb.DNSName
  CustomOriginConfig: {OriginProtocolPolicy: https-only}
"""
    ).replace(
        "Resources:\n",
        """Resources:
  Cert:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: a.example.com, SubjectAlternativeNames: [b.example.com]}
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internal
      LoadBalancerAttributes: [{Key: idle_timeout.timeout_seconds, Value: "120"}]
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
      Certificates: [{CertificateArn: !Ref Cert}]
  Redirect:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{Type: redirect, RedirectConfig: {Protocol: HTTPS, StatusCode: HTTP_301}}]
""",
    )
    balancer = one(template).origins[0].target.load_balancer
    assert balancer is not None
    assert (balancer.type, balancer.internal, balancer.idle_timeout) == ("application", True, 120)
    https, http = sorted(balancer.listeners, key=lambda listener: -(listener.port or 0))
    assert https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert https.certificates is not None
    assert https.certificates[0].names == ("a.example.com", "b.example.com")
    assert https.certificates[0].covers("b.example.com") is True
    assert https.certificates[0].covers("c.example.com") is False
    assert http.redirects_to_https is True


@pytest.mark.parametrize(
    ("behaviour", "forwards"),
    [
        ("CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6", False),
        ("CachePolicyId: 83da9c7e-98b4-4e11-a168-04f0df8e2c65", True),
        (
            "CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n"
            "OriginRequestPolicyId: 216adef6-5c7f-47e4-b989-5492eafa07d3",
            True,
        ),
        (
            "CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n"
            "OriginRequestPolicyId: b689b0a8-53d0-40ab-baf2-68738e2966ac",
            False,
        ),
        ("CachePolicyId: 00000000-0000-0000-0000-000000000000", None),
        ("ForwardedValues: {QueryString: false, Headers: [host]}", True),
        ("ForwardedValues: {QueryString: false, Headers: [Authorization]}", False),
        ("ForwardedValues: {QueryString: false}", False),
        ("CachePolicyId: !Ref Policy", True),
        ("CachePolicyId: !ImportValue policy", None),
    ],
)
def test_host_forwarding(behaviour: str, forwards: bool | None) -> None:
    lines = "\n".join("          " + line for line in behaviour.splitlines())
    template = f"""
Resources:
  Policy:
    Type: AWS::CloudFront::CachePolicy
    Properties:
      CachePolicyConfig:
        ParametersInCacheKeyAndForwardedToOrigin:
          HeadersConfig: {{HeaderBehavior: whitelist, Headers: [Host]}}
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: app
            DomainName: a.example.com
            CustomOriginConfig: {{OriginProtocolPolicy: https-only}}
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: https-only
{lines}
"""
    behavior = one(template).default_behavior
    assert behavior is not None
    assert behavior.forwards_host is forwards


def test_json_templates_and_cdk_output_read_alike() -> None:
    text = """{"Resources": {"CdnE3D2A1": {"Type": "AWS::CloudFront::Distribution",
      "Properties": {"DistributionConfig": {"Origins": [{"Id": "o1",
        "DomainName": {"Fn::GetAtt": ["Bucket83908E77", "RegionalDomainName"]},
        "S3OriginConfig": {"OriginAccessIdentity": ""}}],
        "DefaultCacheBehavior": {"TargetOriginId": "o1", "ViewerProtocolPolicy": "allow-all"}}}},
      "Bucket83908E77": {"Type": "AWS::S3::Bucket"}}}"""
    document = parse_text(text, "cdk.out/Stack.template.json", ParseOptions())
    assert document is not None
    origin = document.distributions[0].origins[0]
    assert origin.target.kind is TargetKind.S3_BUCKET
    assert origin.span_of("domain_name").line == 3


def test_serverless_framework_resources_section() -> None:
    text = "service: site\nprovider: {name: aws}\nresources:\n" + "\n".join(
        "  " + line
        for line in origin_template("- {Id: app, DomainName: a.example.com}").splitlines()
    )
    document = parse_text(text, "serverless.yml", ParseOptions())
    assert document is not None
    assert document.distributions[0].origins[0].id == "app"


@pytest.mark.parametrize(
    "text",
    [
        "just: a mapping\n",
        "- a\n- list\n",
        "Resources:\n  Bucket: {Type: AWS::S3::Bucket}\n",
        '{"name": "package.json", "version": "1.0.0"}',
        "key: {{ helm template }}\n",
        "",
    ],
)
def test_files_that_are_not_for_us_are_skipped(text: str) -> None:
    assert parse_text(text, "x.yaml", ParseOptions()) is None


def test_broken_template_is_an_error_with_a_line() -> None:
    text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X: [\n"
    with pytest.raises(SourceError) as caught:
        parse_text(text, "t.yaml", ParseOptions())
    assert caught.value.line == 4
    assert "invalid YAML" in caught.value.message


def test_sam_implicit_function_url_and_api() -> None:
    text = """
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionUrlConfig: {AuthType: NONE}
      Events:
        Get: {Type: HttpApi}
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: url
            DomainName: !Select [2, !Split ["/", !GetAtt FnUrl.FunctionUrl]]
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
          - Id: api
            DomainName: !Sub "${ServerlessHttpApi}.execute-api.${AWS::Region}.amazonaws.com"
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
        DefaultCacheBehavior: {TargetOriginId: url, ViewerProtocolPolicy: https-only}
"""
    kinds = [o.target.kind for o in one(text).origins]
    assert kinds == [TargetKind.LAMBDA_URL, TargetKind.API_GATEWAY]


def test_viewer_certificate_and_function_associations() -> None:
    text = """
Resources:
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Aliases: [www.example.com]
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLSv1.2_2021
        Origins: [{Id: app, DomainName: a.example.com, S3OriginConfig: {}}]
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: https-only
          FunctionAssociations:
            - {EventType: viewer-request, FunctionARN: "arn:aws:cloudfront::1:function/f"}
          LambdaFunctionAssociations:
            - EventType: origin-request
              LambdaFunctionARN: arn:aws:lambda:us-east-1:123456789012:function:edge:7
              IncludeBody: true
"""
    dist = one(text)
    certificate = dist.viewer_certificate
    assert certificate is not None
    assert certificate.acm_certificate_arn == "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    assert (certificate.ssl_support_method, certificate.minimum_protocol_version) == (
        "sni-only",
        "TLSv1.2_2021",
    )
    assert certificate.cloudfront_default is False
    assert certificate.span.line == 8
    behavior = dist.default_behavior
    assert behavior is not None and behavior.functions is not None
    edge, function = behavior.functions
    assert (edge.kind, edge.event_type, edge.version, edge.region, edge.include_body) == (
        "lambda-edge",
        "origin-request",
        "numbered",
        "us-east-1",
        True,
    )
    assert (function.kind, function.event_type, function.arn) == (
        "cloudfront-function",
        "viewer-request",
        "arn:aws:cloudfront::1:function/f",
    )
    assert edge.span_of("arn").line == 20


def test_serverless_framework_variables_are_unknown() -> None:
    text = "service: site\nresources:\n" + "\n".join(
        "  " + line
        for line in origin_template(
            "- Id: app\n  DomainName: ${self:custom.bucket}.s3.amazonaws.com\n"
            "  S3OriginConfig: {OriginAccessIdentity: ''}"
        ).splitlines()
    )
    document = parse_text(text, "serverless.yml", ParseOptions())
    assert document is not None
    origin = document.distributions[0].origins[0]
    assert origin.domain_name is None
    assert origin.domain_pattern == "*.s3.amazonaws.com"
    assert origin.target.kind is TargetKind.S3_BUCKET


@pytest.mark.parametrize(
    ("domain", "parameters"),
    [
        ('"{{resolve:ssm:/site/origin}}"', ""),
        ('"{{resolve:secretsmanager:origin:SecretString:host}}"', ""),
        ('!Sub "{{resolve:ssm:/site/name}}.example.com"', ""),
        ("!Ref Host", '  Host:\n    Type: String\n    Default: "{{resolve:ssm:/site/origin}}"\n'),
    ],
    ids=["ssm", "secretsmanager", "in-a-sub", "parameter-default"],
)
def test_dynamic_references_are_unknown(domain: str, parameters: str) -> None:
    """CloudFormation fills ``{{resolve:...}}`` in at deploy time: the domain is not a URL
    with a path or a port (CF105 said so), it is unknown."""
    extra = f"Parameters:\n{parameters}" if parameters else ""
    text = origin_template(
        f"- Id: app\n  DomainName: {domain}\n  CustomOriginConfig: {{OriginProtocolPolicy: "
        "https-only}",
        extra,
    )
    (origin,) = one(text).origins
    assert origin.domain_name is None
    found = lint_text(text, "t.yaml", installed_rules().values())
    assert [f.rule_id for f in found if f.rule_id == "CF105"] == []
