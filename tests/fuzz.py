"""Fuzzing cf502lint (issue 6, item 3): the properties, their strategies, and a campaign.

Six properties, shared by ``tests/test_fuzz.py`` (a few examples on every test run) and
the longer campaign this module runs::

    python -m tests.fuzz --minutes 5 [--jobs 2 --seed N]

* **rules**: a random model (distributions, origins, groups, behaviours, load balancers,
  with unknowns and odd integers) through every installed rule, the engine and every
  reporter: findings or nothing, never an exception.
* **symlinks**: a small tree of fixture files and links to files and directories outside
  it, to ``/``, to themselves and to nowhere: the run reads nothing outside, no output
  carries the secret those files hold, and nothing raises.
* **files**: a fixture file mutated (bytes flipped, cut short, lines deleted or repeated,
  YAML/JSON/HCL tokens inserted) through the whole run, as the CLI does it: a report or a
  clean per-file error, never an exception; and a rule crashing on what a parser built is
  a failure too.

The campaign records each failure (and keeps going), writes the inputs that failed under
``--out``, and prints the figures: inputs tried and failures found per property.
"""

from __future__ import annotations

import argparse
import collections.abc
import contextlib
import dataclasses
import enum
import json
import shutil
import sys
import tempfile
import time
import traceback
import types
import typing
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cf502lint import fix as fix_types
from cf502lint import model as model_types
from cf502lint.config import Config
from cf502lint.engine import lint
from cf502lint.model import Distribution, Document, Problem, Span
from cf502lint.parsers import ParseOptions
from cf502lint.plugins import collect_rules, plugin_manager
from cf502lint.reporters import Context, reporters
from cf502lint.rule import Rule
from cf502lint.runner import Report, run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SKIPPED_SUFFIXES = (".expected", ".md")

# --- random models --------------------------------------------------------------------------

ODD_INTS = st.one_of(
    st.integers(-2, 70_000),
    st.sampled_from([0, -1, 1, 4, 30, 60, 79, 80, 81, 443, 1023, 1024, 65535, 65536]),
    st.sampled_from([2**31, 2**63, -(2**63), 10**30]),
)
DOMAINS = [
    "example.com",
    "www.example.com",
    "*.example.com",
    "site.s3-website-us-east-1.amazonaws.com",
    "site.s3-website.eu-west-1.amazonaws.com",
    "site.s3.amazonaws.com",
    "site.s3.us-east-1.amazonaws.com",
    "app-123.us-east-1.elb.amazonaws.com",
    "internal-app.eu-west-1.elb.amazonaws.com",
    "abc.execute-api.us-east-1.amazonaws.com",
    "abc.lambda-url.eu-west-1.on.aws",
    "d111.cloudfront.net",
    "*.s3-website.*.amazonaws.com",
    "*",
    "*.",
    ".",
    "..",
    "a..b",
    "",
    "EXAMPLE.COM.",
]
WORDS: dict[str, list[str]] = {
    "protocol_policy": ["http-only", "https-only", "match-viewer", "HTTPS-ONLY", ""],
    "viewer_protocol_policy": ["allow-all", "https-only", "redirect-to-https", ""],
    "protocol": ["HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "SSL", "http", "GENEVE"],
    "type": ["application", "network", "gateway", "classic", ""],
    "kind": ["duplicate-key", "quantity-mismatch", "other"],
    "domain_name": DOMAINS,
    "domain_pattern": DOMAINS,
    "names": DOMAINS,
    "aliases": DOMAINS,
    "id": ["a", "b", "g", ""],
    "target_origin_id": ["a", "b", "g", "missing", ""],
    "member_ids": ["a", "b", "g", ""],
    "allowed_methods": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE", "get"],
    "ssl_protocols": ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"],
    "ssl_policy": ["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-2-2021-06"],
    "path_pattern": ["/api/*", "*", "", "/"],
    "rule": ["CF101", "CF1", "https-to-s3-website-origin", "*", ""],
    "resource": ["Alb", "aws_lb.app", "Distribution", ""],
    "name": ["Distribution", "aws_cloudfront_distribution.site", ""],
}
STATUS_CODES = st.one_of(
    st.sampled_from([400, 403, 404, 416, 500, 502, 503, 504, 200, 0, -1]), ODD_INTS
)


def _text(name: str) -> st.SearchStrategy[str]:
    words = WORDS.get(name)
    text = st.text(max_size=24)
    return st.one_of(st.sampled_from(words), text) if words else text


def _for_type(tp: Any, name: str) -> st.SearchStrategy[Any]:
    """A strategy for a field's type, with values chosen by the field's name."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is type(None):
        return st.none()
    if origin in (typing.Union, types.UnionType):
        return st.one_of([_for_type(arg, name) for arg in args])
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(_for_type(args[0], name), max_size=4).map(tuple)
        return st.tuples(*(_for_type(arg, name) for arg in args))
    if origin in (collections.abc.Mapping, dict):
        return st.dictionaries(_for_type(args[0], name), _for_type(args[1], name), max_size=3)
    if tp is bool:
        return st.booleans()
    if tp is int:
        return STATUS_CODES if name == "status_codes" else ODD_INTS
    if tp is str:
        return _text(name)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return st.deferred(lambda: model(tp))
    raise TypeError(f"no strategy for {tp!r} ({name})")


def _span() -> st.SearchStrategy[Span]:
    return st.builds(
        Span,
        path=st.just("fuzz.yaml"),
        line=st.integers(1, 10**6),
        column=st.integers(1, 500),
        end_line=st.none() | st.integers(1, 10**6),
        end_column=st.none() | st.integers(1, 500),
    )


@cache
def model(cls: type) -> st.SearchStrategy[Any]:
    """Instances of a model dataclass with every field drawn, not only the required ones."""
    if cls is Span:
        return _span()
    hints = typing.get_type_hints(cls, localns={**vars(fix_types), **vars(model_types)})
    fields = {}
    for item in dataclasses.fields(cls):
        if not item.init:
            continue
        strategy = _for_type(hints[item.name], item.name)
        if item.name == "spans":
            strategy = st.dictionaries(st.sampled_from(sorted(hints)), _span(), max_size=4)
        if item.name in ("origins", "behaviors", "origin_groups"):
            strategy = st.lists(_for_type(typing.get_args(hints[item.name])[0], ""), max_size=3)
            strategy = strategy.map(tuple)
        fields[item.name] = strategy
    return st.builds(cls, **fields)


DISTRIBUTIONS: st.SearchStrategy[Distribution] = model(Distribution)


@cache
def installed() -> dict[str, Rule]:
    return collect_rules(plugin_manager())


def check_rules(dist: Distribution) -> None:
    """Every rule, then the engine and every reporter: findings or nothing, never a raise."""
    rules = installed()
    for rule in rules.values():
        for problem in rule(dist, **rule.options):
            assert isinstance(problem, Problem), (rule.id, problem)
    document = Document(dist.span.path, "cloudformation", (dist,))
    result = lint([document], rules.values(), Config())
    assert not result.crashes, [str(crash) for crash in result.crashes]
    report = Report(result.findings, (), (dist.span.path,))
    for render in reporters().values():
        assert isinstance(render(report, Context(version="0", rules=rules)), str)


# --- mutated fixture files ------------------------------------------------------------------


@cache
def fixture_files() -> tuple[Path, ...]:
    return tuple(
        sorted(
            path
            for path in FIXTURES.rglob("*")
            if path.is_file() and not path.name.endswith(SKIPPED_SUFFIXES)
        )
    )


TOKENS = [
    # YAML
    "&a ", "*a", "<<: *a\n", "<<: [*a, *a]\n", "? ", "- ", ": ", "|\n", ">-\n", "'", '"', "\t",
    "!Ref ", "!GetAtt X.Y", "!Sub '${'", "!If [C, a, b]", "!Custom ", "!Rain::Module ",
    "!!python/name:os.system ", "!!binary ", "!!int ", "!!float ", "%TAG ! x\n", "---\n",
    "...\n", "{", "}", "[", "]", ",", "#", "\ufeff", "\x00", "\u2028", "Fn::If", "Condition",
    "AWS::NoValue", "Ref", "Fn::FindInMap", "Fn::Select", "Fn::Split", "Fn::Join",
    # JSON
    "null", "true", "1e999", "-0", "99999999999999999999", '"\\u0000"', '"\\ud800"', '{"a":',
    "9" * 4400, "-0x" + "f" * 300, "1" + ":00" * 400,
    # HCL
    "${", "%{", "<<EOF\n", "EOF\n", " = ", "(", ")", "for x in y :", " ? ", "...", "[*]",
    "/*", "//", 'dynamic "origin" {', "count = 3\n", "for_each = {}\n", "var.x", "local.y",
    'module "m" { source = "./m" }\n', "try(", "lookup(",
    'resource "aws_cloudfront_distribution" "x" {\n', "\\", "\r\n",
]  # fmt: skip


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A fixture file's name and its contents after one to five mutations."""
    path = draw(st.sampled_from(fixture_files()))
    data = path.read_bytes()
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["flip", "cut", "delete", "repeat", "insert", "swap"]))
        size = len(data)
        at = draw(st.integers(0, size))
        if kind == "flip" and size:
            at = min(at, size - 1)
            data = data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1 :]
        elif kind == "cut":
            data = data[:at]
        elif kind in ("delete", "repeat", "swap"):
            lines = data.splitlines(keepends=True)
            if not lines:
                continue
            index = draw(st.integers(0, len(lines) - 1))
            if kind == "delete":
                del lines[index]
            elif kind == "repeat":
                lines.insert(index, lines[index])
            else:
                other = draw(st.integers(0, len(lines) - 1))
                lines[index], lines[other] = lines[other], lines[index]
            data = b"".join(lines)
        else:
            token = draw(st.sampled_from(TOKENS)).encode("utf-8", "surrogatepass")
            data = data[:at] + token + data[at:]
    return path.name, data


def check_file(name: str, data: bytes, directory: Path) -> Report:
    """One file, alone in ``directory``, through a whole run: a report, never a raise."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    path = directory / name
    path.write_bytes(data)
    report = run([str(path)], installed(), Config(), ParseOptions())
    for error in report.errors:
        assert isinstance(error.message, str) and error.message, error
        assert error.line is None or (isinstance(error.line, int) and error.line >= 1), error
        assert " crashed: " not in error.message, error.message  # a rule crashed on a model
        assert not error.message.startswith("internal error"), error.message  # a parser bug
        # a RecursionError (the explicit depth limits say "nested more than N levels deep")
        assert "nested too deeply to read" not in error.message, error.message
    for finding in report.findings:
        assert finding.span.line >= 1, finding
    return report


# --- generated templates: CloudFormation, CloudFront API JSON, Terraform -------------------

NAMES = ["Site", "Alb", "Classic", "Listener", "Cert", "Rec", "Recs", "Bucket", "Api", "Url"]
REFS = [*NAMES, "P", "L", "AWS::Region", "AWS::NoValue", "AWS::URLSuffix", "AWS::StackName", "X"]
ATTRIBUTES = ["DNSName", "WebsiteURL", "DomainName", "RegionalDomainName", "Arn", "Name"]
ATTRIBUTES += ["FunctionUrl", "ApiEndpoint", "Nope"]
SUBS = ["${Alb.DNSName}", "${P}.example.com", "${AWS::Region}", "${!Literal}", "${X}", "x${"]
SUBS += ["${Bucket}.s3-website-${AWS::Region}.amazonaws.com", "${Rec}", "https://${Url}/"]
EXTREMES = {
    "EXTREME0": "9" * 4301,
    "EXTREME1": "-" + "9" * 5000,
    "EXTREME2": "1" + "0" * 400,
    "EXTREME3": "1.5e400",
    "EXTREME4": "-1e-400",
}
"""Numbers no Python int or float holds as written, by the placeholder that stands for each
until a generated document is written out (json and yaml cannot write them)."""
LEAVES: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(sorted(EXTREMES)),
    st.sampled_from(DOMAINS),
    st.sampled_from(sorted({w for words in WORDS.values() for w in words})),
    st.sampled_from(["80", "443", "8080", "true", "internal", "internet-facing", "idle_timeout"]),
    ODD_INTS,
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


OPAQUE = ["Fn::Base64", "Fn::Cidr", "Fn::GetAZs", "Fn::Length", "Fn::ToJsonString"]


def _tower(levels: int, value: Any) -> Any:
    """``value`` in ``levels`` nested Fn::Sub of ten ``${X}`` each: ten times longer at each
    level, a few bytes of text."""
    for _ in range(levels):
        value = {"Fn::Sub": ["${X}" * 10, {"X": value}]}
    return value


def _intrinsics(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    ref = st.sampled_from(REFS)
    return st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["Key", "Value", "Name", "Items", "Quantity"]), children),
        st.builds(lambda n: {"Ref": n}, ref),
        st.builds(lambda n, a: {"Fn::GetAtt": [n, a]}, ref, st.sampled_from(ATTRIBUTES)),
        st.builds(lambda n, a: {"Fn::GetAtt": f"{n}.{a}"}, ref, st.sampled_from(ATTRIBUTES)),
        st.builds(lambda t: {"Fn::Sub": t}, st.sampled_from(SUBS) | children),
        st.builds(lambda t, v: {"Fn::Sub": [t, {"X": v}]}, st.sampled_from(SUBS), children),
        st.builds(lambda d, v: {"Fn::Join": [d, v]}, st.sampled_from(["", ".", "/"]), children),
        st.builds(
            lambda i, v: {"Fn::Select": [i, v]}, st.sampled_from([0, 1, 2, -1, "1"]), children
        ),
        st.builds(lambda d, v: {"Fn::Split": [d, v]}, st.sampled_from([".", "/", ""]), children),
        st.builds(
            lambda a, b: {"Fn::FindInMap": ["M", a, b]},
            st.sampled_from(["k", "j", {"Ref": "AWS::Region"}]),
            st.sampled_from(["k", "j"]),
        ),
        st.builds(
            lambda c, a, b: {"Fn::If": [c, a, b]},
            st.sampled_from(["C", "D", "X"]),
            children,
            children,
        ),
        st.builds(lambda v: {"Fn::ImportValue": v}, children),
        st.builds(lambda f, v: {f: v}, st.sampled_from(OPAQUE), children),
        st.builds(lambda c: {"Condition": c}, st.sampled_from(["C", "D"])),
        st.builds(_tower, st.integers(1, 9), children),
    )


CFN_VALUES = st.recursive(LEAVES, _intrinsics, max_leaves=6)


def _maybe(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


def _listed(item: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(item, max_size=3) | CFN_VALUES


V = CFN_VALUES


def _w(name: str) -> st.SearchStrategy[Any]:
    """Mostly a plausible value for the field ``name``, else anything."""
    return st.one_of(st.sampled_from(WORDS[name]), st.sampled_from(WORDS[name]), V)


PORTS = st.sampled_from([80, 443, 8080, 8443, 22, 0, 65536, "443"]) | V
SECONDS = st.sampled_from([1, 4, 30, 60, 61, 120, 181, "30"]) | V
CFN_ORIGIN = st.fixed_dictionaries(
    {"Id": st.sampled_from(["a", "b", "g"]) | V, "DomainName": _w("domain_name")},
    optional={
        "CustomOriginConfig": st.fixed_dictionaries(
            {"OriginProtocolPolicy": _w("protocol_policy")},
            optional={
                "HTTPPort": PORTS,
                "HTTPSPort": PORTS,
                "OriginReadTimeout": SECONDS,
                "OriginKeepaliveTimeout": SECONDS,
                "OriginSSLProtocols": st.lists(_w("ssl_protocols"), max_size=2) | V,
            },
        )
        | V,
        "S3OriginConfig": _maybe(OriginAccessIdentity=V, OriginReadTimeout=SECONDS) | V,
        "VpcOriginConfig": _maybe(VpcOriginId=V) | V,
        "OriginAccessControlId": V,
        "ConnectionAttempts": st.sampled_from([1, 3, 4, 0]) | V,
        "ConnectionTimeout": st.sampled_from([1, 10, 11]) | V,
    },
)
CFN_BEHAVIOR = st.fixed_dictionaries(
    {"TargetOriginId": _w("target_origin_id")},
    optional={
        "PathPattern": _w("path_pattern"),
        "ViewerProtocolPolicy": _w("viewer_protocol_policy"),
        "AllowedMethods": st.lists(_w("allowed_methods"), max_size=7) | V,
        "CachePolicyId": st.sampled_from(["658327ea-f89d-4fab-a63d-7e88639e58f6", "Policy"]) | V,
        "OriginRequestPolicyId": st.sampled_from(
            ["216adef6-5c7f-47e4-b989-5492eafa07d3", {"Ref": "Policy"}]
        )
        | V,
        "ForwardedValues": _maybe(Headers=st.just(["Host"]) | V, QueryString=V) | V,
    },
)
CFN_GROUP = st.fixed_dictionaries(
    {
        "Id": st.sampled_from(["g", "a"]) | V,
        "Members": st.fixed_dictionaries(
            {"Items": _listed(st.fixed_dictionaries({"OriginId": _w("member_ids")}))},
            optional={"Quantity": st.integers(0, 3) | V},
        )
        | V,
    },
    optional={
        "FailoverCriteria": _maybe(
            StatusCodes=_maybe(Quantity=st.integers(0, 3), Items=st.lists(STATUS_CODES) | V)
        )
        | V
    },
)
CFN_CONFIG = st.fixed_dictionaries(
    {"Origins": st.lists(CFN_ORIGIN, min_size=1, max_size=3) | V},
    optional={
        "Enabled": V,
        "Aliases": st.lists(_w("aliases"), max_size=3) | V,
        "OriginGroups": _maybe(Quantity=V, Items=_listed(CFN_GROUP)) | V,
        "DefaultCacheBehavior": CFN_BEHAVIOR | V,
        "CacheBehaviors": _listed(CFN_BEHAVIOR),
    },
)
_RESOURCES: dict[str, tuple[str, st.SearchStrategy[Any]]] = {
    "Site": (
        "AWS::CloudFront::Distribution",
        st.fixed_dictionaries({"DistributionConfig": CFN_CONFIG | CFN_CONFIG | V}),
    ),
    "Alb": (
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        _maybe(Scheme=V, Type=V, LoadBalancerAttributes=V),
    ),
    "Classic": (
        "AWS::ElasticLoadBalancing::LoadBalancer",
        _maybe(Listeners=V, ConnectionSettings=_maybe(IdleTimeout=V), Scheme=V),
    ),
    "Listener": (
        "AWS::ElasticLoadBalancingV2::Listener",
        _maybe(
            LoadBalancerArn=st.just({"Ref": "Alb"}) | V,
            Port=V,
            Protocol=V,
            Certificates=_listed(_maybe(CertificateArn=st.just({"Ref": "Cert"}) | V)),
            SslPolicy=V,
            DefaultActions=V,
        ),
    ),
    "Cert": (
        "AWS::CertificateManager::Certificate",
        _maybe(DomainName=V, SubjectAlternativeNames=V),
    ),
    "Rec": (
        "AWS::Route53::RecordSet",
        _maybe(Name=V, AliasTarget=_maybe(DNSName=V), ResourceRecords=V),
    ),
    "Recs": (
        "AWS::Route53::RecordSetGroup",
        _maybe(RecordSets=_listed(_maybe(Name=V, AliasTarget=_maybe(DNSName=V)))),
    ),
    "Bucket": ("AWS::S3::Bucket", _maybe(BucketName=V, WebsiteConfiguration=V)),
    "Api": ("AWS::ApiGatewayV2::Api", _maybe(Name=V)),
    "Url": ("AWS::Lambda::Url", _maybe(TargetFunctionArn=V)),
    "Policy": (
        "AWS::CloudFront::OriginRequestPolicy",
        _maybe(OriginRequestPolicyConfig=_maybe(HeadersConfig=_maybe(HeaderBehavior=V, Headers=V))),
    ),
}
RESOURCE_TYPES = sorted({kind for kind, _ in _RESOURCES.values()})


@st.composite
def cfn_templates(draw: st.DrawFn) -> tuple[str, bytes]:
    """A random CloudFormation template with a distribution, as JSON or YAML."""
    resources: dict[str, Any] = {}
    for name, (kind, properties) in _RESOURCES.items():
        if name == "Site" or draw(st.booleans()):
            if name != "Site" and draw(st.integers(0, 9)) == 0:
                kind = draw(st.sampled_from(RESOURCE_TYPES))  # a name of another type
            resources[name] = {"Type": kind, "Properties": draw(properties)}
            if draw(st.integers(0, 5)) == 0:
                resources[name]["Condition"] = draw(st.sampled_from(["C", "D"]))
    template: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    if draw(st.booleans()):
        template["Parameters"] = {
            name: {
                "Type": draw(st.sampled_from(["String", "CommaDelimitedList", "Number"])),
                **({"Default": draw(V)} if draw(st.booleans()) else {}),
            }
            for name in ("P", "L")
        }
    if draw(st.booleans()):
        template["Mappings"] = {"M": {"k": {"k": draw(V), "j": draw(V)}, "j": {"k": draw(V)}}}
    if draw(st.booleans()):
        condition = st.one_of(
            st.builds(lambda v: {"Fn::Equals": [{"Ref": "P"}, v]}, LEAVES),
            st.builds(lambda a, b: {"Fn::Equals": [a, b]}, V, V),
            st.just({"Fn::Not": [{"Condition": "D"}]}),
            st.just({"Condition": "C"}),
            st.builds(lambda v: {"Fn::And": [{"Condition": "C"}, v]}, V),
            V,
        )
        template["Conditions"] = {"C": draw(condition), "D": draw(condition)}
    if draw(st.integers(0, 4)) == 0:
        template["Transform"] = "AWS::Serverless-2016-10-31"
    if draw(st.booleans()):
        return "template.json", _extremes(json.dumps(template, indent=1), '"')
    return "template.yaml", _extremes(yaml.safe_dump(template, sort_keys=False), "")


def _extremes(text: str, quote: str) -> bytes:
    """``text`` with each placeholder of EXTREMES (a string, in ``quote``) the number it
    stands for."""
    for placeholder, number in EXTREMES.items():
        text = text.replace(f"{quote}{placeholder}{quote}", number)
    return text.encode()


def _api_value(value: Any) -> Any:
    """CloudFormation lists as the API writes them: {"Quantity", "Items"}."""
    if isinstance(value, dict):
        return {key: _api_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return {"Quantity": len(value), "Items": [_api_value(item) for item in value]}
    return value


API_LEAVES = st.recursive(LEAVES, lambda c: st.lists(c, max_size=3), max_leaves=4)


@st.composite
def api_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    """A random CloudFront API document (get-distribution-config and friends)."""
    config = _api_value(draw(CFN_CONFIG.filter(lambda c: True)))
    config = json.loads(json.dumps(config, default=str))
    strip = draw(st.booleans())
    if strip:  # no intrinsics in the API: replace them by plain values
        config = _plain(config, draw(API_LEAVES))
    shape = draw(st.sampled_from(["config", "etag", "distribution", "list", "bare"]))
    document: Any
    if shape == "etag":
        document = {"ETag": "E1", "DistributionConfig": config}
    elif shape == "distribution":
        document = {"Distribution": {"Id": "E1", "DistributionConfig": config}}
    elif shape == "list":
        document = {"DistributionList": {"Quantity": 1, "Items": [{"Id": "E1", **config}]}}
    elif shape == "bare":
        document = config
    else:
        document = {"DistributionConfig": config}
    return "distribution.json", _extremes(json.dumps(document), '"')


def _plain(value: Any, leaf: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)).startswith(("Fn::", "Ref", "Condition")):
            return leaf
        return {key: _plain(item, leaf) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item, leaf) for item in value]
    return value


HCL_LEAVES = [
    '"example.com"', '"site.s3-website-us-east-1.amazonaws.com"', '"https-only"', '"http-only"',
    '"match-viewer"', '"allow-all"', '"HTTPS"', "443", "80", "0", "-1", "65536", "1e3", "true",
    "null", "var.x", "var.list", "local.y", "aws_lb.app.dns_name", "aws_lb.app.arn",
    "aws_s3_bucket.b.website_endpoint", "aws_s3_bucket_website_configuration.w.website_endpoint",
    "aws_route53_record.r.fqdn", "aws_route53_record.r.name", "aws_acm_certificate.c.arn",
    "aws_lambda_function_url.u.function_url", "data.aws_lb.x.dns_name", "module.m.out",
    "each.value", "each.key", "count.index", "self.x", "path.module", '"${var.x}.example.com"',
    '"%{if true}a%{else}b%{endif}"', '["GET", "HEAD"]', '{a = 1}', "aws_lb.app[0].dns_name",
]  # fmt: skip
HCL_FUNCTIONS = [
    "lookup", "coalesce", "join", "split", "format", "concat", "merge", "element", "length",
    "try", "can", "tostring", "tonumber", "tobool", "tolist", "toset", "tomap", "replace",
    "lower", "upper", "trimsuffix", "trimprefix", "one", "flatten", "keys", "values", "min",
    "max", "abs", "contains", "jsonencode", "cidrsubnet", "regex", "substr", "nope",
]  # fmt: skip


def _hcl_compound(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pairs = st.tuples(children, children)
    return st.one_of(
        st.lists(children, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(children, max_size=2).map(
            lambda xs: "{" + ", ".join(f"k{i} = {x}" for i, x in enumerate(xs)) + "}"
        ),
        st.tuples(children, children, children).map(lambda t: f"({t[0]}) ? {t[1]} : {t[2]}"),
        pairs.map(lambda t: f"({t[0]}) {'==' if len(t[0]) % 2 else '+'} ({t[1]})"),
        children.map(lambda x: f"!({x})"),
        children.map(lambda x: f"-({x})"),
        st.tuples(st.sampled_from(HCL_FUNCTIONS), st.lists(children, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        pairs.map(lambda t: f"[for v in {t[0]} : {t[1]}]"),
        pairs.map(lambda t: f"{{for k, v in {t[0]} : k => {t[1]}}}"),
        pairs.map(lambda t: f"[for v in {t[0]} : v if {t[1]}]"),
        children.map(lambda x: f"{x}[0]"),
        children.map(lambda x: f'{x}["k"]'),
        children.map(lambda x: f"{x}[*].id"),
        children.map(lambda x: f"({x})"),
        children.map(lambda x: f'"${{{x}}}"'),
    )


HCL_EXPRESSIONS = st.recursive(st.sampled_from(HCL_LEAVES), _hcl_compound, max_leaves=5)


@st.composite
def terraform_modules(draw: st.DrawFn) -> tuple[str, bytes]:
    """A random Terraform file with a distribution and the resources it may point at."""
    e = HCL_EXPRESSIONS

    def attributes(*names: str) -> str:
        return "".join(f"  {n} = {draw(e)}\n" for n in names if draw(st.booleans()))

    def block(kind: str, body: str, times: int = 1) -> str:
        return "".join(f"{kind} {{\n{body}}}\n" for _ in range(draw(st.integers(0, times))))

    parts = [
        f'variable "x" {{\n  default = {draw(e)}\n}}\n',
        'variable "list" {\n  type = list(string)\n  default = ["a", "b"]\n}\n',
        f"locals {{\n  y = {draw(e)}\n}}\n",
        'resource "aws_lb" "app" {\n'
        + attributes("internal", "idle_timeout", "load_balancer_type", "count")
        + "}\n",
        'resource "aws_lb_listener" "l" {\n'
        + attributes("load_balancer_arn", "port", "protocol", "certificate_arn", "ssl_policy")
        + "}\n",
        'resource "aws_acm_certificate" "c" {\n'
        + attributes("domain_name", "subject_alternative_names")
        + "}\n",
        'resource "aws_route53_record" "r" {\n'
        + attributes("name", "records")
        + block("alias", attributes("name"))
        + "}\n",
        'resource "aws_s3_bucket" "b" {\n' + attributes("bucket") + "}\n",
        'resource "aws_s3_bucket_website_configuration" "w" {\n' + attributes("bucket") + "}\n",
    ]
    custom = attributes(
        "origin_protocol_policy",
        "http_port",
        "https_port",
        "origin_ssl_protocols",
        "origin_read_timeout",
        "origin_keepalive_timeout",
    )
    origin = attributes("origin_id", "domain_name", "connection_attempts", "connection_timeout")
    origin += block("custom_origin_config", custom) + block(
        "s3_origin_config", attributes("origin_access_identity")
    )
    behavior = attributes(
        "target_origin_id",
        "viewer_protocol_policy",
        "allowed_methods",
        "cached_methods",
        "cache_policy_id",
        "origin_request_policy_id",
        "path_pattern",
    ) + block("forwarded_values", attributes("headers", "query_string"))
    group = attributes("origin_id") + block("failover_criteria", attributes("status_codes"))
    group += block("member", attributes("origin_id"), 3)
    dynamic = f'dynamic "origin" {{\n  for_each = {draw(e)}\n  content {{\n{origin}  }}\n}}\n'
    parts.append(
        'resource "aws_cloudfront_distribution" "d" {\n'
        + attributes("enabled", "aliases", "count", "for_each")
        + block("origin", origin, 3)
        + (dynamic if draw(st.booleans()) else "")
        + block("origin_group", group, 2)
        + block("default_cache_behavior", behavior)
        + block("ordered_cache_behavior", behavior, 2)
        + "}\n"
    )
    return "main.tf", "".join(draw(st.permutations(parts))).encode()


# --- symbolic links: a tree that points everywhere ------------------------------------------

SECRET = "AKIAFUZZ0SECRET0TOKEN"
"""Written only outside the linted tree: no report may ever carry it."""
LINK_KINDS = ("file", "file-out", "dir-in", "dir-out", "root", "loop", "dangling", "self")
SECRET_NAMES = ("creds.tf", "creds.yaml", "creds.json", "creds.tf.json", "terraform.tfvars")


@st.composite
def symlink_trees(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    """Entries (kind, path inside the tree, what it points at) of a small hostile tree."""
    depth = st.lists(st.sampled_from(["a", "b", "mod", "infra"]), max_size=3)
    entries = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(LINK_KINDS))
        where = "/".join([*draw(depth), draw(st.sampled_from([*SECRET_NAMES, "x", "site.yaml"]))])
        target = draw(st.sampled_from([p.name for p in fixture_files()]))
        entries.append((kind, where, target))
    return entries


def check_tree(entries: list[tuple[str, str, str]], directory: Path) -> None:
    """The tree through a whole run and every reporter: no exception, and nothing of the
    files outside it (their secret) in any output."""
    shutil.rmtree(directory, ignore_errors=True)
    outside, root = directory / "home", directory / "repo"
    (outside / "dir").mkdir(parents=True)
    root.mkdir()
    for name in SECRET_NAMES:
        (outside / name).write_text(f"[default]\nkey = {SECRET}\n")
        (outside / "dir" / name).write_text(f"{SECRET} = [\n")
    fixtures = {p.name: p for p in fixture_files()}
    for kind, where, fixture in entries:
        path = root / where
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            continue
        target = {
            "file-out": outside / path.name if path.name in SECRET_NAMES else outside / "creds.tf",
            "dir-in": root,
            "dir-out": outside / "dir",
            "root": Path("/"),
            "loop": path.parent,
            "dangling": outside / "gone",
            "self": path,
        }.get(kind)
        if target is None:
            shutil.copy(fixtures[fixture], path)
        else:
            path.symlink_to(target)
    from cf502lint.source.boundary import Boundary

    options = ParseOptions(boundary=Boundary.around([str(root)]))
    report = run([str(root)], installed(), Config(), options)
    context = Context(version="0", rules=installed())
    outputs = [render(report, context) for render in reporters().values()]
    messages = [e.message for e in report.errors] + [n.message for n in report.notices]
    for message in messages:
        assert not message.startswith("internal error"), message
    outputs.extend(messages)
    assert not any(SECRET in text for text in outputs)


# --- the campaign ---------------------------------------------------------------------------


@dataclasses.dataclass
class Tally:
    tried: int = 0
    failures: Counter[str] = dataclasses.field(default_factory=Counter)
    examples: dict[str, str] = dataclasses.field(default_factory=dict)


def _signature(error: BaseException) -> str:
    """Where an error came from: its type and the innermost cf502lint/rules frame."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/tests/" not in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__} at {where}: {str(error)[:120]}"


def _record(tally: Tally, out: Path, label: str, error: BaseException, data: bytes) -> None:
    signature = _signature(error)
    tally.failures[signature] += 1
    if signature not in tally.examples:
        out.mkdir(parents=True, exist_ok=True)
        stem, _, suffix = label.rpartition(".")
        sample = out / f"{stem}-{len(tally.examples) + 1}.{suffix}"
        sample.write_bytes(data)
        tally.examples[signature] = str(sample)


def _check_generated(file: tuple[str, bytes], scratch: Path) -> None:
    check_file(file[0], file[1], scratch)


PROPERTIES: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any, Path], None]]] = {
    "rules": (DISTRIBUTIONS, lambda dist, _scratch: check_rules(dist)),
    "mutated-fixtures": (mutated_files(), _check_generated),
    "cloudformation": (cfn_templates(), _check_generated),
    "cloudfront-api": (api_documents(), _check_generated),
    "terraform": (terraform_modules(), _check_generated),
    "symlinks": (symlink_trees(), check_tree),
}


SHARES = {"rules": 0.5, "cloudformation": 0.5}
"""Each property's share of a campaign's time, 1 where not named: the two that build a whole
model or template per input try 3 to 10 inputs a second where the others try 60 to 100, so
they take half a share and the run tries more inputs in all."""


def _sample(example: Any) -> tuple[str, bytes]:
    if isinstance(example, tuple):
        return example[0], example[1]
    if isinstance(example, list):
        return "tree.json", json.dumps(example).encode()
    return "model.txt", repr(example).encode()


class _TimeUp(Exception):
    pass


def _property(
    label: str,
    strategy: st.SearchStrategy[Any],
    check: Callable[[Any, Path], None],
    tally: Tally,
    until: float,
    scratch: Path,
    out: Path,
) -> Callable[[], None]:
    """``check`` over ``strategy`` until ``until``, counting inputs and recording failures."""

    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(example=strategy)
    def prop(example: Any) -> None:
        if time.monotonic() > until:
            raise _TimeUp
        tally.tried += 1
        try:
            check(example, scratch / "case")
        except Exception as error:
            name, data = _sample(example)
            _record(tally, out, f"{label}-{name}", error, data)

    return prop


def campaign(seconds: float, out: Path, seed: int | None) -> dict[str, Tally]:
    """Each property for its share of ``seconds`` (SHARES); failures recorded, never fatal."""
    tallies = {label: Tally() for label in PROPERTIES}
    scratch = Path(tempfile.mkdtemp(prefix="cf502lint-fuzz-"))
    unit = seconds / sum(SHARES.get(label, 1) for label in PROPERTIES)
    try:
        for label, (strategy, check) in PROPERTIES.items():
            until = time.monotonic() + unit * SHARES.get(label, 1)
            prop = _property(label, strategy, check, tallies[label], until, scratch, out)
            if seed is not None:
                prop = _seeded(prop, seed)
            with contextlib.suppress(_TimeUp):
                prop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return tallies


def _seeded(prop: Callable[[], None], seed: int) -> Callable[[], None]:
    from hypothesis import seed as with_seed

    seeded: Callable[[], None] = with_seed(seed)(prop)
    return seeded


def _worker(seconds: float, out: Path, seed: int | None) -> dict[str, Tally]:
    return campaign(seconds, out, seed)


def parallel_campaign(seconds: float, out: Path, seed: int | None, jobs: int) -> dict[str, Tally]:
    """``jobs`` campaigns side by side, one per process, each with its own seed and its own
    folder of failing inputs under ``out``; their tallies added up."""
    if jobs == 1:
        return campaign(seconds, out, seed)
    from concurrent.futures import ProcessPoolExecutor

    seeds = [None if seed is None else seed + index for index in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        futures = [
            pool.submit(_worker, seconds, out / f"worker-{index}", worker_seed)
            for index, worker_seed in enumerate(seeds)
        ]
        results = [future.result() for future in futures]
    tallies = {label: Tally() for label in PROPERTIES}
    for result in results:
        for label, tally in result.items():
            tallies[label].tried += tally.tried
            tallies[label].failures.update(tally.failures)
            for signature, example in tally.examples.items():
                tallies[label].examples.setdefault(signature, example)
    return tallies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to run (default 5)")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default random)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="campaigns side by side, one per process, seeds SEED, SEED+1, ... (default 1)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("fuzz-failures"), help="where failing inputs are written"
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    start = time.monotonic()
    tallies = parallel_campaign(args.minutes * 60, args.out, args.seed, args.jobs)
    elapsed = time.monotonic() - start
    print(f"fuzz campaign: {elapsed:.0f} s, {args.jobs} process(es), seed {args.seed}")
    failed = False
    total_tried = sum(tally.tried for tally in tallies.values())
    for label, tally in tallies.items():
        distinct = len(tally.failures)
        total = sum(tally.failures.values())
        print(f"  {label}: {tally.tried} inputs tried, {total} failures ({distinct} distinct)")
        for signature, count in tally.failures.most_common():
            print(f"    {count:6d} x {signature}\n             e.g. {tally.examples[signature]}")
        failed = failed or bool(total)
    print(f"  all: {total_tried} inputs tried")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
