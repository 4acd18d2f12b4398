"""What the user asked for: which rules run, at what severity, with which options."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .globs import PathRules
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
    per_file_ignores: tuple[PathRules, ...] = ()
    """Rules not reported in files matching globs (``per-file-ignores``)."""
    exclude: Callable[[str], bool] | None = None
    """Files and directories never linted, even when named explicitly."""
    report_unused_ignores: bool = False
    """Report suppressions that match no finding (as ``CF003 unused-suppression``)."""

    def enabled(self, rule: Rule) -> bool:
        if self.select and not any(rule.matches(s) for s in self.select):
            return False
        return not any(rule.matches(s) for s in self.ignore)

    def severity_of(self, rule: Rule) -> Severity:
        return self.severity.get(rule.id) or self.severity.get(rule.name) or rule.severity

    def options_for(self, rule: Rule) -> dict[str, object]:
        return {**self.options.get(rule.id, {}), **self.options.get(rule.name, {})}

    def ignored_in(self, rule: Rule, *paths: str) -> bool:
        """Whether ``per-file-ignores`` turns ``rule`` off for any of ``paths``."""
        return any(
            any(rule.matches(s) for s in entry.rules) and any(map(entry.paths, paths))
            for entry in self.per_file_ignores
        )
