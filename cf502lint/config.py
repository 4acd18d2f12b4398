"""What the user asked for: which rules run, at what severity, with which options."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import Severity
from .rule import Rule


@dataclass(frozen=True, slots=True)
class Config:
    select: tuple[str, ...] = ()
    """Ids, names or id prefixes to run; empty means every rule."""
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    severity: Mapping[str, Severity] = field(default_factory=dict)
    """Severity overrides keyed by rule id or name."""
    options: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """Rule options keyed by rule id or name."""

    def enabled(self, rule: Rule) -> bool:
        if self.select and not any(rule.matches(s) for s in self.select):
            return False
        return not any(rule.matches(s) for s in self.ignore)

    def severity_of(self, rule: Rule) -> Severity:
        return self.severity.get(rule.id) or self.severity.get(rule.name) or rule.severity

    def options_for(self, rule: Rule) -> dict[str, object]:
        return {**self.options.get(rule.id, {}), **self.options.get(rule.name, {})}
