"""aws_cloudfront_multitenant_distribution and its aws_cloudfront_distribution_tenant
resources, in configurations and in plans: a tenant-only distribution whose viewer Host
names are the domains of the tenants that refer to it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from cf502lint.model import Distribution
from cf502lint.parsers import ParseOptions, parse_text
from cf502lint.parsers.terraform import Variables, parse_modules
from cf502lint.source.text import Reader

MULTITENANT = """
resource "aws_cloudfront_multitenant_distribution" "{name}" {{
  comment = "tenants"
  enabled = true

  origin {{
    id          = "app"
    domain_name = "app.example.com"

    custom_header {{
      header_name  = "X-Origin-Verify"
      header_value = "secret"
    }}

    custom_origin_config {{
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }}
  }}

  cache_behavior {{
    path_pattern           = "/api/*"
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"

    allowed_methods {{
      items          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cached_methods = ["GET", "HEAD"]
    }}
  }}

  default_cache_behavior {{
    target_origin_id       = "app"
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"

    allowed_methods {{
      items          = ["GET", "HEAD"]
      cached_methods = ["GET", "HEAD"]
    }}
  }}

  restrictions {{
    geo_restriction {{
      restriction_type = "none"
    }}
  }}

  viewer_certificate {{
    cloudfront_default_certificate = true
  }}

  tenant_config {{
    parameter_definition {{
      name = "tenant"
      definition {{
        string_schema {{
          required = true
        }}
      }}
    }}
  }}
}}
"""


def tenant(name: str, distribution: str, *domains: str, extra: str = "") -> str:
    blocks = "".join(f"\n  domain {{\n    domain = {d}\n  }}\n" for d in domains)
    return (
        f'resource "aws_cloudfront_distribution_tenant" "{name}" {{\n  name = "{name}"\n'
        f"  distribution_id = {distribution}\n{extra}{blocks}}}\n"
    )


def model(directory: Path, files: dict[str, str]) -> dict[str, Distribution]:
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    results = parse_modules([str(directory)], Variables(), Reader(10**7))
    assert [e for r in results for e in r.errors] == []
    return {d.name: d for r in results if r.document for d in r.document.distributions}


def test_multitenant_distribution_reads_its_own_argument_names(tmp_path: Path) -> None:
    found = model(tmp_path, {"main.tf": MULTITENANT.format(name="saas")})
    dist = found["aws_cloudfront_multitenant_distribution.saas"]
    assert dist.connection_mode == "tenant-only"
    assert dist.tenant_domains == ()
    assert dist.aliases == ()
    (origin,) = dist.origins
    assert origin.id == "app"
    assert origin.protocol_policy == "https-only"
    assert [(h.name, h.value) for h in origin.custom_headers or ()] == [
        ("X-Origin-Verify", "secret")
    ]
    (ordered,) = dist.behaviors
    assert ordered.path_pattern == "/api/*"
    assert ordered.allowed_methods is not None and "DELETE" in ordered.allowed_methods
    assert dist.default_behavior is not None
    assert dist.default_behavior.allowed_methods == ("GET", "HEAD")


def test_tenant_domains_come_from_the_tenants_that_refer_to_the_distribution(
    tmp_path: Path,
) -> None:
    saas = "aws_cloudfront_multitenant_distribution.saas.id"
    files = {
        "main.tf": MULTITENANT.format(name="saas") + MULTITENANT.format(name="other"),
        "tenants.tf": tenant("acme", saas, '"acme.example.com"', '"www.acme.com"')
        + tenant("off", saas, '"off.example.com"', extra="  enabled = false\n")
        + tenant("elsewhere", "aws_cloudfront_multitenant_distribution.other.id", '"x.com"')
        + tenant("unknown", saas, "var.domain")
        + 'variable "domain" {\n  type = string\n}\n'
        + tenant(
            "each",
            saas,
            "each.value",
            extra='  for_each = toset(["a.example.com", "b.example.com"])\n',
        ),
    }
    found = model(tmp_path, files)
    saas_domains = found["aws_cloudfront_multitenant_distribution.saas"].tenant_domains
    assert set(saas_domains) == {
        "acme.example.com",
        "www.acme.com",
        None,
        "a.example.com",
        "b.example.com",
    }
    assert found["aws_cloudfront_multitenant_distribution.other"].tenant_domains == ("x.com",)


def test_a_standard_distribution_stays_direct(tmp_path: Path) -> None:
    text = MULTITENANT.format(name="saas").replace(
        "aws_cloudfront_multitenant_distribution", "aws_cloudfront_distribution"
    )
    (dist,) = model(tmp_path, {"main.tf": text}).values()
    assert dist.connection_mode == "direct"


def planned(address: str, kind: str, values: dict[str, Any]) -> dict[str, Any]:
    return {"address": address, "mode": "managed", "type": kind, "values": values}


def plan_of(resources: list[dict[str, Any]], **extra: Any) -> Distribution:
    document = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": resources}},
        **extra,
    }
    parsed = parse_text(json.dumps(document), "plan.json", ParseOptions())
    assert parsed is not None
    (dist,) = parsed.distributions
    return dist


DISTRIBUTION_VALUES = {
    "origin": [
        {
            "id": "app",
            "domain_name": "app.example.com",
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
    "default_cache_behavior": [{"target_origin_id": "app", "viewer_protocol_policy": "allow-all"}],
}


def test_plan_links_tenants_by_the_planned_distribution_id() -> None:
    mine = planned(
        "aws_cloudfront_multitenant_distribution.saas",
        "aws_cloudfront_multitenant_distribution",
        {**DISTRIBUTION_VALUES, "id": "E1MINE"},
    )
    tenants = [
        planned(
            f"aws_cloudfront_distribution_tenant.{name}",
            "aws_cloudfront_distribution_tenant",
            {"distribution_id": target, "domain": [{"domain": f"{name}.example.com"}]},
        )
        for name, target in (("acme", "E1MINE"), ("globex", "E2OTHER"))
    ]
    dist = plan_of([mine, *tenants])
    assert dist.connection_mode == "tenant-only"
    assert dist.tenant_domains == ("acme.example.com",)


def test_plan_links_new_tenants_through_the_configuration_references() -> None:
    prefix = 'module.site["eu"].'
    mine = planned(
        prefix + "aws_cloudfront_multitenant_distribution.saas",
        "aws_cloudfront_multitenant_distribution",
        DISTRIBUTION_VALUES,
    )
    resources = [mine]
    for key, site in (("a", prefix), ("b", 'module.site["us"].')):
        resources.append(
            planned(
                f'{site}aws_cloudfront_distribution_tenant.each["{key}"]',
                "aws_cloudfront_distribution_tenant",
                {"domain": [{"domain": f"{key}.example.com"}]},
            )
        )
    reference = "aws_cloudfront_multitenant_distribution.saas.id"
    configuration = {
        "root_module": {
            "module_calls": {
                "site": {
                    "module": {
                        "resources": [
                            {
                                "address": "aws_cloudfront_distribution_tenant.each",
                                "type": "aws_cloudfront_distribution_tenant",
                                "expressions": {"distribution_id": {"references": [reference]}},
                            }
                        ]
                    }
                }
            }
        }
    }
    dist = plan_of(resources, configuration=configuration)
    assert dist.tenant_domains == ("a.example.com",)
    assert plan_of(resources).tenant_domains == ()
