"""A parameter's default is used only where the conditions allow it.

Conditions are checked combination by combination; in a combination where a condition on a
parameter says it is not its default (``HasDomain: !Not [!Equals [!Ref Domain, ""]]`` true
while the default is ``""``), the parameter is unknown, not its default: a finding must
never rest on a deployment that cannot happen.
"""

from __future__ import annotations

from cf502lint.model import Distribution
from cf502lint.parsers import ParseOptions, parse_text

TEMPLATE = """\
Parameters:
  OriginDomain:
    Type: String
    Default: ""
  Stage:
    Type: String
    Default: prod
Conditions:
  HasOrigin: !Not [!Equals [!Ref OriginDomain, ""]]
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: !If [HasOrigin, !Ref OriginDomain, fallback.example.com]
            OriginPath: !If [IsProd, !Sub "/${Stage}", /test]
            CustomOriginConfig: {OriginProtocolPolicy: https-only}
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: https-only
          CachePolicyId: 4135ea2d-6df8-44a3-9df3-4b5a84be39ad
"""


def _by_scenario(text: str) -> dict[tuple[tuple[str, bool], ...], Distribution]:
    document = parse_text(text, "t.yaml", ParseOptions())
    assert document is not None
    return {d.scenario: d for d in document.distributions}


def test_a_default_the_conditions_exclude_is_unknown() -> None:
    found = _by_scenario(TEMPLATE)
    with_origin = [d for s, d in found.items() if ("HasOrigin", True) in s]
    without = [d for s, d in found.items() if ("HasOrigin", False) in s]
    assert with_origin and without
    assert {d.origins[0].domain_name for d in with_origin} == {None}
    assert {d.origins[0].domain_name for d in without} == {"fallback.example.com"}


def test_a_default_the_conditions_allow_is_kept() -> None:
    found = _by_scenario(TEMPLATE)
    prod = [d.origins[0].origin_path for s, d in found.items() if ("IsProd", True) in s]
    other = [d.origins[0].origin_path for s, d in found.items() if ("IsProd", False) in s]
    assert set(prod) == {"/prod"}
    assert set(other) == {"/test"}


def test_a_parameter_inside_a_condition_of_another_shape_is_unknown() -> None:
    text = TEMPLATE.replace(
        'HasOrigin: !Not [!Equals [!Ref OriginDomain, ""]]',
        'HasOrigin: !Not [!Equals [!Join ["", [!Ref OriginDomain]], ""]]',
    )
    found = _by_scenario(text)
    assert {d.origins[0].domain_name for s, d in found.items() if ("HasOrigin", True) in s} == {
        None
    }
