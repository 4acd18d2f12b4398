"""Running rules over documents: pure, no I/O."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .config import Config
from .fix import Fix
from .model import CloudFrontFunction, Distribution, Document, Finding, Problem, Severity, Span
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
    replacers: dict[tuple[Rule, Problem], list[tuple[CloudFrontFunction, ...]]] = defaultdict(list)
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
                if rule.at_request and problem.origin is not None:
                    replacers[(rule, problem)].append(dist.origin_replacers(problem.origin))
    scenarios = [d.scenario for d in variants]
    findings = [
        _finding(
            rule,
            config.severity_of(rule),
            problem.message + _condition_note(seen, scenarios),
            problem,
            variants[0].resource,
            _everywhere(replacers.get((rule, problem), [])),
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


def _everywhere(replacers: list[tuple[CloudFrontFunction, ...]]) -> tuple[CloudFrontFunction, ...]:
    """The functions that may replace the origin in every combination of conditions where
    the problem holds; () when some combination has none."""
    if not replacers or not all(replacers):
        return ()
    return replacers[0]


def _finding(
    rule: Rule,
    severity: Severity,
    message: str,
    problem: Problem,
    resource: str | None,
    replacers: tuple[CloudFrontFunction, ...],
) -> Finding:
    """An error of a rule that reports failed requests (``Rule.at_request``) on an origin
    that a CloudFront Function may replace for every request that would reach it
    (``Distribution.origin_replacers``) is not certain: it is a warning that says so. Other
    severities, and errors that are rejections of the deployment, are as configured."""
    if replacers and severity is Severity.ERROR:
        function = replacers[0]
        how = (
            f"it calls {', '.join(function.origin_helpers)}"
            if function.origin_helpers
            else "its code is not known"
        )
        message += (
            f" (a warning, not an error: CloudFront Function {function.resource!r} runs on "
            f"the requests for this origin and may send them to another origin or change its "
            f"settings; {how})"
        )
        severity = Severity.WARNING
    return Finding(rule.id, rule.name, severity, message, problem.span, resource, problem.origin)


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
