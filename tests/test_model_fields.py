"""The settings the rule pack reads, built alike from CloudFormation, Terraform and the API.

One distribution with every setting below, written in each language, must give the same
model values: origin path, custom headers, the completion timeout, the address type, origin
mTLS, which configuration blocks an origin has, where each group member is written,
cache policy or legacy forwarded values (their headers, MinTTL), gRPC, HTTP version,
continuous deployment and the connection mode; absent settings give the documented defaults.
"""

from __future__ import annotations

import json
from pathlib import Path

from cf502lint.model import Distribution, OriginConfig
from cf502lint.parsers import ParseOptions, parse_modules, parse_text

CLOUDFORMATION = """\
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        HttpVersion: http2and3
        ContinuousDeploymentPolicyId: abc123
        Origins:
          - Id: app
            DomainName: app.example.com
            OriginPath: /v1
            ResponseCompletionTimeout: 60
            OriginCustomHeaders:
              - {HeaderName: X-Origin-Token, HeaderValue: secret}
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              IpAddressType: dualstack
              OriginMtlsConfig:
                ClientCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/abc
          - Id: plain
            DomainName: plain.example.com
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
        OriginGroups:
          Quantity: 1
          Items:
            - Id: pair
              FailoverCriteria: {StatusCodes: {Quantity: 1, Items: [502]}}
              Members:
                Quantity: 2
                Items:
                  - OriginId: app
                  - OriginId: plain
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: https-only
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
          GrpcConfig: {Enabled: true}
        CacheBehaviors:
          - PathPattern: /legacy/*
            TargetOriginId: plain
            ViewerProtocolPolicy: https-only
            MinTTL: 10
            ForwardedValues: {QueryString: false, Headers: ["*"]}
"""

TERRAFORM = """\
resource "aws_cloudfront_distribution" "site" {
  enabled                         = true
  http_version                    = "http2and3"
  continuous_deployment_policy_id = "abc123"
  origin {
    origin_id                   = "app"
    domain_name                 = "app.example.com"
    origin_path                 = "/v1"
    response_completion_timeout = 60
    custom_header {
      name  = "X-Origin-Token"
      value = "secret"
    }
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
      ip_address_type        = "dualstack"
      origin_mtls_config {
        client_certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
      }
    }
  }
  origin {
    origin_id   = "plain"
    domain_name = "plain.example.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin_group {
    origin_id = "pair"
    failover_criteria {
      status_codes = [502]
    }
    member {
      origin_id = "app"
    }
    member {
      origin_id = "plain"
    }
  }
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    grpc_config {
      enabled = true
    }
  }
  ordered_cache_behavior {
    path_pattern           = "/legacy/*"
    target_origin_id       = "plain"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    min_ttl                = 10
    forwarded_values {
      query_string = false
      headers      = ["*"]
    }
  }
}
"""

API = {
    "DistributionConfig": {
        "Enabled": True,
        "HttpVersion": "http2and3",
        "ContinuousDeploymentPolicyId": "abc123",
        "Origins": {
            "Quantity": 2,
            "Items": [
                {
                    "Id": "app",
                    "DomainName": "app.example.com",
                    "OriginPath": "/v1",
                    "ResponseCompletionTimeout": 60,
                    "CustomHeaders": {
                        "Quantity": 1,
                        "Items": [{"HeaderName": "X-Origin-Token", "HeaderValue": "secret"}],
                    },
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "https-only",
                        "IpAddressType": "dualstack",
                        "OriginMtlsConfig": {
                            "ClientCertificateArn": (
                                "arn:aws:acm:us-east-1:111122223333:certificate/abc"
                            )
                        },
                    },
                },
                {
                    "Id": "plain",
                    "DomainName": "plain.example.com",
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "https-only",
                    },
                },
            ],
        },
        "OriginGroups": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "pair",
                    "FailoverCriteria": {"StatusCodes": {"Quantity": 1, "Items": [502]}},
                    "Members": {
                        "Quantity": 2,
                        "Items": [{"OriginId": "app"}, {"OriginId": "plain"}],
                    },
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "app",
            "ViewerProtocolPolicy": "https-only",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
            "GrpcConfig": {"Enabled": True},
        },
        "CacheBehaviors": {
            "Quantity": 1,
            "Items": [
                {
                    "PathPattern": "/legacy/*",
                    "TargetOriginId": "plain",
                    "ViewerProtocolPolicy": "https-only",
                    "MinTTL": 10,
                    "ForwardedValues": {
                        "QueryString": False,
                        "Headers": {"Quantity": 1, "Items": ["*"]},
                    },
                }
            ],
        },
    }
}


def _summary(dist: Distribution) -> dict[str, object]:
    app, plain = dist.origins
    (group,) = dist.origin_groups
    default, (legacy,) = dist.default_behavior, dist.behaviors
    assert default is not None
    return {
        "path": (app.origin_path, plain.origin_path),
        "headers": [(h.name, h.value) for h in app.custom_headers or ()],
        "completion": (app.response_completion_timeout, plain.response_completion_timeout),
        "address type": (app.ip_address_type, plain.ip_address_type),
        "mtls": (app.mtls_certificate_arn, plain.mtls_certificate_arn),
        "configs": (app.configs, plain.configs),
        "members written apart": len({(s.line, s.column) for s in group.member_spans}),
        "policies": [(b.cache_policy, b.forwarded_values) for b in (default, legacy)],
        "legacy headers": (default.legacy_headers, legacy.legacy_headers),
        "min ttl": (default.min_ttl, legacy.min_ttl),
        "grpc": (default.grpc, legacy.grpc),
        "http version": dist.http_version,
        "continuous deployment": dist.continuous_deployment,
        "connection mode": dist.connection_mode,
    }


EXPECTED = {
    "path": ("/v1", ""),
    "headers": [("X-Origin-Token", "secret")],
    "completion": (60, 0),
    "address type": ("dualstack", "ipv4"),
    "mtls": ("arn:aws:acm:us-east-1:111122223333:certificate/abc", None),
    "configs": ((OriginConfig.CUSTOM,), (OriginConfig.CUSTOM,)),
    "members written apart": 2,
    "policies": [(True, False), (False, True)],
    "legacy headers": ((), ("*",)),
    "min ttl": (0, 10),
    "grpc": (True, False),
    "http version": "http2and3",
    "continuous deployment": True,
    "connection mode": "direct",
}


def _only(text: str, path: str) -> Distribution:
    document = parse_text(text, path, ParseOptions())
    assert document is not None
    (dist,) = document.distributions
    return dist


def test_cloudformation() -> None:
    assert _summary(_only(CLOUDFORMATION, "t.yaml")) == EXPECTED


def test_api_json() -> None:
    assert _summary(_only(json.dumps(API, indent=2), "config.json")) == EXPECTED


def test_terraform(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM)
    (result,) = parse_modules([str(tmp_path)], ParseOptions())
    assert result.document is not None
    (dist,) = result.document.distributions
    assert _summary(dist) == EXPECTED


def test_defaults_differ_where_the_languages_do(tmp_path: Path) -> None:
    cloudformation = CLOUDFORMATION.replace("        HttpVersion: http2and3\n", "")
    assert _only(cloudformation, "t.yaml").http_version == "http1.1"
    terraform = TERRAFORM.replace('  http_version                    = "http2and3"\n', "")
    assert terraform != TERRAFORM
    (tmp_path / "main.tf").write_text(terraform)
    (result,) = parse_modules([str(tmp_path)], ParseOptions())
    assert result.document is not None
    assert result.document.distributions[0].http_version == "http2"


def test_both_configuration_blocks_are_recorded() -> None:
    both = CLOUDFORMATION.replace(
        "            CustomOriginConfig: {OriginProtocolPolicy: https-only}\n",
        "            CustomOriginConfig: {OriginProtocolPolicy: https-only}\n"
        "            S3OriginConfig: {OriginAccessIdentity: ''}\n",
    )
    plain = _only(both, "t.yaml").origins[1]
    assert plain.configs == (OriginConfig.S3, OriginConfig.CUSTOM)


BALANCER_CLOUDFORMATION = """\
Resources:
  AlbGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: load balancer
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}
  FromCloudFront:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt AlbGroup.GroupId
      IpProtocol: "6"
      FromPort: 80
      ToPort: 80
      SourcePrefixListId: pl-3b927c52
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-1, subnet-2]
      SecurityGroups: [!Ref AlbGroup]
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: redirect
          RedirectConfig: {Protocol: HTTPS, Port: "443", StatusCode: HTTP_301}
  Api:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Http
      Priority: 1
      Conditions: [{Field: path-pattern, Values: [/api/*]}]
      Actions: [{Type: forward, TargetGroupArn: arn:aws:tg}]
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: !GetAtt Alb.DNSName
            CustomOriginConfig: {OriginProtocolPolicy: http-only}
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: https-only
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
"""

BALANCER_TERRAFORM = """\
resource "aws_security_group" "alb" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
resource "aws_security_group_rule" "from_cloudfront" {
  type              = "ingress"
  security_group_id = aws_security_group.alb.id
  from_port         = 80
  to_port           = 80
  protocol          = "6"
  prefix_list_ids   = ["pl-3b927c52"]
}
resource "aws_lb" "app" {
  subnets         = ["subnet-1", "subnet-2"]
  security_groups = [aws_security_group.alb.id]
}
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.app.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
resource "aws_lb_listener_rule" "api" {
  listener_arn = aws_lb_listener.http.arn
  priority     = 1
  action {
    type             = "forward"
    target_group_arn = "arn:aws:tg"
  }
  condition {
    path_pattern {
      values = ["/api/*"]
    }
  }
}
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    origin_id   = "app"
    domain_name = aws_lb.app.dns_name
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
}
"""

BALANCER_EXPECTED = {
    "listeners complete": True,
    "actions": [
        [("redirect", "HTTPS", "#{host}", "443"), ("forward", None, None, None)],
    ],
    "rules complete": [True],
    "ingress": [
        [("tcp", 443, 443, "cidr", "10.0.0.0/8"), ("tcp", 80, 80, "prefix-list", "pl-3b927c52")]
    ],
}


def _balancer_summary(dist: Distribution) -> dict[str, object]:
    balancer = dist.origins[0].target.load_balancer
    assert balancer is not None and balancer.security_groups is not None
    return {
        "listeners complete": balancer.listeners_complete,
        "actions": [
            [
                (a.type, a.redirect_protocol, a.redirect_host, a.redirect_port)
                for a in listener.actions or ()
            ]
            for listener in balancer.listeners
        ],
        "rules complete": [listener.rules_complete for listener in balancer.listeners],
        "ingress": [
            [(r.protocol, r.from_port, r.to_port, r.source_kind, r.source) for r in g.ingress or ()]
            for g in balancer.security_groups
        ],
    }


def test_load_balancer_listeners_and_security_groups_alike(tmp_path: Path) -> None:
    assert _balancer_summary(_only(BALANCER_CLOUDFORMATION, "t.yaml")) == BALANCER_EXPECTED
    (tmp_path / "main.tf").write_text(BALANCER_TERRAFORM)
    (result,) = parse_modules([str(tmp_path)], ParseOptions())
    assert result.document is not None
    assert _balancer_summary(result.document.distributions[0]) == BALANCER_EXPECTED


def test_what_leaves_the_template_makes_listeners_and_rules_incomplete(tmp_path: Path) -> None:
    exported = BALANCER_CLOUDFORMATION + (
        "Outputs:\n"
        "  Arn: {Value: !Ref Alb, Export: {Name: alb}}\n"
        "  Name: {Value: !GetAtt Alb.DNSName}\n"
        "  Group: {Value: !Sub '${AlbGroup.GroupId}'}\n"
    )
    balancer = _only(exported, "t.yaml").origins[0].target.load_balancer
    assert balancer is not None and balancer.security_groups is not None
    assert not balancer.listeners_complete and balancer.listeners[0].rules_complete
    assert balancer.security_groups[0].ingress is None
    (tmp_path / "main.tf").write_text(
        BALANCER_TERRAFORM + 'output "listener" {\n  value = aws_lb_listener.http\n}\n'
    )
    (result,) = parse_modules([str(tmp_path)], ParseOptions())
    assert result.document is not None
    balancer = result.document.distributions[0].origins[0].target.load_balancer
    assert balancer is not None
    assert balancer.listeners_complete and not balancer.listeners[0].rules_complete
