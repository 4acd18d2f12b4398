"""Where an origin really is, built alike from CloudFormation and Terraform: the VPC origin a
VpcOriginConfig names (its endpoint settings and defaults), the load balancer's address
type, edge-optimised REST APIs, records that only a private hosted zone holds, the service
names of Elastic Beanstalk and EC2, and Terraform's implicit S3 origin."""

from __future__ import annotations

import json
from pathlib import Path

from cf502lint.model import Distribution, Origin, OriginConfig, TargetKind
from cf502lint.parsers import ParseOptions, parse_modules, parse_text

CLOUDFORMATION = """\
Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internal
      IpAddressType: dualstack
      Subnets: [subnet-1, subnet-2]
  Private:
    Type: AWS::CloudFront::VpcOrigin
    Properties:
      VpcOriginEndpointConfig:
        Name: private
        Arn: !Ref Alb
        HTTPSPort: 8443
        OriginProtocolPolicy: https-only
        OriginSSLProtocols: [TLSv1.2]
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: api}
  Regional:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: regional
      EndpointConfiguration: {Types: [REGIONAL]}
  Corp:
    Type: AWS::Route53::HostedZone
    Properties:
      Name: corp.example.com
      VPCs: [{VPCId: vpc-1, VPCRegion: us-east-1}]
  Internal:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneId: !Ref Corp
      Name: app.corp.example.com
      Type: CNAME
      TTL: 60
      ResourceRecords: [!GetAtt Alb.DNSName]
  Web:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1}
  Env:
    Type: AWS::ElasticBeanstalk::Environment
    Properties: {ApplicationName: app}
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: vpc
            DomainName: !GetAtt Alb.DNSName
            VpcOriginConfig: {VpcOriginId: !GetAtt Private.Id}
          - Id: edge
            DomainName: !Sub "${Api}.execute-api.${AWS::Region}.amazonaws.com"
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
          - Id: regional
            DomainName: !Sub "${Regional}.execute-api.${AWS::Region}.amazonaws.com"
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
          - Id: private
            DomainName: !Ref Internal
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
          - Id: ec2
            DomainName: !GetAtt Web.PublicDnsName
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
          - Id: beanstalk
            DomainName: !GetAtt Env.EndpointURL
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
        DefaultCacheBehavior:
          TargetOriginId: vpc
          ViewerProtocolPolicy: https-only
          CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
"""

_CUSTOM = """
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }"""

TERRAFORM = f"""\
resource "aws_lb" "alb" {{
  internal        = true
  ip_address_type = "dualstack"
  subnets         = ["subnet-1", "subnet-2"]
}}

resource "aws_cloudfront_vpc_origin" "private" {{
  vpc_origin_endpoint_config {{
    name                   = "private"
    origin_arn             = aws_lb.alb.arn
    http_port              = 80
    https_port             = 8443
    origin_protocol_policy = "https-only"
    origin_ssl_protocols {{
      items    = ["TLSv1.2"]
      quantity = 1
    }}
  }}
}}

resource "aws_api_gateway_rest_api" "api" {{
  name = "api"
}}

resource "aws_api_gateway_rest_api" "regional" {{
  name = "regional"
  endpoint_configuration {{
    types = ["REGIONAL"]
  }}
}}

resource "aws_route53_zone" "corp" {{
  name = "corp.example.com"
  vpc {{
    vpc_id = "vpc-1"
  }}
}}

resource "aws_route53_record" "internal" {{
  zone_id = aws_route53_zone.corp.zone_id
  name    = "app.corp.example.com"
  type    = "CNAME"
  ttl     = 60
  records = [aws_lb.alb.dns_name]
}}

resource "aws_instance" "web" {{
  ami = "ami-1"
}}

resource "aws_elastic_beanstalk_environment" "env" {{
  name        = "env"
  application = "app"
}}

resource "aws_cloudfront_distribution" "site" {{
  enabled = true
  origin {{
    origin_id   = "vpc"
    domain_name = aws_lb.alb.dns_name
    vpc_origin_config {{
      vpc_origin_id = aws_cloudfront_vpc_origin.private.id
    }}
  }}
  origin {{
    origin_id   = "edge"
    domain_name = "${{aws_api_gateway_rest_api.api.id}}.execute-api.us-east-1.amazonaws.com"
    {_CUSTOM}
  }}
  origin {{
    origin_id   = "regional"
    domain_name = "${{aws_api_gateway_rest_api.regional.id}}.execute-api.us-east-1.amazonaws.com"
    {_CUSTOM}
  }}
  origin {{
    origin_id   = "private"
    domain_name = aws_route53_record.internal.fqdn
    {_CUSTOM}
  }}
  origin {{
    origin_id   = "ec2"
    domain_name = aws_instance.web.public_dns
    {_CUSTOM}
  }}
  origin {{
    origin_id   = "beanstalk"
    domain_name = aws_elastic_beanstalk_environment.env.endpoint_url
    {_CUSTOM}
  }}
  default_cache_behavior {{
    target_origin_id       = "vpc"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }}
}}
"""

EXPECTED = {
    "vpc": (
        OriginConfig.VPC,
        ("https-only", 80, 8443, ("TLSv1.2",), "ipv4"),
        (TargetKind.LOAD_BALANCER, True, "dualstack"),
    ),
    "edge": ("edge-optimized", True),
    "regional": ("edge-optimized", False),
    "private": ("private zone", True, TargetKind.LOAD_BALANCER),
    "ec2": ("service", TargetKind.EC2_INSTANCE, True),
    "beanstalk": ("service", TargetKind.ELASTIC_BEANSTALK, True),
}


def _summary(dist: Distribution) -> dict[str, tuple[object, ...]]:
    origins = {o.id: o for o in dist.origins}
    vpc = origins["vpc"]
    balancer = vpc.target.load_balancer
    assert balancer is not None
    return {
        "vpc": (
            vpc.config,
            (
                vpc.protocol_policy,
                vpc.http_port,
                vpc.https_port,
                vpc.ssl_protocols,
                vpc.ip_address_type,
            ),
            (vpc.target.kind, balancer.internal, balancer.ip_address_type),
        ),
        "edge": ("edge-optimized", origins["edge"].target.edge_optimized),
        "regional": ("edge-optimized", origins["regional"].target.edge_optimized),
        "private": (
            "private zone",
            origins["private"].target.private_zone,
            origins["private"].target.kind,
        ),
        "ec2": ("service", origins["ec2"].target.kind, origins["ec2"].target.service_hostname),
        "beanstalk": (
            "service",
            origins["beanstalk"].target.kind,
            origins["beanstalk"].target.service_hostname,
        ),
    }


def _cloudformation(text: str) -> Distribution:
    document = parse_text(text, "t.yaml", ParseOptions())
    assert document is not None
    (dist,) = document.distributions
    return dist


def _terraform(tmp_path: Path, text: str) -> Distribution:
    (tmp_path / "main.tf").write_text(text)
    (result,) = parse_modules([str(tmp_path)], ParseOptions())
    assert result.document is not None
    (dist,) = result.document.distributions
    return dist


def test_cloudformation() -> None:
    dist = _cloudformation(CLOUDFORMATION)
    assert _summary(dist) == EXPECTED
    vpc = dist.origins[0]
    assert vpc.vpc_origin == "Private"
    assert (
        vpc.spans["https_port"].line
        == CLOUDFORMATION.splitlines().index("        HTTPSPort: 8443") + 1
    )


def test_terraform(tmp_path: Path) -> None:
    dist = _terraform(tmp_path, TERRAFORM)
    assert _summary(dist) == EXPECTED
    assert dist.origins[0].vpc_origin == "aws_cloudfront_vpc_origin.private"


def test_vpc_origin_defaults_are_cloudformations() -> None:
    text = CLOUDFORMATION.replace(
        "        HTTPSPort: 8443\n        OriginProtocolPolicy: https-only\n"
        "        OriginSSLProtocols: [TLSv1.2]\n",
        "",
    )
    vpc = _cloudformation(text).origins[0]
    assert (vpc.protocol_policy, vpc.http_port, vpc.https_port, vpc.ssl_protocols) == (
        "match-viewer",
        80,
        443,
        ("TLSv1", "SSLv3"),
    )


def test_an_api_document_names_a_vpc_origin_by_id_only() -> None:
    config = {
        "DistributionConfig": {
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "vpc",
                        "DomainName": "internal-app-1.us-east-1.elb.amazonaws.com",
                        "VpcOriginConfig": {"VpcOriginId": "vo_123"},
                    }
                ],
            },
            "DefaultCacheBehavior": {"TargetOriginId": "vpc", "ViewerProtocolPolicy": "allow-all"},
        }
    }
    document = parse_text(json.dumps(config), "config.json", ParseOptions())
    assert document is not None
    (vpc,) = document.distributions[0].origins
    assert (vpc.config, vpc.protocol_policy, vpc.ssl_protocols, vpc.vpc_origin) == (
        OriginConfig.VPC,
        None,
        None,
        None,
    )


def test_an_origin_without_configuration_is_an_s3_origin_in_terraform_only(
    tmp_path: Path,
) -> None:
    cloudformation = _cloudformation(
        CLOUDFORMATION.replace(
            "            CustomOriginConfig: {OriginProtocolPolicy: https-only}\n"
            "          - Id: regional",
            "          - Id: regional",
        )
    )
    terraform = _terraform(tmp_path, TERRAFORM.replace(_CUSTOM, "", 1))

    def edge(dist: Distribution) -> Origin:
        return next(o for o in dist.origins if o.id == "edge")

    assert (edge(cloudformation).config, edge(cloudformation).configs) == (OriginConfig.NONE, ())
    assert (edge(terraform).config, edge(terraform).configs) == (OriginConfig.S3, ())


def test_a_name_in_a_public_zone_too_is_not_private() -> None:
    public = """\
  Public:
    Type: AWS::Route53::HostedZone
    Properties: {Name: corp.example.com}
  Outside:
    Type: AWS::Route53::RecordSet
    Properties:
      HostedZoneId: !Ref Public
      Name: app.corp.example.com
      Type: CNAME
      TTL: 60
      ResourceRecords: [origin.example.net]
  Site:
"""
    dist = _cloudformation(CLOUDFORMATION.replace("  Site:\n", public, 1))
    assert next(o for o in dist.origins if o.id == "private").target.private_zone is False


def test_sam_globals_make_every_api_regional() -> None:
    text = "Globals:\n  Api:\n    EndpointConfiguration: REGIONAL\n" + CLOUDFORMATION.replace(
        "Type: AWS::ApiGateway::RestApi\n    Properties: {Name: api}",
        "Type: AWS::Serverless::Api\n    Properties: {StageName: prod}",
    )
    dist = _cloudformation(text)
    assert next(o for o in dist.origins if o.id == "edge").target.edge_optimized is False
