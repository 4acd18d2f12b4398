"""cf502lint's rules as cfn-lint rules.

cfn-lint loads this file in one of two ways, and both end here:

* ``cfn-lint --append-rules cf502lint.cfnlint_rules template.yaml`` imports the package, which
  re-exports the classes below;
* ``cfn-lint --append-rules "$(python -m cf502lint.cfnlint_rules)" template.yaml`` names the
  package's directory, and cfn-lint imports this file on its own, outside its package: so every
  import here is absolute.

Rule ids: cfn-lint wants a severity letter and four digits, and leaves 9xxx to custom rules,
and it takes a finding's level from the letter. So cf502lint rule ``CFxyz`` is there three
times, ``E9xyz``, ``W9xyz`` and ``I9xyz`` (``-c I`` shows those), and each finding is reported
under the one of its severity in this run: ``[severity] CF103 = "warning"`` in
``.cf502lint.toml`` makes CF103 ``W9103`` here as on the command line. The message starts with
the cf502lint id and name. ``E9000`` runs cf502lint once per template and reports under the
others.

cf502lint reads the template file itself, and the configuration file it finds for it, so that
findings, lines, columns and suppressions are exactly those of ``cf502lint template.yaml``.
A template that cfn-lint reads from standard input has no file: cf502lint's rules report
nothing for it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from cfnlint.rules import CloudFormationLintRule, RuleMatch

from cf502lint.config import Config
from cf502lint.lsp.links import rule_url
from cf502lint.model import Finding, Severity
from cf502lint.parsers import ParseOptions
from cf502lint.plugins import PluginError, collect_rules, plugin_manager
from cf502lint.rule import Rule
from cf502lint.runner import run

RUNNER_ID = "E9000"
_CF_ID = re.compile(r"^CF(\d{3})$")
_LETTERS = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.INFO: "I"}
_TAGS = ["cf502lint", "cloudfront", "502"]


def cfnlint_id(rule: Rule, severity: Severity | None = None) -> str | None:
    """The cfn-lint id of a cf502lint rule at ``severity`` (default: the rule's own):
    CF101 -> E9101, or W9101 as a warning; None for ids not of the CF form."""
    found = _CF_ID.match(rule.id)
    if found is None or found.group(1) == "000":
        return None
    return f"{_LETTERS[severity or rule.severity]}9{found.group(1)}"


class Cf502lintCheck(CloudFormationLintRule):  # type: ignore[misc]  # cfn-lint is untyped
    """A cf502lint rule's place in cfn-lint at one severity: its id, text and link. It
    matches nothing itself; ``Cf502lint`` reports under it. (cfn-lint skips this base
    class: its id is empty.)"""

    cf502lint_rule: Rule | None = None
    cf502lint_severity: Severity | None = None


def _check_class(rule: Rule, severity: Severity, rule_id: str) -> type[Cf502lintCheck]:
    attributes: dict[str, Any] = {
        "id": rule_id,
        "shortdesc": f"cf502lint {rule.id} {rule.name}",
        "description": rule.summary,
        "source_url": rule_url(rule) or "",
        "tags": _TAGS,
        "cf502lint_rule": rule,
        "cf502lint_severity": severity,
        "__doc__": rule.summary,
        "__module__": __name__,
    }
    return type(f"Cf502lint{rule_id}", (Cf502lintCheck,), attributes)


def _installed_rules() -> dict[str, Rule]:
    try:
        return collect_rules(plugin_manager())
    except PluginError as error:  # cfn-lint reports an ImportError as a rule loading error
        raise ImportError(f"cf502lint: {error}") from error


RULE_CLASSES: dict[str, type[Cf502lintCheck]] = {
    f"Cf502lint{rule_id}": _check_class(rule, severity, rule_id)
    for rule in _installed_rules().values()
    for severity in Severity
    if (rule_id := cfnlint_id(rule, severity)) is not None
}
"""One class per cf502lint rule and severity, named ``Cf502lintE9101`` and so on."""

globals().update(RULE_CLASSES)  # cfn-lint instantiates the classes it finds in the module


class Cf502lint(CloudFormationLintRule):  # type: ignore[misc]  # cfn-lint is untyped
    """Runs cf502lint on the template file once and reports each finding under its rule."""

    id = RUNNER_ID
    shortdesc = "cf502lint"
    description = (
        "Runs cf502lint's rules (CloudFront settings that lead to 502 errors) on the template "
        "file; findings are reported as E9xyz, W9xyz or I9xyz for cf502lint rule CFxyz"
    )
    tags = _TAGS

    def __init__(self) -> None:
        super().__init__()
        self.child_rules = {cls.id: None for cls in RULE_CLASSES.values()}
        self.installed = _installed_rules()
        """Every cf502lint rule, which the configuration file may name."""

    def match(self, cfn: Any) -> list[RuleMatch]:
        filename = getattr(cfn, "filename", None)
        if not isinstance(filename, str) or not os.path.isfile(filename):
            return []
        checks: dict[tuple[str, Severity | None], Cf502lintCheck] = {}
        rules: dict[str, Rule] = {}
        children: dict[str, Any] = self.child_rules  # filled in by cfn-lint before it runs
        for child in children.values():
            if isinstance(child, Cf502lintCheck) and child.cf502lint_rule is not None:
                checks[child.cf502lint_rule.id, child.cf502lint_severity] = child
                rules[child.cf502lint_rule.id] = child.cf502lint_rule
        config, options = _settings(filename, self.installed)
        report = run([filename], rules, config, options)
        if report.errors:  # cfn-lint shows an exception as E0002 on the template
            raise RuntimeError("; ".join(_describe(error) for error in report.errors))
        return [
            _match(finding, checks[finding.rule_id, finding.severity])
            for finding in report.findings
            if (finding.rule_id, finding.severity) in checks
        ]


def _settings(filename: str, installed: Mapping[str, Rule]) -> tuple[Config, ParseOptions]:
    """The settings of the configuration file cf502lint finds for ``filename``."""
    from cf502lint.config_file import ConfigError, settings_for

    try:
        settings = settings_for([filename], installed)
    except ConfigError as error:  # cfn-lint shows an exception as E0002 on the template
        raise RuntimeError(f"cf502lint configuration: {error}") from None
    from cf502lint.source.boundary import Boundary

    boundary = Boundary.around([filename])
    return settings.config(), ParseOptions(max_bytes=settings.max_bytes(), boundary=boundary)


def _describe(error: Any) -> str:
    where = f"{error.path}:{error.line}" if error.line else error.path
    return f"cf502lint could not read {where}: {error.message}"


def _match(finding: Finding, check: Cf502lintCheck) -> RuleMatch:
    span = finding.span
    end_line = span.end_line if span.end_line is not None else span.line
    end_column = span.end_column if span.end_column is not None else span.column + 1
    path = ["Resources", finding.resource] if finding.resource else []
    return RuleMatch(
        path,
        f"{finding.rule_id} {finding.rule_name}: {finding.message}",
        rule=check,
        location=(span.line - 1, span.column - 1, end_line - 1, end_column - 1),
    )
