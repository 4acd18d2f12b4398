"""Realistic, correct configurations give no finding: fixtures/realistic/.

Each case is written the way real projects are (parameters, conditions, mappings, modules,
variables, VPC origins, tenants) and is correct according to the CloudFront documentation,
so every installed rule must stay silent on it. A case is a CloudFormation template, a plan
or a CloudFront API document (one file), or a Terraform root module with its local child
modules (one directory). Each is linted as the CLI lints it, from its own directory, and
must define at least one distribution, so that a parse that silently finds nothing fails.
fixtures/realistic/README.md lists every case in one line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cf502lint.config import Config
from cf502lint.parsers import ParseOptions
from cf502lint.reporters.text import line
from cf502lint.runner import Report, run

from .helpers import FIXTURES, cli, installed_rules

REALISTIC = FIXTURES / "realistic"
MINIMUM_CASES = 36
CASE_SUFFIXES = (".yaml", ".yml", ".json")


def cases() -> list[Path]:
    """Every case: a template or document file, or a Terraform module directory."""
    return sorted(
        path
        for path in REALISTIC.iterdir()
        if path.is_dir() or (path.is_file() and path.name.endswith(CASE_SUFFIXES))
    )


@contextmanager
def working_directory(directory: Path) -> Iterator[None]:
    previous = os.getcwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(previous)


def lint_case(case: Path) -> Report:
    """The report of the CLI's run over one case: every rule, default options."""
    directory, target = (case, ".") if case.is_dir() else (case.parent, case.name)
    with working_directory(directory):
        return run([target], installed_rules(), Config(), ParseOptions())


def describe(report: Report) -> str:
    lines = [line(finding) for finding in report.findings]
    lines += [f"file error: {e.path}:{e.line}: {e.message}" for e in report.errors]
    lines += [f"notice: {n.path}:{n.line}: {n.message}" for n in report.notices]
    return "\n".join(lines)


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.name)
def test_realistic_case_is_clean(case: Path) -> None:
    report = lint_case(case)
    assert report.errors == (), describe(report)
    assert report.findings == (), describe(report)
    assert report.distributions >= 1, f"{case.name}: no distribution was read"
    assert report.origins >= 1, f"{case.name}: no origin was read"
    # A module call whose local source is missing, or a repetition that could not be read,
    # would make the clean pass a blind one: the cases are complete, so no notice either.
    assert report.notices == (), describe(report)


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.name)
def test_cli_passes_realistic_case(case: Path) -> None:
    directory, target = (case, ".") if case.is_dir() else (case.parent, case.name)
    with working_directory(directory):
        result = cli("--isolated", target)
    assert result.code == 0, result.out + result.err
    assert "All checks passed" in result.out, result.out


def test_there_are_enough_cases_in_every_format() -> None:
    found = cases()
    assert len(found) >= MINIMUM_CASES, [c.name for c in found]
    files = [c for c in found if c.is_file()]
    modules = [c for c in found if c.is_dir()]
    # Terraform: HCL root modules, at least one with local child modules, and .tf.json.
    assert any(list(m.glob("modules/*/*.tf")) for m in modules)
    assert any(list(m.glob("*.tf.json")) for m in modules)
    assert all(list(m.glob("*.tf")) or list(m.glob("*.tf.json")) for m in modules)
    kinds = {kind_of(c) for c in files}
    assert {"cloudformation", "sam", "cdk", "plan", "api"} <= kinds, kinds


def kind_of(case: Path) -> str:
    text = case.read_text()
    if '"format_version"' in text and '"planned_values"' in text:
        return "plan"
    if "AWS::Serverless-2016-10-31" in text:
        return "sam"
    if "aws:cdk:path" in text:
        return "cdk"
    if "AWSTemplateFormatVersion" in text or '"Resources"' in text:
        return "cloudformation"
    return "api"


def test_readme_lists_every_case_once() -> None:
    readme = (REALISTIC / "README.md").read_text()
    listed = re.findall(r"^- `([^`]+?)/?`", readme, flags=re.MULTILINE)
    assert sorted(listed) == [c.name for c in cases()]
