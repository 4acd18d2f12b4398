"""Issue 15, items 4, 5 and 12: hostile CloudFormation, CloudFront API JSON and YAML.

Huge numbers load as infinity and read as unknown; intrinsic functions and conditions that
would grow without bound make a value unknown with a notice; a duplicate key that replaces
the distribution is still a CF001; broken YAML and oversized JSON are one-line errors. Each
hostile file is built here, run beside the companion template in a fresh interpreter with
a memory limit, and must leave the companion's finding in the report.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from cf502lint.parsers.cloudformation import budget, conditions, template
from cf502lint.source import json_tree, numbers, yaml_tree
from cf502lint.source.json_tree import load_json
from cf502lint.source.tree import SourceError
from cf502lint.source.yaml_tree import load_yaml

from .docs import RELIABILITY, flat
from .test_bad_input import (
    BAD_INPUT,
    COMPANION,
    Result,
    assert_error_run,
    lint,
    lint_subprocess,
    workdir,
    write,
)

__all__ = ["workdir"]  # the fixture, imported to be used here

SECONDS = 20.0
PEAK_MB = 400.0
"""Peak memory a bounded case may use: a fraction of the subprocess's limit."""
HUGE = "9" * 5000
"""An integer past Python's int-string limit (4,300 digits) and the float range."""
SITE_YAML = (BAD_INPUT / "site.yaml").read_text()
SITE_JSON = (BAD_INPUT / "site.json").read_text()
SITE_API = (BAD_INPUT / "site-api.json").read_text()


def _bounded(result: Result) -> None:
    assert result.seconds < SECONDS, result.seconds
    assert result.peak_mb < PEAK_MB, result.peak_mb


def _linted(result: Result, path: str, *findings: str) -> None:
    """Exit 1, the findings of ``path`` exactly ``findings`` (``line:col: RULE``), and the
    companion's finding."""
    assert result.code == 1, result.err
    assert [line.split(" [")[0] for line in result.findings(path)] == [
        f"{path}:{finding}" for finding in findings
    ]
    assert result.companion_linted(), result.out


# --- 4. numbers past Python's int-string limit ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("-0", 0),
        ("12345678901234567890", 12345678901234567890),
        ("9" * 308, int("9" * 308)),
        ("9" * 309, math.inf),  # 10**309 > the largest float
        (HUGE, math.inf),
        ("-" + HUGE, -math.inf),
        ("1" + "0" * 400, math.inf),
    ],
)
def test_json_integers_of_any_length_load(text: str, value: float) -> None:
    assert load_json(f"[{text}]", "n.json").root == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("017", 15),
        ("0x1F", 31),
        ("0b101", 5),
        ("1:30", 90),
        ("-1_000", -1000),
        (HUGE, math.inf),
        ("-" + HUGE, -math.inf),
        ("0x" + "f" * 300, math.inf),
        ("0" + "7" * 400, math.inf),
        ("1" + ":00" * 200_000, math.inf),  # PyYAML's own reading is quadratic
        ("0" * 5000 + "1", 1),  # octal: leading zeros do not make it large
    ],
)
def test_yaml_integers_of_any_length_load_in_linear_time(text: str, value: float) -> None:
    assert load_yaml(f"a: {text}\n", "n.yaml").root == {"a": value}


@pytest.mark.parametrize("text", ["", "+", "--", "12a", "²", "1_2 3"])
def test_a_decimal_integer_is_ascii_digits(text: str) -> None:
    with pytest.raises(ValueError, match="not a decimal integer"):
        numbers.decimal(text)


def test_a_huge_integer_in_a_policy_file_does_not_stop_the_run(workdir: Path) -> None:
    """The policy is read (its MinTTL is infinite), so the distribution that names it is
    checked against it: its Host header is not forwarded, CF103."""
    api = json.loads(SITE_API)
    config = api["DistributionConfig"]
    config["Origins"]["Items"][0]["DomainName"] = "app-123.us-east-1.elb.amazonaws.com"
    config["DefaultCacheBehavior"]["CachePolicyId"] = "custom-policy"
    dist = write(workdir / "bad" / "dist.json", json.dumps(api, indent=2))
    headers = (
        '"ParametersInCacheKeyAndForwardedToOrigin": {"HeadersConfig": {"HeaderBehavior": "none"}}'
    )
    policy = write(
        workdir / "bad" / "policy.json",
        f'{{"CachePolicy": {{"Id": "custom-policy", "CachePolicyConfig": '
        f'{{"MinTTL": {HUGE}, {headers}}}}}}}',
    )
    result = lint_subprocess(dist, policy, COMPANION, cwd=workdir)
    assert result.err == ""
    _linted(result, dist, "11:11: CF103")
    _bounded(result)
    assert lint(dist, COMPANION).findings(dist) == []  # without the policy: unknown, silent


@pytest.mark.parametrize("name", ["package.json", "values.yaml"])
def test_a_huge_integer_in_a_file_that_is_not_ours_is_skipped(workdir: Path, name: str) -> None:
    text = f'{{"name": "site", "size": {HUGE}}}' if name.endswith("json") else f"size: {HUGE}\n"
    bad = write(workdir / "bad" / name, text)
    result = lint(bad, COMPANION)
    assert (result.code, result.err) == (1, "")
    assert result.companion_linted()


@pytest.mark.parametrize(
    ("name", "text", "finding"),
    [
        (
            "port.yaml",
            SITE_YAML.replace("https-only}", f"https-only, HTTPSPort: {HUGE}}}"),
            "12:34: CF101",
        ),
        (
            "port.json",
            SITE_JSON.replace('"https-only"', f'"https-only", "HTTPSPort": {HUGE}'),
            "14:17: CF101",
        ),
        (
            "port-api.json",
            SITE_API.replace('"HTTPSPort": 443', f'"HTTPSPort": -{HUGE}'),
            "15:13: CF101",
        ),
        (
            "timeout.yaml",
            SITE_YAML.replace("https-only}", f'https-only, OriginReadTimeout: "{HUGE}"}}'),
            "12:34: CF101",
        ),
    ],
)
def test_a_huge_integer_in_a_field_that_matters_is_unknown(
    workdir: Path, name: str, text: str, finding: str
) -> None:
    """An infinite port or timeout is neither valid nor out of range: no CF201 or CF302 for it,
    and the file's other finding is still there."""
    bad = write(workdir / "bad" / name, text)
    result = lint(bad, COMPANION)
    assert result.err == ""
    _linted(result, bad, finding)
    out_of_range = text.replace(HUGE, "70000")
    control = write(workdir / "bad" / f"control-{name}", out_of_range)
    assert len(lint(control).findings(control)) == 2  # the same field, in range: a finding


# --- 5. expression bombs -------------------------------------------------------------------


def _with_origin(domain: Any, head: str = "") -> str:
    """The JSON fixture with a second origin, ``bomb``, whose DomainName is ``domain``; the
    fixture's own origin keeps its CF101."""
    document = json.loads(SITE_JSON)
    for key, value in json.loads(head or "{}").items():
        document[key] = value
    origins = document["Resources"]["Site"]["Properties"]["DistributionConfig"]["Origins"]
    origins.insert(
        0,
        {
            "Id": "bomb",
            "DomainName": domain,
            "CustomOriginConfig": {"OriginProtocolPolicy": "http-only"},
        },
    )
    return json.dumps(document, indent=1)


def _subs(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = {"Fn::Sub": ["${a}" * 10, {"a": value}]}
    return value


def _nth(text: str, part: str, n: int) -> int:
    """Where the ``n``-th ``part`` of ``text`` starts."""
    at = -1
    for _ in range(n):
        at = text.index(part, at + 1)
    return at


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _control(text: str) -> str:
    """The CF101 of the fixture's own origin, at its OriginProtocolPolicy key."""
    at = text.index("OriginProtocolPolicy", text.index("example-site"))
    at -= text[at - 1] == '"'
    return f"{_line(text, at)}:{at - text.rfind(chr(10), 0, at)}: CF101"


def test_nested_sub_grows_no_further_than_its_bound(workdir: Path) -> None:
    """Ten Fn::Sub, ten ${a} each: 1.2 KB of JSON that would be 10**10 characters."""
    text = _with_origin(_subs(10))
    assert len(json.dumps(_subs(10))) < 1200
    bad = write(workdir / "bad" / "sub.json", text)
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    seventh = _nth(text, '"Fn::Sub"', 4)  # the one with 10**7 characters: .a.a.a
    assert result.errors == [
        f"{bad}:{text.count(chr(10), 0, seventh)}: note: "
        "Site.Properties.DistributionConfig.Origins[0].DomainName.a.a.a: Fn::Sub builds more "
        f"than {budget.MAX_SIZE:,} characters and elements; its value is unknown"
    ]
    _linted(result, bad, _control(text))
    _bounded(result)


def _mapping_joins(levels: int) -> str:
    """Mapping entries each joining ten lookups of the entry before."""
    entries: dict[str, Any] = {"l0": "lollollollollollollollollollol"}
    for level in range(1, levels + 1):
        lookup = {"Fn::FindInMap": ["M", "a", f"l{level - 1}"]}
        entries[f"l{level}"] = {"Fn::Join": ["", [lookup] * 10]}
    return json.dumps({"Mappings": {"M": {"a": entries}}})


BOMBS: dict[str, tuple[Any, str, str]] = {
    # name: (DomainName of the bomb origin, extra top-level sections, notice after "DomainName")
    "join-through-mappings": (
        {"Fn::FindInMap": ["M", "a", "l11"]},
        _mapping_joins(11),
        f"[0][0][0][0][0][0]: Fn::Join builds more than {budget.MAX_SIZE:,} characters and "
        "elements; its value is unknown",
    ),
    "find-in-map-chain": (
        {"Fn::FindInMap": ["M", "a", "l2999"]},
        json.dumps(
            {
                "Mappings": {
                    "M": {
                        "a": {
                            "l0": "x",
                            **{
                                f"l{i}": {"Fn::FindInMap": ["M", "a", f"l{i - 1}"]}
                                for i in range(1, 3000)
                            },
                        }
                    }
                }
            }
        ),
        f": values nested more than {budget.MAX_NESTING} deep; its value is unknown",
    ),
    "split": (
        {"Fn::Select": [0, {"Fn::Split": ["a", {"Ref": "P"}]}]},
        json.dumps({"Parameters": {"P": {"Type": "String", "Default": "a" * 1_200_000}}}),
        f": Fn::Split builds more than {budget.MAX_SIZE:,} characters and elements; its value "
        "is unknown",
    ),
}


@pytest.mark.parametrize("bomb", BOMBS)
def test_intrinsic_bombs_are_unknown_with_a_notice(workdir: Path, bomb: str) -> None:
    domain, head, notice = BOMBS[bomb]
    text = _with_origin(domain, head)
    bad = write(workdir / "bad" / "bomb.json", text)
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    (line,) = result.errors
    assert line.startswith(f"{bad}:")
    assert line.split(": note: ")[1] == (
        f"Site.Properties.DistributionConfig.Origins[0].DomainName{notice}"
    )
    _linted(result, bad, _control(text))
    _bounded(result)


@pytest.mark.parametrize(
    "function", ["Fn::Base64", "Fn::Cidr", "Fn::GetAZs", "Fn::Length", "Fn::ToJsonString"]
)
def test_intrinsics_that_are_not_resolved_never_evaluate_a_bomb(
    workdir: Path, function: str
) -> None:
    text = _with_origin({function: _subs(10)})
    bad = write(workdir / "bad" / "opaque.json", text)
    result = lint(bad, COMPANION)
    assert result.err == ""
    _linted(result, bad, _control(text))
    assert result.seconds < SECONDS


def test_values_built_for_the_whole_template_are_bounded(workdir: Path) -> None:
    """Forty Fn::Sub of a 900,000-character parameter: each under the bound of one value,
    together past the template's."""
    aliases = [{"Fn::Sub": "${P}b"}] * 40
    document = json.loads(_with_origin("bomb.example.com"))
    document["Parameters"] = {
        "P": {"Type": "String", "Default": "a" * 900_000},
        "Certificate": {"Type": "String"},
    }
    config = document["Resources"]["Site"]["Properties"]["DistributionConfig"]
    document["Resources"]["Site"]["Properties"]["DistributionConfig"] = {
        "ViewerCertificate": {"AcmCertificateArn": {"Ref": "Certificate"}},
        "Aliases": aliases,
        **config,
    }
    bad = write(workdir / "bad" / "built.json", json.dumps(document))
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    (line,) = result.errors
    assert line.split(": note: ")[1] == (
        f"Site.Properties.DistributionConfig.Aliases[17]: more than {budget.MAX_BUILT:,} "
        "characters and elements built for the template; it and every later value are unknown"
    )
    assert result.code == 1 and result.companion_linted()
    assert result.findings(bad) == []  # the origins came after: unknown
    _bounded(result)


def _conditioned(count: int, distributions: int, extra: str) -> str:
    lines = ['AWSTemplateFormatVersion: "2010-09-09"']
    lines += ["Parameters:"] + [f"  P{i}: {{Type: String, Default: a}}" for i in range(count)]
    lines += ["Conditions:"] + [f"  C{i}: !Equals [!Ref P{i}, a]" for i in range(count)]
    branches = "".join(f"!If [C{i}, a, " for i in range(count)) + "b" + "]" * count
    lines += ["Metadata:", f"  big: &big {extra}", "Resources:"]
    for index in range(distributions):
        lines += [
            f"  Site{index}:",
            "    Type: AWS::CloudFront::Distribution",
            "    Properties:",
            "      DistributionConfig:",
            "        Origins:",
            "          - Id: site",
            "            DomainName: example-site.s3-website-us-east-1.amazonaws.com",
            "            CustomOriginConfig: {OriginProtocolPolicy: https-only}",
            "        DefaultCacheBehavior: {TargetOriginId: site, ViewerProtocolPolicy: allow-all,",
            "          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6,",
            f"          Comment: {branches}, Extra: *big}}",
        ]
    return "\n".join(lines) + "\n"


def test_too_many_conditions_are_unknown_with_a_notice(workdir: Path) -> None:
    """Sixteen independent conditions would be 65,536 combinations."""
    text = _conditioned(16, 1, "[]")
    bad = write(workdir / "bad" / "conditions.yaml", text)
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    assert result.errors == [
        f"{bad}:{_line(text, text.index('  Site0:'))}: note: Site0: more than "
        f"{conditions.MAX_ATOMS} independent conditions (16); its Fn::If values are unknown"
    ]
    _linted(result, bad, _control(text))
    _bounded(result)


def test_combinations_of_conditions_over_many_distributions_share_one_budget(
    workdir: Path,
) -> None:
    """Twenty distributions, each 256 combinations of 7,000 values (each under MAX_WORK):
    35 million values to resolve, cut at the template's bound."""
    extra = "[" + ", ".join(f"[a{i}, b, c, d, e, f, g, h, i, j]" for i in range(650)) + "]"
    text = _conditioned(8, 20, extra)
    bad = write(workdir / "bad" / "many.yaml", text)
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    (notice,) = result.errors
    where, _, message = notice.partition("]: ")
    assert where.startswith(
        f"{bad}:{_line(text, text.index('&big'))}: note: "
        "Site1.Properties.DistributionConfig.DefaultCacheBehavior.Extra["
    )
    assert message == (
        f"more than {budget.MAX_STEPS:,} steps resolving the template; it and every later "
        "value are unknown"
    )
    resolved = [_line(text, _nth(text, "example-site", n)) + 1 for n in (1, 2)]
    _linted(result, bad, *(f"{line}:34: CF101" for line in resolved))  # before the bound
    _bounded(result)


@pytest.mark.parametrize(
    ("definitions", "notice"),
    [
        (  # each condition names the one before twice: 2**44 evaluations without memory
            [
                f"C{i}: !And [{{Condition: C{i - 1}}}, {{Condition: C{i - 1}}}]"
                for i in range(1, 45)
            ],
            None,
        ),
        (
            [f"C{i}: !Not [{{Condition: C{i - 1}}}]" for i in range(1, 5000)],
            f"conditions nested more than {budget.MAX_NESTING} deep",
        ),
    ],
    ids=["doubling", "deep"],
)
def test_conditions_naming_conditions_are_bounded(
    workdir: Path, definitions: list[str], notice: str | None
) -> None:
    last = definitions[-1].split(":")[0]
    head = "Parameters: {P: {Type: String, Default: a}}\nConditions:\n  C0: !Equals [!Ref P, a]\n"
    head += "".join(f"  {definition}\n" for definition in definitions)
    text = head + SITE_YAML.replace(
        "Enabled: true", f"Enabled: true\n        HttpVersion: !If [{last}, http2, http1.1]"
    )
    bad = write(workdir / "bad" / "chain.yaml", text)
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    site = text.count("\n", 0, text.index("  Site:")) + 1
    expected = [f"{bad}:{site}: note: Site: {notice}; its Fn::If values are unknown"]
    assert result.errors == (expected if notice else [])
    _linted(result, bad, f"{site + 9}:34: CF101")
    _bounded(result)


RECORD = "AWS::Route53::RecordSet"


def _records(count: int, alias: bool) -> list[str]:
    lines = []
    for index in range(count):
        target = f"!Ref R{index + 1}" if alias and index + 1 < count else "x.example.com"
        lines += [
            f"  R{index}:",
            "    Type: AWS::Route53::RecordSet",
            f"    Properties: {{Name: r{index}.example.com, Type: A,",
            f"                  AliasTarget: {{DNSName: {target}}}}}",
        ]
    return lines


def test_a_chain_of_aliased_records_is_followed_so_far(workdir: Path) -> None:
    records = "\n".join(_records(40, alias=True))
    text = SITE_YAML.replace("Resources:\n", f"Resources:\n{records}\n").replace(
        "        Origins:\n",
        "        Origins:\n          - {Id: bomb, DomainName: !Ref R0, "
        "CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}}\n",
    )
    bad = write(workdir / "bad" / "records.yaml", text)
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    far = f"R{template.MAX_ALIASES}"
    assert result.errors == [
        f"{bad}:{_line(text, text.index(f'  {far}:'))}: note: {far}: more than "
        f"{template.MAX_ALIASES} records alias one another in a chain; its target is unknown"
    ]
    _linted(result, bad, _control(text))
    _bounded(result)


def _lookups(shape: str, count: int = 3000) -> str:
    """The fixture with ``count`` origins, each looked up among ``count`` records, listeners,
    mapping rows or list items; or one origin named after records made of each other's
    names."""
    resources: list[str] = []
    head = ""
    origins: list[str] = []
    if shape == "records":
        resources = _records(count, alias=False)
        origins = [f"x{i}.example.com" for i in range(count)]
    elif shape == "listeners":
        for index in range(count // 2):
            resources += [
                f"  B{index}: {{Type: AWS::ElasticLoadBalancingV2::LoadBalancer}}",
                f"  L{index}: {{Type: AWS::ElasticLoadBalancingV2::Listener, Properties: "
                f"{{LoadBalancerArn: !Ref B{index}, Port: 443, Protocol: HTTPS}}}}",
                f"  C{index}: {{Type: AWS::ElasticLoadBalancingV2::ListenerCertificate, "
                f"Properties: {{ListenerArn: !Ref L{index}}}}}",
            ]
        origins = [f"!GetAtt B{i}.DNSName" for i in range(count // 2)]
    elif shape == "mapping-rows":
        rows = "".join(f"    r{i}: {{k: a{i % 2}}}\n" for i in range(count))
        head = f"Mappings:\n  M:\n{rows}"
        origins = ["!FindInMap [M, !Ref 'AWS::Region', k]"] * count
    elif shape == "list-parameter":
        head = f"Parameters: {{P: {{Type: CommaDelimitedList, Default: '{'a,' * 100 * count}'}}}}\n"
        origins = ["!Select [0, !Ref P]"] * count
    else:
        for index in range(40):
            name = " ".join([f"${{N{index + 1}}}"] * 4)
            resources.append(f"  N{index}: {{Type: {RECORD}, Properties: {{Name: !Sub '{name}'}}}}")
        resources.append(f"  N40: {{Type: {RECORD}, Properties: {{Name: !Sub '${{N0}}'}}}}")
        origins = ["!Sub 'x.${N0}'"]
    listed = "".join(
        f"          - {{Id: o{i}, DomainName: {domain}, "
        "CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}}\n"
        for i, domain in enumerate(origins)
    )
    text = head + SITE_YAML.replace(
        "Resources:\n", "Resources:\n" + "".join(f"{r}\n" for r in resources)
    )
    return text.replace("        Origins:\n", "        Origins:\n" + listed)


LOOKUPS = ["records", "listeners", "mapping-rows", "list-parameter", "names-naming-names"]


@pytest.mark.parametrize("shape", LOOKUPS)
def test_lookups_across_the_template_are_not_quadratic(workdir: Path, shape: str) -> None:
    """Each lookup was a search of the template (or a split of the parameter, or a walk of
    names through names): minutes to hours; now an index built once."""
    text = _lookups(shape)
    bad = write(workdir / "bad" / f"{shape}.yaml", text)
    # thousands of origins exceed CloudFront's default quota (CF407): not what this is about
    result = lint_subprocess("--ignore", "CF407", bad, COMPANION, cwd=workdir)
    assert result.errors == []
    _linted(result, bad, _control(text))
    _bounded(result)


# --- 12. duplicates, control characters, too many values -----------------------------------


REPLACEMENTS = {
    "by-a-bucket": "  Site:\n    Type: AWS::S3::Bucket\n",
    "by-an-unknown-configuration": (
        "  Site:\n    Type: AWS::CloudFront::Distribution\n"
        "    Properties: {DistributionConfig: !ImportValue shared}\n"
    ),
    "by-a-fixed-distribution": SITE_YAML[SITE_YAML.index("  Site:") :].replace(
        "https-only", "http-only"
    ),
}


@pytest.mark.parametrize("replacement", REPLACEMENTS)
@pytest.mark.parametrize("syntax", ["yaml", "json"])
def test_a_duplicate_resource_that_replaces_the_distribution_is_cf001(
    workdir: Path, replacement: str, syntax: str
) -> None:
    text = SITE_YAML + REPLACEMENTS[replacement]
    if syntax == "json":
        resources = ",\n".join(
            f'"Site": {json.dumps(value)}'
            for value in (
                load_yaml(SITE_YAML, "s.yaml").root["Resources"]["Site"],
                load_yaml("Resources:\n" + REPLACEMENTS[replacement], "r.yaml").root["Resources"][
                    "Site"
                ],
            )
        )
        text = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {\n' + resources + "}}"
    bad = write(workdir / "bad" / f"replaced.{syntax}", text)
    result = lint(bad, COMPANION)
    assert result.err == ""
    second = text.count("\n", 0, text.rindex('"Site"' if syntax == "json" else "  Site:")) + 1
    column = 1 if syntax == "json" else 3
    assert [line.split(" [")[0] for line in result.findings(bad)] == [
        f"{bad}:{second}:{column}: CF001"
    ]
    assert result.code == 1 and result.companion_linted()


def test_a_duplicate_outside_the_distribution_is_reported_on_the_first_one_modelled(
    workdir: Path,
) -> None:
    """The first distribution of the template has no configuration to model; the second,
    which has, carries the duplicate key of a bucket."""
    text = SITE_YAML.replace(
        "Resources:\n",
        "Resources:\n  Empty:\n    Type: AWS::CloudFront::Distribution\n"
        "  Logs: {Type: AWS::S3::Bucket}\n  Logs: {Type: AWS::S3::Bucket}\n",
    )
    bad = write(workdir / "bad" / "other.yaml", text)
    result = lint(bad, COMPANION)
    _linted(result, bad, "7:3: CF001", _control(text))


def test_a_control_character_after_8_kib_of_yaml_is_one_line_with_its_line(
    workdir: Path,
) -> None:
    text = SITE_YAML + "# " + "x" * 9000 + "\n" + "Metadata: a\x01b\n"
    bad = write(workdir / "bad" / "control.yaml", text)
    assert_error_run(
        lint(bad, COMPANION),
        f"{bad}:17: error: invalid YAML: unacceptable character #x0001: control characters "
        "are not allowed",
    )


def test_millions_of_empty_arrays_are_refused_at_once(workdir: Path) -> None:
    """Twenty megabytes of ``[],``: 6.8 million values, 4.6 GB as a tree."""
    text = '{"AWSTemplateFormatVersion": "2010-09-09", "Metadata": [' + "[]," * 6_800_000 + "[]]}"
    bad = write(workdir / "bad" / "arrays.json", text)
    result = lint_subprocess(bad, COMPANION, cwd=workdir)
    assert_error_run(
        result, f"{bad}: error: invalid JSON: more than {json_tree.MAX_NODES:,} values"
    )
    _bounded(result)


def test_values_are_counted_while_reading_json(monkeypatch: pytest.MonkeyPatch) -> None:
    """Values that hide behind few commas (``[[0],[0]]``) are counted one by one."""
    monkeypatch.setattr(json_tree, "MAX_NODES", 1000)
    assert len(load_json("[" + ",".join(["[0]"] * 499) + "]", "ok.json").root) == 499
    with pytest.raises(SourceError) as raised:
        load_json("[\n" + ",\n".join(["[0]"] * 600) + "\n]", "many.json")
    assert (raised.value.message, raised.value.line) == (
        "invalid JSON: more than 1,000 values",
        501,
    )


def test_values_are_counted_while_reading_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_tree, "MAX_NODES", 1000)
    with pytest.raises(SourceError, match="more than 1000 values"):
        load_yaml("- []\n" * 1001, "many.yaml")


def test_both_readers_hold_the_same_number_of_values() -> None:
    assert json_tree.MAX_NODES == yaml_tree.MAX_NODES


def test_readme_states_the_bounds_of_resolution() -> None:
    section = flat(RELIABILITY.read_text())
    assert f"a JSON document of more than {json_tree.MAX_NODES:,} values" in section
    assert "64-bit float (past about 1.8e308, whatever its digits) loads as infinity" in section
    assert (
        f"an intrinsic function that would build more than {budget.MAX_SIZE:,} characters "
        f"and elements"
    ) in section
    assert f"values nested more than {budget.MAX_NESTING} deep" in section
    assert (
        f"more than {budget.MAX_STEPS:,} steps or {budget.MAX_BUILT:,} characters and "
        "elements in all"
    ) in section
    assert f"more than {conditions.MAX_ATOMS} independent conditions" in section
    assert f"({template.MAX_WORK:,} values in all)" in section
