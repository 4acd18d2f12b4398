"""CloudFormation and Terraform spellings of one configuration get the same findings.

Each rule's fixture directory holds ``bad.yaml`` and its Terraform twin ``bad-tf/`` (and
``good.yaml`` / ``good-tf/``). With every rule enabled, both must give the same rule ids,
as often each; the findings' lines differ, the rules that fire do not.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from cf502lint.config import Config
from cf502lint.parsers import ParseOptions
from cf502lint.runner import run

from .helpers import FIXTURES, installed_rules

RULE_FIXTURES = FIXTURES / "rules"
NOT_IN_TERRAFORM = {
    "origin_timeout_out_of_range": (
        "CloudFormation's S3OriginConfig.OriginReadTimeout has no Terraform argument, so the "
        "Terraform twin has one CF204 finding fewer"
    ),
    "unused_suppression": (
        "a misspelt key in a Metadata suppression has no counterpart in a Terraform comment"
    ),
}
"""Rule fixture directories whose CloudFormation case says something Terraform cannot."""


def pairs(kind: str) -> list[tuple[Path, Path]]:
    return [
        (directory / f"{kind}.yaml", directory / f"{kind}-tf")
        for directory in sorted(RULE_FIXTURES.iterdir())
        if (directory / f"{kind}.yaml").is_file() and (directory / f"{kind}-tf").is_dir()
    ]


def rule_ids(path: Path) -> Counter[str]:
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        report = run([path.name], installed_rules(), Config(), ParseOptions())
    finally:
        os.chdir(cwd)
    assert not report.errors, report.errors
    return Counter(f.rule_id for f in report.findings)


def test_every_rule_with_a_cloudformation_case_has_a_terraform_twin() -> None:
    twins = {cfn.parent.name for cfn, _ in pairs("bad")}
    with_yaml = {p.parent.name for p in RULE_FIXTURES.glob("*/bad.yaml")}
    assert with_yaml - twins == set()


@pytest.mark.parametrize(("cfn", "tf"), pairs("bad"), ids=lambda p: p.parent.name)
def test_bad_twins_fire_the_same_rules(cfn: Path, tf: Path) -> None:
    cfn_ids, tf_ids = rule_ids(cfn), rule_ids(tf)
    assert set(cfn_ids) == set(tf_ids)
    if cfn.parent.name not in NOT_IN_TERRAFORM:
        assert cfn_ids == tf_ids


@pytest.mark.parametrize(("cfn", "tf"), pairs("good"), ids=lambda p: p.parent.name)
def test_good_twins_are_both_quiet_for_their_rule(cfn: Path, tf: Path) -> None:
    rule = next(
        r for r in installed_rules().values() if r.name.replace("-", "_") == cfn.parent.name
    )
    assert rule.id not in rule_ids(cfn)
    assert rule.id not in rule_ids(tf)
