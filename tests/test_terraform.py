"""The Terraform front end: the model it builds from modules and plans, with spans."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cf502lint.config import Config
from cf502lint.model import Distribution, OriginConfig, Span, TargetKind
from cf502lint.parsers import ParseOptions, parse_text
from cf502lint.parsers.terraform import Variables, parse_modules
from cf502lint.parsers.terraform.evaluate import Evaluator
from cf502lint.parsers.terraform.functions import call
from cf502lint.parsers.terraform.hcl import parse_expression
from cf502lint.parsers.values import Partial, Ref, Unknown
from cf502lint.runner import run
from cf502lint.source.text import Reader

from .helpers import ROOT, cli, installed_rules

ORIGIN = """
  origin {{
    origin_id   = "{id}"
    domain_name = {domain}

    custom_origin_config {{
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = {policy}
      origin_ssl_protocols   = ["TLSv1.2"]
    }}
  }}
"""
BEHAVIOR = """
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }
"""


def distribution(*origins: str, name: str = "this", extra: str = "") -> str:
    return (
        f'resource "aws_cloudfront_distribution" "{name}" {{\n  enabled = true\n{extra}'
        + "".join(origins)
        + BEHAVIOR
        + "}\n"
    )


def origin(
    origin_id: str = "app", domain: str = '"origin.example.com"', policy: str = '"https-only"'
) -> str:
    return ORIGIN.format(id=origin_id, domain=domain, policy=policy)


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return directory


def model(directory: Path, variables: Variables | None = None) -> dict[str, Distribution]:
    results = parse_modules([str(directory)], variables or Variables(), Reader(10**7))
    assert [e for r in results for e in r.errors] == []
    return {d.name: d for r in results if r.document for d in r.document.distributions}


def only(directory: Path, variables: Variables | None = None) -> Distribution:
    (dist,) = model(directory, variables).values()
    return dist


def line_of(path: Path, text: str) -> int:
    lines = path.read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_spans_point_at_the_resource_block_and_each_argument(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": distribution(origin(policy='"http-only"'))})
    main = tmp_path / "main.tf"
    dist = only(tmp_path)
    assert dist.name == dist.resource == "aws_cloudfront_distribution.this"
    assert dist.span == Span(str(main), 1, 1, 1, 46)
    (app,) = dist.origins
    assert app.span.line == line_of(main, "origin {")
    assert app.span.column == 3
    policy = app.spans["protocol_policy"]
    assert (policy.path, policy.line, policy.column) == (
        str(main),
        line_of(main, "origin_protocol_policy"),
        7,
    )
    assert dist.default_behavior is not None
    assert dist.default_behavior.span.line == line_of(main, "default_cache_behavior")


def test_terraform_requires_ports_protocols_and_methods_so_absent_ones_are_unknown(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "main.tf": """
            resource "aws_cloudfront_distribution" "this" {
              origin {
                origin_id   = "app"
                domain_name = "origin.example.com"
                custom_origin_config {
                  origin_protocol_policy = "https-only"
                }
              }
              default_cache_behavior {
                target_origin_id       = "app"
                viewer_protocol_policy = "https-only"
              }
            }
            """
        },
    )
    dist = only(tmp_path)
    (app,) = dist.origins
    assert app.config is OriginConfig.CUSTOM
    assert (app.http_port, app.https_port, app.ssl_protocols) == (None, None, None)
    assert (app.read_timeout, app.keepalive_timeout) == (30, 5)
    assert (app.connection_attempts, app.connection_timeout) == (3, 10)
    assert dist.default_behavior is not None
    assert dist.default_behavior.allowed_methods is None


def test_variable_without_a_value_is_unknown(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(origin(policy="var.policy"), origin("b", "var.domain")),
            "variables.tf": 'variable "policy" {}\nvariable "domain" { type = string }\n',
        },
    )
    app, other = only(tmp_path).origins
    assert app.protocol_policy is None
    assert other.domain_name is None and other.domain_pattern is None
    assert other.target.kind is TargetKind.UNKNOWN


def test_variable_sources_in_terraform_precedence(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(
                origin("a", "var.a"),
                origin("b", "var.b"),
                origin("c", "var.c"),
                origin("d", "var.d"),
            ),
            "variables.tf": "".join(
                f'variable "{name}" {{\n  default = "{name}.default.example.com"\n}}\n'
                for name in "abcd"
            ),
            "terraform.tfvars": 'b = "b.tfvars.example.com"\nc = "c.tfvars.example.com"\n',
            "x.auto.tfvars.json": '{"c": "c.auto.example.com", "d": "d.auto.example.com"}',
            "cli.tfvars": 'd = "d.file.example.com"\n',
        },
    )
    domains = [o.domain_name for o in only(tmp_path).origins]
    assert domains == [
        "a.default.example.com",
        "b.tfvars.example.com",
        "c.auto.example.com",
        "d.auto.example.com",
    ]
    given = Variables({"a": "a.cli.example.com"}, (str(tmp_path / "cli.tfvars"),))
    domains = [o.domain_name for o in only(tmp_path, given).origins]
    assert domains == [
        "a.cli.example.com",
        "b.tfvars.example.com",
        "c.auto.example.com",
        "d.file.example.com",
    ]


def test_var_values_of_collection_types_are_hcl(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(
                origin("a", 'var.domains["web"]'), extra="  aliases = var.aliases\n"
            ),
            "variables.tf": """
            variable "domains" {
              type = map(string)
            }
            variable "aliases" {
              type = list(string)
            }
            """,
        },
    )
    given = Variables({"domains": '{ web = "w.example.com" }', "aliases": '["x.example.com"]'})
    dist = only(tmp_path, given)
    assert dist.origins[0].domain_name == "w.example.com"
    assert dist.aliases == ("x.example.com",)


def test_locals_references_and_interpolation(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(origin("app", "local.host"), origin("b", "local.loop")),
            "locals.tf": """
            locals {
              env  = "prod"
              host = "${local.env}-origin.${var.zone}"
              loop = local.loop
            }
            variable "zone" {
              default = "example.com"
            }
            """,
        },
    )
    app, looped = only(tmp_path).origins
    assert app.domain_name == "prod-origin.example.com"
    assert app.target.kind is TargetKind.OTHER
    assert looped.domain_name is None


def test_load_balancer_origin_is_resolved_like_cloudformation(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(origin("app", "aws_lb.app.dns_name")),
            "lb.tf": """
            resource "aws_lb" "app" {
              name     = "app"
              internal = false
            }
            resource "aws_acm_certificate" "cert" {
              domain_name               = "origin.example.com"
              subject_alternative_names = ["*.example.com"]
            }
            resource "aws_lb_listener" "https" {
              load_balancer_arn = aws_lb.app.arn
              port              = 443
              protocol          = "HTTPS"
              ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
              certificate_arn   = aws_acm_certificate.cert.arn
            }
            resource "aws_lb_listener" "http" {
              load_balancer_arn = aws_lb.app.id
              port              = 80
              default_action {
                type = "redirect"
                redirect {
                  protocol = "HTTPS"
                  port     = "443"
                }
              }
            }
            """,
        },
    )
    (app,) = only(tmp_path).origins
    target = app.target
    assert target.kind is TargetKind.LOAD_BALANCER and target.service_hostname
    assert target.resource == "aws_lb.app"
    assert app.domain_name is None and app.domain_pattern == "*.*.elb.amazonaws.com"
    balancer = target.load_balancer
    assert balancer is not None
    assert (balancer.type, balancer.internal, balancer.idle_timeout) == ("application", False, 60)
    assert balancer.span.path == str(tmp_path / "lb.tf") and balancer.span.line == 2
    https, http = sorted(balancer.listeners, key=lambda listener: -(listener.port or 0))
    assert (https.port, https.protocol, https.ssl_policy) == (
        443,
        "HTTPS",
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
    )
    assert https.certificates is not None
    (certificate,) = https.certificates
    assert certificate.names == ("origin.example.com", "*.example.com")
    assert certificate.complete and certificate.resource == "aws_acm_certificate.cert"
    assert (http.port, http.protocol, http.redirects_to_https) == (80, "HTTP", True)


def test_route53_alias_to_a_load_balancer_is_that_balancer_by_a_custom_name(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(
                origin("by-fqdn", "aws_route53_record.origin.fqdn"),
                origin("by-name", '"origin.example.com"'),
            ),
            "dns.tf": """
            resource "aws_lb" "app" {}
            resource "aws_route53_zone" "main" {
              name = "example.com"
            }
            resource "aws_route53_record" "origin" {
              zone_id = aws_route53_zone.main.zone_id
              name    = "origin"
              type    = "A"
              alias {
                name    = aws_lb.app.dns_name
                zone_id = aws_lb.app.zone_id
              }
            }
            """,
        },
    )
    for found in only(tmp_path).origins:
        assert found.domain_name == "origin.example.com"
        assert found.target.kind is TargetKind.LOAD_BALANCER
        assert not found.target.service_hostname
        assert found.target.load_balancer is not None
        assert found.target.load_balancer.resource == "aws_lb.app"


def test_s3_endpoints_and_managed_policies_by_name(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """
            resource "aws_s3_bucket" "site" {
              bucket = "example-site"
            }
            resource "aws_s3_bucket_website_configuration" "site" {
              bucket = aws_s3_bucket.site.id
            }
            data "aws_cloudfront_origin_request_policy" "all" {
              name = "Managed-AllViewer"
            }
            data "aws_cloudfront_cache_policy" "custom" {
              name = "my-own-policy"
            }
            resource "aws_cloudfront_distribution" "this" {
              origin {
                origin_id   = "website"
                domain_name = aws_s3_bucket_website_configuration.site.website_endpoint
              }
              origin {
                origin_id   = "rest"
                domain_name = aws_s3_bucket.site.bucket_regional_domain_name
                s3_origin_config {
                  origin_access_identity = ""
                }
              }
              default_cache_behavior {
                target_origin_id         = "website"
                origin_request_policy_id = data.aws_cloudfront_origin_request_policy.all.id
                cache_policy_id          = "658327ea-f89d-4fab-a63d-7e88639e58f6"
              }
              ordered_cache_behavior {
                path_pattern     = "/x/*"
                target_origin_id = "rest"
                cache_policy_id  = data.aws_cloudfront_cache_policy.custom.id
              }
            }
            """
        },
    )
    dist = only(tmp_path)
    website, rest = dist.origins
    assert website.target.kind is TargetKind.S3_WEBSITE
    assert website.target.resource == "aws_s3_bucket_website_configuration.site"
    assert website.domain_pattern == "example-site.s3-website*.amazonaws.com"
    assert rest.target.kind is TargetKind.S3_BUCKET and rest.config is OriginConfig.S3
    assert rest.domain_pattern == "example-site.s3.*.amazonaws.com"
    assert dist.default_behavior is not None and dist.default_behavior.forwards_host is True
    (ordered,) = dist.behaviors
    assert ordered.forwards_host is None


def test_lookup_reads_attributes_of_resource_instances(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """
            resource "aws_cloudfront_origin_access_control" "oac" {
              for_each = { s3 = "sigv4" }
              name     = each.key
            }
            resource "aws_cloudfront_distribution" "this" {
              origin {
                origin_id   = "site"
                domain_name = "site.s3-website-us-east-1.amazonaws.com"
                origin_access_control_id = lookup(
                  lookup(aws_cloudfront_origin_access_control.oac, "s3", {}), "id", null
                )
              }
              origin {
                origin_id   = "other"
                domain_name = "other.s3.amazonaws.com"
                origin_access_control_id = lookup(
                  lookup(aws_cloudfront_origin_access_control.oac, "none", {}), "id", null
                )
              }
              default_cache_behavior {
                target_origin_id = "site"
              }
            }
            """
        },
    )
    site, other = only(tmp_path).origins
    assert site.access_control is True
    assert other.access_control is False


def test_count_and_for_each_give_one_distribution_per_instance(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(
                origin("app", '"app${count.index}.example.com"'),
                name="counted",
                extra="  count = 2\n",
            )
            + distribution(
                origin("app", "each.value"),
                name="keyed",
                extra='  for_each = toset(["a.example.com", "b.example.com"])\n',
            )
            + distribution(origin(), name="none", extra="  count = 0\n")
            + distribution(
                origin("app", '"${count.index}.example.com"'),
                name="unknown",
                extra="  count = var.enabled ? 1 : 0\n",
            )
            + 'variable "enabled" {\n  type = bool\n}\n'
        },
    )
    found = {name: d.origins[0].domain_name for name, d in model(tmp_path).items()}
    assert found == {
        "aws_cloudfront_distribution.counted[0]": "app0.example.com",
        "aws_cloudfront_distribution.counted[1]": "app1.example.com",
        'aws_cloudfront_distribution.keyed["a.example.com"]': "a.example.com",
        'aws_cloudfront_distribution.keyed["b.example.com"]': "b.example.com",
        "aws_cloudfront_distribution.unknown": None,
    }


def test_dynamic_blocks_expand_known_collections(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """
            resource "aws_cloudfront_distribution" "this" {
              dynamic "origin" {
                for_each = var.origins
                iterator = o
                content {
                  origin_id   = o.key
                  domain_name = o.value.domain
                  dynamic "custom_origin_config" {
                    for_each = o.value.custom ? [1] : []
                    content {
                      origin_protocol_policy = "https-only"
                      http_port              = 80
                      https_port             = 443
                    }
                  }
                }
              }
              dynamic "ordered_cache_behavior" {
                for_each = ["/a/*", "/b/*"]
                content {
                  path_pattern     = ordered_cache_behavior.value
                  target_origin_id = "api"
                }
              }
              default_cache_behavior {
                target_origin_id = "api"
              }
            }
            variable "origins" {
              default = {
                api    = { domain = "api.example.com", custom = true }
                bucket = { domain = "b.s3.amazonaws.com", custom = false }
              }
            }
            """
        },
    )
    main = tmp_path / "main.tf"
    dist = only(tmp_path)
    assert dist.complete
    api, bucket = dist.origins
    assert (api.id, api.domain_name, api.config) == ("api", "api.example.com", OriginConfig.CUSTOM)
    # no configuration block: the provider sends an S3 origin
    assert (bucket.id, bucket.config, bucket.configs) == ("bucket", OriginConfig.S3, ())
    assert api.span.line == bucket.span.line == line_of(main, 'dynamic "origin"')
    assert api.spans["domain_name"].line == line_of(main, "domain_name")
    assert [b.path_pattern for b in dist.behaviors] == ["/a/*", "/b/*"]


def test_dynamic_origins_from_an_unknown_collection_leave_the_distribution_incomplete(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(
                origin(),
                'dynamic "origin" {\n  for_each = var.more\n  content {\n'
                "    origin_id = origin.key\n    domain_name = origin.value\n  }\n}\n",
            )
            + 'variable "more" {}\n'
        },
    )
    dist = only(tmp_path)
    assert not dist.complete
    assert [o.id for o in dist.origins] == ["app"]


def test_local_child_module_gets_its_callers_arguments(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """
            module "cdn" {
              source = "./modules/cdn"
              domain = aws_lb.app.dns_name
            }
            module "remote" {
              source = "terraform-aws-modules/cloudfront/aws"
            }
            resource "aws_lb" "app" {
              idle_timeout = 20
            }
            output "cdn_origin" {
              value = module.cdn.origin
            }
            """,
            "modules/cdn/main.tf": distribution(origin("app", "var.domain")),
            "modules/cdn/variables.tf": """
            variable "domain" {
              type = string
            }
            output "origin" {
              value = var.domain
            }
            """,
        },
    )
    results = parse_modules([str(tmp_path)], Variables(), Reader(10**7))
    (result,) = results
    assert result.document is not None
    (dist,) = result.document.distributions
    assert dist.name == "module.cdn.aws_cloudfront_distribution.this"
    assert dist.span.path == str(tmp_path / "modules" / "cdn" / "main.tf")
    (app,) = dist.origins
    assert app.target.load_balancer is not None
    assert app.target.load_balancer.idle_timeout == 20
    assert str(tmp_path / "modules" / "cdn" / "variables.tf") in result.files


def test_a_called_module_is_linted_once_through_its_caller(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": 'module "cdn" {\n  source = "./cdn"\n  port = 81\n}\n',
            "cdn/main.tf": distribution(
                ORIGIN.format(id="app", domain='"o.example.com"', policy='"https-only"').replace(
                    "http_port              = 80", "http_port              = var.port"
                )
            ),
            "cdn/variables.tf": 'variable "port" {\n  default = 80\n}\n',
        },
    )
    rules = installed_rules()
    everything = run([str(tmp_path)], rules, Config(select=("CF201",)), ParseOptions())
    assert [(f.resource, f.message) for f in everything.findings] == [
        (
            "module.cdn.aws_cloudfront_distribution.this",
            "origin 'app' uses HTTP port 81; CloudFront allows only 80, 443 and 1024-65535",
        )
    ]
    alone = run([str(tmp_path / "cdn")], rules, Config(select=("CF201",)), ParseOptions())
    assert alone.findings == ()


def test_several_files_of_one_module_are_linted_once(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(origin(policy="var.policy")),
            "variables.tf": 'variable "policy" {\n  default = "http-only"\n}\n',
            "other.tf": "locals {}\n",
        },
    )
    bad = tmp_path / "main.tf"
    bad.write_text(bad.read_text().replace("http_port              = 80", "http_port = 81"))
    paths = [str(tmp_path / name) for name in ("main.tf", "variables.tf", "other.tf")]
    report = run(paths, installed_rules(), Config(select=("CF201",)), ParseOptions())
    assert len(report.findings) == 1
    assert sorted(report.files) == sorted(paths)


def test_standard_input_is_read_with_the_files_next_to_its_name(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(origin(policy="var.policy")),
            "variables.tf": 'variable "policy" {\n  default = "https-only"\n}\n',
        },
    )
    buffer = (tmp_path / "main.tf").read_text().replace("= 80", "= 81")
    named = cli("--select", "CF201", "--stdin-filename", str(tmp_path / "main.tf"), stdin=buffer)
    assert named.code == 1 and "uses HTTP port 81" in named.out
    alone = cli("--select", "CF201", "--stdin-filename", "elsewhere/main.tf", stdin=buffer)
    assert alone.code == 1 and alone.out.startswith("elsewhere/main.tf:")


def test_a_variable_file_named_alone_lints_its_module(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(origin()).replace("= 80", "= var.port"),
            "variables.tf": 'variable "port" {}\n',
            "terraform.tfvars": "port = 81\n",
        },
    )
    report = run([str(tmp_path / "terraform.tfvars")], installed_rules(), Config(), ParseOptions())
    assert [f.rule_id for f in report.findings] == ["CF201"]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('trimprefix("https://x.example.com", "https://")', "x.example.com"),
        ('trimsuffix("x.example.com/", "/")', "x.example.com"),
        ('replace("a-b-c", "-", ".")', "a.b.c"),
        ('replace("v1.2", "/v(\\\\d)\\\\.(\\\\d)/", "$2.$1")', "2.1"),
        ('format("%s.%d.example.com", "a", 7)', "a.7.example.com"),
        ('lookup({a = "x"}, "b", "fallback")', "fallback"),
        ('try({a = 1}.b, "fallback")', "fallback"),
        ('coalesce(null, "", "first")', "first"),
        ('split("/", "https://h.example.com/path")[2]', "h.example.com"),
        ('join(".", ["a", "example", "com"])', "a.example.com"),
        ('element(concat(["a"], ["b"]), 3)', "b"),
        ("merge({a = 1}, {a = 2, b = 3})", {"a": 2, "b": 3}),
        ('[for k, v in {b = 2, a = 1} : "${k}=${v}" if v > 1]', ["b=2"]),
        ('{for s in ["a", "b"] : s => upper(s)}', {"a": "A", "b": "B"}),
        ("[{n = 1}, {n = 2}][*].n", [1, 2]),
        ("length(flatten([[1], [2, 3]]))", 3),
        ('can(tonumber("x"))', False),
        ('"${1 + 2 * 3}-${true && !false}"', "7-true"),
    ],
)
def test_functions_and_expressions(expression: str, expected: object) -> None:
    evaluator = Evaluator(lambda name: Unknown(name), lambda n, a: call(n, a, _no_expand))
    assert evaluator.eval(parse_expression(expression, "test"), {}) == expected


def _no_expand(ref: Ref) -> object:
    return Unknown(ref.resource)


def test_string_functions_keep_what_is_known_of_partial_values() -> None:
    region = Unknown("region", "label")
    url = Partial(("https://", Unknown("id", "label"), ".lambda-url.", region, ".on.aws/"))
    evaluator = Evaluator(lambda name: {"url": url}, lambda n, a: call(n, a, _no_expand))
    trimmed = evaluator.eval(
        parse_expression('trimsuffix(trimprefix(x.url, "https://"), "/")', "test"), {}
    )
    assert trimmed == Partial((Unknown("id", "label"), ".lambda-url.", region, ".on.aws"))
    assert evaluator.eval(parse_expression('replace(x.url, "https://", "")', "test"), {}) == (
        Partial((Unknown("id", "label"), ".lambda-url.", region, ".on.aws/"))
    )
    assert isinstance(evaluator.eval(parse_expression('regex("a", x.url)', "test"), {}), Unknown)


def test_terraform_json_syntax(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf.json": json.dumps(
                {
                    "variable": {"domain": {"default": "origin.example.com"}},
                    "resource": {
                        "aws_cloudfront_distribution": {
                            "this": {
                                "origin": [
                                    {
                                        "origin_id": "app",
                                        "domain_name": "${var.domain}",
                                        "custom_origin_config": {
                                            "origin_protocol_policy": "https-only",
                                            "http_port": 80,
                                            "https_port": 8443,
                                        },
                                    }
                                ],
                                "default_cache_behavior": {"target_origin_id": "app"},
                            }
                        }
                    },
                },
                indent=2,
            )
        },
    )
    dist = only(tmp_path)
    (app,) = dist.origins
    assert (app.domain_name, app.https_port, app.protocol_policy) == (
        "origin.example.com",
        8443,
        "https-only",
    )
    main = tmp_path / "main.tf.json"
    assert app.spans["https_port"].line == line_of(main, '"https_port"')
    assert dist.span.line == line_of(main, '"this"')


def test_plan_json(tmp_path: Path) -> None:
    plan = ROOT / "fixtures" / "rules" / "https_to_s3_website_origin" / "bad-plan.json"
    document = parse_text(plan.read_text(), str(plan), ParseOptions())
    assert document is not None and document.format == "terraform-plan"
    site, docs = document.distributions
    assert site.resource == "aws_cloudfront_distribution.site"
    assert docs.resource == "module.docs.aws_cloudfront_distribution.this[0]"
    assert site.span.path == str(plan)
    assert site.span.line == line_of(plan, '"address": "aws_cloudfront_distribution.site"')
    website, later = site.origins
    assert website.target.kind is TargetKind.S3_WEBSITE
    assert website.spans["protocol_policy"].line == line_of(plan, "origin_protocol_policy")
    assert later.domain_name is None and later.target.kind is TargetKind.UNKNOWN
    assert docs.aliases == ("docs.example.com",)


def test_plan_links_resources_by_value() -> None:
    plan = ROOT / "fixtures" / "rules" / "keepalive_outlasts_origin_idle_timeout" / "bad-plan.json"
    document = parse_text(plan.read_text(), str(plan), ParseOptions())
    assert document is not None
    app, _new = document.distributions[0].origins
    balancer = app.target.load_balancer
    assert balancer is not None and balancer.resource == "aws_lb.app"
    assert balancer.idle_timeout == 30
    assert [(li.port, li.protocol) for li in balancer.listeners] == [(80, "HTTP")]


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("main.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n', 2),
        ("main.tf", 'resource "x" "y" {\n  a = "unterminated\n}\n', 2),
        ("main.tf", "a = " + "(" * 5000 + "1" + ")" * 5000 + "\n", 1),
        ("main.tf.json", '{"resource": {', 1),
        ("main.tf.json", '{"locals": {"a": "${var.x"}}', 1),
    ],
)
def test_parse_errors_are_one_clear_error_naming_the_file(
    tmp_path: Path, name: str, text: str, line: int | None
) -> None:
    write(tmp_path, {name: text, "ok.tf": distribution(origin())})
    report = run([str(tmp_path)], installed_rules(), Config(), ParseOptions())
    (error,) = report.errors
    assert error.path == str(tmp_path / name)
    assert error.line == line
    assert error.message.startswith(("invalid HCL", "invalid JSON", "invalid template"))
    assert str(tmp_path / "ok.tf") in report.files


def test_expressions_terraform_would_reject_are_unknown_not_a_crash(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(
                origin("a", "local.overflow"),
                origin("b", "local.cycle"),
                origin("c", '"${10 / 0}.example.com"'),
                extra="  count = 100000\n",
            )
            + """
            locals {
              overflow = format("%d", 1e400)
              cycle    = local.cycle
              huge     = [for i in range(100000) : i]
            }
            """
        },
    )
    (dist,) = model(tmp_path).values()
    assert dist.name == "aws_cloudfront_distribution.this"
    assert [o.domain_name for o in dist.origins] == [None, None, None]


def test_cli_var_and_var_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": distribution(origin(policy="var.policy")).replace(
                "http_port              = 80", "http_port              = var.port"
            ),
            "variables.tf": 'variable "policy" {}\nvariable "port" {\n  type = number\n}\n',
            "ports.tfvars": "port = 81\n",
        },
    )
    quiet = cli(str(tmp_path))
    assert quiet.code == 0, quiet.out
    found = cli(
        str(tmp_path), "--var", "policy=http-only", "--var-file", str(tmp_path / "ports.tfvars")
    )
    assert found.code == 1
    assert "uses HTTP port 81" in found.out
    missing = cli(str(tmp_path), "--var-file", str(tmp_path / "nope.tfvars"))
    assert missing.code == 2 and "--var-file" in missing.err
    malformed = cli(str(tmp_path), "--var", "policy")
    assert malformed.code == 2 and "--var expects" in malformed.err


def test_hcl2_is_imported_only_for_terraform(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text("Resources: {}\n")
    code = (
        "import sys\n"
        "from cf502lint.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"main([{str(template)!r}])\n"
        "print('hcl2' in sys.modules, 'lark' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False False"


def test_function_associations_and_viewer_certificate_are_read(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        """
resource "aws_lambda_function" "edge" {
  function_name = "edge"
  publish       = true
}

resource "aws_cloudfront_distribution" "cdn" {
  origin {
    origin_id   = "app"
    domain_name = "origin.example.com"
  }
  default_cache_behavior {
    target_origin_id = "app"
    lambda_function_association {
      event_type   = "origin-request"
      lambda_arn   = aws_lambda_function.edge.qualified_arn
      include_body = true
    }
    function_association {
      event_type   = "viewer-request"
      function_arn = "arn:aws:cloudfront::123456789012:function/f"
    }
  }
  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
"""
    )
    document = parse_text(
        (tmp_path / "main.tf").read_text(), str(tmp_path / "main.tf"), ParseOptions()
    )
    assert document is not None
    dist = document.distributions[0]
    assert dist.viewer_certificate is not None
    assert dist.viewer_certificate.ssl_support_method == "sni-only"
    assert dist.viewer_certificate.span.line == 24
    behavior = dist.default_behavior
    assert behavior is not None and behavior.functions is not None
    edge, function = behavior.functions
    assert (edge.version, edge.resource, edge.include_body) == (
        "numbered",
        "aws_lambda_function.edge",
        True,
    )
    assert (function.kind, function.event_type) == ("cloudfront-function", "viewer-request")


BALANCER = """
resource "aws_security_group" "alb" {}
resource "aws_lb" "app" {
  subnets         = ["subnet-1", "subnet-2"]
  security_groups = [aws_security_group.alb.id]
}
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.app.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:tg"
  }
}
"""


@pytest.mark.parametrize(
    ("extra", "listeners", "ingress"),
    [
        ("", True, True),
        ('module "waf" {\n  source = "org/waf/aws"\n  arn = aws_lb.app.arn\n}\n', False, True),
        ('output "sg" {\n  value = [aws_security_group.alb.id]\n}\n', True, False),
        (
            'variable "lb" {\n  type = string\n}\n'
            'resource "aws_lb_listener" "other" {\n  load_balancer_arn = var.lb\n'
            "  port = 443\n}\n",
            False,
            True,
        ),
        (
            'variable "sg" {\n  type = string\n}\n'
            'resource "aws_vpc_security_group_ingress_rule" "other" {\n'
            '  security_group_id = var.sg\n  ip_protocol = "-1"\n  cidr_ipv4 = "0.0.0.0/0"\n}\n',
            True,
            False,
        ),
    ],
    ids=["alone", "module-argument", "output", "unknown-balancer", "unknown-group"],
)
def test_what_other_code_may_add_to_a_balancer_or_group_is_not_known(
    tmp_path: Path, extra: str, listeners: bool, ingress: bool
) -> None:
    write(
        tmp_path,
        {
            "main.tf": BALANCER
            + extra
            + distribution(origin(domain="aws_lb.app.dns_name", policy='"http-only"')),
        },
    )
    balancer = only(tmp_path).origins[0].target.load_balancer
    assert balancer is not None and balancer.security_groups is not None
    assert balancer.listeners_complete is listeners
    assert (balancer.security_groups[0].ingress is not None) is ingress


def test_cloudfront_prefix_list_is_known_by_the_data_source_name(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "main.tf": """
            data "aws_ec2_managed_prefix_list" "cf" {
              name = "com.amazonaws.global.cloudfront.origin-facing"
            }
            data "aws_ec2_managed_prefix_list" "s3" {
              name = "com.amazonaws.us-east-1.s3"
            }
            resource "aws_ec2_managed_prefix_list" "own" {
              name = "office"
            }
            resource "aws_security_group" "alb" {
              ingress {
                from_port       = 443
                to_port         = 443
                protocol        = "tcp"
                prefix_list_ids = [
                  data.aws_ec2_managed_prefix_list.cf.id,
                  data.aws_ec2_managed_prefix_list.s3.id,
                  aws_ec2_managed_prefix_list.own.id,
                  "pl-3b927c52",
                ]
              }
            }
            resource "aws_lb" "app" {
              security_groups = [aws_security_group.alb.id]
            }
            """
            + distribution(origin(domain="aws_lb.app.dns_name")),
        },
    )
    balancer = only(tmp_path).origins[0].target.load_balancer
    assert balancer is not None and balancer.security_groups is not None
    ingress = balancer.security_groups[0].ingress
    assert ingress is not None
    assert [(r.source_kind, r.source) for r in ingress] == [
        ("cloudfront-prefix-list", None),
        ("prefix-list", None),
        ("prefix-list", None),
        ("prefix-list", "pl-3b927c52"),
    ]
