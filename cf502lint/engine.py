"""Running rules over documents: pure, no I/O."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .config import Config
from .fix import Fix
from .model import Distribution, Document, Finding, Problem, Span
from .rule import Rule
from .source.quote import shortened
from .suppressions import Ledger


@dataclass(frozen=True, slots=True)
class RuleCrash:
    """A rule raised instead of yielding problems."""

    rule: Rule
    path: str
    error: BaseException

    def __str__(self) -> str:
        reason = shortened(repr(self.error), 80)  # it may quote values of the file
        return f"rule {self.rule.id} ({self.rule.name}) crashed: {reason}"


@dataclass(frozen=True, slots=True)
class LintResult:
    findings: tuple[Finding, ...]
    crashes: tuple[RuleCrash, ...]


Scenario = tuple[tuple[str, bool], ...]


def lint(documents: Iterable[Document], rules: Iterable[Rule], config: Config) -> LintResult:
    rules = list(rules)
    active = [r for r in rules if config.enabled(r)]
    ledger = Ledger(rules, config)
    findings: list[Finding] = []
    crashes: list[RuleCrash] = []
    for document in documents:
        for variants in _by_resource(document.distributions):
            extra = ledger.extra_rules(variants[0], document, active)
            found, crashed = _lint_variants(variants, active + extra, config, document.path)
            findings.extend(ledger.keep(found, variants[0], document, extra))
            crashes.extend(crashed)
    findings.extend(ledger.report())
    return LintResult(tuple(sorted(set(findings), key=Finding.sort_key)), tuple(crashes))


def _by_resource(distributions: Sequence[Distribution]) -> list[list[Distribution]]:
    """Group the condition scenarios of one distribution together."""
    groups: dict[tuple[str, str | None], list[Distribution]] = defaultdict(list)
    for dist in distributions:
        groups[(dist.name, dist.resource)].append(dist)
    return list(groups.values())


def _lint_variants(
    variants: list[Distribution], rules: list[Rule], config: Config, path: str
) -> tuple[list[Finding], list[RuleCrash]]:
    found: dict[tuple[Rule, Problem], list[Scenario]] = defaultdict(list)
    fixes: dict[tuple[Rule, Problem], list[Fix | None]] = defaultdict(list)
    crashes: list[RuleCrash] = []
    for rule in rules:
        options = config.options_for(rule)
        for dist in variants:
            try:
                problems = [_checked(problem) for problem in rule(dist, **options)]
            except (Exception, SystemExit) as error:  # reported, never swallowed nor an exit
                crashes.append(RuleCrash(rule, path, error))
                break
            for problem in dict.fromkeys(problems):
                found[(rule, problem)].append(dist.scenario)
                fixes[(rule, problem)].append(problem.fix)
    scenarios = [d.scenario for d in variants]
    findings = [
        Finding(
            rule.id,
            rule.name,
            config.severity_of(rule),
            problem.message + _condition_note(seen, scenarios),
            problem.span,
            variants[0].resource,
            problem.origin,
        )
        for (rule, problem), seen in found.items()
    ]
    return _with_fixes(findings, found, fixes, len(scenarios)), crashes


def _with_fixes(
    findings: list[Finding],
    found: dict[tuple[Rule, Problem], list[Scenario]],
    fixes: dict[tuple[Rule, Problem], list[Fix | None]],
    everywhere: int,
) -> list[Finding]:
    """Each finding (in the order of ``found``) with its rule's fix: the one fix every
    combination of conditions proposes (when they differ, the right one is not certain: none),
    unsafe when the finding does not hold under every combination."""
    result: list[Finding] = []
    for finding, (key, seen) in zip(findings, found.items(), strict=True):
        proposed = set(fixes[key])
        fix = proposed.pop() if len(proposed) == 1 else None
        if fix is not None and fix.safe and len(seen) < everywhere:
            fix = replace(fix, safe=False)
        result.append(finding if fix is None else replace(finding, fix=fix))
    return result


def _checked(problem: object) -> Problem:
    """``problem`` if it is a well-formed Problem; a rule that yields anything else crashed."""
    if not (
        isinstance(problem, Problem)
        and isinstance(problem.message, str)
        and isinstance(problem.span, Span)
        and isinstance(problem.span.path, str)
        and isinstance(problem.span.line, int)
        and isinstance(problem.span.column, int)
        and isinstance(problem.origin, str | None)
        and isinstance(problem.fix, Fix | None)
    ):
        raise TypeError(f"yielded {problem!r}, which is not a Problem(message, span, origin)")
    return problem


def _condition_note(seen: list[Scenario], everywhere: list[Scenario]) -> str:
    """Say which CloudFormation conditions a finding depends on, if it does not hold always."""
    if len(seen) == len(everywhere):
        return ""
    fixed = [
        f"{name} is {'true' if value else 'false'}"
        for name, value in seen[0]
        if all(dict(s)[name] == value for s in seen)
    ]
    if not fixed:
        return " (only for some combinations of conditions)"
    return f" (when condition {' and '.join(fixed)})"
