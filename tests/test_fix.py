"""``--fix`` and ``--diff`` through the command line, as a user runs them.

Golden cases: ``fixtures/fix/<case>/`` holds the files to fix, ``<file>.fixed`` for each file
the fix changes (any other file must stay as it is), ``ARGS`` (the options of the run) and
``remaining`` (the findings left, as ``--quiet`` prints them; none without the file). Each
case is fixed in a copy: the result must equal the golden files, lint without errors,
leave only the remaining findings, change nothing on a second ``--fix``, and be what
``patch`` makes of the ``--diff`` output.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .helpers import FIXTURES, ROOT, Run, cli, installed_rules

CASES = sorted(p for p in (FIXTURES / "fix").iterdir() if p.is_dir())
META = ("ARGS", "remaining")


@contextmanager
def inside(directory: Path) -> Iterator[None]:
    cwd = os.getcwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(cwd)


def copy_case(case: Path, target: Path) -> Path:
    shutil.copytree(
        case,
        target,
        ignore=lambda _, names: [n for n in names if n in META or n.endswith(".fixed")],
    )
    return target


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def args_of(case: Path) -> list[str]:
    path = case / "ARGS"
    return ["--isolated", *(path.read_text().split() if path.exists() else [])]


def fixed_count(run: Run) -> int:
    match = re.search(r"\((\d+) fixed, (\d+) remaining\)", run.out)
    return int(match.group(1)) if match else 0


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_fix_golden_case(case: Path, tmp_path: Path) -> None:
    work = copy_case(case, tmp_path / case.name)
    args = args_of(case)
    before = snapshot(work)
    with inside(work):
        fixed = cli(*args, "--fix", ".")
        remaining = cli(*args, "--quiet", ".")
        again = cli(*args, "--fix", ".")
        diff = cli(*args, "--diff", ".")
    after = snapshot(work)
    for name, data in before.items():
        golden = case / f"{name}.fixed"
        expected = golden.read_bytes() if golden.exists() else data
        assert after[name] == expected, name
    assert any(after[n] != before[n] for n in before), "the case fixes nothing"
    assert fixed.err == "" or "note:" in fixed.err, fixed.err
    assert fixed_count(fixed) > 0
    expected_lines = (
        (case / "remaining").read_text().splitlines() if (case / "remaining").exists() else []
    )
    assert remaining.out.splitlines() == expected_lines
    assert remaining.code == (1 if expected_lines else 0)
    assert fixed.code == remaining.code
    assert "error:" not in remaining.err
    assert snapshot(work) == after and again.code == remaining.code
    assert (diff.code, diff.out) == (0, "")


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch is not installed")
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_diff_is_what_fix_does_and_changes_nothing(case: Path, tmp_path: Path) -> None:
    work = copy_case(case, tmp_path / case.name)
    before = snapshot(work)
    with inside(work):
        diff = cli(*args_of(case), "--diff", ".")
    assert diff.code == 1
    assert snapshot(work) == before
    assert re.search(r"would be fixed in \d+ files?", diff.err)
    patched = subprocess.run(
        ["patch", "-p1", "--quiet", "--batch"], cwd=work, input=diff.out.encode(), check=False
    )
    assert patched.returncode == 0
    for name, data in snapshot(work).items():
        golden = case / f"{name}.fixed"
        if name.endswith(".orig"):
            continue
        assert data == (golden.read_bytes() if golden.exists() else before[name]), name


# Every rule's fixes on its own golden fixtures: the file still parses, the fixed findings
# are gone, and a second --fix changes nothing.

FIXING = [r for r in installed_rules().values() if r.fixes]
RULE_CASES = [
    (rule.id, path)
    for rule in FIXING
    for path in sorted((FIXTURES / "rules" / rule.name.replace("-", "_")).iterdir())
    if path.name.startswith("bad") and not path.name.endswith((".expected", ".md"))
]


def findings_json(*args: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    run = cli(*args, "--format", "json", "--exit-zero")
    report = json.loads(run.out)
    return report["findings"], report["errors"]


@pytest.mark.parametrize(
    ("rule_id", "path"), RULE_CASES, ids=lambda v: v if isinstance(v, str) else v.name
)
def test_rule_fixtures_fix_cleanly(rule_id: str, path: Path, tmp_path: Path) -> None:
    target = tmp_path / path.name
    if path.is_dir():
        shutil.copytree(path, target)
    else:
        shutil.copy(path, target)
    args = ["--isolated", "--select", rule_id]
    with inside(tmp_path):
        found, errors = findings_json(*args, path.name)
        fixed = cli(*args, "--fix", "--unsafe-fixes", path.name)
        after = snapshot(tmp_path)
        left, errors_after = findings_json(*args, path.name)
        cli(*args, "--fix", "--unsafe-fixes", path.name)
    assert errors_after == errors == []
    count = fixed_count(fixed)
    assert len(left) == len(found) - count
    messages = [f["message"] for f in found]
    for finding in left:  # what remains was there before: no fix made a new finding
        assert finding["message"] in messages
    assert snapshot(tmp_path) == after


def test_every_fixing_rule_fixes_one_of_its_fixtures(tmp_path: Path) -> None:
    for rule in FIXING:
        directory = FIXTURES / "rules" / rule.name.replace("-", "_")
        work = tmp_path / rule.id
        shutil.copytree(directory, work, ignore=lambda _, n: [x for x in n if x.startswith("good")])
        with inside(work):
            run = cli("--isolated", "--select", rule.id, "--fix", "--unsafe-fixes", ".")
        assert fixed_count(run) > 0, rule.id


def test_rules_document_the_fixes_they_make(tmp_path: Path) -> None:
    """A rule whose findings carry fixes says so in a ``## Fix`` section, with their class."""
    from cf502lint.config import Config
    from cf502lint.parsers import ParseOptions
    from cf502lint.runner import run

    rules = installed_rules()
    seen: dict[str, set[str]] = {}
    for directory in sorted((FIXTURES / "rules").iterdir()):
        with inside(directory):
            report = run(["."], rules, Config(), ParseOptions())
        for finding in report.findings:
            # the engine makes the fix of a finding that holds only sometimes unsafe
            conditional = re.search(
                r"\((when condition|only for some combinations)", finding.message
            )
            if finding.fix is not None and not conditional:
                kind = "safe" if finding.fix.safe else "unsafe"
                seen.setdefault(finding.rule_id, set()).add(kind)
    assert seen, "no fixture finding has a fix"
    for rule_id, classes in seen.items():
        documented = rules[rule_id].fixes
        assert documented is not None, f"{rule_id} fixes but has no '## Fix' section"
        for kind in classes:
            assert kind in documented.split(", "), (rule_id, kind, documented)


# What is never written.


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


WEBSITE = """\
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: website
            DomainName: example-site.s3-website-us-east-1.amazonaws.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
        DefaultCacheBehavior:
          TargetOriginId: website
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
"""
SELECT = ("--isolated", "--select", "CF101")


def test_a_file_changed_during_the_run_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cf502lint.fixing.session as session
    from cf502lint.fixing.planning import Plan, plan

    site = write(tmp_path / "site.yaml", WEBSITE)

    def plan_then_someone_saves(*args: Any, **kwargs: Any) -> Plan:
        made = plan(*args, **kwargs)
        site.write_text(WEBSITE.replace("Enabled: true", "Enabled: false"))
        return made

    monkeypatch.setattr(session, "plan", plan_then_someone_saves)
    with inside(tmp_path):
        run = cli(*SELECT, "--fix", "site.yaml")
    assert site.read_text() == WEBSITE.replace("Enabled: true", "Enabled: false")
    assert "site.yaml: error: changed on disk during the run: not fixed (run again)" in run.err
    assert run.code == 2


def test_nothing_is_written_in_a_terraform_module_with_a_broken_file(tmp_path: Path) -> None:
    main = write(
        tmp_path / "mod" / "main.tf",
        'resource "aws_cloudfront_distribution" "d" {\n  enabled = true\n  origin {\n'
        '    origin_id   = "w"\n'
        '    domain_name = "example-site.s3-website-us-east-1.amazonaws.com"\n'
        "    custom_origin_config {\n      http_port              = 80\n"
        "      https_port             = 443\n"
        '      origin_protocol_policy = var.policy\n      origin_ssl_protocols   = ["TLSv1.2"]\n'
        "    }\n  }\n}\n",
    )
    variables = write(
        tmp_path / "mod" / "variables.tf", 'variable "policy" {\n  default = "https-only"\n}\n'
    )
    broken = write(tmp_path / "mod" / "other.tf", 'locals {\n  x = "unterminated\n}\n')
    before = snapshot(tmp_path)
    with inside(tmp_path):
        run = cli(*SELECT, "--fix", "mod")
    assert snapshot(tmp_path) == before
    assert "CF101 not fixed: a file of its Terraform module had an error in this run" in run.err
    assert run.code == 2
    broken.write_text("locals {}\n")
    with inside(tmp_path):
        run = cli(*SELECT, "--fix", "mod")
    assert 'default = "http-only"' in variables.read_text()
    assert main.read_text() == before["mod/main.tf"].decode()
    assert run.code == 0


def test_a_shared_parameter_default_is_not_fixed_an_unshared_one_is(tmp_path: Path) -> None:
    template = WEBSITE.replace(
        "OriginProtocolPolicy: https-only", "OriginProtocolPolicy: !Ref Policy"
    )
    head = "Parameters:\n  Policy:\n    Type: String\n    Default: https-only\n"
    shared = write(
        tmp_path / "shared.yaml", head + template + "Outputs:\n  P: {Value: !Sub '${Policy}'}\n"
    )
    alone = write(tmp_path / "alone.yaml", head + template)
    with inside(tmp_path):
        run = cli(*SELECT, "--fix", ".")
    assert "Default: https-only" in shared.read_text()
    assert alone.read_text() == (head + template).replace(
        "Default: https-only", "Default: http-only"
    )
    assert "(1 fixed, 1 remaining)" in run.out


def test_an_overridden_parameter_is_not_fixed_at_its_default(tmp_path: Path) -> None:
    template = WEBSITE.replace(
        "OriginProtocolPolicy: https-only", "OriginProtocolPolicy: !Ref Policy"
    )
    text = "Parameters:\n  Policy:\n    Type: String\n    Default: http-only\n" + template
    site = write(tmp_path / "site.yaml", text)
    with inside(tmp_path):
        run = cli(*SELECT, "--parameter", "Policy=https-only", "--fix", "site.yaml")
    assert site.read_text() == text
    assert "CF101 not fixed: the value is not written as a literal" in run.err
    assert run.code == 1


def test_a_value_merged_from_a_yaml_anchor_is_not_fixed(tmp_path: Path) -> None:
    text = WEBSITE.replace(
        "            CustomOriginConfig:\n              OriginProtocolPolicy: https-only\n",
        "            CustomOriginConfig:\n              <<: *defaults\n",
    ).replace(
        "Resources:\n",
        "Mappings:\n  Shared: &defaults\n    OriginProtocolPolicy: https-only\nResources:\n",
    )
    site = write(tmp_path / "site.yaml", text)
    with inside(tmp_path):
        run = cli(*SELECT, "--fix", "site.yaml")
    assert site.read_text() == text
    assert "CF101 not fixed: the value is shared through a YAML anchor or alias" in run.err


def test_suppressed_and_baselined_findings_are_not_fixed(tmp_path: Path) -> None:
    suppressed = WEBSITE.replace(
        "    Type: AWS::CloudFront::Distribution\n",
        "    Type: AWS::CloudFront::Distribution\n    Metadata: {cf502lint: {ignore: [CF101]}}\n",
    )
    quiet = write(tmp_path / "quiet.yaml", suppressed)
    known = write(tmp_path / "known.yaml", WEBSITE)
    with inside(tmp_path):
        assert cli(*SELECT, "--write-baseline", "baseline.json", "known.yaml").code == 0
        run = cli(*SELECT, "--baseline", "baseline.json", "--fix", ".")
    assert quiet.read_text() == suppressed
    assert known.read_text() == WEBSITE
    assert run.code == 0


def test_line_endings_byte_order_mark_and_permissions_are_kept(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_bytes(b"\xef\xbb\xbf" + WEBSITE.replace("\n", "\r\n").encode())
    site.chmod(0o600)
    with inside(tmp_path):
        run = cli(*SELECT, "--fix", "site.yaml")
    expected = WEBSITE.replace("https-only", "http-only").replace("\n", "\r\n")
    assert site.read_bytes() == b"\xef\xbb\xbf" + expected.encode()
    assert site.stat().st_mode & 0o777 == 0o600
    assert run.code == 0


def test_a_symbolic_link_is_fixed_through_and_stays_a_link(tmp_path: Path) -> None:
    real = write(tmp_path / "templates" / "site.yaml", WEBSITE)
    link = tmp_path / "site.yaml"
    link.symlink_to(Path("templates") / "site.yaml")
    with inside(tmp_path):
        cli(*SELECT, "--fix", "site.yaml")
    assert link.is_symlink()
    assert "OriginProtocolPolicy: http-only" in real.read_text()


def test_a_terraform_plan_is_not_fixed(tmp_path: Path) -> None:
    plan = FIXTURES / "rules" / "https_to_s3_website_origin" / "bad-plan.json"
    shutil.copy(plan, tmp_path / "plan.json")
    with inside(tmp_path):
        run = cli(*SELECT, "--fix", "plan.json")
    assert (tmp_path / "plan.json").read_bytes() == plan.read_bytes()
    assert "a Terraform plan is generated: fix the configuration instead" in run.err


def test_unsafe_fixes_wait_for_the_option(tmp_path: Path) -> None:
    case = FIXTURES / "fix" / "unsafe"
    work = copy_case(case, tmp_path / "unsafe")
    before = snapshot(work)
    with inside(work):
        run = cli("--isolated", "--select", "CF105,CF207", "--fix", ".")
        diff = cli("--isolated", "--select", "CF105,CF207", "--diff", ".")
    assert snapshot(work) == before
    assert "2 more fixes can be made with --unsafe-fixes." in run.out
    assert (diff.code, diff.out) == (0, "")
    assert "0 findings would be fixed in 0 files; 2 more with --unsafe-fixes" in diff.err


def test_fix_refuses_standard_input_and_a_baseline_being_written(tmp_path: Path) -> None:
    run = cli("--fix", "-", stdin=WEBSITE)
    assert run.code == 2 and "--fix fixes files: it cannot fix standard input" in run.err
    with inside(tmp_path):
        run = cli("--diff", "--write-baseline", "b.json", ".")
    assert run.code == 2 and "--diff and --write-baseline" in run.err


def test_quoting_styles_are_kept(tmp_path: Path) -> None:
    for quoted in ("'https-only'", '"https-only"', "https-only"):
        site = write(tmp_path / "site.yaml", WEBSITE.replace("https-only", quoted))
        with inside(tmp_path):
            cli(*SELECT, "--fix", "site.yaml")
        assert site.read_text() == WEBSITE.replace("https-only", quoted.replace("https", "http"))


def test_overlapping_fixes_make_the_first_and_report_the_rest() -> None:
    from cf502lint.fix import Fix, SetValue
    from cf502lint.fixing.planning import plan
    from cf502lint.model import Finding, Severity, Span

    text = "A:\n  B: 80\n"
    key = Span("t.yaml", 2, 3, 2, 4)
    first = Fix("to 443", (SetValue(key, 80, 443),))
    second = Fix("to 8443", (SetValue(key, 80, 8443),))
    findings = [
        Finding("X001", "x", Severity.ERROR, "one", key, fix=first),
        Finding("X002", "y", Severity.ERROR, "two", key, fix=second),
        Finding("X003", "z", Severity.ERROR, "same as one", key, fix=first),
    ]
    made = plan(findings, lambda path: text, unsafe=False)
    assert made.texts == {"t.yaml": "A:\n  B: 443\n"}
    assert [f.rule_id for f in made.fixed] == ["X001", "X003"]
    assert [(s.finding.rule_id, s.reason) for s in made.skipped] == [
        ("X002", "another fix changes the same text first")
    ]


CORPUS = Path(os.environ.get("CF502LINT_CORPUS", ROOT.parent / "shared" / "corpus"))
"""Real-world templates and configurations beside the checkout (not in the repository:
a CI clone has none, and the test says so)."""


@pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"no corpus at {CORPUS} (set CF502LINT_CORPUS to a directory of real templates)",
)
def test_fixing_a_copy_of_the_corpus_breaks_no_file(tmp_path: Path) -> None:
    from collections import Counter

    work = tmp_path / "corpus"
    shutil.copytree(CORPUS, work, symlinks=True)
    before = snapshot(work)
    with inside(work):
        found, errors = findings_json("--isolated", ".")
        fixed = cli("--isolated", "--fix", "--unsafe-fixes", ".")
        left, errors_after = findings_json("--isolated", ".")
        after = snapshot(work)
        again = cli("--isolated", "--diff", "--unsafe-fixes", ".")
    assert errors_after == errors  # every file parses as before: no more errors
    changed = [name for name in before if after[name] != before[name]]
    assert changed and fixed_count(fixed) > 0
    counted = Counter((f["path"], f["rule"]) for f in found)
    counted_after = Counter((f["path"], f["rule"]) for f in left)
    assert counted_after <= counted  # a fix made no new finding
    assert counted.total() - counted_after.total() == fixed_count(fixed)
    assert (again.code, again.out) == (0, "")  # a second --fix would change nothing
    assert snapshot(work) == after


TWO_ORIGINS = WEBSITE.replace(
    "        DefaultCacheBehavior:\n",
    "          - Id: app\n"
    "            DomainName: app.example.com\n"
    "            CustomOriginConfig:\n"
    "              OriginProtocolPolicy: https-only\n"
    "              HTTPSPort: 80\n"
    "              OriginSSLProtocols: [TLSv1.2]\n"
    "        DefaultCacheBehavior:\n",
)


def rule_ids(run: Run) -> list[str]:
    return re.findall(r" (CF\d{3}) \[", run.out)


@pytest.mark.parametrize(
    ("options", "fixed", "left"),
    [
        (("--select", "CF101"), "OriginProtocolPolicy: http-only", ["CF202"]),
        (("--ignore", "CF101"), "HTTPSPort: 443", ["CF101"]),
        (("--select", "CF101,CF202", "--ignore", "CF202"), "http-only", ["CF202"]),
    ],
)
def test_only_the_selected_rules_are_fixed(
    tmp_path: Path, options: tuple[str, ...], fixed: str, left: list[str]
) -> None:
    site = write(tmp_path / "site.yaml", TWO_ORIGINS)
    with inside(tmp_path):
        run = cli("--isolated", *options, "--fix", "site.yaml")
        after = cli("--isolated", "site.yaml")
    assert fixed in site.read_text()
    assert "(1 fixed, 0 remaining)" in run.out and run.code == 0
    assert rule_ids(after) == left and after.code == 1
    assert len(site.read_text().splitlines()) == len(TWO_ORIGINS.splitlines())


def test_the_exit_code_of_fix_is_that_of_the_findings_left(tmp_path: Path) -> None:
    site = write(tmp_path / "site.yaml", TWO_ORIGINS)
    with inside(tmp_path):
        unsafe_left = cli("--isolated", "--select", "CF101", "--fix", "--exit-zero", "site.yaml")
        assert unsafe_left.code == 0
        site.write_text(TWO_ORIGINS)
        left = cli("--isolated", "--fix", "--select", "CF101,CF106", "site.yaml")
        none = cli("--isolated", "--fix", "site.yaml")
        clean_diff = cli("--isolated", "--diff", "site.yaml")
    assert left.code == 0 and "(1 fixed, 0 remaining)" in left.out
    assert none.code == 0 and "(1 fixed, 0 remaining)" in none.out
    assert (clean_diff.code, clean_diff.out) == (0, "")
    site.write_text(TWO_ORIGINS.replace("HTTPSPort: 80", "HTTPSPort: !Ref Port"))
    with inside(tmp_path):
        remaining = cli("--isolated", "--parameter", "Port=80", "--fix", "site.yaml")
    assert "(1 fixed, 1 remaining)" in remaining.out and remaining.code == 1


def test_a_diff_of_several_files_has_one_patch_each_with_a_and_b_paths(tmp_path: Path) -> None:
    write(tmp_path / "infra" / "b.yaml", WEBSITE)
    write(tmp_path / "infra" / "a" / "site.yaml", TWO_ORIGINS)
    write(tmp_path / "infra" / "clean.yaml", WEBSITE.replace("https-only", "http-only"))
    with inside(tmp_path):
        diff = cli("--isolated", "--diff", "infra", str(tmp_path / "infra" / "b.yaml"))
    headers = [line for line in diff.out.splitlines() if line.startswith(("---", "+++"))]
    assert headers == [
        "--- a/infra/a/site.yaml",
        "+++ b/infra/a/site.yaml",
        "--- a/infra/b.yaml",
        "+++ b/infra/b.yaml",
    ]
    assert diff.code == 1
    assert "4 findings would be fixed in 2 files" in diff.err  # b.yaml is named twice
    if shutil.which("git") is not None:
        applied = subprocess.run(
            ["git", "apply", "--check", "-"],
            cwd=tmp_path,
            input=diff.out.encode(),
            capture_output=True,
            check=False,
        )
        assert applied.returncode == 0, applied.stderr


@pytest.mark.parametrize(
    ("name", "text", "fixed"),
    [
        (
            "main.tf",
            'resource "aws_cloudfront_distribution" "d" {\n  enabled = true\n  origin {\n'
            '    origin_id   = "w" # the website\n'
            '    domain_name = "example-site.s3-website-us-east-1.amazonaws.com"\n'
            "    custom_origin_config {\n      http_port              = 80\n"
            "      https_port             = 443\n"
            '      origin_protocol_policy = "https-only" // wrong\n'
            '      origin_ssl_protocols   = ["TLSv1.2"]\n'
            "    }\n  }\n}\n",
            '"http-only" // wrong',
        ),
        (
            "site.json",
            json.dumps(
                {
                    "Resources": {
                        "D": {
                            "Type": "AWS::CloudFront::Distribution",
                            "Properties": {
                                "DistributionConfig": {
                                    "Origins": [
                                        {
                                            "Id": "w",
                                            "DomainName": "b.s3-website-us-east-1.amazonaws.com",
                                            "CustomOriginConfig": {
                                                "OriginProtocolPolicy": "https-only"
                                            },
                                        }
                                    ],
                                    "DefaultCacheBehavior": {"TargetOriginId": "w"},
                                }
                            },
                        }
                    }
                },
                indent=4,
            )
            + "\n",
            '"OriginProtocolPolicy": "http-only"',
        ),
    ],
)
def test_crlf_line_endings_are_kept(tmp_path: Path, name: str, text: str, fixed: str) -> None:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode())
    with inside(tmp_path):
        run = cli(*SELECT, "--fix", name)
    data = path.read_bytes()
    assert fixed.encode() in data
    assert data.count(b"\r\n") == text.count("\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert data == text.replace('"https-only"', '"http-only"').replace("\n", "\r\n").encode()
    assert "(1 fixed, 0 remaining)" in run.out


def test_the_documentation_says_how_to_fix() -> None:
    from .docs import INTEGRATIONS, README, USAGE, section

    fixing = section(USAGE, "Fixing")
    for option in ("--fix", "--unsafe-fixes", "--diff", "--select", "baseline", "atomic"):
        assert option in fixing, option
    index = (ROOT / "docs" / "rules" / "README.md").read_text(encoding="utf-8")
    assert "(../usage.md#fixing)" in index
    assert "cf502lint-fix" in section(INTEGRATIONS, "pre-commit")
    assert "Rule fixes" in section(INTEGRATIONS, "Editors (LSP)")
    assert "--fix" in README.read_text(encoding="utf-8")


def test_a_link_to_a_file_outside_the_tree_is_neither_read_nor_fixed(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "site.yaml", WEBSITE)
    tree = tmp_path / "tree"
    write(tree / "own.yaml", WEBSITE)
    (tree / "site.yaml").symlink_to(outside)
    with inside(tree):
        run = cli(*SELECT, "--fix", ".")
    assert outside.read_text() == WEBSITE
    assert "http-only" in (tree / "own.yaml").read_text()
    assert (tree / "site.yaml").is_symlink()
    assert "(1 fixed, 0 remaining)" in run.out


def test_replace_if_unchanged_writes_atomically_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cf502lint.writing import replace_if_unchanged

    path = write(tmp_path / "site.yaml", "old\n")
    assert not replace_if_unchanged(str(path), b"new\n", b"something else\n")
    assert path.read_text() == "old\n"

    def no_rename(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError):
        replace_if_unchanged(str(path), b"new\n", b"old\n")
    monkeypatch.undo()
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["site.yaml"]  # no temporary file left
    assert replace_if_unchanged(str(path), b"new\n", b"old\n")
    assert path.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["site.yaml"]


def test_a_write_that_fails_is_an_error_and_the_file_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cf502lint.writing as writing

    site = write(tmp_path / "site.yaml", WEBSITE)

    def full_disk(path: str, data: bytes, expected: bytes) -> bool:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writing, "replace_if_unchanged", full_disk)
    with inside(tmp_path):
        run = cli(*SELECT, "--fix", "site.yaml")
    assert site.read_text() == WEBSITE
    assert "site.yaml: error: cannot write the fix: No space left on device" in run.err
    assert "fixed" not in run.out and "CF101" in run.out
    assert run.code == 2


def test_a_terraform_finding_suppressed_by_a_comment_is_not_fixed(tmp_path: Path) -> None:
    text = (
        'resource "aws_cloudfront_distribution" "d" {\n  enabled = true\n  origin {\n'
        '    origin_id   = "w"\n'
        '    domain_name = "example-site.s3-website-us-east-1.amazonaws.com"\n'
        "    custom_origin_config {\n      http_port              = 80\n"
        "      https_port             = 443\n"
        "      # cf502lint:ignore CF101 the bucket is being replaced\n"
        '      origin_protocol_policy = "https-only"\n'
        '      origin_ssl_protocols   = ["TLSv1.2"]\n'
        "    }\n  }\n}\n"
    )
    main = write(tmp_path / "main.tf", text)
    with inside(tmp_path):
        run = cli(*SELECT, "--fix", ".")
        diff = cli(*SELECT, "--diff", ".")
    assert main.read_text() == text
    assert run.code == 0 and "fixed" not in run.out
    assert (diff.code, diff.out) == (0, "")
