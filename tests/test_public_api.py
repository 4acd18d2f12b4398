"""What plugins import: everything comes from ``cf502lint`` and is listed in ``__all__``."""

from __future__ import annotations

import cf502lint


def test_all_is_sorted_and_complete() -> None:
    assert cf502lint.__all__ == sorted(cf502lint.__all__)
    public = {name for name in dir(cf502lint) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(cf502lint, name)).__name__ == "module"}
    assert set(cf502lint.__all__) == public - modules - {"annotations", "pluggy"}


def test_a_third_party_rule_runs_through_the_same_engine() -> None:
    from cf502lint.config import Config
    from cf502lint.engine import lint
    from cf502lint.parsers import ParseOptions, parse_text
    from cf502lint.plugins import collect_rules, plugin_manager

    @cf502lint.rule("ACME001", "origin-on-port-8080", cf502lint.Severity.INFO)
    def origin_on_port_8080(dist: cf502lint.Distribution):  # type: ignore[no-untyped-def]
        """Origins on port 8080."""
        for origin in dist.origins:
            if origin.http_port == 8080:
                yield cf502lint.Problem(f"{origin.label} uses 8080", origin.span_of("http_port"))

    class Pack:
        @cf502lint.hookimpl
        def cf502lint_rules(self) -> list[cf502lint.Rule]:
            return [origin_on_port_8080]

    rules = collect_rules(plugin_manager(Pack(), entry_points=False))
    assert list(rules) == ["ACME001"]
    document = parse_text(
        "Resources:\n  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n"
        "      DistributionConfig:\n        Origins:\n          - Id: a\n"
        "            DomainName: a.example.com\n            CustomOriginConfig:\n"
        "              OriginProtocolPolicy: http-only\n              HTTPPort: 8080\n",
        "t.yaml",
        ParseOptions(),
    )
    assert document is not None
    (finding,) = lint([document], rules.values(), Config()).findings
    assert (finding.rule_id, finding.span.line, finding.message) == (
        "ACME001",
        11,
        "origin 'a' uses 8080",
    )
