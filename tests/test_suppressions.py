"""Inline suppressions: CloudFormation Metadata, Terraform comments, unused-suppression reports."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cf502lint import Distribution, Document, Origin, OriginConfig, Problem, Severity, Span, rule
from cf502lint.config import Config
from cf502lint.engine import lint
from cf502lint.model import Suppression
from cf502lint.parsers import handles
from cf502lint.suppressions import (
    comment_suppressions,
    unused_suppression,
    with_comment_suppressions,
)

from .docs import CONFIGURATION, blocks, section
from .helpers import FIXTURES, cli

SITE = (FIXTURES / "config" / "site.yaml").read_text()
API = FIXTURES / "config" / "api.json"
CF206 = (
    "CF206 [warning] origin 'app' has a response timeout of 2s (below 5s); slow responses "
    "become errors (low-origin-read-timeout)"
)
CF101 = (
    "CF101 [error] origin 'website' connects with HTTPS (https-only) to an S3 website "
    "endpoint, which only speaks HTTP; use http-only (https-to-s3-website-origin)"
)


def with_metadata(metadata: str, template: str = SITE, resource: str = "Site") -> str:
    """``template`` with ``metadata`` (YAML lines under ``Metadata:``) on ``resource``."""
    head = f"  {resource}:\n    Type: AWS::CloudFront::Distribution\n"
    assert head in template
    block = "".join(f"      {line}\n" for line in metadata.strip("\n").splitlines())
    return template.replace(head, f"{head}    Metadata:\n{block}", 1)


def lint_text(tmp_path: Path, text: str, *args: str, name: str = "site.yaml") -> list[str]:
    (tmp_path / name).write_text(text)
    run = cli("--isolated", *args, str(tmp_path / name))
    assert run.err == ""
    return [line.split(": ", 1)[1] for line in run.out.splitlines()[:-1]]


# --- CloudFormation Metadata ----------------------------------------------------------------


def test_metadata_ids_suppress_that_resource(tmp_path: Path) -> None:
    assert lint_text(tmp_path, SITE) == [CF206, CF101]
    assert lint_text(tmp_path, with_metadata("cf502lint:\n  ignore: [CF206]")) == [CF101]
    text = with_metadata("cf502lint:\n  ignore:\n    - low-origin-read-timeout\n    - CF1")
    assert lint_text(tmp_path, text) == []


def test_metadata_with_reasons(tmp_path: Path) -> None:
    text = with_metadata(
        "cf502lint:\n"
        "  ignore:\n"
        "    - rule: CF101\n"
        "      reason: the website endpoint sits behind a proxy that terminates TLS\n"
        "    - {rule: CF206}"
    )
    assert lint_text(tmp_path, text) == []


def test_metadata_does_not_reach_other_resources(tmp_path: Path) -> None:
    other = SITE.split("Resources:\n", 1)[1].replace("  Site:", "  Other:", 1)
    text = with_metadata("cf502lint:\n  ignore: [CF206, CF101]", SITE + other)
    (tmp_path / "site.yaml").write_text(text)
    run = cli("--isolated", str(tmp_path / "site.yaml"))
    assert [line.split(": ", 1)[0].rsplit(":", 2)[1:] for line in run.out.splitlines()[:-1]] == [
        ["35", "15"],
        ["39", "15"],
    ]


def test_metadata_in_a_json_template(tmp_path: Path) -> None:
    text = (
        '{"Resources": {"Site": {"Type": "AWS::CloudFront::Distribution",\n'
        ' "Metadata": {"cf502lint": {"ignore": [{"rule": "CF101", "reason": "known"}]}},\n'
        ' "Properties": {"DistributionConfig": {"Enabled": true,\n'
        '   "Origins": [{"Id": "website",\n'
        '     "DomainName": "my-bucket.s3-website-us-east-1.amazonaws.com",\n'
        '     "CustomOriginConfig": {"OriginProtocolPolicy": "https-only"}}],\n'
        '   "DefaultCacheBehavior": {"TargetOriginId": "website",\n'
        '     "ViewerProtocolPolicy": "https-only",\n'
        '     "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"}}}}}}\n'
    )
    assert lint_text(tmp_path, text, name="site.json") == []
    assert len(lint_text(tmp_path, text.replace('"CF101"', '"CF102"'), name="site.json")) == 1


def test_suppression_holds_in_every_condition_scenario(tmp_path: Path) -> None:
    text = SITE.replace(
        "              OriginReadTimeout: 2",
        "              OriginReadTimeout: !If [Fast, 2, 1]",
    ).replace("Resources:", "Conditions:\n  Fast: !Equals [a, b]\nResources:", 1)
    assert {line.split()[0] for line in lint_text(tmp_path, text)} == {"CF206", "CF101"}
    assert lint_text(tmp_path, with_metadata("cf502lint:\n  ignore: [CF206]", text)) == [CF101]


def test_malformed_metadata_is_always_reported_and_suppresses_nothing(tmp_path: Path) -> None:
    text = with_metadata("cf502lint:\n  ignore:\n    - {rule: CF206, reson: typo}")
    assert lint_text(tmp_path, text) == [
        "CF003 [warning] unknown key 'reson' in a suppression (expected 'rule' and 'reason') "
        "(unused-suppression)",
        CF206,
        CF101,
    ]
    text = with_metadata("cf502lint:\n  ignored: [CF206]")
    assert lint_text(tmp_path, text)[0] == (
        "CF003 [warning] Metadata 'cf502lint' has unknown key 'ignored'; only 'ignore' is read "
        "(unused-suppression)"
    )
    assert lint_text(tmp_path, text, "--ignore", "CF003") == [CF206, CF101]
    assert lint_text(tmp_path, text, "--select", "CF2") == [CF206]
    assert lint_text(tmp_path, text, "--select", "CF2", "--report-unused-ignores")[0].startswith(
        "CF003 [warning] Metadata 'cf502lint' has unknown key 'ignored'"
    )


# --- unused suppressions --------------------------------------------------------------------

STALE = (
    "cf502lint:\n  ignore:\n    - CF206\n    - rule: CF204\n      reason: fixed long ago\n    - CF9"
)


def test_unused_suppressions_are_reported_only_when_asked(tmp_path: Path) -> None:
    """A suppression that names no rule (a typo) is reported always; one that is only
    unused, when asked."""
    text = with_metadata(STALE)
    assert lint_text(tmp_path, text) == [
        "CF003 [warning] the suppression names no rule: 'CF9' (see 'cf502lint rules') "
        "(unused-suppression)",
        CF101,
    ]
    path = tmp_path / "site.yaml"
    run = cli("--isolated", "--report-unused-ignores", str(path))
    assert run.code == 1
    assert run.out == (
        f"{path}:9:13: CF003 [warning] the suppression of CF204 (origin-timeout-out-of-range) "
        "matches no finding on this resource; remove it (unused-suppression)\n"
        f"{path}:11:13: CF003 [warning] the suppression names no rule: 'CF9' (see 'cf502lint "
        "rules') (unused-suppression)\n"
        f"{path}:24:15: {CF101}\n"
        "Found 3 findings (1 error, 2 warning).\n"
    )


def test_a_suppression_of_an_unselected_rule_is_used_if_that_rule_would_fire(
    tmp_path: Path,
) -> None:
    text = with_metadata("cf502lint:\n  ignore: [CF206, CF204]")
    # CF206 is not selected, but it would fire: that suppression is in use; CF204 is not.
    found = lint_text(tmp_path, text, "--select", "CF1", "--report-unused-ignores")
    assert found == [
        "CF003 [warning] the suppression of CF204 (origin-timeout-out-of-range) matches no "
        "finding on this resource; remove it (unused-suppression)",
        CF101,
    ]
    # Selecting CF003 by id or name is another way to ask.
    assert lint_text(tmp_path, text, "--select", "unused-suppression") == found[:1]


def test_unused_reports_follow_fail_on_ignore_and_self_suppression(tmp_path: Path) -> None:
    text = with_metadata("cf502lint:\n  ignore: [CF204]", SITE.replace("OriginReadTimeout: 2", ""))
    (tmp_path / "site.yaml").write_text(text)
    site = str(tmp_path / "site.yaml")
    assert cli("--isolated", "--report-unused-ignores", "--select", "CF2", site).code == 1
    assert (
        cli(
            "--isolated", "--report-unused-ignores", "--fail-on", "error", "--select", "CF2", site
        ).code
        == 0
    )
    assert (
        cli("--isolated", "--report-unused-ignores", "--ignore", "CF003", site).out.count("CF003")
        == 0
    )
    quiet = with_metadata(
        "cf502lint:\n  ignore: [CF204, CF003]", SITE.replace("OriginReadTimeout: 2", "")
    )
    assert lint_text(tmp_path, quiet, "--report-unused-ignores", "--select", "CF2") == []


# --- Terraform comments ---------------------------------------------------------------------

HCL = """\
# cf502lint:ignore TST001 the whole resource
resource "aws_cloudfront_distribution" "cdn" {
  origin {
    origin_id = "a"  # cf502lint:ignore TST002,TST003 -- legacy
  }
  // cf502lint:ignore TST002
  # another comment between
  origin {
    origin_id = "b"
  }
  tags = {
    note = "# cf502lint:ignore TST003 is not a comment"
  }
}
"""


def test_comment_directives() -> None:
    found = comment_suppressions(HCL, "main.tf")
    assert found == (
        Suppression(
            rule="TST001",
            span=Span("main.tf", 1, 20),
            reason="the whole resource",
            resource="aws_cloudfront_distribution.cdn",
            lines=(2, 14),
        ),
        Suppression(rule="TST002", span=Span("main.tf", 4, 41), reason="legacy", lines=(4, 4)),
        Suppression(rule="TST003", span=Span("main.tf", 4, 48), reason="legacy", lines=(4, 4)),
        Suppression(rule="TST002", span=Span("main.tf", 6, 23), lines=(8, 10)),
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("# cf502lint:ignore\nlocals {}\n", "must name the rules"),
        ("# cf502lint:ignore CF101\n\nlocals {}\n", "directly above"),
        ("locals {}\n# cf502lint:ignore CF101\n", "directly above"),
    ],
)
def test_comment_directives_that_cannot_work(text: str, why: str) -> None:
    (found,) = comment_suppressions(text, "main.tf")
    assert found.invalid is not None and why in found.invalid


def test_comment_directives_skip_strings_and_heredocs() -> None:
    text = (
        'locals {\n  a = "${lookup(var.m, "#x")}" # cf502lint:ignore CF101\n'
        "  b = <<-EOT\n    # cf502lint:ignore CF102\n  EOT\n"
        '  c = "// cf502lint:ignore CF103"\n}\n'
    )
    assert [(s.rule, s.lines) for s in comment_suppressions(text, "x.tf")] == [("CF101", (2, 2))]


@rule("TST001", "test-one", Severity.WARNING)
def _test_one(dist: Distribution) -> Iterator[Problem]:
    """Flags every origin."""
    for origin in dist.origins:
        yield Problem(f"one on {origin.id}", origin.span, origin.id)


@rule("TST002", "test-two", Severity.WARNING)
def _test_two(dist: Distribution) -> Iterator[Problem]:
    """Flags every origin."""
    for origin in dist.origins:
        yield Problem(f"two on {origin.id}", origin.span, origin.id)


def terraform_document(path: str, resource: str = "aws_cloudfront_distribution.cdn") -> Document:
    origins = tuple(
        Origin(
            span=Span(path, line, 5),
            id=name,
            domain_name=None,
            domain_pattern=None,
            config=OriginConfig.CUSTOM,
        )
        for name, line in (("a", 4), ("b", 9))
    )
    dist = Distribution(span=Span(path, 2, 1), name=resource, resource=resource, origins=origins)
    return Document(path, "terraform", (dist,))


def test_terraform_comments_through_the_engine(tmp_path: Path) -> None:
    """The seam the Terraform front end plugs into: its documents, comments read by path."""
    path = str(tmp_path / "main.tf")
    Path(path).write_text(HCL)
    document = with_comment_suppressions(terraform_document(path), lambda p: Path(p).read_text())
    rules = [_test_one, _test_two, unused_suppression]
    result = lint([document], rules, Config(report_unused_ignores=True))
    assert [(f.rule_id, f.span.line, f.message) for f in result.findings] == [
        ("CF003", 4, "the suppression names no rule: 'TST003' (see 'cf502lint rules')"),
    ]
    without = lint([terraform_document(path)], rules, Config())
    assert [(f.rule_id, f.span.line) for f in without.findings] == [
        ("TST001", 4),
        ("TST002", 4),
        ("TST001", 9),
        ("TST002", 9),
    ]
    # A module instance of the same resource is covered by the comment above its block.
    instance = terraform_document(path, 'module.site.aws_cloudfront_distribution.cdn["eu"]')
    document = with_comment_suppressions(instance, lambda p: Path(p).read_text())
    # The comment's misspelt TST003 is reported even without report_unused_ignores.
    assert [f.rule_id for f in lint([document], rules, Config()).findings] == ["CF003"]


def test_unused_terraform_comment(tmp_path: Path) -> None:
    path = str(tmp_path / "main.tf")
    Path(path).write_text(HCL.replace('origin_id = "b"', 'origin_id = "b"\n\n\n'))
    document = with_comment_suppressions(terraform_document(path), lambda p: Path(p).read_text())
    result = lint(
        [document], [_test_one, _test_two, unused_suppression], Config(select=("CF003", "TST"))
    )
    assert [(f.span.line, f.message) for f in result.findings] == [
        (4, "the suppression names no rule: 'TST003' (see 'cf502lint rules')"),
    ]


TERRAFORM = pytest.mark.skipif(
    not handles("main.tf"), reason="the Terraform front end (issue 3) is not installed yet"
)


@TERRAFORM
def test_terraform_comments_end_to_end(tmp_path: Path) -> None:
    (hcl,) = readme_blocks("Suppressing findings", "hcl")
    balancer = (
        'resource "aws_lb" "app" {\n  name = "app"\n  load_balancer_type = "application"\n}\n'
    )
    (tmp_path / "main.tf").write_text(hcl + balancer)
    unsuppressed = re.sub(r"#\s*cf502lint:ignore.*", "", hcl)
    (tmp_path / "plain" / "main.tf").parent.mkdir()
    (tmp_path / "plain" / "main.tf").write_text(unsuppressed + balancer)
    plain = cli("--isolated", "--select", "CF103,CF206", str(tmp_path / "plain"))
    assert {line.split()[1] for line in plain.out.splitlines()[:-1]} == {"CF103", "CF206"}
    run = cli("--isolated", "--report-unused-ignores", str(tmp_path / "main.tf"))
    assert "CF103" not in run.out and "CF206" not in run.out and "CF003" not in run.out


@TERRAFORM
def test_stale_terraform_comment_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (hcl,) = readme_blocks("Suppressing findings", "hcl")
    fixed = hcl.replace("origin_read_timeout    = 2", "origin_read_timeout    = 30")
    (tmp_path / "main.tf").write_text(fixed.replace("aws_lb.app.dns_name", '"app.example.com"'))
    (tmp_path / "notes.tf").write_text("# cf502lint:ignore CF101\n")
    monkeypatch.chdir(tmp_path)
    for args in ((), ("main.tf",), (".",)):
        run = cli("--isolated", "--report-unused-ignores", *args)
        assert run.out == (
            "main.tf:1:20: CF003 [warning] the suppression of CF103 "
            "(https-to-elb-default-hostname) matches no finding on this resource; remove it "
            "(unused-suppression)\n"
            "main.tf:11:54: CF003 [warning] the suppression of CF206 (low-origin-read-timeout) "
            "matches no finding on this line; remove it (unused-suppression)\n"
            "notes.tf:1:3: CF003 [warning] a cf502lint:ignore comment must be at the end of the "
            "line it suppresses or on its own line directly above it (unused-suppression)\n"
            "Found 3 findings (3 warning).\n"
        ), args


# --- API JSON: configuration only -----------------------------------------------------------


def test_api_json_is_suppressed_through_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "api").mkdir()
    shutil.copy(API, tmp_path / "api" / "dist.json")
    assert cli(str(tmp_path / "api")).code == 1
    (tmp_path / ".cf502lint.toml").write_text('[per-file-ignores]\n"api/*.json" = ["CF206"]\n')
    assert cli(str(tmp_path / "api")).out == "All checks passed (1 file).\n"


# --- the README -----------------------------------------------------------------------------


def readme_blocks(heading: str, language: str) -> list[str]:
    """The fenced ``language`` blocks of docs/configuration.md's ``## heading`` section."""
    return blocks(section(CONFIGURATION, heading), language)


def test_readme_metadata_snippet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (snippet,) = readme_blocks("Suppressing findings", "yaml")
    _, properties = SITE.split("    Properties:\n", 1)
    assert snippet.endswith("    Properties:\n      DistributionConfig:\n")
    template = snippet.removesuffix("    Properties:\n      DistributionConfig:\n")
    (tmp_path / "site.yaml").write_text(template + "    Properties:\n" + properties)
    monkeypatch.chdir(tmp_path)
    (command,) = readme_blocks("Suppressing findings", "sh")
    assert command == "cf502lint --report-unused-ignores .\n"
    run = cli(*command.split()[1:])
    assert (run.code, run.out) == (0, "All checks passed (1 file).\n")
    (tmp_path / "site.yaml").write_text(
        template.replace("- CF206", "- CF204") + "    Properties:\n" + properties
    )
    run = cli(*command.split()[1:])
    assert run.code == 1
    assert [line.split()[1] for line in run.out.splitlines()[:-1]] == ["CF003", "CF206"]
