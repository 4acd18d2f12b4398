"""A condition that only settings outside the model use is not checked both ways.

``Logging``, ``WebACLId``, ``DefaultRootObject`` and the like cannot change a finding; a
distribution whose conditions sit there is modelled once. A condition on a parameter the
model does read (directly or through a resource) is still checked both ways, for where it
contradicts the parameter's default the parameter is unknown.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cf502lint.model import Span
from cf502lint.parsers import ParseOptions, parse_text
from cf502lint.parsers.cloudformation import template as template_module
from cf502lint.parsers.cloudformation.conditions import used_conditions
from cf502lint.parsers.cloudfront_api import ApiContext, ApiPolicies
from cf502lint.parsers.distribution_config import CONFIG_KEYS, build_distribution
from cf502lint.source.json_tree import load_json
from cf502lint.source.tree import LMap

from .helpers import FIXTURES, cli

TEMPLATE = """\
Parameters:
  LogBucket: {Type: String, Default: ""}
  WebAcl: {Type: String, Default: ""}
  RootObject: {Type: String, Default: ""}
  Origin: {Type: String, Default: app.example.com}
Conditions:
  HasLogs: !Not [!Equals [!Ref LogBucket, ""]]
  HasAcl: !Not [!Equals [!Ref WebAcl, ""]]
  HasRoot: !Not [!Equals [!Ref RootObject, ""]]
  IsExample: !Equals [!Ref Origin, app.example.com]
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Logging: !If [HasLogs, {Bucket: !Ref LogBucket}, !Ref AWS::NoValue]
        WebACLId: !If [HasAcl, !Ref WebAcl, !Ref AWS::NoValue]
        DefaultRootObject: !If [HasRoot, !Ref RootObject, !Ref AWS::NoValue]
        Comment: !If [IsExample, example, other]
        Origins:
          - Id: app
            DomainName: ORIGIN
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: https-only
          CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
"""


def _scenarios(text: str) -> list[tuple[tuple[str, bool], ...]]:
    document = parse_text(text, "t.yaml", ParseOptions())
    assert document is not None
    return [d.scenario for d in document.distributions]


def test_conditions_only_outside_the_model_model_the_distribution_once() -> None:
    assert _scenarios(TEMPLATE.replace("ORIGIN", "app.example.com")) == [()]


def test_a_condition_on_a_parameter_the_model_reads_is_still_checked_both_ways() -> None:
    found = _scenarios(TEMPLATE.replace("ORIGIN", "!Ref Origin"))
    assert sorted(found) == [(("IsExample", False),), (("IsExample", True),)]


def test_a_condition_on_a_parameter_read_through_a_resource_is_still_checked() -> None:
    text = TEMPLATE.replace("ORIGIN", "!GetAtt Bucket.RegionalDomainName") + (
        "  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !Ref Origin}\n"
    )
    assert len(_scenarios(text)) == 2


WHOLE = """\
Parameters:
  LogBucket: {Type: String, Default: ""}
Conditions:
  HasLogs: !Not [!Equals [!Ref LogBucket, ""]]
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig: !If
        - HasLogs
        - Enabled: true
          Logging: {Bucket: !Ref LogBucket}
          Origins: [{Id: app, DomainName: app.example.com, S3OriginConfig: {}}]
          DefaultCacheBehavior: {TargetOriginId: app, ViewerProtocolPolicy: allow-all}
        - Enabled: true
          Origins: [{Id: app, DomainName: app.example.com, S3OriginConfig: {}}]
          DefaultCacheBehavior: {TargetOriginId: app, ViewerProtocolPolicy: allow-all}
"""


def test_a_condition_around_the_whole_configuration_is_checked() -> None:
    assert sorted(_scenarios(WHOLE)) == [(("HasLogs", False),), (("HasLogs", True),)]


class _Recording(LMap):
    """A DistributionConfig that notes every key asked of it."""

    __slots__ = ("asked",)

    def __init__(self, original: LMap) -> None:
        super().__init__(original.span)
        self.update(original)
        self.key_spans = dict(original.key_spans)
        self.asked: set[str] = set()

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return super().__contains__(key)

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)


def test_the_builder_reads_only_the_keys_kept_for_it() -> None:
    text = (FIXTURES / "realistic" / "api-get-distribution-config.json").read_text()
    root = load_json(text, "d.json").root
    assert isinstance(root, LMap)
    config = root["DistributionConfig"]
    recording = _Recording(config)
    build_distribution(
        recording,
        name="d",
        resource=None,
        span=Span("d.json", 1),
        ctx=ApiContext(ApiPolicies()),
    )
    assert recording.asked
    assert recording.asked <= CONFIG_KEYS


def _templates() -> list[Path]:
    found = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix not in (".yaml", ".yml", ".json") or not path.is_file():
            continue
        text = path.read_text(errors="replace")
        if "AWS::CloudFront::Distribution" in text and ("Fn::If" in text or "!If" in text):
            found.append(path)
    return found


def test_fixtures_with_conditions_exist() -> None:
    assert len(_templates()) >= 5


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_findings_are_those_of_checking_every_condition(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pruned = cli("--no-cache", "--jobs", "1", "--format", "json", str(path))
    monkeypatch.setattr(template_module, "modelled", lambda config: config)
    monkeypatch.setattr(
        template_module, "deciding", lambda template, config, kept, related: used_conditions(config)
    )
    every = cli("--no-cache", "--jobs", "1", "--format", "json", str(path))
    assert (pruned.code, pruned.err) == (every.code, every.err)
    assert json.loads(pruned.out) == json.loads(every.out)
