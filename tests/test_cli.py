"""The command line as users run it: output, exit codes, subcommands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cf502lint import plugins

from .helpers import FIXTURES, Run, cli

EXAMPLES = FIXTURES / "examples"
BAD = str(EXAMPLES / "static-site.yaml")
GOOD = str(EXAMPLES / "static-site-fixed.yaml")


def test_bad_template_fails_with_file_line_column() -> None:
    run = cli(BAD)
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == (
        f"{BAD}:30:15: CF101 [error] origin 'site' connects with HTTPS (https-only) to an S3 "
        "website endpoint, which only speaks HTTP; use http-only (https-to-s3-website-origin)"
    )
    assert lines[-1] == "Found 3 findings (2 error, 1 warning)."
    assert run.err == ""


def test_good_template_passes() -> None:
    run = cli(GOOD)
    assert (run.code, run.out, run.err) == (0, "All checks passed (1 file).\n", "")


def test_fail_on_threshold() -> None:
    assert cli("--select", "CF207", BAD).code == 1
    assert cli("--select", "CF207", "--fail-on", "error", BAD).code == 0
    assert cli("--select", "keepalive-outlasts-origin-idle-timeout", BAD).code == 1


def rules_of(run: Run) -> list[str]:
    return sorted({line.split()[1] for line in run.out.splitlines()[:-1]})


def test_select_and_ignore_by_id_name_and_prefix() -> None:
    assert rules_of(cli("--select", "CF1", BAD)) == ["CF101", "CF103"]
    assert rules_of(cli("--ignore", "CF1,CF2", BAD)) == []
    assert rules_of(cli("--ignore", "https-to-s3-website-origin", BAD)) == ["CF103", "CF207"]


def test_json_contract() -> None:
    run = cli("--format", "json", BAD)
    assert run.code == 1
    document = json.loads(run.out)
    assert set(document) == {
        "version",
        "findings",
        "errors",
        "notices",
        "unresolved",
        "configuration",
    }
    assert document["errors"] == document["notices"] == []
    assert document["configuration"] is None
    first = document["findings"][0]
    assert first == {
        "rule": "CF101",
        "name": "https-to-s3-website-origin",
        "severity": "error",
        "message": "origin 'site' connects with HTTPS (https-only) to an S3 website endpoint, "
        "which only speaks HTTP; use http-only",
        "path": BAD,
        "line": 30,
        "column": 15,
        "end_line": 30,
        "end_column": 35,
        "resource": "Distribution",
        "origin": "site",
    }
    keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in document["findings"]]
    assert keys == sorted(keys)


def test_unparsable_file_is_named_and_others_still_linted(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("Resources:\n  Cdn:\n    Type: AWS::CloudFront::Distribution\n    x: [\n")
    run = cli(str(broken), BAD)
    assert run.code == 2
    assert run.err == f"{broken}:5: error: invalid YAML: did not find expected node content\n"
    assert "CF101" in run.out
    document = json.loads(cli("--format", "json", str(broken), BAD).out)
    assert document["errors"] == [
        {
            "path": str(broken),
            "line": 5,
            "message": "invalid YAML: did not find expected node content",
        }
    ]
    assert document["findings"]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    run = cli(str(missing))
    assert run.code == 2
    assert run.err == f"{missing}: error: no such file or directory\n"


def test_unrelated_files_are_skipped_silently(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    (tmp_path / "package.json").write_text('{"name": "x"}')
    (tmp_path / "chart.yaml").write_text("a: {{ .Values.x }}\n")
    (tmp_path / "empty.yml").write_text("")
    run = cli(str(tmp_path))
    assert (run.code, run.err) == (0, "")


def test_directories_are_walked_and_vendored_trees_skipped(tmp_path: Path) -> None:
    (tmp_path / "infra").mkdir()
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    source = Path(BAD).read_text()
    for place in ("infra/site.yaml", "node_modules/pkg/site.yaml", ".git/site.yaml"):
        (tmp_path / place).write_text(source)
    run = cli("--format", "json", str(tmp_path))
    paths = {f["path"] for f in json.loads(run.out)["findings"]}
    assert paths == {str(tmp_path / "infra" / "site.yaml")}


def test_parameter_overrides(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        Path(GOOD)
        .read_text()
        .replace("OriginKeepaliveTimeout: 60", "OriginKeepaliveTimeout: !Ref K")
        + "  # end\n"
    )
    text = template.read_text().replace(
        "Parameters:\n", "Parameters:\n  K:\n    Type: Number\n    Default: 5\n"
    )
    template.write_text(text)
    assert cli(str(template)).code == 0
    run = cli("--parameter", "K=95", str(template))
    assert run.code == 1
    assert "CF207" in run.out
    assert cli("--parameter", "K", str(template)).code == 2


def test_usage_errors_exit_2() -> None:
    assert cli("--select", "CF999", BAD).code == 2
    assert cli("--format", "xml", BAD).code == 2
    assert cli("--max-file-size", "0", BAD).code == 2
    assert cli("--no-such-flag").code == 2


def test_rules_and_rule_commands() -> None:
    listing = cli("rules")
    assert listing.code == 0
    rows = [line.split()[:3] for line in listing.out.splitlines()]
    assert ["CF101", "https-to-s3-website-origin", "error"] in rows
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)
    page = cli("rule", "CF206")
    assert page.code == 0
    assert page.out.startswith("# low-origin-read-timeout (CF206)\n")
    assert "## Options" in page.out and "`minimum`" in page.out
    assert cli("rule", "low-origin-read-timeout").out == page.out
    assert cli("rule", "CF999").code == 2
    assert "# duplicate-key (CF001)" in cli("rules", "--markdown").out


def test_no_rules_loaded_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    without_entry_points = plugins.plugin_manager(entry_points=False)
    monkeypatch.setattr(plugins, "plugin_manager", lambda: without_entry_points)
    run = cli(BAD)
    assert run.code == 2
    assert run.err == "cf502lint: error: no rules loaded: is cf502lint installed (pip install .)?\n"
    assert run.out == ""


def test_version() -> None:
    run = cli("--version")
    assert run.code == 0
    assert run.out.startswith("cf502lint ")


def test_console_script_and_module_entry_points() -> None:
    script = Path(sys.executable).with_name("cf502lint")
    for command in ([str(script), GOOD], [sys.executable, "-m", "cf502lint", GOOD]):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert (done.returncode, done.stdout) == (0, "All checks passed (1 file).\n")


def test_start_up_stays_light() -> None:
    probe = (
        "import sys\n"
        "from cf502lint.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('cfnlint', 'hcl2', 'lark', 'yaml', 'jsonschema', 'pygls')"
        " if m in sys.modules)\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_linting_a_template_does_not_load_terraform_or_cfn_lint() -> None:
    probe = (
        "import sys\n"
        "from cf502lint.cli import main\n"
        f"main([{GOOD!r}])\n"
        "print(sorted(m for m in ('cfnlint', 'hcl2', 'lark', 'pygls') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


# --- issue 11: what users of ruff, cfn-lint and checkov expect -----------------------------


def test_lint_is_a_subcommand_and_the_default() -> None:
    assert cli("lint", BAD).out == cli(BAD).out
    assert cli("lint", "--select", "CF207", BAD).code == 1


def test_help_lists_commands_and_exit_codes() -> None:
    top = cli("--help")
    assert top.code == 0
    for command in ("lint", "rules", "rule (explain)", "lsp", "probe", "logs", "exit codes:"):
        assert command in top.out
    lint = cli("lint", "--help")
    assert lint.code == 0 and "--exit-zero" in lint.out and "exit codes:" in lint.out
    assert "--markdown" in cli("rules", "--help").out
    assert cli("lsp", "--help").out.startswith("usage: cf502lint lsp")


def test_explain_is_rule() -> None:
    assert cli("explain", "CF101").out == cli("rule", "CF101").out


@pytest.mark.parametrize(
    ("command", "prefix"),
    [((), "--form"), (("probe",), "--form"), (("logs",), "--form"), (("lsp",), "--debo")],
)
def test_option_prefixes_are_not_accepted(command: tuple[str, ...], prefix: str) -> None:
    run = cli(*command, prefix, "json", BAD)
    assert run.code == 2
    assert f"unrecognized arguments: {prefix}" in run.err


def test_short_version_flag() -> None:
    assert cli("-V").out == cli("--version").out


def test_exit_zero_keeps_the_findings_but_exits_0() -> None:
    run = cli("--exit-zero", BAD)
    assert run.code == 0
    assert run.out == cli(BAD).out


def test_exit_zero_does_not_hide_file_errors(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("AWSTemplateFormatVersion: [\n")
    assert cli("--exit-zero", str(tmp_path / "broken.yaml")).code == 2


def test_statistics() -> None:
    run = cli("--statistics", BAD)
    assert run.code == 1
    assert run.out.splitlines() == [
        "1  CF101  [error]  https-to-s3-website-origin",
        "1  CF103  [error]  https-to-elb-default-hostname",
        "1  CF207  [warning]  keepalive-outlasts-origin-idle-timeout",
        "Found 3 findings (2 error, 1 warning).",
    ]
    assert cli("--statistics", "--format", "json", BAD).code == 2


def test_quiet_prints_findings_only() -> None:
    run = cli("--quiet", BAD)
    assert run.out.splitlines() == cli(BAD).out.splitlines()[:-1]
    assert cli("-q", GOOD).out == ""


@pytest.mark.parametrize(
    ("option", "excluded"),
    [("--exclude", "static-site.yaml"), ("--extend-exclude", "static-*.yaml")],
)
def test_exclude_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str, excluded: str
) -> None:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "static-site.yaml").write_text(Path(BAD).read_text())
    (tmp_path / "infra" / "other.yaml").write_text(Path(BAD).read_text())
    monkeypatch.chdir(tmp_path)
    run = cli(option, excluded, "infra")
    assert run.code == 1
    assert {line.split(":")[0] for line in run.out.splitlines()[:-1]} == {"infra/other.yaml"}
    assert cli(option, "[z-a]", "infra").code == 2


def test_exclude_replaces_the_configuration_and_extend_exclude_adds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(Path(BAD).read_text())
    (tmp_path / ".cf502lint.toml").write_text('exclude = ["a.yaml"]\n')
    monkeypatch.chdir(tmp_path)

    def files(*args: str) -> set[str]:
        return {line.split(":")[0] for line in cli(*args, ".").out.splitlines()[:-1]}

    assert files() == {"b.yaml"}
    assert files("--exclude", "b.yaml") == {"a.yaml"}
    assert cli("--extend-exclude", "b.yaml", ".").code == 2  # nothing left to lint


def test_show_source_and_colour_on_request() -> None:
    shown = cli("--show-source", BAD).out.splitlines()
    assert shown[1].startswith("   30 | ") and shown[2].strip() == "^"
    assert cli("--no-show-source", BAD).out == cli(BAD).out
    coloured = cli("--color", "always", BAD).out
    assert "\033[1;31mCF101\033[0m" in coloured
    assert "\033[" not in cli("--color", "never", BAD).out


def test_force_color_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\033[" in cli(BAD).out
    assert "\033[" not in cli("--color", "never", BAD).out
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in cli(BAD).out
    assert "\033[" in cli("--color", "always", BAD).out


def test_several_reports_from_one_run(tmp_path: Path) -> None:
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    run = cli("--format", "github", "--report", f"sarif:{sarif}", "--report", f"junit:{junit}", BAD)
    assert run.code == 1
    assert run.out.startswith("::error file=")
    assert len(json.loads(sarif.read_text())["runs"][0]["results"]) == 3
    assert junit.read_text().count("<failure") == 3
    assert cli("--report", "xml:x", BAD).code == 2
    assert cli("--report", "sarif", BAD).code == 2


def test_a_directory_with_nothing_to_read_fails(tmp_path: Path) -> None:
    run = cli(str(tmp_path))
    assert run.code == 2
    assert run.err == (
        f"cf502lint: error: {tmp_path}: no file to lint (none is named *.yaml, *.yml, *.json, "
        "*.template or *.tf, or all are excluded)\n"
    )


def test_files_without_a_distribution_say_there_was_nothing_to_check(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    run = cli(str(tmp_path))
    assert (run.code, run.out) == (0, "Nothing to check: no CloudFront distribution in 1 file.\n")
    assert cli(str(tmp_path / "compose.yaml")).code == 0  # pre-commit names such files


# --- issue 9: a blind pass does not look like a clean one ----------------------------------

BLIND = """\
Parameters:
  Origin:
    Type: String
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: !Ref Origin
            CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}
          - Id: imported
            DomainName: !ImportValue shared-origin
            CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}
          - Id: known
            DomainName: origin.example.com
            CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}
        DefaultCacheBehavior:
          TargetOriginId: known
          ViewerProtocolPolicy: https-only
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
"""


def test_origins_that_could_not_be_checked_are_counted_and_listed(tmp_path: Path) -> None:
    path = tmp_path / "blind.yaml"
    path.write_text(BLIND)
    run = cli(str(path))
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines() == [
        "All checks passed (1 file).",
        "2 of 3 origins not checked: what they are is not known (1 parameter without a "
        "default, 1 Fn::ImportValue; --format json lists them).",
    ]
    unresolved = [
        {"path": str(path), "line": 11, "distribution": "Site", "origin": "app",
         "reason": "parameter Origin has no default"},
        {"path": str(path), "line": 14, "distribution": "Site", "origin": "imported",
         "reason": "Fn::ImportValue"},
    ]  # fmt: skip
    assert json.loads(cli("--format", "json", str(path)).out)["unresolved"] == unresolved
    sarif = json.loads(cli("--format", "sarif", str(path)).out)
    (invocation,) = sarif["runs"][0]["invocations"]
    assert invocation["properties"]["origins"] == 3
    assert invocation["properties"]["unresolvedOrigins"] == unresolved
    given = cli("--parameter", "Origin=app.example.com", str(path))
    assert "2 of 3" not in given.out and "1 of 3 origins not checked" in given.out


def test_a_terraform_reference_to_a_missing_resource_says_so(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_cloudfront_distribution" "cdn" {\n'
        "  origin {\n"
        '    origin_id   = "site"\n'
        "    domain_name = aws_s3_bucket.site.bucket_regional_domain_name\n"
        "  }\n"
        "}\n"
    )
    document = json.loads(cli("--format", "json", str(tmp_path)).out)
    (origin,) = document["unresolved"]
    assert origin["reason"] == (
        "aws_s3_bucket.site is not in this module, so its bucket_regional_domain_name"
    )
