"""Same-template edge functions, built alike from CloudFormation, SAM, Terraform and plans,
and the engine's downgrade of errors on origins a CloudFront Function may replace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cf502lint.config import Config
from cf502lint.model import CloudFrontFunction, Distribution, LambdaFunction, Severity
from cf502lint.parsers import ParseOptions, parse_modules, parse_text
from cf502lint.runner import run
from cf502lint.testing import lint_text

from .helpers import cli, installed_rules

ORIGIN = """\
        Origins:
          - Id: app
            DomainName: origin.example.com
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
"""

CLOUDFORMATION = f"""\
Resources:
  Edge:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::111122223333:role/edge
      MemorySize: 256
      Timeout: 10
      Architectures: [arm64]
      Environment: {{Variables: {{STAGE: prod}}}}
      VpcConfig: {{SubnetIds: [subnet-1], SecurityGroupIds: []}}
      Layers: [arn:aws:lambda:us-east-1:111122223333:layer:deps:1]
      DeadLetterConfig: {{TargetArn: arn:aws:sqs:us-east-1:111122223333:dlq}}
      TracingConfig: {{Mode: Active}}
      EphemeralStorage: {{Size: 1024}}
      Code: {{ZipFile: "exports.handler = async (e) => e.Records[0].cf.request;"}}
  EdgeVersion:
    Type: AWS::Lambda::Version
    Properties:
      FunctionName: !Ref Edge
      ProvisionedConcurrencyConfig: {{ProvisionedConcurrentExecutions: 1}}
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
{ORIGIN}        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: https-only
          CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
          LambdaFunctionAssociations:
            - EventType: origin-request
              LambdaFunctionARN: !Ref EdgeVersion
"""

SAM = f"""\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    MemorySize: 256
    Timeout: 10
    Architectures: [arm64]
    Environment: {{Variables: {{STAGE: prod}}}}
    Tracing: Active
Resources:
  Edge:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      InlineCode: "exports.handler = async (e) => e.Records[0].cf.request;"
      AutoPublishAlias: live
      ProvisionedConcurrencyConfig: {{ProvisionedConcurrentExecutions: 1}}
      VpcConfig: {{SubnetIds: [subnet-1], SecurityGroupIds: []}}
      Layers: [arn:aws:lambda:us-east-1:111122223333:layer:deps:1]
      DeadLetterQueue: {{Type: SQS, TargetArn: arn:aws:sqs:us-east-1:111122223333:dlq}}
      EphemeralStorage: {{Size: 1024}}
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
{ORIGIN}        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: https-only
          CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
          LambdaFunctionAssociations:
            - EventType: origin-request
              LambdaFunctionARN: !Ref Edge.Version
"""

TF_ORIGIN = """\
  origin {
    origin_id   = "app"
    domain_name = "origin.example.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
"""

TERRAFORM = f"""\
resource "aws_lambda_function" "edge" {{
  function_name = "edge"
  role          = "arn:aws:iam::111122223333:role/edge"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "edge.zip"
  publish       = true
  memory_size   = 256
  timeout       = 10
  architectures = ["arm64"]
  layers        = ["arn:aws:lambda:us-east-1:111122223333:layer:deps:1"]
  environment {{
    variables = {{ STAGE = "prod" }}
  }}
  vpc_config {{
    subnet_ids         = ["subnet-1"]
    security_group_ids = []
  }}
  dead_letter_config {{
    target_arn = "arn:aws:sqs:us-east-1:111122223333:dlq"
  }}
  tracing_config {{
    mode = "Active"
  }}
  ephemeral_storage {{
    size = 1024
  }}
}}

resource "aws_lambda_provisioned_concurrency_config" "edge" {{
  function_name                     = aws_lambda_function.edge.function_name
  qualifier                         = aws_lambda_function.edge.version
  provisioned_concurrent_executions = 1
}}

resource "aws_cloudfront_distribution" "site" {{
  enabled = true
{TF_ORIGIN}  default_cache_behavior {{
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    lambda_function_association {{
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.edge.qualified_arn
    }}
  }}
}}
"""

QUALIFIED = "arn:aws:lambda:us-east-1:111122223333:function:edge:3"


def _resource(address: str, values: dict[str, object]) -> dict[str, object]:
    kind, name = address.split(".")
    return {"address": address, "mode": "managed", "type": kind, "name": name, "values": values}


PLAN = {
    "format_version": "1.2",
    "planned_values": {
        "root_module": {
            "resources": [
                _resource(
                    "aws_lambda_function.edge",
                    {
                        "function_name": "edge",
                        "arn": QUALIFIED.rsplit(":", 1)[0],
                        "qualified_arn": QUALIFIED,
                        "version": "3",
                        "runtime": "nodejs20.x",
                        "memory_size": 256,
                        "timeout": 10,
                        "architectures": ["arm64"],
                        "package_type": "Zip",
                        "layers": ["arn:aws:lambda:us-east-1:111122223333:layer:deps:1"],
                        "environment": [{"variables": {"STAGE": "prod"}}],
                        "vpc_config": [{"subnet_ids": ["subnet-1"], "security_group_ids": []}],
                        "dead_letter_config": [
                            {"target_arn": "arn:aws:sqs:us-east-1:111122223333:dlq"}
                        ],
                        "tracing_config": [{"mode": "Active"}],
                        "ephemeral_storage": [{"size": 1024}],
                    },
                ),
                _resource(
                    "aws_lambda_provisioned_concurrency_config.edge",
                    {"function_name": "edge", "qualifier": "3"},
                ),
                _resource(
                    "aws_cloudfront_distribution.site",
                    {
                        "enabled": True,
                        "origin": [
                            {
                                "origin_id": "app",
                                "domain_name": "origin.example.com",
                                "custom_origin_config": [
                                    {
                                        "http_port": 80,
                                        "https_port": 443,
                                        "origin_protocol_policy": "https-only",
                                        "origin_ssl_protocols": ["TLSv1.2"],
                                    }
                                ],
                            }
                        ],
                        "default_cache_behavior": [
                            {
                                "target_origin_id": "app",
                                "viewer_protocol_policy": "https-only",
                                "allowed_methods": ["GET", "HEAD"],
                                "cached_methods": ["GET", "HEAD"],
                                "cache_policy_id": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
                                "lambda_function_association": [
                                    {"event_type": "origin-request", "lambda_arn": QUALIFIED}
                                ],
                            }
                        ],
                    },
                ),
            ]
        }
    },
}

EXPECTED = {
    "runtime": "nodejs20.x",
    "memory": 256,
    "timeout": 10,
    "architecture": "arm64",
    "package": "Zip",
    "environment": True,
    "vpc": True,
    "layers": True,
    "dead letter queue": True,
    "tracing": "Active",
    "provisioned concurrency": True,
    "ephemeral storage": 1024,
    "runtime updates": "Auto",
}


def _summary(function: LambdaFunction) -> dict[str, object]:
    return {
        "runtime": function.runtime,
        "memory": function.memory_size,
        "timeout": function.timeout,
        "architecture": function.architecture,
        "package": function.package_type,
        "environment": function.environment,
        "vpc": function.vpc,
        "layers": function.layers,
        "dead letter queue": function.dead_letter_queue,
        "tracing": function.tracing,
        "provisioned concurrency": function.provisioned_concurrency,
        "ephemeral storage": function.ephemeral_storage,
        "runtime updates": function.runtime_updates,
    }


def _only(text: str, path: str) -> Distribution:
    document = parse_text(text, path, ParseOptions())
    assert document is not None
    (dist,) = document.distributions
    return dist


def _terraform(tmp_path: Path, text: str) -> Distribution:
    (tmp_path / "main.tf").write_text(text)
    (result,) = parse_modules([str(tmp_path)], ParseOptions())
    assert result.document is not None
    (dist,) = result.document.distributions
    return dist


def _function(dist: Distribution) -> object:
    assert dist.default_behavior is not None
    (association,) = dist.default_behavior.functions or ()
    return association.function


def _lambda(dist: Distribution) -> LambdaFunction:
    function = _function(dist)
    assert isinstance(function, LambdaFunction)
    return function


def test_cloudformation_function_through_its_version() -> None:
    function = _lambda(_only(CLOUDFORMATION, "t.yaml"))
    assert function.resource == "Edge"
    assert _summary(function) == EXPECTED


def test_sam_function_with_globals_through_auto_publish_alias() -> None:
    function = _lambda(_only(SAM, "t.yaml"))
    assert function.resource == "Edge"
    assert _summary(function) == EXPECTED


def test_terraform_function_through_qualified_arn(tmp_path: Path) -> None:
    function = _lambda(_terraform(tmp_path, TERRAFORM))
    assert function.resource == "aws_lambda_function.edge"
    assert _summary(function) == EXPECTED


def test_plan_function_through_an_equal_arn() -> None:
    function = _lambda(_only(json.dumps(PLAN, indent=2), "plan.json"))
    assert function.resource == "aws_lambda_function.edge"
    assert _summary(function) == EXPECTED


def test_absent_settings_are_lambda_defaults_and_unknown_ones_none() -> None:
    text = """\
Parameters:
  Subnets: {Type: CommaDelimitedList}
Resources:
  Edge:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111122223333:role/edge
      VpcConfig: {SubnetIds: !Ref Subnets}
      Code: {ZipFile: "def handler(event, context): return event"}
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: origin.example.com
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: https-only
          CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
          LambdaFunctionAssociations:
            - EventType: origin-request
              LambdaFunctionARN: !GetAtt Edge.Arn
"""
    function = _lambda(_only(text, "t.yaml"))
    assert _summary(function) == {
        **EXPECTED,
        "runtime": "python3.12",
        "memory": 128,
        "timeout": 3,
        "architecture": "x86_64",
        "environment": False,
        "vpc": None,
        "layers": False,
        "dead letter queue": False,
        "tracing": "PassThrough",
        "provisioned concurrency": False,
        "ephemeral storage": 512,
    }


def _cloudformation_router(code: str, publish: str = "AutoPublish: true") -> str:
    return f"""\
Resources:
  Router:
    Type: AWS::CloudFront::Function
    Properties:
      Name: router
      {publish}
      FunctionConfig: {{Comment: routing, Runtime: cloudfront-js-2.0}}
      FunctionCode: {json.dumps(code)}
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: website
            DomainName: example-bucket.s3-website-us-east-1.amazonaws.com
            CustomOriginConfig: {{OriginProtocolPolicy: https-only}}
        DefaultCacheBehavior:
          TargetOriginId: website
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
          FunctionAssociations:
            - EventType: viewer-request
              FunctionARN: !GetAtt Router.FunctionARN
"""


ROUTING = (
    "import cf from 'cloudfront';\n"
    "function handler(event) {\n"
    "  cf.selectRequestOriginById('other');\n"
    "  return event.request;\n"
    "}\n"
)
PLAIN = "function handler(event) { return event.request; }"


def _router(dist: Distribution) -> CloudFrontFunction:
    function = _function(dist)
    assert isinstance(function, CloudFrontFunction)
    return function


def test_cloudformation_functions_are_unpublished_without_auto_publish() -> None:
    assert _router(_only(_cloudformation_router(PLAIN, ""), "t.yaml")).published is False
    router = _router(_only(_cloudformation_router(ROUTING), "t.yaml"))
    assert router.published is True
    assert router.origin_helpers == ("selectRequestOriginById",)


def _terraform_router(code: str, runtime: str = "cloudfront-js-2.0", publish: str = "") -> str:
    return f"""\
resource "aws_cloudfront_function" "router" {{
  name    = "router"
  runtime = "{runtime}"
  code    = {code}
  {publish}
}}

resource "aws_cloudfront_distribution" "site" {{
  enabled = true
  origin {{
    origin_id   = "website"
    domain_name = "example-bucket.s3-website-us-east-1.amazonaws.com"
    custom_origin_config {{
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }}
  }}
  default_cache_behavior {{
    target_origin_id       = "website"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    function_association {{
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.router.arn
    }}
  }}
}}
"""


@pytest.mark.parametrize(
    ("code", "runtime", "publish", "published", "helpers"),
    [
        (json.dumps(PLAIN), "cloudfront-js-2.0", "", True, ()),
        (
            json.dumps(ROUTING),
            "cloudfront-js-2.0",
            "publish = false",
            False,
            ("selectRequestOriginById",),
        ),
        ('file("${path.module}/router.js")', "cloudfront-js-2.0", "", True, None),
        ('file("${path.module}/router.js")', "cloudfront-js-1.0", "", True, ()),
    ],
)
def test_terraform_functions_are_published_unless_told_and_unknown_code_may_route(
    tmp_path: Path,
    code: str,
    runtime: str,
    publish: str,
    published: bool,
    helpers: tuple[str, ...] | None,
) -> None:
    router = _router(_terraform(tmp_path, _terraform_router(code, runtime, publish)))
    assert router.published is published
    assert router.origin_helpers == helpers


def _cf101(text: str, path: str = "t.yaml") -> list[tuple[Severity, str]]:
    return [
        (f.severity, f.message)
        for f in lint_text(text, path, installed_rules().values())
        if f.rule_id == "CF101"
    ]


def test_an_error_on_an_origin_a_function_may_replace_is_a_warning_that_says_why() -> None:
    ((severity, message),) = _cf101(_cloudformation_router(ROUTING))
    assert severity is Severity.WARNING
    assert "CloudFront Function 'Router'" in message
    assert "it calls selectRequestOriginById" in message


def test_unknown_function_code_also_makes_the_error_a_warning(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(_terraform_router('file("${path.module}/router.js")'))
    report = run([str(tmp_path)], installed_rules(), Config(select=("CF101",)), ParseOptions())
    (finding,) = report.findings
    assert finding.severity is Severity.WARNING
    assert "its code is not known" in finding.message


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ((ROUTING, PLAIN), "the function does not change the origin"),
        (("EventType: viewer-request", "EventType: viewer-response"), "not on viewer requests"),
        (
            (
                "        DefaultCacheBehavior:",
                "        CacheBehaviors:\n"
                "          - PathPattern: /static/*\n"
                "            TargetOriginId: website\n"
                "            ViewerProtocolPolicy: redirect-to-https\n"
                "            CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6\n"
                "        DefaultCacheBehavior:",
            ),
            "another behaviour reaches the origin without the function",
        ),
    ],
)
def test_the_error_stays_an_error_when_some_requests_certainly_reach_the_origin(
    change: tuple[str, str], why: str
) -> None:
    text = _cloudformation_router(ROUTING)
    old, new = change
    if old == ROUTING:
        text = _cloudformation_router(PLAIN)
    else:
        assert old in text
        text = text.replace(old, new)
    ((severity, message),) = _cf101(text)
    assert severity is Severity.ERROR, why
    assert "CloudFront Function" not in message


def test_a_deployment_rejection_stays_an_error_whatever_the_function_does() -> None:
    text = _cloudformation_router(ROUTING).replace(
        "            DomainName: example-bucket",
        "            OriginPath: static/\n            DomainName: example-bucket",
    )
    found = [
        (f.rule_id, f.severity)
        for f in lint_text(text, "t.yaml", installed_rules().values())
        if f.rule_id in ("CF101", "CF114")
    ]
    assert sorted(found) == [("CF101", Severity.WARNING), ("CF114", Severity.ERROR)]


def _json_template(text: str) -> object:
    """A YAML template of this module in JSON, with its one ``!GetAtt`` spelt out."""
    import yaml

    return yaml.safe_load(
        text.replace("!GetAtt Router.FunctionARN", "{Fn::GetAtt: [Router, FunctionARN]}")
    )


TERRAFORM_ROUTING = (
    "<<-EOT\n"
    "import cf from 'cloudfront';\n"
    "function handler(event) {\n"
    "  cf.updateRequestOrigin({ domainName: 'assets.example.com' });\n"
    "  return event.request;\n"
    "}\n"
    "EOT"
)


@pytest.mark.parametrize(
    ("files", "how"),
    [
        ({"t.yaml": _cloudformation_router(ROUTING)}, "it calls selectRequestOriginById"),
        (
            {"t.json": json.dumps(_json_template(_cloudformation_router(ROUTING)), indent=2)},
            "it calls selectRequestOriginById",
        ),
        ({"main.tf": _terraform_router(TERRAFORM_ROUTING)}, "it calls updateRequestOrigin"),
        (
            {
                "main.tf": _terraform_router('file("${path.module}/router.js")'),
                "router.js": ROUTING,
            },
            "it calls selectRequestOriginById",
        ),
        (
            {
                "main.tf": _terraform_router(
                    'templatefile("${path.module}/router.js.tftpl", { id = "assets" })'
                ),
                "router.js.tftpl": ROUTING.replace("'other'", "'${id}'"),
            },
            "it calls selectRequestOriginById",
        ),
        ({"main.tf": _terraform_router('file("${path.module}/missing.js")')}, "not known"),
    ],
    ids=[
        "cloudformation-yaml",
        "cloudformation-json",
        "terraform-heredoc",
        "terraform-file",
        "terraform-templatefile",
        "terraform-missing-file",
    ],
)
def test_the_cli_reports_a_warning_on_an_origin_a_function_may_replace(
    tmp_path: Path, files: dict[str, str], how: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = cli("--isolated", "--select", "CF101", str(tmp_path))
    assert "CF101 [warning]" in result.out, result.out
    assert "[error]" not in result.out, result.out
    assert "(a warning, not an error: CloudFront Function" in result.out
    assert how in result.out


def test_the_cli_keeps_the_error_when_the_function_cannot_change_the_origin(
    tmp_path: Path,
) -> None:
    (tmp_path / "main.tf").write_text(
        _terraform_router('file("${path.module}/router.js")', runtime="cloudfront-js-1.0")
    )
    result = cli("--isolated", "--select", "CF101", str(tmp_path))
    assert "CF101 [error]" in result.out, result.out
    assert result.code != 0


@pytest.mark.parametrize(
    ("code", "files", "helpers"),
    [
        ('file("${path.module}/router.js")', {"router.js": PLAIN}, ()),
        ('file("${path.module}/router.js")', {"router.js": ROUTING}, ("selectRequestOriginById",)),
        ('file("router.js")', {"router.js": ROUTING}, ("selectRequestOriginById",)),
        (
            'templatefile("${path.module}/router.tftpl", { id = "assets" })',
            {"router.tftpl": ROUTING.replace("'other'", "'${id}'")},
            ("selectRequestOriginById",),
        ),
        # The known text of a template names no helper, but a variable could hold code.
        ('templatefile("${path.module}/plain.tftpl", {})', {"plain.tftpl": "${body}"}, None),
        (
            'templatefile("${path.module}/if.tftpl", {})',
            {"if.tftpl": "%{ if true }x%{ endif }"},
            None,
        ),
    ],
    ids=[
        "file-plain",
        "file-routing",
        "root-relative",
        "template",
        "template-unknown",
        "directive",
    ],
)
def test_terraform_reads_function_code_from_files_of_the_module(
    tmp_path: Path, code: str, files: dict[str, str], helpers: tuple[str, ...] | None
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    assert _router(_terraform(tmp_path, _terraform_router(code))).origin_helpers == helpers


def test_terraform_does_not_read_function_code_outside_the_module(tmp_path: Path) -> None:
    module = tmp_path / "root"
    module.mkdir()
    (tmp_path / "outside.js").write_text(PLAIN)
    (module / "link.js").symlink_to(tmp_path / "outside.js")
    for code in ('file("../outside.js")', 'file("${path.module}/link.js")'):
        assert _router(_terraform(module, _terraform_router(code))).origin_helpers is None


def test_the_error_stays_an_error_when_a_condition_can_leave_the_function_out() -> None:
    text = _cloudformation_router(ROUTING).replace(
        "          FunctionAssociations:\n"
        "            - EventType: viewer-request\n"
        "              FunctionARN: !GetAtt Router.FunctionARN\n",
        "          FunctionAssociations: !If\n"
        "            - Routed\n"
        "            - [{EventType: viewer-request, FunctionARN: !GetAtt Router.FunctionARN}]\n"
        "            - !Ref AWS::NoValue\n",
    )
    text = (
        "Parameters:\n  Routing: {Type: String, AllowedValues: ['on', 'off']}\n"
        "Conditions:\n  Routed: !Equals [!Ref Routing, 'on']\n" + text
    )
    assert "!If" in text
    ((severity, message),) = _cf101(text)
    assert severity is Severity.ERROR
    assert "CloudFront Function" not in message
