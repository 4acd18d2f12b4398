"""cf502lint's rules inside the real cfn-lint: ``--append-rules`` and ``.cfnlintrc``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cf502lint.testing import lint_text

from .docs import INTEGRATIONS, blocks, section
from .helpers import FIXTURES, installed_rules

CFN_LINT = [str(Path(sys.executable).with_name("cfn-lint"))]
MODULE = "cf502lint.cfnlint_rules"
BAD = FIXTURES / "lsp" / "bad.yaml"
FIXED = FIXTURES / "lsp" / "fixed.yaml"
_PARSEABLE = re.compile(
    r"^(?P<path>.+):(\d+):(\d+):(\d+):(\d+):(?P<id>[EWI]\d{4}):(?P<message>.*)$"
)


Match = tuple[str, str, int, int, int, int, str]
"""(path, id, line, column, end line, end column, message), as cfn-lint's parseable output."""


def cfn_lint(*args: str, cwd: Path) -> tuple[int, list[Match]]:
    """Run cfn-lint with parseable output: its exit code and matches."""
    done = subprocess.run(
        [*CFN_LINT, "--format", "parseable", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stderr == "", done.stderr
    matches: list[Match] = []
    for line in done.stdout.splitlines():
        found = _PARSEABLE.match(line)
        assert found is not None, line
        path, a, b, c, d, rule_id, message = found.groups()
        matches.append((path, rule_id, int(a), int(b), int(c), int(d), message))
    return done.returncode, matches


def ours(matches: list[Match], path: str = "bad.yaml") -> list[tuple[str, int, int]]:
    """cf502lint's matches (ids E9xxx, W9xxx, I9xxx) in ``path``: (id, line, column)."""
    return [(m[1], m[2], m[3]) for m in matches if m[0] == path and m[1][1] == "9"]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copy(BAD, tmp_path / "bad.yaml")
    shutil.copy(FIXED, tmp_path / "fixed.yaml")
    return tmp_path


def expected(path: Path) -> list[tuple[str, int, int]]:
    """cf502lint's own findings for ``path``, under their cfn-lint ids."""
    from cf502lint.cfnlint_rules.adapter import cfnlint_id

    rules = installed_rules()
    findings = lint_text(path.read_text(), str(path), rules.values())
    return [(str(cfnlint_id(rules[f.rule_id])), f.span.line, f.span.column) for f in findings]


def test_append_rules_module_reports_our_findings_at_our_lines(workdir: Path) -> None:
    code, matches = cfn_lint("bad.yaml", "fixed.yaml", "--append-rules", MODULE, cwd=workdir)
    assert (
        ours(matches)
        == expected(workdir / "bad.yaml")
        == [
            ("E9101", 18, 15),
            ("W9206", 19, 15),
        ]
    )
    cf101 = next(m for m in matches if m[1] == "E9101")
    assert cf101[4:6] == (18, 35)  # the end of the key ``OriginProtocolPolicy``
    assert cf101[6].startswith("CF101 https-to-s3-website-origin: origin 'site' connects")
    assert ours(matches, "fixed.yaml") == expected(workdir / "fixed.yaml") == []
    assert [m for m in matches if m[0] == "fixed.yaml"] == []  # cfn-lint's own rules agree
    assert code == 6  # cfn-lint: errors (2) and warnings (4)


# -- the README's "Inside cfn-lint" snippets, run as written --------------------------------


def readme_blocks(language: str) -> list[str]:
    return blocks(section(INTEGRATIONS, "Inside cfn-lint"), language)


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """The README's ``template.yaml``: the bad template."""
    shutil.copy(BAD, tmp_path / "template.yaml")
    return tmp_path


def test_readme_commands(template: Path) -> None:
    (shown,) = readme_blocks("text")
    lines = [line for block in readme_blocks("sh") for line in block.splitlines() if line.strip()]
    assert len(lines) == 2 and all(line.startswith("cfn-lint template.yaml ") for line in lines)
    bin_dir = str(Path(sys.executable).parent)  # cfn-lint, python and cf502lint, as installed
    for line in lines:
        done = subprocess.run(
            ["bash", "-c", line],
            cwd=template,
            env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"]},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert (done.returncode, done.stderr) == (6, ""), line
        assert shown in done.stdout, line


def test_readme_cfnlintrc(template: Path) -> None:
    (snippet,) = readme_blocks("yaml")
    (template / ".cfnlintrc").write_text(snippet)
    _, matches = cfn_lint("template.yaml", cwd=template)
    assert ours(matches, "template.yaml") == [("E9101", 18, 15), ("W9206", 19, 15)]


def test_readme_vscode_cfnlint_extension_settings(template: Path) -> None:
    """The arguments the CloudFormation Linter extension builds from its settings."""
    (snippet,) = readme_blocks("json")
    settings = json.loads(snippet)
    args = ["--format", "json", "--include-checks", "I", "--ignore-checks", "W9206"]
    for rule in settings["cfnLint.appendRules"]:
        args += ["--append-rules", rule]
    done = subprocess.run(
        [*CFN_LINT, *args, "--", str(template / "template.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stderr == ""  # the extension shows anything on stderr as a warning
    found = [
        (m["Rule"]["Id"], m["Level"], m["Location"]["Start"]["LineNumber"])
        for m in json.loads(done.stdout)
        if m["Rule"]["Id"][1] == "9"
    ]
    assert found == [("E9101", "Error", 18)]


def test_suppressions_and_configuration_apply_inside_cfnlint(workdir: Path) -> None:
    text = (
        BAD.read_text()
        .replace(
            "    Type: AWS::CloudFront::Distribution\n",
            "    Type: AWS::CloudFront::Distribution\n"
            "    Metadata:\n"
            "      cf502lint:\n"
            "        ignore: [CF206]\n"
            "      cfn-lint:\n"
            "        config:\n"
            "          ignore_checks: [E9101]\n",
        )
        .replace(
            "              OriginReadTimeout: 2\n",
            "              OriginReadTimeout: 2\n              OriginKeepaliveTimeout: 150\n",
        )
    )
    (workdir / "suppressed.yaml").write_text(text)
    (workdir / ".cf502lint.toml").write_text('ignore = ["origin-timeout-above-default-quota"]\n')
    rules = installed_rules().values()
    # without the configuration file: the Metadata suppression already hides CF206
    assert [f.rule_id for f in lint_text(text, "suppressed.yaml", rules)] == ["CF101", "CF205"]
    _, matches = cfn_lint("suppressed.yaml", "bad.yaml", "-a", MODULE, cwd=workdir)
    assert ours(matches, "suppressed.yaml") == []  # CF206 by Metadata, E9101 by cfn-lint, CF205
    assert ours(matches, "bad.yaml") == [("E9101", 18, 15), ("W9206", 19, 15)]  # the control


def test_severity_overrides_change_the_cfnlint_id_and_level(workdir: Path) -> None:
    """The configuration's severities give the same answer inside cfn-lint as outside."""
    (workdir / ".cf502lint.toml").write_text(
        '[severity]\nCF101 = "warning"\nlow-origin-read-timeout = "info"\n'
    )
    code, matches = cfn_lint("bad.yaml", "-a", MODULE, "-c", "I", cwd=workdir)
    assert ours(matches) == [("W9101", 18, 15), ("I9206", 19, 15)]
    assert code == 4 + 8  # cfn-lint: warnings and informational matches, no errors


def test_without_cfn_lint_the_adapter_says_how_to_install_it() -> None:
    code = (
        "import importlib.util as u\n"
        "real = u.find_spec\n"
        "u.find_spec = lambda name, package=None: None if name == 'cfnlint' "
        "else real(name, package)\n"
        "import runpy\n"
        "runpy.run_module('cf502lint.cfnlint_rules', run_name='__main__', alter_sys=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "cf502lint: error: cf502lint's rules for cfn-lint need cfn-lint installed beside "
        "cf502lint: pip install 'cf502lint[cfn-lint]'\n"
    )


def test_a_configuration_mistake_is_reported_by_cfnlint(workdir: Path) -> None:
    (workdir / ".cf502lint.toml").write_text('ignor = ["CF206"]\n')
    _, matches = cfn_lint("bad.yaml", "-a", MODULE, cwd=workdir)
    (error,) = [m for m in matches if m[1] == "E0002"]  # cfn-lint's "rule raised" error
    assert "cf502lint configuration" in error[6] and "ignor: unknown key" in error[6]
    assert ours(matches) == []


def test_rule_ids_are_cfnlint_custom_ids_and_unique() -> None:
    from cf502lint.cfnlint_rules.adapter import RULE_CLASSES, RUNNER_ID, cfnlint_id

    ids = [cls.id for cls in RULE_CLASSES.values()]
    assert len(set(ids)) == len(ids) and RUNNER_ID not in ids
    for rule in installed_rules().values():
        mapped = cfnlint_id(rule)
        assert mapped is not None
        assert re.fullmatch(r"[EWI]9\d{3}", mapped)
        assert mapped[0] == {"error": "E", "warning": "W", "info": "I"}[rule.severity]
        assert mapped[2:] == rule.id[2:]
        assert {f"{letter}9{rule.id[2:]}" for letter in "EWI"} <= set(ids)


def test_plain_imports_load_neither_cfnlint_nor_pygls() -> None:
    code = (
        "import sys, cf502lint, cf502lint.cli, cf502lint.runner, cf502lint.lsp.fixes; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'cfnlint', 'pygls'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
