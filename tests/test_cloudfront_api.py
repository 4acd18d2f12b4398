"""The CloudFront API front end: shapes, names, positions, quantities and policies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cf502lint.config import Config
from cf502lint.model import Distribution, Document, Span, TargetKind
from cf502lint.parsers import ParseOptions, collect_policies, parse_text
from cf502lint.runner import run
from cf502lint.source.tree import SourceError
from cf502lint.testing import lint_text

from .helpers import FIXTURES, installed_rules

ELB = "app-123456789.eu-west-1.elb.amazonaws.com"
CUSTOM_CACHE = "0a1b2c3d-1111-2222-3333-444455556666"
CUSTOM_REQUEST = "9f8e7d6c-1111-2222-3333-444455556666"


def wrap(items: list[Any]) -> dict[str, Any]:
    return {"Quantity": len(items), "Items": items} if items else {"Quantity": 0}


def config(
    *,
    origin_id: str = "app",
    domain: str = ELB,
    cache: str | None = None,
    request: str | None = None,
) -> dict[str, Any]:
    behavior: dict[str, Any] = {
        "TargetOriginId": origin_id,
        "ViewerProtocolPolicy": "redirect-to-https",
        "AllowedMethods": {**wrap(["HEAD", "GET"]), "CachedMethods": wrap(["HEAD", "GET"])},
    }
    if cache is not None:
        behavior["CachePolicyId"] = cache
    if request is not None:
        behavior["OriginRequestPolicyId"] = request
    return {
        "CallerReference": "test",
        "Aliases": wrap([]),
        "Origins": wrap(
            [
                {
                    "Id": origin_id,
                    "DomainName": domain,
                    "CustomHeaders": wrap([]),
                    "CustomOriginConfig": {
                        "HTTPPort": 80,
                        "HTTPSPort": 443,
                        "OriginProtocolPolicy": "https-only",
                        "OriginSslProtocols": wrap(["TLSv1.2"]),
                        "OriginReadTimeout": 30,
                        "OriginKeepaliveTimeout": 5,
                    },
                }
            ]
        ),
        "OriginGroups": wrap([]),
        "DefaultCacheBehavior": behavior,
        "CacheBehaviors": wrap([]),
        "Comment": "",
        "Enabled": True,
    }


def parse(document: Any, path: str = "dist.json", **options: Any) -> Document | None:
    return parse_text(json.dumps(document, indent=4), path, ParseOptions(**options))


def only(document: Document | None) -> Distribution:
    assert document is not None
    assert document.format == "cloudfront-api"
    (distribution,) = document.distributions
    return distribution


def get_distribution(cfg: dict[str, Any], dist_id: str = "E1EXAMPLE") -> dict[str, Any]:
    return {
        "ETag": "E2ETAG",
        "Distribution": {
            "Id": dist_id,
            "ARN": f"arn:aws:cloudfront::123456789012:distribution/{dist_id}",
            "Status": "Deployed",
            "DomainName": "d111111abcdef8.cloudfront.net",
            "ActiveTrustedSigners": {"Enabled": False, "Quantity": 0},
            "DistributionConfig": cfg,
        },
    }


SHAPES: list[tuple[str, Any, str]] = [
    ("bare DistributionConfig", config(), "dist.json"),
    ("get-distribution-config", {"ETag": "E2ETAG", "DistributionConfig": config()}, "dist.json"),
    ("get-distribution", get_distribution(config()), "E1EXAMPLE"),
    ("create-distribution", {"Location": "https://x", **get_distribution(config())}, "E1EXAMPLE"),
    (
        "get-distribution --query Distribution",
        get_distribution(config())["Distribution"],
        "E1EXAMPLE",
    ),
    (
        "DistributionConfigWithTags",
        {"DistributionConfigWithTags": {"DistributionConfig": config(), "Tags": {"Items": []}}},
        "dist.json",
    ),
    (
        "create-distribution-with-tags input",
        {"Tags": {"Items": []}, "DistributionConfig": config()},
        "dist.json",
    ),
    (
        "placebo get-distribution-config",
        {"status_code": 200, "data": {"ETag": "E2ETAG", "DistributionConfig": config()}},
        "dist.json",
    ),
    (
        "placebo update-distribution",
        {"status_code": 200, "data": get_distribution(config())},
        "E1EXAMPLE",
    ),
]


@pytest.mark.parametrize(("shape", "document", "name"), SHAPES, ids=[s[0] for s in SHAPES])
def test_every_wrapper_shape_yields_the_distribution(shape: str, document: Any, name: str) -> None:
    dist = only(parse(document))
    assert dist.name == name
    assert dist.resource is None
    assert [o.id for o in dist.origins] == ["app"]
    assert dist.origins[0].target.kind is TargetKind.LOAD_BALANCER
    assert dist.default_behavior is not None
    assert dist.default_behavior.allowed_methods == ("HEAD", "GET")
    assert dist.complete
    assert dist.issues == ()


def test_list_distributions_names_each_summary_by_id() -> None:
    summaries = [
        {"Id": "E1FIRST", "Status": "Deployed", **config(origin_id="one")},
        {"Id": "E2SECOND", "Status": "Deployed", **config(origin_id="two")},
    ]
    listing = {"DistributionList": {"Marker": "", "MaxItems": 100, **wrap(summaries)}}
    document = parse(listing)
    assert document is not None
    assert [(d.name, d.origins[0].id) for d in document.distributions] == [
        ("E1FIRST", "one"),
        ("E2SECOND", "two"),
    ]
    recorded = parse({"status_code": 200, "data": listing})
    assert recorded is not None
    assert [d.name for d in recorded.distributions] == ["E1FIRST", "E2SECOND"]


def test_summary_span_is_its_item_and_config_span_is_its_key() -> None:
    summaries = [{"Id": "E1FIRST", **config()}]
    document = parse({"DistributionList": wrap(summaries)})
    assert document is not None
    assert document.distributions[0].span == Span("dist.json", 5, 13)
    dist = only(parse({"ETag": "E2ETAG", "DistributionConfig": config()}))
    assert dist.span == Span("dist.json", 3, 5, 3, 25)


def test_empty_list_is_no_document() -> None:
    assert parse({"DistributionList": {"Marker": "", "MaxItems": 100, "Quantity": 0}}) is None


@pytest.mark.parametrize(
    "document",
    [
        {"name": "web", "version": "1.0.0", "dependencies": {}},
        {"Origins": ["https://example.com"], "Methods": ["GET"]},
        {"ETag": "E2ETAG", "CachePolicy": {"Id": CUSTOM_CACHE, "CachePolicyConfig": {}}},
        {"StreamingDistributionConfig": {"CallerReference": "x", "S3Origin": {}, "Enabled": True}},
        {"status_code": 200, "data": {"ETag": "E2", "StreamingDistributionConfig": {}}},
        {"ETag": "E2", "StreamingDistribution": {"Id": "S1", "StreamingDistributionConfig": {}}},
        [config()],
        {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}},
    ],
    ids=[
        "package.json",
        "other Origins",
        "cache policy",
        "streaming config",
        "placebo streaming",
        "streaming distribution",
        "array",
        "template without distribution",
    ],
)
def test_json_that_is_no_distribution_is_skipped_silently(document: Any) -> None:
    assert parse(document) is None


def test_partial_config_is_read_as_incomplete() -> None:
    dist = only(parse({"ETag": "E2", "DistributionConfig": {"Comment": "", "Enabled": True}}))
    assert dist.origins == ()
    assert not dist.complete
    assert dist.default_behavior is None


def test_every_field_has_its_key_position_in_tab_indented_json() -> None:
    text = json.dumps({"ETag": "E2ETAG", "DistributionConfig": config()}, indent="\t")
    dist = only(parse_text(text, "tabs.json", ParseOptions()))
    origin = dist.origins[0]
    lines = text.splitlines()
    for field, key in [
        ("id", "Id"),
        ("domain_name", "DomainName"),
        ("protocol_policy", "OriginProtocolPolicy"),
        ("http_port", "HTTPPort"),
        ("https_port", "HTTPSPort"),
        ("ssl_protocols", "OriginSslProtocols"),
        ("read_timeout", "OriginReadTimeout"),
        ("keepalive_timeout", "OriginKeepaliveTimeout"),
    ]:
        span = origin.spans[field]
        line = lines[span.line - 1]
        assert line.startswith("\t" * (span.column - 1) + f'"{key}"'), (field, line)
    assert dist.default_behavior is not None
    span = dist.default_behavior.spans["allowed_methods"]
    assert lines[span.line - 1] == '\t\t\t"AllowedMethods": {'
    assert span.column == 4


def test_quantity_mismatches_are_issues_at_the_quantity_key() -> None:
    cfg = config()
    cfg["Origins"]["Quantity"] = 2
    cfg["Origins"]["Items"][0]["CustomOriginConfig"]["OriginSslProtocols"]["Items"].append(
        "TLSv1.1"
    )
    cfg["CacheBehaviors"] = {"Quantity": 1}
    cfg["Aliases"] = {"Quantity": 0, "Items": []}
    document = get_distribution(cfg)
    document["Distribution"]["ActiveTrustedSigners"] = {"Enabled": True, "Quantity": 3}
    text = json.dumps(document, indent=2)
    dist = only(parse_text(text, "q.json", ParseOptions()))
    lines = text.splitlines()
    found = {issue.message.split(" has ")[0]: issue for issue in dist.issues}
    assert set(found) == {
        "Origins",
        "Origins.Items[0].CustomOriginConfig.OriginSslProtocols",
        "CacheBehaviors",
    }
    assert all(i.kind == "quantity-mismatch" for i in dist.issues)
    assert found["CacheBehaviors"].message == (
        "CacheBehaviors has Quantity 1 but no Items; CloudFront rejects the configuration "
        "(InconsistentQuantities)"
    )
    assert "Quantity 2 but 1 item in Items" in found["Origins"].message
    for issue in dist.issues:
        assert lines[issue.span.line - 1][issue.span.column - 1 :].startswith('"Quantity"')


def test_model_reads_items_even_when_quantity_disagrees() -> None:
    cfg = config()
    cfg["Origins"]["Quantity"] = 5
    dist = only(parse(cfg))
    assert [o.id for o in dist.origins] == ["app"]
    assert len(dist.issues) == 1


def test_issues_go_to_the_distribution_whose_text_holds_them() -> None:
    first, second = config(origin_id="one"), config(origin_id="two")
    second["Aliases"] = {"Quantity": 1}
    text = json.dumps(
        {
            "DistributionList": {
                "Quantity": 9,
                "Items": [{"Id": "E1", **first}, {"Id": "E2", **second}],
            }
        },
        indent=2,
    )
    text = text.replace('"Id": "two",', '"Id": "two",\n"Id": "two",')
    document = parse_text(text, "list.json", ParseOptions())
    assert document is not None
    one, two = document.distributions
    assert one.issues == ()
    assert sorted(i.kind for i in two.issues) == ["duplicate-key", "quantity-mismatch"]
    duplicate = next(i for i in two.issues if i.kind == "duplicate-key")
    assert "the AWS CLI and SDKs keep only this value and drop the first" in duplicate.message


def test_repeated_or_missing_ids_get_distinct_names() -> None:
    summaries = [{"Id": "E1", **config()}, {"Id": "E1", **config()}, config()]
    document = parse({"DistributionList": wrap(summaries)}, path="dir/list.json")
    assert document is not None
    assert [d.name for d in document.distributions] == ["E1 (#1)", "E1 (#2)", "list.json"]


def test_empty_policy_ids_mean_no_policy() -> None:
    cfg = config(cache="", request="")
    cfg["DefaultCacheBehavior"]["ForwardedValues"] = {
        "QueryString": False,
        "Cookies": {"Forward": "none"},
        "Headers": wrap(["Host"]),
    }
    behavior = only(parse(cfg)).default_behavior
    assert behavior is not None and behavior.forwards_host is True
    del cfg["DefaultCacheBehavior"]["ForwardedValues"]["Headers"]
    behavior = only(parse(cfg)).default_behavior
    assert behavior is not None and behavior.forwards_host is False


def test_managed_policies_resolve_and_unknown_ids_stay_unknown() -> None:
    managed = config(
        cache="4135ea2d-6df8-44a3-9df3-4b5a84be39ad", request="216adef6-5c7f-47e4-b989-5492eafa07d3"
    )
    behavior = only(parse(managed)).default_behavior
    assert behavior is not None and behavior.forwards_host is True
    custom = config(cache=CUSTOM_CACHE)
    behavior = only(parse(custom)).default_behavior
    assert behavior is not None and behavior.forwards_host is None


def cache_policy(policy_id: str, headers: list[str], behavior: str = "whitelist") -> dict[str, Any]:
    return {
        "Id": policy_id,
        "LastModifiedTime": "2024-05-02T10:11:12Z",
        "CachePolicyConfig": {
            "Name": "custom",
            "MinTTL": 1,
            "ParametersInCacheKeyAndForwardedToOrigin": {
                "EnableAcceptEncodingGzip": True,
                "HeadersConfig": {"HeaderBehavior": behavior, "Headers": wrap(headers)},
                "CookiesConfig": {"CookieBehavior": "none"},
                "QueryStringsConfig": {"QueryStringBehavior": "none"},
            },
        },
    }


def request_policy(policy_id: str, behavior: str, headers: list[str]) -> dict[str, Any]:
    return {
        "Id": policy_id,
        "OriginRequestPolicyConfig": {
            "Name": "custom",
            "HeadersConfig": {"HeaderBehavior": behavior, "Headers": wrap(headers)},
            "CookiesConfig": {"CookieBehavior": "none"},
            "QueryStringsConfig": {"QueryStringBehavior": "none"},
        },
    }


POLICY_DOCUMENTS: list[tuple[str, Any, Any, bool]] = [
    (
        "get-cache-policy",
        {"ETag": "E1", "CachePolicy": cache_policy(CUSTOM_CACHE, ["Host"])},
        config(cache=CUSTOM_CACHE),
        True,
    ),
    (
        "get-cache-policy without Host",
        {"ETag": "E1", "CachePolicy": cache_policy(CUSTOM_CACHE, ["Origin"])},
        config(cache=CUSTOM_CACHE),
        False,
    ),
    (
        "list-cache-policies",
        {
            "CachePolicyList": {
                "MaxItems": 100,
                **wrap(
                    [
                        {"Type": "managed", "CachePolicy": cache_policy("x-managed", [], "none")},
                        {
                            "Type": "custom",
                            "CachePolicy": cache_policy(CUSTOM_CACHE.upper(), ["host"]),
                        },
                    ]
                ),
            }
        },
        config(cache=CUSTOM_CACHE),
        True,
    ),
    (
        "get-origin-request-policy",
        {
            "ETag": "E1",
            "OriginRequestPolicy": request_policy(CUSTOM_REQUEST, "allExcept", ["Host"]),
        },
        config(cache="4135ea2d-6df8-44a3-9df3-4b5a84be39ad", request=CUSTOM_REQUEST),
        False,
    ),
    (
        "placebo list-origin-request-policies",
        {
            "status_code": 200,
            "data": {
                "OriginRequestPolicyList": wrap(
                    [
                        {
                            "Type": "custom",
                            "OriginRequestPolicy": request_policy(CUSTOM_REQUEST, "allViewer", []),
                        }
                    ]
                )
            },
        },
        config(cache="4135ea2d-6df8-44a3-9df3-4b5a84be39ad", request=CUSTOM_REQUEST),
        True,
    ),
]


@pytest.mark.parametrize(
    ("shape", "policy", "cfg", "forwards"), POLICY_DOCUMENTS, ids=[p[0] for p in POLICY_DOCUMENTS]
)
def test_policies_from_other_files_resolve(
    shape: str, policy: Any, cfg: Any, forwards: bool
) -> None:
    known = collect_policies([("policy.json", json.dumps(policy)), ("dist.json", json.dumps(cfg))])
    behavior = only(parse(cfg, api_policies=known)).default_behavior
    assert behavior is not None and behavior.forwards_host is forwards


def test_conflicting_policy_documents_leave_the_answer_unknown() -> None:
    with_host = {"CachePolicy": cache_policy(CUSTOM_CACHE, ["Host"])}
    without = {"CachePolicy": cache_policy(CUSTOM_CACHE, [])}
    known = collect_policies([("a.json", json.dumps(with_host)), ("b.json", json.dumps(without))])
    assert known.cache == {CUSTOM_CACHE: None}


def test_a_run_resolves_policies_across_files(tmp_path: Path) -> None:
    bad = {"ETag": "E2", "DistributionConfig": config(cache=CUSTOM_CACHE)}
    (tmp_path / "dist.json").write_text(json.dumps(bad, indent="\t"))
    rules = installed_rules()
    select = Config(select=("https-to-elb-default-hostname",))

    def findings() -> list[str]:
        report = run([str(tmp_path)], rules, select, ParseOptions())
        assert report.errors == ()
        return [f.rule_id for f in report.findings]

    assert findings() == []
    policy = tmp_path / "policies" / "cache.json"
    policy.parent.mkdir()
    policy.write_text(json.dumps({"ETag": "E1", "CachePolicy": cache_policy(CUSTOM_CACHE, [])}))
    assert findings() == ["CF103"]
    policy.write_text(
        json.dumps({"ETag": "E1", "CachePolicy": cache_policy(CUSTOM_CACHE, ["Host"])})
    )
    assert findings() == []


def test_cli_yaml_output_is_read_too() -> None:
    text = "ETag: E2ETAG\nDistributionConfig:\n  Origins:\n    Quantity: 2\n    Items:\n"
    text += f"    - Id: app\n      DomainName: {ELB}\n      CustomOriginConfig:\n"
    text += "        OriginProtocolPolicy: https-only\n"
    text += (
        "  DefaultCacheBehavior:\n    TargetOriginId: app\n    ViewerProtocolPolicy: allow-all\n"
    )
    dist = only(parse_text(text, "dist.yaml", ParseOptions()))
    span = dist.origins[0].spans["protocol_policy"]
    assert (span.line, span.column) == (9, 9)
    assert [i.span.line for i in dist.issues] == [4]


API_FIXTURES = sorted(
    p for p in (FIXTURES / "rules").glob("*/*-api*.json") if p.name.startswith(("bad", "good"))
)


@pytest.mark.parametrize("path", API_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_api_fixture_is_read_as_api_json(path: Path) -> None:
    """A good fixture that was silently skipped would pass for the wrong reason."""
    document = parse_text(path.read_text(), path.name, ParseOptions())
    assert document is not None and document.format == "cloudfront-api"
    assert all(d.complete and d.default_behavior for d in document.distributions)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 70000) | st.sampled_from(["", "x", "GET", ELB]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Quantity",
                    "Items",
                    "Id",
                    "DomainName",
                    "CustomOriginConfig",
                    "HTTPPort",
                    "OriginProtocolPolicy",
                    "Members",
                    "OriginId",
                    "StatusCodes",
                    "FailoverCriteria",
                    "AllowedMethods",
                    "ForwardedValues",
                    "Headers",
                    "CachePolicyId",
                    "TargetOriginId",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)
SLOTS = ["Origins", "OriginGroups", "DefaultCacheBehavior", "CacheBehaviors", "Aliases"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(SLOTS), JSON_VALUES), st.sampled_from(SHAPES))
def test_any_values_in_any_shape_never_crash_the_parser_or_rules(
    slots: dict[str, Any], shape: tuple[str, Any, str]
) -> None:
    cfg = {**config(), **slots}
    text = json.dumps(shape[1]).replace(json.dumps(config()), json.dumps(cfg))
    document = parse_text(text, "fuzz.json", ParseOptions())
    assert document is not None or shape[0] == "bare DistributionConfig"
    lint_text(text, "fuzz.json", installed_rules().values())


@pytest.mark.parametrize(
    "text",
    [
        '{"Origins": {"Quantity": 1, "Items": []}, "DefaultCacheBehavior": {},}',
        '{"ETag": "E1", "DistributionConfig": {',
    ],
    ids=["bare config with a trailing comma", "truncated output"],
)
def test_broken_api_json_is_an_error_not_a_silent_skip(text: str) -> None:
    with pytest.raises(SourceError, match="invalid JSON"):
        parse_text(text, "d.json", ParseOptions())
