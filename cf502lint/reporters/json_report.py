"""``--format json``: the stable machine-readable contract."""

from __future__ import annotations

from typing import Any

from ..model import Finding, Notice, Unresolved
from ..runner import FileError, Report
from ..source.quote import json_text
from . import Context


def finding_dict(finding: Finding) -> dict[str, Any]:
    span = finding.span
    return {
        "rule": finding.rule_id,
        "name": finding.rule_name,
        "severity": str(finding.severity),
        "message": finding.message,
        "path": span.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "resource": finding.resource,
        "origin": finding.origin,
    }


def error_dict(error: FileError | Notice) -> dict[str, Any]:
    return {"path": error.path, "line": error.line, "message": error.message}


def unresolved_dict(origin: Unresolved) -> dict[str, Any]:
    return {
        "path": origin.path,
        "line": origin.line,
        "distribution": origin.distribution,
        "origin": origin.origin,
        "reason": origin.reason,
    }


def render(report: Report, context: Context) -> str:
    document = {
        "version": context.version,
        "findings": [finding_dict(f) for f in report.findings],
        "errors": [error_dict(e) for e in report.errors],
        "notices": [error_dict(n) for n in report.notices],
        "unresolved": [unresolved_dict(u) for u in report.unresolved],
        "configuration": report.configuration,
    }
    return json_text(document)
