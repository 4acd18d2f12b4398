"""CloudFormation and Terraform spellings of one configuration get the same findings.

Each rule's fixture directory holds ``bad.yaml`` and its Terraform twin ``bad-tf/`` (and
``good.yaml`` / ``good-tf/``). With every rule enabled, both must give the same rule ids,
as often each; the findings' lines differ, the rules that fire do not (but for findings on
a setting CloudFormation defaults and Terraform requires, such as the origin TLS protocols,
which the Terraform twins write out). Below the rules, the
origins both build must be the same model: configuration, protocol, ports, timeouts, what
the domain points at, and the load balancer behind it with its listeners, certificates,
actions and security groups.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from cf502lint.config import Config
from cf502lint.model import LoadBalancer
from cf502lint.parsers import ParseOptions, parse_text
from cf502lint.runner import run

from .helpers import FIXTURES, installed_rules

RULE_FIXTURES = FIXTURES / "rules"
NOT_IN_TERRAFORM = {
    "origin_timeout_out_of_range": (
        "CloudFormation's S3OriginConfig.OriginReadTimeout has no Terraform argument, so the "
        "Terraform twin has one CF204 finding fewer"
    ),
    "duplicate_key": (
        "a key written twice is CF001 in YAML and JSON, where the last one wins; Terraform "
        "rejects an argument set twice, which is CF004"
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
    return Counter(f.rule_id for f in report.findings if CLOUDFORMATION_DEFAULT not in f.message)


CLOUDFORMATION_DEFAULT = "CloudFormation's default"
"""What a message says when it is about a default Terraform has no counterpart for."""


def test_every_rule_with_a_cloudformation_case_has_a_terraform_twin() -> None:
    twins = {cfn.parent.name for cfn, _ in pairs("bad")}
    with_yaml = {p.parent.name for p in RULE_FIXTURES.glob("*/bad.yaml")}
    assert with_yaml - twins == {"duplicate_key"}  # see NOT_IN_TERRAFORM


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


def origins_of(path: Path) -> list[tuple[object, ...]]:
    """What each origin of the file's distributions is, without names, spans or TLS lists.

    ``ssl_protocols`` is left out: CloudFormation defaults it and Terraform requires it.
    A template with conditions gives each origin once per combination of conditions.
    """
    documents = []
    for file in [path] if path.is_file() else sorted(path.rglob("*.tf")):
        document = parse_text(file.read_text(), str(file), ParseOptions())
        if document is not None:
            documents.append(document)
    found = [
        (
            o.config,
            o.protocol_policy,
            o.http_port,
            o.https_port,
            o.read_timeout,
            o.keepalive_timeout,
            o.connection_attempts,
            o.connection_timeout,
            o.target.kind,
            o.target.service_hostname,
            o.target.edge_optimized,
            o.target.private_zone,
            o.ip_address_type,
            balancer_of(o.target.load_balancer),
        )
        for document in documents[:1]
        for dist in document.distributions
        for o in dist.origins
    ]
    return sorted(found, key=repr)  # None and values side by side: no order of their own


def balancer_of(balancer: LoadBalancer | None) -> tuple[object, ...] | None:
    if balancer is None:
        return None
    listeners = sorted(
        (
            listener.port or 0,
            listener.protocol or "",
            None
            if listener.certificates is None
            else tuple(sorted(n for c in listener.certificates for n in c.names)),
        )
        for listener in balancer.listeners
    )
    actions = sorted(
        [
            (
                listener.port or 0,
                listener.rules_complete,
                None
                if listener.actions is None
                else tuple(
                    (a.type, a.redirect_protocol, a.redirect_host, a.redirect_port)
                    for a in listener.actions
                ),
            )
            for listener in balancer.listeners
        ],
        key=repr,  # None and values side by side: no order of their own
    )
    groups = (
        None
        if balancer.security_groups is None
        else tuple(
            None
            if group.ingress is None
            else tuple(
                sorted(
                    [(r.protocol, r.from_port, r.to_port, r.source_kind) for r in group.ingress],
                    key=repr,
                )
            )
            for group in balancer.security_groups
        )
    )
    return (
        balancer.type,
        balancer.internal,
        balancer.idle_timeout,
        balancer.ip_address_type,
        tuple(listeners),
        balancer.listeners_complete,
        tuple(actions),
        groups,
    )


@pytest.mark.parametrize(("cfn", "tf"), pairs("bad"), ids=lambda p: p.parent.name)
def test_bad_twins_build_the_same_origins(cfn: Path, tf: Path) -> None:
    if cfn.parent.name in NOT_IN_TERRAFORM:
        pytest.skip(NOT_IN_TERRAFORM[cfn.parent.name])
    cfn_origins, tf_origins = origins_of(cfn), origins_of(tf)
    if "Conditions:" in cfn.read_text():
        assert set(tf_origins) <= set(cfn_origins)
    else:
        assert cfn_origins == tf_origins


def multitenant_pairs(kind: str) -> list[tuple[Path, Path]]:
    """``<kind>-multitenant.yaml`` and its Terraform twin ``<kind>-tf-multitenant/``
    (``aws_cloudfront_multitenant_distribution`` with ``aws_cloudfront_distribution_tenant``)."""
    return [
        (directory / f"{kind}-multitenant.yaml", directory / f"{kind}-tf-multitenant")
        for directory in sorted(RULE_FIXTURES.iterdir())
        if (directory / f"{kind}-multitenant.yaml").is_file()
        and (directory / f"{kind}-tf-multitenant").is_dir()
    ]


def test_multitenant_twins_exist() -> None:
    assert {cfn.parent.name for cfn, _ in multitenant_pairs("bad")} >= {
        "https_to_s3_website_origin",
        "origin_certificate_mismatch",
    }


@pytest.mark.parametrize(
    ("cfn", "tf"),
    [*multitenant_pairs("bad"), *multitenant_pairs("good")],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_multitenant_twins_fire_the_same_rules_and_build_the_same_origins(
    cfn: Path, tf: Path
) -> None:
    assert rule_ids(cfn) == rule_ids(tf)
    assert origins_of(cfn) == origins_of(tf)
